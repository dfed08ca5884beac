import { csvFigure, writeCsv, type CsvCell } from '../csv.ts';
import { DomainError } from '../../core/errors.ts';
import { type Øre, formatInteger, formatOre, formatWholeKroner } from '../../core/money.ts';

/**
 * A table as the CLI (and HTTP exports) hand it to an output format: Danish labels, typed columns,
 * and which rows are totals of which, so the spreadsheet writer can make them formulas.
 */

/** `ore`: an amount in øre (shown in kroner); `integer`: a count such as a population; `number`: a basis that may have decimals. */
export type ColumnType = 'text' | 'ore' | 'integer' | 'number';

export interface OutputColumn {
  readonly key: string;
  /** Danish label (kolonneoverskrift). */
  readonly label: string;
  readonly type: ColumnType;
  /** This column is the sum of these columns in the same row (a row formula in the workbook). */
  readonly sumOf?: readonly string[];
  /** A `number` column shown with exactly this many decimals (e.g. kr. per inhabitant: 2). */
  readonly decimals?: number;
  /** A ratio (kr. per inhabitant): its subtotal and total rows are its own figures, never a sum. */
  readonly ratio?: boolean;
}

/** `detail` rows are data; a `subtotal` sums the detail rows of its group; `total` sums the subtotals (or all details). */
export type RowKind = 'detail' | 'subtotal' | 'total';

export type CellValue = string | number | null;

export interface OutputRow {
  readonly kind: RowKind;
  /** Rows of one group (e.g. a region and its clusters) share it; a subtotal sums its group's details. */
  readonly group?: string;
  readonly values: Readonly<Record<string, CellValue>>;
}

export interface OutputTable {
  /** Danish title; also the worksheet name. */
  readonly title: string;
  readonly columns: readonly OutputColumn[];
  readonly rows: readonly OutputRow[];
  /** Show amounts as whole kroner (published-table style) instead of kroner and øre. */
  readonly wholeKroner?: boolean;
  /** Danish lines printed under the table in text output (e.g. the tie-break rule). */
  readonly notes?: readonly string[];
}

/** A non-money number with Danish marks: `20690.5` → `20.690,5`. */
function formatDecimal(value: number): string {
  const [whole = '0', fraction] = String(Math.abs(value)).split('.');
  const sign = value < 0 ? '-' : '';
  return `${sign}${formatInteger(Number(whole))}${fraction ? `,${fraction}` : ''}`;
}

/** A number with exactly `decimals` decimals, Danish marks: `13.8` → `13,80`. The value is already rounded. */
function fixedDecimal(value: number, decimals: number, group = true): string {
  const [whole = '0', fraction = ''] = Math.abs(value).toFixed(decimals).split('.');
  const sign = value < 0 ? '-' : '';
  return `${sign}${group ? formatInteger(Number(whole)) : whole}${decimals > 0 ? `,${fraction}` : ''}`;
}

export type OutputFormat = 'table' | 'csv' | 'json' | 'xlsx';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'csv', 'json', 'xlsx'];

function displayCell(table: Pick<OutputTable, 'wholeKroner'>, column: OutputColumn, value: CellValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  switch (column.type) {
    case 'ore':
      return table.wholeKroner && value % 100 === 0 ? formatWholeKroner(value as Øre) : formatOre(value as Øre);
    case 'integer':
      return formatInteger(value);
    case 'number':
      return column.decimals !== undefined ? fixedDecimal(value, column.decimals) : formatDecimal(value);
    case 'text':
      return String(value);
  }
}

/**
 * Rows produced on demand, for a table too large to hold as row objects (a key of 10⁶ parties):
 * the writers below ask for each row when they need it and keep nothing.
 */
export interface RowSource {
  readonly count: number;
  readonly row: (index: number) => OutputRow;
}

/** An OutputTable whose rows come from a RowSource. */
export type StreamedTable = Omit<OutputTable, 'rows'> & { readonly rows: RowSource };

const arrayRows = (rows: readonly OutputRow[]): RowSource => ({ count: rows.length, row: (i) => rows[i] ?? { kind: 'detail', values: {} } });

/** Collects written text into chunks of about 64 kB, so a million rows make a few hundred writes. */
function chunked(write: (text: string) => void): { push: (text: string) => void; flush: () => void } {
  let parts: string[] = [];
  let size = 0;
  const flush = (): void => {
    if (parts.length > 0) write(parts.join(''));
    parts = [];
    size = 0;
  };
  return {
    push: (text) => {
      parts.push(text);
      size += text.length;
      if (size >= 65_536) flush();
    },
    flush,
  };
}

