import { describe, expect, it } from 'vitest';
import { danishDate, FieldErrors, parseAmount, parseDate, parseNumber, parsePeriodField } from './forms.ts';

describe('the form layer parses as the server does and says what to type', () => {
  it('amounts: Danish style to øre; empty, words and too many decimals are field messages with an example', () => {
    expect(parseAmount('1.234.567,89', 'da')).toEqual({ ok: true, value: 123456789 });
    expect(parseAmount('50.000', 'da')).toEqual({ ok: true, value: 5000000 });
    expect(parseAmount('', 'da')).toEqual({ ok: false, message: 'Skriv et beløb i kr. (fx 1.234.567,89).' });
    expect(parseAmount('250 tusind', 'da')).toEqual({ ok: false, message: '"250 tusind" er ikke et beløb (skriv fx 1.234.567,89).' });
    expect(parseAmount('250 tusind', 'en')).toEqual({ ok: false, message: '"250 tusind" is not an amount (type e.g. 1.234.567,89).' });
    expect(parseAmount('1,234', 'da').ok).toBe(false);
    expect(parseAmount('-12.000', 'da').ok).toBe(false);
    expect(parseAmount('-12.000', 'da', { allowNegative: true })).toEqual({ ok: true, value: -1200000 });
  });

  it('dates: dd.mm.åååå (and ISO) to ISO; impossible dates are refused', () => {
    expect(parseDate('15.03.2022', 'da')).toEqual({ ok: true, value: '2022-03-15' });
    expect(parseDate('1.2.2022', 'da')).toEqual({ ok: true, value: '2022-02-01' });
    expect(parseDate('2022-03-15', 'da')).toEqual({ ok: true, value: '2022-03-15' });
    expect(parseDate('31.02.2022', 'da')).toEqual({ ok: false, message: '"31.02.2022" er ikke en dato (skriv dd.mm.åååå, fx 15.03.2022).' });
    expect(parseDate('', 'en')).toEqual({ ok: false, message: 'Type a date as dd.mm.yyyy (e.g. 15.03.2022).' });
    expect(danishDate('2026-11-29')).toBe('29.11.2026');
  });

  it('periods and exact numbers', () => {
    expect(parsePeriodField('2022-06', 'da')).toEqual({ ok: true, value: '2022-06' });
    expect(parsePeriodField('06-2022', 'da').ok).toBe(false);
    expect(parseNumber('0,5', 'da')).toEqual({ ok: true, value: '0,5' });
    expect(parseNumber('1/3', 'da')).toEqual({ ok: true, value: '1/3' });
    expect(parseNumber('en halv', 'da')).toEqual({ ok: false, message: '"en halv" er ikke et tal (skriv fx 0,5 eller 1/3).' });
  });

  it('collects the errors by field', () => {
    const f = new FieldErrors();
    expect(f.take('a', parseAmount('10', 'da'))).toBe(1000);
    expect(f.take('b', parseAmount('x', 'da'))).toBeUndefined();
    expect(f.ok).toBe(false);
    expect(Object.keys(f.errors)).toEqual(['b']);
  });
});
