import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../core/errors.ts';
import { loadRegister } from '../register/index.ts';
import { parseFolk1a, type ImportLineError } from './folk1a.ts';

// A StatBank FOLK1A download for 2020K1 (API shape: BOM, `;`, quoted, CRLF, "101 København" labels,
// country/region/Christiansø rows), built from the SSI municipal table in shared/data (see README).
const fixture = readFileSync(new URL('./fixtures/folk1a-2020k1-statbank.csv', import.meta.url), 'utf8');
const municipalities = loadRegister(2022).municipalities;
const lines = fixture.split('\r\n');

function importErrors(text: string): ImportLineError[] {
  try {
    parseFolk1a(text, municipalities);
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    const err = e as DomainError;
    expect(err.code).toBe('population.invalid');
    expect(err.message).toContain('intet er importeret');
    return err.details['errors'] as ImportLineError[];
  }
  throw new Error('expected the import to fail');
}

/** 1-based line of the row for a municipality label in the fixture. */
const lineOf = (label: string): number => lines.findIndex((l) => l.startsWith(`"${label}"`)) + 1;

describe('parseFolk1a — a StatBank FOLK1A download', () => {
  it('imports all 98 municipalities; the total plus Christiansø (84) is DST\'s national figure 5.822.763 for 1 January 2020', () => {
    const t = parseFolk1a(fixture, municipalities);
    expect(t.period).toBe('2020K1');
    expect(t.byMunicipality.size).toBe(98);
    const sum = [...t.byMunicipality.values()].reduce((s, n) => s + n, 0);
    expect(sum + 84).toBe(5_822_763);
    expect(t.byMunicipality.get('101')).toBe(632_340);
    expect(t.source).toContain('FOLK1A');
  });

  it('reads name-only labels, unquoted cells, LF line ends and no BOM the same way', () => {
    const plain = fixture
      .replace(/^\ufeff/, '')
      .replace(/\r\n/g, '\n')
      .replace(/"(\d{3,4}) ([^"]+)"/g, '$2')
      .replace(/"/g, '');
    const a = parseFolk1a(fixture, municipalities);
    const b = parseFolk1a(plain, municipalities);
    expect([...b.byMunicipality]).toEqual([...a.byMunicipality]);
  });

  it('accepts extra dimension columns when they hold the totals (KØN = I alt)', () => {
    const withSex = lines.map((l, i) => (l === '' ? l : i === 0 ? `${l.replace('"TID"', '"KØN";"TID"')}` : l.replace(';"2020K1"', ';"I alt";"2020K1"'))).join('\r\n');
    expect(parseFolk1a(withSex, municipalities).byMunicipality.size).toBe(98);
    const men = withSex.replace('"101 København";"I alt"', '"101 København";"Mænd"');
    expect(importErrors(men)).toEqual([{ line: lineOf('101 København'), message: expect.stringContaining('KØN') as string }]);
  });

  it('names the line of an unknown municipality', () => {
    const text = fixture.replace('"147 Frederiksberg"', '"147 Atlantis"').replace('"151 Ballerup"', '"Atlantis"');
    const errors = importErrors(text);
    expect(errors).toContainEqual({ line: lineOf('147 Frederiksberg'), message: expect.stringContaining('Atlantis') as string });
    expect(errors).toContainEqual({ line: lineOf('151 Ballerup'), message: 'Ukendt kommune "Atlantis".' });
  });

  it('reports a missing municipality (line 0 = the file as a whole)', () => {
    const text = lines.filter((l) => !l.startsWith('"825 Læsø"')).join('\r\n');
    expect(importErrors(text)).toEqual([{ line: 0, message: 'Kommune 825 Læsø mangler i filen.' }]);
  });

  it('names both lines of a duplicate row', () => {
    const dup = lines.find((l) => l.startsWith('"400 Bornholm"')) ?? '';
    const text = `${fixture}${dup}\r\n`;
    const last = lines.length; // the appended line (the split leaves a trailing '')
    expect(importErrors(text)).toEqual([{ line: last, message: `Bornholm står der allerede (linje ${String(lineOf('400 Bornholm'))}).` }]);
  });

  it('names the line of a non-numeric count and lists every error at once', () => {
    const text = fixture
      .replace('"461 Odense";"2020K1";204895', '"461 Odense";"2020K1";..')
      .replace('"751 Aarhus";"2020K1";349983', '"751 Aarhus";"2020K1";mange')
      .replace('"851 Aalborg";"2020K1";217075', '"851 Aalborg";"2020K1";-5');
    expect(importErrors(text)).toEqual([
      { line: lineOf('461 Odense'), message: 'Befolkningstallet mangler.' },
      { line: lineOf('751 Aarhus'), message: '"mange" er ikke et befolkningstal (et helt, ikke-negativt tal).' },
      { line: lineOf('851 Aalborg'), message: '"-5" er ikke et befolkningstal (et helt, ikke-negativt tal).' },
    ]);
  });

  it('refuses a file with two quarters or a wrong header', () => {
    const text = fixture.replace('"101 København";"2020K1"', '"101 København";"2020K2"');
    expect(importErrors(text)).toEqual([{ line: lineOf('101 København'), message: expect.stringContaining('2020K2') as string }]);
    expect(importErrors('område;kvartal;antal\r\nKøbenhavn;2020K1;1\r\n')[0]?.line).toBe(1);
  });
});
