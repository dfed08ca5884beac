import { describe, expect, it } from 'vitest';
import { parseCsv } from '../core/csv.ts';
import { DomainError } from '../core/errors.ts';
import { readCsv, writeCsv } from './csv.ts';

describe('the CSV adapter (csv-parse / csv-stringify)', () => {
  it('reads what the hand-written parser read: BOM, detected separator, quotes, trimmed unquoted cells, blank lines dropped, start lines', () => {
    const text = '\uFEFFa;b\r\n"x\ny";2\r\n\r\n;;\n  q ; r \nlast;x\nab"c;" sp "\n';
    expect(readCsv(text)).toEqual(parseCsv(text));
    expect(readCsv(text).records.map((r) => r.line)).toEqual([1, 2, 6, 7, 8]);
    // Spaces outside a quoted cell are not part of it (the hand-written parser kept those after the quote).
    expect(readCsv('  "q" ; r ').records[0]?.cells).toEqual(['q', 'r']);
    expect(readCsv('a,b\n1,2', ',').records).toEqual([{ line: 1, cells: ['a', 'b'] }, { line: 2, cells: ['1', '2'] }]);
    expect(readCsv('a\tb\n1\t2').separator).toBe('\t');
  });

  it('an unclosed quote names the line its record starts on', () => {
    for (const [text, line] of [['Indsats;Part\n"I1;K1', 2], ['a;b\n\n"c;d\n\ne', 3], ['"a', 1]] as const) {
      let error: unknown;
      try {
        readCsv(text);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'csv.unclosed-quote', message: `Linje ${String(line)}: et citationstegn (") lukkes aldrig.`, details: { line } });
    }
  });

  it('writes what reads back the same, also a cell with a carriage return or outer spaces, and escapes formulas in text', () => {
    const rows = [['navn', 'beløb'], ['a\rb', 1], [' indrykket ', -2], ['=SUM(A1)', 3], ['semi;kolon "citat"', 4]];
    const csv = writeCsv(rows);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(readCsv(csv).records.map((r) => r.cells)).toEqual([['navn', 'beløb'], ['a\rb', '1'], [' indrykket ', '-2'], ["'=SUM(A1)", '3'], ['semi;kolon "citat"', '4']]);
    expect(writeCsv([['x']], { bom: true })).toBe('\uFEFFx\r\n');
  });
});
