import { readFileSync } from 'node:fs';
import { REFERENCE_DIR } from '../register/index.ts';

/**
 * A SYNTHETIC key-figure file for tests and journeys (not real statistics): the rate indicator
 * `elderly-preventable-admissions` for every municipality in 2020, 2021 and 2022, with København's
 * two cluster parts, and Bornholm (400) under 5 persons every year, so its cluster cell must show
 * "<5" and one more Hovedstaden cluster must be hidden with it.
 */
export function syntheticRateFile(): string {
  const codes = readFileSync(`${REFERENCE_DIR}municipalities.csv`, 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[0] ?? '')
    .filter((c) => /^\d{3}$/.test(c));
  const lines = ['nøgletal;område;periode;tæller;nævner;kilde'];
  const source = 'TESTDATA (syntetiske tal til test)';
  ['2020', '2021', '2022'].forEach((year, y) => {
    for (const code of codes) {
      const n = Number(code);
      const numerator = code === '400' ? [3, 4, 2][y] ?? 3 : 20 + (n % 37) + 3 * y;
      const denominator = 1000 + n * 7;
      lines.push(`elderly-preventable-admissions;${code};${year};${String(numerator)};${String(denominator)};${source}`);
      if (code === '101') {
        // København's districts in Klynge Syd and the rest in Klynge By: the parts add up to the whole.
        const syd = Math.floor(numerator / 2);
        const sydDen = Math.floor(denominator / 2);
        lines.push(`elderly-preventable-admissions;hovedstaden-syd:101;${year};${String(syd)};${String(sydDen)};${source}`);
        lines.push(`elderly-preventable-admissions;hovedstaden-by:101;${year};${String(numerator - syd)};${String(denominator - sydDen)};${source}`);
      }
    }
  });
  return `${lines.join('\n')}\n`;
}
