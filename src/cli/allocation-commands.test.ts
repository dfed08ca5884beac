import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { allocationForYear, allocationResultJson, exportAllocationRun, type AllocationRunView } from '../app/allocation/index.ts';
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
    expect(table.stdout).toContain('Region/klynge');
    expect(table.stdout).toContain('Kr. pr. indbygger');
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

describe('one allocation table (issue 10 §5): the CLI, the HTTP export and the xlsx agree', () => {
  it('the CLI CSV, the HTTP CSV of the same result as stored, its xlsx and its JSON table have the same columns and figures', async () => {
    const computed = allocationForYear(2022, { unit: 'krone' });
    const run: AllocationRunView = { id: '1', year: 2022, createdAt: '2026-11-29T06:00:00.000Z', createdBy: 'test', note: '', correctsRunId: null, inputs: {}, result: allocationResultJson(computed.result, computed.inputs.model) };

    const cli = await runCli(['allocation', '--year', '2022', '--format', 'csv']);
    expect(cli.stderr).toBe('');
    const http = String((await exportAllocationRun(run, 'csv')).body).replace(/^\uFEFF/, '');
    expect(http.trim()).toBe(cli.stdout.replace(/^\uFEFF/, '').trim());

    const cells = http.trim().split(/\r?\n/).map((l) => l.split(';'));
    expect(cells[0]).toEqual(['Region/klynge', 'Indbyggere', 'Kommuner (kr.)', 'Region (kr.)', 'I alt (kr.)', 'Kr. pr. indbygger']);
    // A figure per inhabitant for 5 regions and 22 clusters, each with two decimals; the country has none.
    expect(cells.slice(1).filter((c) => /^\d+,\d{2}$/.test(c[5] ?? ''))).toHaveLength(27);
    expect(cells.at(-1)).toEqual(['Hele landet', '', '40000000', '40000000', '80000000', '']);

    const json = JSON.parse(String((await exportAllocationRun(run, 'json')).body)) as { table: { columns: { label: string }[]; rows: Record<string, string | number | null>[] } };
    expect(json.table.columns.map((c) => c.label)).toEqual(['Region/klynge', 'Indbyggere', 'Kommuner', 'Region', 'I alt', 'Kr. pr. indbygger']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportAllocationRun(run, 'xlsx')).body as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    const xlsxRows: ExcelJS.Row[] = [];
    sheet?.eachRow((r) => xlsxRows.push(r));
    const header = xlsxRows.findIndex((r) => r.getCell(1).value === 'Region/klynge');
    expect(header).toBeGreaterThanOrEqual(0);
    for (const [i, line] of cells.slice(1).entries()) {
      const name = line[0] ?? '';
      const perCsv = line[5] === '' ? null : Number((line[5] ?? '').replace(',', '.'));
      expect(json.table.rows[i]?.['name']).toBe(name);
      expect(json.table.rows[i]?.['perInhabitant'], name).toBe(perCsv);
      expect(json.table.rows[i]?.['total'], name).toBe(Number(line[4]) * 100);
      const xlsx = xlsxRows[header + 1 + i];
      expect(xlsx?.getCell(1).value).toBe(name);
      if (perCsv !== null) expect(xlsx?.getCell(6).value, name).toBe(perCsv);
    }
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
