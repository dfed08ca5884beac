import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { detectSeparator, spreadsheetText, type CsvRecord, type ParsedCsv } from '../core/csv.ts';
import { DomainError } from '../core/errors.ts';

/**
 * The one CSV adapter (issue 10 §6): every CSV import reads through `readCsv` and every export
 * writes through `writeCsv`, on the well-kept csv-parse / csv-stringify. Records keep the line
 * they start on, so an import's errors name the line; text cells of an export are escaped so a
 * spreadsheet never runs them as formulas. (`klynge distribute` keeps its own streaming parser
 * in src/core/csv.ts for files of a million rows.)
 */

const LINE_BREAKS = /\r\n|\n|\r/g;
const lineBreaks = (text: string): number => text.match(LINE_BREAKS)?.length ?? 0;

/**
 * Parses CSV as Danish tools write it: optional UTF-8 BOM, `;` `,` or tab (detected from the
 * first non-empty line unless given), double-quoted cells with `""`, CRLF, LF or CR. Unquoted
 * cells are trimmed, quoted ones kept as written; blank lines and lines of empty cells dropped.
 * An unclosed quote is a DomainError `csv.unclosed-quote` naming the line the record starts on.
 */
export function readCsv(text: string, separator?: ';' | ',' | '\t'): ParsedCsv {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const sep = separator ?? detectSeparator(body);
  const records: CsvRecord[] = [];
  let lastLine = 0;
  try {
    parse(body, {
      delimiter: sep,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
      // Each record is taken here (and none returned): csv-parse counts the line a record ends
      // on; a quoted cell may span lines, so the record starts that many lines earlier.
      on_record: (cells, context) => {
        lastLine = context.lines;
        if (cells.some((c) => c !== '')) records.push({ line: context.lines - cells.reduce((n, c) => n + lineBreaks(c), 0), cells });
        return null;
      },
    });
  } catch (e) {
    if ((e as { code?: unknown }).code === 'CSV_QUOTE_NOT_CLOSED') {
      // The unclosed record starts on the first non-blank line after the last whole record.
      const lines = body.split(LINE_BREAKS);
      let line = lastLine + 1;
      while (line < lines.length && (lines[line - 1] ?? '').trim() === '') line++;
      throw new DomainError('csv.unclosed-quote', `Linje ${String(line)}: et citationstegn (") lukkes aldrig.`, { line });
    }
    throw e;
  }
  return { separator: sep, records };
}

/** A figure already formatted as text (a Danish amount such as `-1.234,56`): written as it is, never escaped. */
export interface CsvFigure {
  readonly figure: string;
}

export const csvFigure = (figure: string): CsvFigure => ({ figure });

/** A cell: user text (escaped against formulas), a number, or a formatted figure. */
export type CsvCell = string | number | CsvFigure;

const cellText = (v: CsvCell): string => (typeof v === 'string' ? spreadsheetText(v) : typeof v === 'number' ? String(v) : v.figure);

/**
 * Writes records as CSV, `;` by default (what Danish Excel opens directly), CRLF, quoting where
 * needed — also a cell with a line break or leading/trailing spaces, so it reads back the same.
 * Text cells are escaped against formulas (`spreadsheetText`); numbers and figures are written as they are.
 */
export function writeCsv(rows: readonly (readonly CsvCell[])[], options: { separator?: ';' | ','; bom?: boolean } = {}): string {
  const csv = stringify(
    rows.map((r) => r.map(cellText)),
    { delimiter: options.separator ?? ';', record_delimiter: '\r\n', quoted_match: /^\s|\s$|[\r\n]/ },
  );
  return (options.bom === true ? '\uFEFF' : '') + csv;
}
