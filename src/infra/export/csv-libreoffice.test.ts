import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCsv } from '../../core/csv.ts';
import { POSTING_COLUMNS, postingFileCsv, settlePeriod } from '../../core/economy/period-settlement.ts';
import type { Initiative } from '../../core/economy/initiative.ts';
import { seed002Economy } from '../../core/economy/test-fixtures.ts';
import { renderCsv, type OutputTable } from './table-output.ts';

/**
 * Issue 11: a title `=1+1` must open as text, not as a formula, in every CSV export. LibreOffice
 * imports each file with "evaluate formulas" switched on (CSV filter token 13), and a control file
 * written without escaping proves that it would indeed compute `=1+1` to 2.
 */
describe('CSV exports opened in LibreOffice', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'klynge-csv-lo-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Opens each CSV in LibreOffice (`;`, UTF-8, Danish, formulas evaluated) and reads the first sheet back. */
  async function openInLibreOffice(files: Record<string, string>): Promise<Record<string, ExcelJS.CellValue[][]>> {
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, `${name}.csv`), text);
    const home = join(dir, 'home');
    await mkdir(home, { recursive: true });
    await promisify(execFile)(
      'soffice',
      ['--headless', '--norestore', `-env:UserInstallation=file://${home}`, '--infilter=CSV:59,34,76,1,,1030,false,true,false,false,false,-1,true', '--convert-to', 'xlsx', '--outdir', dir, ...Object.keys(files).map((n) => join(dir, `${n}.csv`))],
      { timeout: 280_000, env: { ...process.env, HOME: home } },
    );
    const out: Record<string, ExcelJS.CellValue[][]> = {};
    for (const name of Object.keys(files)) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(join(dir, `${name}.xlsx`));
      const rows: ExcelJS.CellValue[][] = [];
      wb.worksheets[0]?.eachRow({ includeEmpty: true }, (row, n) => {
        rows[n - 1] = (row.values as ExcelJS.CellValue[]).slice(1);
      });
      out[name] = rows;
    }
    return out;
  }

  const isFormula = (v: ExcelJS.CellValue): boolean => typeof v === 'object' && v !== null && 'formula' in v;
  /** A cell read as text: LibreOffice stored it as a string (never a formula or a number). */
  const text = (v: ExcelJS.CellValue | undefined): string => (typeof v === 'string' ? v : `not text: ${JSON.stringify(v)}`);

  it('a posting file and a table export with the title =1+1 show it as text; unescaped it would be a formula', { timeout: 300_000 }, async () => {
    const e = seed002Economy();
    const initiative = { ...e.initiatives[0], title: '=1+1' } as Initiative;
    const settlement = settlePeriod({ ...e, initiatives: [initiative] }, { from: '2022-01', to: '2022-12' });
    const file = settlement.files.find((f) => f.lineCount > 0);
    if (!file) throw new Error('seed 002 has posting lines');
    const table: OutputTable = {
      title: 'Fordeling',
      columns: [{ key: 'name', label: 'Navn', type: 'text' }, { key: 'amount', label: 'Beløb', type: 'ore' }],
      rows: [{ kind: 'detail', values: { name: '=1+1', amount: -12_345 } }, { kind: 'detail', values: { name: '@SUM(1)', amount: 100 } }],
    };
    const sheets = await openInLibreOffice({
      posting: postingFileCsv(file, '+Klynge'),
      table: renderCsv([table]),
      control: formatCsv([['Navn'], ['=1+1']]),
    });

    // The control: LibreOffice, as configured, reads an unescaped =1+1 as a formula.
    expect(isFormula(sheets['control']?.[1]?.[0] ?? null)).toBe(true);

    const title = POSTING_COLUMNS.indexOf('Indsatsnavn');
    const postingRows = (sheets['posting'] ?? []).slice(1, 1 + file.lineCount);
    expect(postingRows.length).toBe(file.lineCount);
    for (const row of postingRows) {
      expect(isFormula(row[title] ?? null)).toBe(false);
      expect(text(row[title])).toContain('=1+1');
      expect(text(row[POSTING_COLUMNS.indexOf('Klynge')])).toContain('+Klynge');
    }
    const tableRows = sheets['table'] ?? [];
    expect(tableRows[1]?.map(isFormula)).toEqual([false, false]);
    expect(text(tableRows[1]?.[0])).toContain('=1+1');
    expect(text(tableRows[2]?.[0])).toContain('@SUM(1)');
    // Amounts stay numbers: the minus of a negative amount is not escaped.
    expect(tableRows[1]?.[1]).toBe(-123.45);
  });
});
