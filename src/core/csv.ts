import { DomainError } from './errors.ts';

/** One parsed CSV record with the 1-based line it started on, so errors can name the line. */
export interface CsvRecord {
  readonly line: number;
  readonly cells: readonly string[];
}

export interface ParsedCsv {
  readonly separator: ';' | ',' | '\t';
  readonly records: readonly CsvRecord[];
}

/**
 * Parses CSV as Danish tools write it: optional UTF-8 BOM, `;` (Excel/StatBank) or `,` or tab
 * separated (detected from the first non-empty line unless given), double-quoted cells with `""`
 * escapes, CRLF or LF. Blank lines are dropped. Pure: text in, records out.
 */
export function parseCsv(text: string, separator?: ';' | ',' | '\t'): ParsedCsv {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const sep = separator ?? detectSeparator(body);
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  let cellWasQuoted = false;

  const endCell = (): void => {
    cells.push(cellWasQuoted ? cell : cell.trim());
    cell = '';
    cellWasQuoted = false;
  };
  const endRecord = (): void => {
    endCell();
    if (cells.some((c) => c !== '')) records.push({ line: recordLine, cells });
    cells = [];
  };

  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (inQuotes) {
      if (ch === '"') {
        if (body[i + 1] === '"') {
          cell += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell.trim() === '') {
      inQuotes = true;
      cellWasQuoted = true;
      cell = '';
    } else if (ch === sep) endCell();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else cell += ch;
  }
  if (inQuotes) {
    throw new DomainError('csv.unclosed-quote', `Linje ${String(recordLine)}: et citationstegn (") lukkes aldrig.`, {
      line: recordLine,
    });
  }
  if (cell !== '' || cells.length > 0) endRecord();
  return { separator: sep, records };
}

/** The separator of the first non-empty line: `;` before tab before `,` (what parseCsv uses). */
export function detectSeparator(text: string): ';' | ',' | '\t' {
  const first = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const count = (c: string): number => first.split(c).length - 1;
  const semi = count(';');
  const tab = count('\t');
  const comma = count(',');
  if (semi >= comma && semi >= tab && semi > 0) return ';';
  if (tab > comma) return '\t';
  return ',';
}

/**
 * A text cell a spreadsheet would read as a formula (= + - @, or a leading tab/CR that some
 * programs strip before they look) gets a leading apostrophe, so Excel and LibreOffice show it
 * as text (OWASP "CSV injection"). The one escaping function of every CSV export; numbers are
 * passed as numbers and never escaped.
 */
export function spreadsheetText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** Writes records as CSV with `;` (what Danish Excel opens directly) and quotes where needed. */
export function formatCsv(rows: readonly (readonly (string | number)[])[], separator: ';' | ',' = ';'): string {
  const quote = (v: string | number): string => {
    const s = String(v);
    return s.includes(separator) || s.includes('"') || s.includes('\n') ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(quote).join(separator)).join('\r\n') + '\r\n';
}
