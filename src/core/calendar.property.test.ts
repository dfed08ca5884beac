import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateOf, dayOf, daysInMonth, formatDanishDate, instant, isIsoDate, isoDate, monthOf, yearOf, type IsoDate } from './calendar.ts';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
/** A real calendar date, built from its parts. */
const validDate = fc
  .tuple(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }))
  .chain(([y, m]) => fc.integer({ min: 1, max: daysInMonth(y, m) }).map((d) => ({ y, m, d, text: `${pad(y, 4)}-${pad(m)}-${pad(d)}` })));

describe('calendar (properties)', () => {
  it('a date built from valid parts is accepted and gives its parts back', () => {
    fc.assert(
      fc.property(validDate, ({ y, m, d, text }) => {
        const date = isoDate(text);
        expect([yearOf(date), monthOf(date), dayOf(date)]).toEqual([y, m, d]);
        expect(formatDanishDate(date)).toBe(`${pad(d)}.${pad(m)}.${pad(y, 4)}`);
      }),
    );
  });

  it('a day past the end of its month, month 0 or month 13 is refused', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 40 }), (y, m, extra) => {
        const last = daysInMonth(y, m);
        expect(isIsoDate(`${pad(y, 4)}-${pad(m)}-${pad(Math.min(99, last + extra))}`)).toBe(false);
        expect(isIsoDate(`${pad(y, 4)}-00-01`)).toBe(false);
        expect(isIsoDate(`${pad(y, 4)}-13-01`)).toBe(false);
        expect(isIsoDate(`${pad(y, 4)}-${pad(m)}-00`)).toBe(false);
      }),
    );
  });

  it('month lengths agree with the Gregorian calendar of the JavaScript engine (leap years included)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }), (y, m) => {
        // An independent oracle (tests only; the core itself never reads the clock): day 0 of the
        // next month is the last day of this one. setUTCFullYear keeps years below 100 literal.
        const reference = new globalThis.Date(0);
        reference.setUTCFullYear(y, m, 0);
        expect(daysInMonth(y, m)).toBe(reference.getUTCDate());
      }),
    );
  });

  it('an instant is accepted exactly when it is a valid date and time in UTC, and its date is the date part', () => {
    fc.assert(
      fc.property(validDate, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 999 }), ({ text }, h, mi, s, ms) => {
        const at = instant(`${text}T${pad(h)}:${pad(mi)}:${pad(s)}.${pad(ms, 3)}Z`);
        expect(dateOf(at)).toBe(text as IsoDate);
        expect(() => instant(`${text}T24:${pad(mi)}Z`)).toThrow(/ikke et gyldigt UTC-tidspunkt/);
        expect(() => instant(`${text}T${pad(h)}:${pad(mi)}:${pad(s)}+01:00`)).toThrow(/ikke et gyldigt UTC-tidspunkt/);
      }),
    );
  });

  it('dates of the same shape sort chronologically as text', () => {
    fc.assert(
      fc.property(validDate, validDate, (a, b) => {
        const byParts = a.y - b.y || a.m - b.m || a.d - b.d;
        const byText = a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
        expect(Math.sign(byParts)).toBe(byText);
      }),
    );
  });
});
