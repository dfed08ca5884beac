import type ExcelJS from 'exceljs';
import { excelJS } from './exceljs.ts';
import type { Øre } from '../../core/money.ts';
import type { OutputRow, OutputTable } from './table-output.ts';

/**
 * Writes tables as an .xlsx workbook (one sheet per table) in which every total is a formula —
 * row sums (`sumOf`), group subtotals and grand totals — so Excel or LibreOffice recompute them.
 * Each formula also carries the program's own result, so a reader that does not recompute still
 * sees the right figure. Amounts are kroner (øre / 100) with a Danish-neutral number format.
 */

const MONEY_FORMAT = '#,##0.00';
const WHOLE_KRONER_FORMAT = '#,##0';
const INTEGER_FORMAT = '#,##0';
const NUMBER_FORMAT = '#,##0.##########';

function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** `C3,C4,C5,C9` → `C3:C5,C9`. */
function compressRefs(letter: string, rowNumbers: readonly number[]): string {
  const parts: string[] = [];
  let start: number | undefined;
  let prev: number | undefined;
  for (const n of [...rowNumbers, Number.NaN]) {
    if (start !== undefined && prev !== undefined && n === prev + 1) {
      prev = n;
      continue;
    }
    if (start !== undefined && prev !== undefined) {
      parts.push(start === prev ? `${letter}${String(start)}` : `${letter}${String(start)}:${letter}${String(prev)}`);
    }
    start = n;
    prev = n;
  }
  return parts.join(',');
}

function sheetName(title: string, used: Set<string>): string {
  const base = title.replace(/[[\]:*?/\\]/g, ' ').trim().slice(0, 31) || 'Ark';
  let name = base;
  for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base.slice(0, 28)} ${String(i)}`;
  used.add(name.toLowerCase());
  return name;
}

/** Which sheet rows a total row sums (1-based sheet row numbers). */
function summedRows(rows: readonly OutputRow[], index: number, firstDataRow: number): number[] {
  const row = rows[index];
  if (!row) return [];
  const pick = (pred: (r: OutputRow) => boolean): number[] =>
    rows.flatMap((r, i) => (pred(r) ? [firstDataRow + i] : []));
  if (row.kind === 'subtotal') return pick((r) => r.kind === 'detail' && r.group === row.group);
  if (row.kind === 'total') {
    const subtotals = pick((r) => r.kind === 'subtotal');
    return subtotals.length > 0 ? subtotals : pick((r) => r.kind === 'detail');
  }
  return [];
}

export function buildWorkbook(tables: readonly OutputTable[]): ExcelJS.Workbook {
  const workbook = new (excelJS().Workbook)();
  workbook.creator = 'Klynge';
  // Ask Excel and LibreOffice to recompute every formula on open rather than trust cached results.
  workbook.calcProperties.fullCalcOnLoad = true;
  const used = new Set<string>();
  for (const table of tables) {
    const sheet = workbook.addWorksheet(sheetName(table.title, used));
    const titleRow = sheet.addRow([table.title]);
    titleRow.font = { bold: true, size: 13 };
    const headerRow = sheet.addRow(table.columns.map((c) => (c.type === 'ore' ? `${c.label} (kr.)` : c.label)));
    headerRow.font = { bold: true };
    const firstDataRow = 3;
    const letters = table.columns.map((_, i) => columnLetter(i));
    const keyIndex = new Map(table.columns.map((c, i) => [c.key, i]));
    table.rows.forEach((row, rowIndex) => {
      const sheetRow = sheet.getRow(firstDataRow + rowIndex);
      table.columns.forEach((column, colIndex) => {
        const cell = sheetRow.getCell(colIndex + 1);
        const raw = row.values[column.key] ?? null;
        const value = typeof raw === 'number' && column.type === 'ore' ? (raw as Øre) / 100 : raw;
        if (column.type !== 'text') {
          cell.numFmt =
            column.type === 'integer'
              ? INTEGER_FORMAT
              : column.type === 'number'
                ? column.decimals !== undefined
                  ? `#,##0${column.decimals > 0 ? `.${'0'.repeat(column.decimals)}` : ''}`
                  : NUMBER_FORMAT
                : table.wholeKroner
                  ? WHOLE_KRONER_FORMAT
                  : MONEY_FORMAT;
        }
        const letter = letters[colIndex] ?? 'A';
        const sheetRowNumber = firstDataRow + rowIndex;
        if (column.sumOf && column.sumOf.length > 0 && typeof value === 'number') {
          const refs = column.sumOf.map((k) => `${letters[keyIndex.get(k) ?? 0] ?? 'A'}${String(sheetRowNumber)}`);
          cell.value = { formula: refs.join('+'), result: value };
          return;
        }
        const summed = column.type === 'text' || column.ratio === true ? [] : summedRows(table.rows, rowIndex, firstDataRow);
        if (summed.length > 0 && typeof value === 'number') {
          cell.value = { formula: `SUM(${compressRefs(letter, summed)})`, result: value };
          return;
        }
        cell.value = value;
      });
      if (row.kind !== 'detail') sheetRow.font = { bold: true };
    });
    table.columns.forEach((column, i) => {
      const col = sheet.getColumn(i + 1);
      col.width = column.type === 'text' ? 32 : 18;
    });
  }
  return workbook;
}

export async function writeWorkbook(tables: readonly OutputTable[]): Promise<Uint8Array> {
  const buffer = await buildWorkbook(tables).xlsx.writeBuffer();
  return new Uint8Array(buffer);
}
