import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runCli } from './test-io.ts';

interface AllocationJson {
  year: number;
  totalOre: number;
  regions: { region: string; municipalOre: number; regionalOre: number; totalOre: number; clusters: { cluster: string; population: number; municipalOre: number; regionalOre: number; totalOre: number }[] }[];
}

/** The region totals of Bilag 1 Tabel 1 (seed 000): the regional key, in kroner. */
const PUBLISHED_REGIONAL_KEY_KR: Record<string, number> = {
  'Region Nordjylland': 4_135_869,
  'Region Midtjylland': 8_645_180,
  'Region Syddanmark': 8_557_655,
  'Region Sjælland': 6_163_780,
  'Region Hovedstaden': 12_497_516,
};

describe('klynge allocation', () => {
  it('prints the 2022 allocation as the JSON contract; every row and column adds up exactly', async () => {
    const run = await runCli(['allocation', '--year', '2022', '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as AllocationJson;
    expect(json.year).toBe(2022);
    expect(json.totalOre).toBe(80_000_000_00);
    expect(json.regions.map((r) => r.region)).toEqual(Object.keys(PUBLISHED_REGIONAL_KEY_KR));
    expect(json.regions.reduce((s, r) => s + r.municipalOre, 0)).toBe(40_000_000_00);
    expect(json.regions.reduce((s, r) => s + r.regionalOre, 0)).toBe(40_000_000_00);
    for (const r of json.regions) {
      expect(r.regionalOre).toBe((PUBLISHED_REGIONAL_KEY_KR[r.region] ?? NaN) * 100);
      expect(r.municipalOre + r.regionalOre).toBe(r.totalOre);
      expect(r.clusters.reduce((s, c) => s + c.municipalOre, 0)).toBe(r.municipalOre);
      expect(r.clusters.reduce((s, c) => s + c.regionalOre, 0)).toBe(r.regionalOre);
      for (const c of r.clusters) {
        expect(c.municipalOre + c.regionalOre).toBe(c.totalOre);
        expect(c.totalOre % 100).toBe(0); // whole kroner, like the published table
      }
    }
    expect(json.regions.flatMap((r) => r.clusters)).toHaveLength(22);
  });

  it('shows a Danish table and refuses an unknown year with one line', async () => {
    const table = await runCli(['allocation', '--year', '2022']);
    expect(table.stdout).toContain('Klynge/Region');
    expect(table.stdout).toContain('80.000.000');
    const bad = await runCli(['allocation', '--year', '1999']);
    expect(bad.code).not.toBe(0);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^fejl: .*1999/);
  });

  it('allocates by a full FOLK1A file when one is given, and refuses one of another period than the model', async () => {
    const mismatch = await runCli(['allocation', '--year', '2022', '--population', 'src/app/population/fixtures/folk1a-2020k1-statbank.csv']);
    expect(mismatch.code).not.toBe(0);
    expect(mismatch.stderr).toMatch(/^fejl: .*2020K1.*2022K1/);
    const run = await runCli(['allocation', '--year', '2022', '--population', 'src/app/population/fixtures/folk1a-2020k1-statbank.csv', '--population-period', '2020K1', '--format', 'json']);
    expect(run.stderr).toBe('');
    const json = JSON.parse(run.stdout) as AllocationJson;
    const bornholm = json.regions.flatMap((r) => r.clusters).find((c) => c.cluster === 'Bornholm');
    // 2020K1 Bornholm from the bundled reference data (reference/population/folk1a-2020k1.csv, code 400).
    const line = readFileSync('reference/population/folk1a-2020k1.csv', 'utf8').split('\n').find((l) => l.startsWith('400,'));
    expect(bornholm?.population).toBe(Number(line?.split(',')[3]));
    expect(json.totalOre).toBe(80_000_000_00);
  });
});

describe('klynge import-population', () => {
  it('validates a StatBank FOLK1A file and reports 98 municipalities', async () => {
    const run = await runCli(['import-population', 'src/app/population/fixtures/folk1a-2020k1-statbank.csv', '--format', 'json']);
    expect(run.stderr).toBe('');
    const json = JSON.parse(run.stdout) as { period: string; municipalities: number; total: number };
    expect(json.period).toBe('2020K1');
    expect(json.municipalities).toBe(98);
    // Danmarks Statistik's national 5.822.763 for 1 January 2020 less Christiansø's 84 (shared/data/SOURCES.md).
    expect(json.total).toBe(5_822_763 - 84);
  });

  it('refuses a missing file and a file with errors with one Danish line, printing nothing else', async () => {
    const missing = await runCli(['import-population', 'findes-ikke.csv']);
    expect(missing.code).not.toBe(0);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/^fejl: /);
    const bad = await runCli(['import-population', 'src/cli/fixtures/key-bad.csv']);
    expect(bad.code).not.toBe(0);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