/**
 * Writes a plain-text table in two passes over its rows: the first measures the column widths,
 * the second formats each row again and writes it. Memory stays flat in the number of rows.
 */
export function writeTextTable(table: StreamedTable, write: (text: string) => void): void {
  const header = table.columns.map((c) => (c.type === 'ore' ? `${c.label} (kr.)` : c.label));
  const cells = (r: OutputRow): string[] => table.columns.map((c) => displayCell(table, c, r.values[c.key] ?? null));
  // A loop, not Math.max(...spread): a key of 10^6 parties would overflow the call stack.
  const widths = header.map((h) => h.length);
  for (let k = 0; k < table.rows.count; k += 1) {
    cells(table.rows.row(k)).forEach((cell, i) => {
      if (cell.length > (widths[i] ?? 0)) widths[i] = cell.length;
    });
  }
  const line = (cs: readonly string[]): string =>
    cs
      .map((cell, i) => {
        const w = widths[i] ?? 0;
        return table.columns[i]?.type === 'text' ? cell.padEnd(w) : cell.padStart(w);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const out = chunked(write);
  out.push(`${table.title}\n\n${line(header)}\n${rule}\n`);
  for (let k = 0; k < table.rows.count; k += 1) {
    const r = table.rows.row(k);
    if (r.kind === 'total') out.push(`${rule}\n`);
    out.push(`${line(cells(r))}\n`);
  }
  const notes = table.notes ?? [];
  if (notes.length > 0) out.push(`\n${notes.join('\n')}\n`);
  out.flush();
}

/** Plain-text table for a terminal: Danish labels and number formats, numbers right-aligned. */
export function renderTextTable(table: OutputTable): string {
  const parts: string[] = [];
  writeTextTable({ ...table, rows: arrayRows(table.rows) }, (t) => parts.push(t));
  return parts.join('');
}

export function renderTextTables(tables: readonly OutputTable[]): string {
  return tables.map(renderTextTable).join('\n');
}

/** A kroner amount for CSV as Danish Excel reads it: no thousands separator, decimal comma. */
function csvAmount(ore: number, wholeKroner: boolean): string {
  if (wholeKroner && ore % 100 === 0) return String(ore / 100);
  const negative = ore < 0;
  const abs = Math.abs(ore);
  return `${negative ? '-' : ''}${String(Math.floor(abs / 100))},${String(abs % 100).padStart(2, '0')}`;
}

/**
 * `;`-separated CSV with Danish headers; amounts in kroner with decimal comma; text a spreadsheet
 * would read as a formula escaped. Several tables are separated by a blank line.
 */
export function renderCsv(tables: readonly OutputTable[]): string {
  const parts: string[] = [];
  tables.forEach((table, k) => {
    if (k > 0) parts.push('\r\n');
    writeCsvTable({ ...table, rows: arrayRows(table.rows) }, (t) => parts.push(t));
  });
  return parts.join('');
}

/** One table as CSV (see renderCsv), written in chunks of rows. */
export function writeCsvTable(table: StreamedTable, write: (text: string) => void): void {
  const header = table.columns.map((c) => (c.type === 'ore' ? `${c.label} (kr.)` : c.label));
  const cells = (r: OutputRow): CsvCell[] =>
    table.columns.map((c): CsvCell => {
      const v = r.values[c.key] ?? null;
      if (v === null) return '';
      if (typeof v === 'number' && c.type === 'ore') return csvFigure(csvAmount(v, table.wholeKroner ?? false));
      if (typeof v === 'number' && c.type === 'number') return csvFigure(c.decimals !== undefined ? fixedDecimal(v, c.decimals, false) : String(v).replace('.', ','));
      return v;
    });
  // writeCsv ends every record with a line break, so batches concatenate to one CSV.
  let batch: CsvCell[][] = [header];
  for (let k = 0; k < table.rows.count; k += 1) {
    batch.push(cells(table.rows.row(k)));
    if (batch.length >= 2_000) {
      write(writeCsv(batch));
      batch = [];
    }
  }
  if (batch.length > 0) write(writeCsv(batch));
}

export function parseOutputFormat(value: string | undefined): OutputFormat {
  const format = (value ?? 'table').trim().toLowerCase();
  const found = OUTPUT_FORMATS.find((f) => f === format);
  if (!found) {
    throw new DomainError('cli.format', `Ukendt format "${value ?? ''}"; vælg table, csv, json eller xlsx.`);
  }
  return found;
}
