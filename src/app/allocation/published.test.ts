import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { referencePath } from '../register/index.ts';
import { publishedTabel1 } from './published.ts';

/**
 * Bilag 1, Tabel 1 is kept twice on purpose: `tabel1-2022.csv` exactly as printed (the input of
 * `klynge check-table`, mistakes included) and `bilag1-tabel1-2022.csv` with region codes and
 * cluster ids for comparing runs. This test keeps the two transcriptions from drifting apart.
 */
describe('the two transcriptions of Bilag 1, Tabel 1 (2022)', () => {
  it('hold the same figures, row by row, apart from the one documented mistyped cell', () => {
    const printed = readFileSync(referencePath('published/tabel1-2022.csv'), 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((line) => line.split(';'));
    const structured = publishedTabel1(2022);
    expect(structured).toHaveLength(printed.length);
    const kr = (cell: string): number => Number(cell.replace(/\./g, ''));
    printed.forEach(([name = '', municipal = '', regional = '', total = ''], i) => {
      const row = structured[i];
      expect(row?.name, `række ${String(i + 2)}`).toBe(name);
      // "3.936286" is printed with a misplaced thousands dot; the structured copy reads it as 3.936.286.
      expect(row?.municipalKr, name).toBe(municipal === '3.936286' ? 3_936_286 : kr(municipal));
      expect(row?.regionalKr, name).toBe(kr(regional));
      expect(row?.totalKr, name).toBe(kr(total));
    });
  });
});
