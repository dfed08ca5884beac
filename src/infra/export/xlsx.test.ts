import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/test-io.ts';
import type { OutputTable } from './table-output.ts';
import { buildWorkbook, writeWorkbook } from './xlsx.ts';

/** A Tabel 1-shaped table (two regions with clusters, a grand total), amounts in øre, whole kroner. */
const GROUPED: OutputTable = {
  title: 'Fordeling 2022',
  wholeKroner: true,
  columns: [
    { key: 'name', label: 'Klynge/Region', type: 'text' },
    { key: 'k', label: 'Kommuner', type: 'ore' },
    { key: 'r', label: 'Region', type: 'ore' },
    { key: 't', label: 'I alt', type: 'ore', sumOf: ['k', 'r'] },
  ],
  rows: [
    { kind: 'subtotal', group: 'N', values: { name: 'Region Nordjylland', k: 403_001_600, r: 413_586_900, t: 816_588_500 } },
    { kind: 'detail', group: 'N', values: { name: 'Klynge Nord', k: 109_430_300, r: 112_304_600, t: 221_734_900 } },
    { kind: 'detail', group: 'N', values: { name: 'Klynge Midt', k: 293_571_300, r: 301_282_300, t: 594_853_600 } },
    { kind: 'subtotal', group: 'H', values: { name: 'Region Hovedstaden', k: 26_931_900, r: 26_458_900, t: 53_390_800 } },
    { kind: 'detail', group: 'H', values: { name: 'Bornholm', k: 26_931_900, r: 26_458_900, t: 53_390_800 } },
    { kind: 'total', values: { name: 'Total', k: 429_933_500, r: 440_045_800, t: 869_979_300 } },
  ],
};

async function readBack(bytes: Uint8Array): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const sheet = wb.worksheets[0];
  if (!sheet) throw new Error('no sheet');
  return sheet;
}

describe('xlsx writer', () => {
  it('writes totals as formulas with the program’s results', async () => {
    const sheet = await readBack(await writeWorkbook([GROUPED]));
    expect(sheet.getCell('A2').value).toBe('Klynge/Region');
    expect(sheet.getCell('B2').value).toBe('Kommuner (kr.)');
    // Row 3 is Region Nordjylland: a subtotal of its clusters (rows 4–5); I alt is Kommuner + Region.
    expect(sheet.getCell('B3').value).toEqual({ formula: 'SUM(B4:B5)', result: 4_030_016 });
    expect(sheet.getCell('D3').value).toEqual({ formula: 'B3+C3', result: 8_165_885 });
    expect(sheet.getCell('B4').value).toBe(1_094_303);
    expect(sheet.getCell('D4').value).toEqual({ formula: 'B4+C4', result: 2_217_349 });
    // The grand total sums the region rows, not the clusters twice.
    expect(sheet.getCell('B8').value).toEqual({ formula: 'SUM(B3,B6)', result: 4_299_335 });
    expect(sheet.getCell('B8').numFmt).toBe('#,##0');
  });

  it('the CLI writes a real workbook with --out; distribute’s total is a formula', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'klynge-xlsx-'));
    try {
      const out = join(dir, 'syd.xlsx');
      const run = await runCli(['distribute', '--amount', '370000', '--key', 'src/cli/fixtures/key-syd-2022.csv', '--format', 'xlsx', '--out', out]);
      expect(run).toMatchObject({ code: 0, stdout: '', stderr: '' });
      const sheet = await readBack(new Uint8Array(await readFile(out)));
      expect(sheet.getCell('A14').value).toBe('I alt');
      expect(sheet.getCell('D14').value).toEqual({ formula: 'SUM(D3:D13)', result: 370_000 });
      expect(sheet.getCell('D3').value).toBe(177_678);
      // Piped (not a terminal) without --out, the workbook goes to stdout as bytes.
      const piped = await runCli(['distribute', '--amount', '370000', '--key', 'src/cli/fixtures/key-syd-2022.csv', '--format', 'xlsx']);
      expect(piped.code).toBe(0);
      expect(Buffer.from(piped.bytes[0] ?? []).subarray(0, 2).toString()).toBe('PK');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** Spoils every cached formula result (−1), so only a real recomputation can show the right totals. */
function spoilCachedResults(wb: ExcelJS.Workbook): void {
  for (const sheet of wb.worksheets) {
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        const v = cell.value;
        if (v && typeof v === 'object' && 'formula' in v) cell.value = { formula: v.formula, result: -1 };
      }),
    );
  }
}

/** Parses LibreOffice's CSV export (en-US display format: 1,234,567 in quotes). */
function parseLoCsv(text: string): string[][] {
  return text
    .trim()
    .split(/\r?\n/)
    .map((line) => (line.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? []).map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '')));
}

const number = (text: string | undefined): number => Number((text ?? '').replace(/,/g, ''));

/**
 * LibreOffice recomputes the workbooks. Its default for .xlsx is to trust cached results, so the
 * throw-away profile it runs with says "always recalculate on load" (OOXMLRecalcMode 0), and the
 * copies it gets have every cached result spoiled. CI installs LibreOffice; this test does not skip.
 */
describe('xlsx recomputed by LibreOffice', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'klynge-soffice-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('recomputes Tabel 1-style subtotals, row sums, the grand total and the CLI’s distribute total', { timeout: 300_000 }, async () => {
    const grouped = buildWorkbook([GROUPED]);
    spoilCachedResults(grouped);
    await grouped.xlsx.writeFile(join(dir, 'grouped.xlsx'));

    const cliFile = join(dir, 'cli.xlsx');
    const run = await runCli(['distribute', '--amount', '370000', '--key', 'src/cli/fixtures/key-syd-2022.csv', '--format', 'xlsx', '--out', cliFile]);
    expect(run.code).toBe(0);
    const dist = new ExcelJS.Workbook();
    await dist.xlsx.readFile(cliFile);
    spoilCachedResults(dist);
    await dist.xlsx.writeFile(join(dir, 'dist.xlsx'));

    const home = join(dir, 'home');
    await mkdir(join(home, 'user'), { recursive: true });
    await writeFile(
      join(home, 'user', 'registrymodifications.xcu'),
      '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n' +
        '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>\n</oor:items>\n',
    );
    await promisify(execFile)(
      'soffice',
      ['--headless', '--norestore', `-env:UserInstallation=file://${home}`, '--convert-to', 'csv', '--outdir', dir, join(dir, 'grouped.xlsx'), join(dir, 'dist.xlsx')],
      { timeout: 280_000, env: { ...process.env, HOME: home } },
    );

    const rows = parseLoCsv(await readFile(join(dir, 'grouped.csv'), 'utf8'));
    GROUPED.rows.forEach((row, i) => {
      const sheetRow = rows[i + 2] ?? [];
      expect(sheetRow[0]).toBe(row.values['name']);
      for (const [col, key] of [[1, 'k'], [2, 'r'], [3, 't']] as const) {
        expect(number(sheetRow[col])).toBe(Number(row.values[key]) / 100);
      }
    });
    const distRows = parseLoCsv(await readFile(join(dir, 'dist.csv'), 'utf8'));
    expect(distRows[13]?.[0]).toBe('I alt');
    expect(number(distRows[13]?.[3])).toBe(370_000);
    expect(number(distRows[13]?.[1])).toBe(598_032);
  });
});
