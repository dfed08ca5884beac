import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkPublishedTable } from '../core/table-check.ts';
import { runCli } from './test-io.ts';

const FIXTURE = 'reference/published/tabel1-2022.csv';

/**
 * Every inconsistency in seed 000's Bilag 1, Tabel 1, worked out by hand from the printed cells
 * (each sum below can be redone with a pencil from the seed text).
 * [kind, row, region, column, stated kr., computed kr.]
 */
const EXPECTED: readonly (readonly [string, string, string | null, string | null, number | null, number | null])[] = [
  // Region Nordjylland: 4.030.016 + 4.135.869 = 8.165.885, printed 8.165.884
  ['row-sum', 'Region Nordjylland', 'Region Nordjylland', 'I alt', 8_165_884, 8_165_885],
  // Klynge Midt: 1.765.739 + 1.812.118 = 3.577.857, printed 3.577.856
  ['row-sum', 'Klynge Midt', 'Region Nordjylland', 'I alt', 3_577_856, 3_577_857],
  // Klynge Syd: 739.846 + 759.279 = 1.499.125, printed 1.499.126
  ['row-sum', 'Klynge Syd', 'Region Nordjylland', 'I alt', 1_499_126, 1_499_125],
  // Region column: 1.123.046 + 1.812.118 + 441.425 + 759.279 = 4.135.868, printed 4.135.869
  ['region-sum', 'Region Nordjylland', 'Region Nordjylland', 'Region', 4_135_869, 4_135_868],
  // Randers Klyngen: 1.555.405 + 1.471.416 = 3.026.821
  ['row-sum', 'Randers Klyngen', 'Region Midtjylland', 'I alt', 3_026_820, 3_026_821],
  // Aarhusklyngen: 2.444.638 + 2.312.632 = 4.757.270
  ['row-sum', 'Aarhusklyngen', 'Region Midtjylland', 'I alt', 4_757_271, 4_757_270],
  // Horsens Klyngen: 1.560.710 + 1.476.435 = 3.037.145
  ['row-sum', 'Horsens Klyngen', 'Region Midtjylland', 'I alt', 3_037_144, 3_037_145],
  // I alt column: 3.026.820 + 3.791.341 + 3.171.253 + 4.757.271 + 3.037.144 = 17.783.829
  ['region-sum', 'Region Midtjylland', 'Region Midtjylland', 'I alt', 17_783_830, 17_783_829],
  // Sydvestjysk Klynge: 1.619.368 + 1.657.254 = 3.276.622
  ['row-sum', 'Sydvestjysk Klynge', 'Region Syddanmark', 'I alt', 3_276_623, 3_276_622],
  // Kommuner: 1.619.368 + 2.069.103 + 1.529.579 + 3.147.647 = 8.365.697
  ['region-sum', 'Region Syddanmark', 'Region Syddanmark', 'Kommuner', 8_365_698, 8_365_697],
  // Region: 1.657.254 + 2.061.670 + 1.628.090 + 3.216.985 = 8.563.999 — the clusters do not add up to the region
  ['region-sum', 'Region Syddanmark', 'Region Syddanmark', 'Region', 8_557_655, 8_563_999],
  // I alt: 3.276.623 + 4.130.773 + 3.157.669 + 6.364.632 = 16.929.697
  ['region-sum', 'Region Syddanmark', 'Region Syddanmark', 'I alt', 16_923_353, 16_929_697],
  // Lillebælt: 2.061.670/2.069.103 vs the region's 8.557.655/8.365.698 → −2,59 %; at the region's
  // rate 8.557.655 × 2.069.103 / 8.365.698 = 2.116.580,07 → 2.116.580
  ['per-inhabitant-deviation', 'Lillebælt-klyngen', 'Region Syddanmark', 'Region', 2_061_670, 2_116_580],
  // Sønderjysk: 1.628.090/1.529.579 → +4,05 %; 8.557.655 × 1.529.579 / 8.365.698 = 1.564.676,30 → 1.564.676
  ['per-inhabitant-deviation', 'Sønderjysk Klynge', 'Region Syddanmark', 'Region', 1_628_090, 1_564_676],
  // Klyngen Næstved/Slagelse: 1.557.216 + 1.670.815 = 3.228.031
  ['row-sum', 'Klyngen Næstved/Slagelse', 'Region Sjælland', 'I alt', 3_228_032, 3_228_031],
  // Klyngen Roskilde/Køge: 1.950.588 + 2.092.884 = 4.043.472
  ['row-sum', 'Klyngen Roskilde/Køge', 'Region Sjælland', 'I alt', 4_043_471, 4_043_472],
  // "3.936286" is not a number as printed; I alt − Region = 7.803.439 − 3.867.153 = 3.936.286
  ['malformed-number', 'Klynge Syd', 'Region Hovedstaden', 'Kommuner', null, 3_936_286],
  // I alt column of the region rows: 8.165.884 + 17.783.830 + 16.923.353 + 11.908.483 + 25.218.449 = 79.999.999
  ['total-sum', 'Total', null, 'I alt', 80_000_000, 79_999_999],
];

describe('check-table on seed 000, Bilag 1 Tabel 1', () => {
  it('lists exactly the hand-worked inconsistencies', () => {
    const result = checkPublishedTable(readFileSync(FIXTURE, 'utf8'));
    expect(result.regions).toBe(5);
    expect(result.clusters).toBe(22);
    expect(result.findings.map((f) => [f.kind, f.row, f.region, f.column, f.statedKr, f.computedKr])).toEqual(EXPECTED);
    const malformed = result.findings.find((f) => f.kind === 'malformed-number');
    expect(malformed?.text).toContain('"3.936286"');
    expect(result.findings.find((f) => f.row === 'Lillebælt-klyngen')?.text).toContain('afviger -2,59 %');
    expect(result.findings.find((f) => f.row === 'Sønderjysk Klynge')?.text).toContain('afviger +4,05 %');
  });

  it('prints the JSON contract and exits 1 because there are findings', async () => {
    const run = await runCli(['check-table', FIXTURE, '--format', 'json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const json = JSON.parse(run.stdout) as { findings: Record<string, unknown>[] };
    expect(json.findings).toHaveLength(EXPECTED.length);
    expect(json.findings[0]).toEqual({
      kind: 'row-sum',
      line: 2,
      row: 'Region Nordjylland',
      region: 'Region Nordjylland',
      column: 'I alt',
      statedKr: 8_165_884,
      computedKr: 8_165_885,
      text: 'Region Nordjylland: I alt er trykt som "8.165.884", men Kommuner + Region = 4.030.016 + 4.135.869 = 8.165.885 (forskel +1 kr.).',
    });
  });

  it('prints a Danish table with a count, and exits 0 on a table that adds up', async () => {
    const run = await runCli(['check-table', FIXTURE]);
    expect(run.stdout).toContain('Ulæseligt tal');
    expect(run.stdout).toContain('18 fund i 5 regioner og 22 klynger.');
    const ok = await runCli(['check-table', 'src/cli/fixtures/table-ok.csv']);
    expect(ok).toMatchObject({ code: 0, stderr: '' });
    expect(ok.stdout).toContain('Ingen fund i 1 regioner og 2 klynger.');
  });

  it('with a generous tolerance the per-inhabitant findings go away', async () => {
    const run = await runCli(['check-table', FIXTURE, '--format', 'json', '--tolerance', '5']);
    const json = JSON.parse(run.stdout) as { findings: { kind: string }[] };
    expect(json.findings.filter((f) => f.kind === 'per-inhabitant-deviation')).toEqual([]);
    expect(json.findings).toHaveLength(EXPECTED.length - 2);
  });
});
