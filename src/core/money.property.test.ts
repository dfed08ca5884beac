import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_ABS_ORE, addOre, formatOre, formatWholeKroner, kroner, negOre, ore, parseDanishAmount, parseDanishInteger, formatInteger, subOre } from './money.ts';

/** Any amount the domain accepts: a whole number of øre within ±100 mia. kr. */
const amount = fc.integer({ min: -MAX_ABS_ORE, max: MAX_ABS_ORE }).map((n) => ore(n));
/** Amounts small enough that sums of a few stay in range. */
const smallAmount = fc.integer({ min: -MAX_ABS_ORE / 4, max: MAX_ABS_ORE / 4 }).map((n) => ore(n));

describe('money (properties)', () => {
  it('formatOre and parseDanishAmount round-trip every amount, with and without "kr."', () => {
    fc.assert(
      fc.property(amount, fc.constantFrom('', ' kr.', ' kr', 'kr.'), (a, unit) => {
        expect(parseDanishAmount(formatOre(a) + unit)).toBe(a);
      }),
    );
  });

  it('formatOre writes two decimals and thousands groups of three', () => {
    fc.assert(
      fc.property(amount, (a) => {
        expect(formatOre(a)).toMatch(/^-?\d{1,3}(\.\d{3})*,\d{2}$/);
      }),
    );
  });

  it('whole kroner print without decimals and parse back as an integer of kroner', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_ABS_ORE / 100, max: MAX_ABS_ORE / 100 }), (kr) => {
        const printed = formatWholeKroner(kroner(kr));
        expect(parseDanishInteger(printed)).toBe(kr);
        expect(printed).toBe(formatInteger(kr));
      }),
    );
  });

  it('formatWholeKroner refuses an amount with øre rather than rounding it', () => {
    fc.assert(
      fc.property(amount.filter((a) => a % 100 !== 0), (a) => {
        expect(() => formatWholeKroner(a)).toThrow(/ikke et helt antal kroner/);
      }),
    );
  });

  it('addition is commutative and associative, zero is neutral, negation is its inverse', () => {
    fc.assert(
      fc.property(smallAmount, smallAmount, smallAmount, (a, b, c) => {
        expect(addOre(a, b)).toBe(addOre(b, a));
        expect(addOre(addOre(a, b), c)).toBe(addOre(a, addOre(b, c)));
        expect(addOre(a, ore(0))).toBe(a);
        expect(addOre(a, negOre(a))).toBe(0);
        expect(subOre(a, b)).toBe(addOre(a, negOre(b)));
        expect(Object.is(negOre(ore(0)), 0)).toBe(true);
      }),
    );
  });

  it('the bounds hold: beyond ±100 mia. kr. or a fraction of an øre is refused, never wrapped', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.boolean(), (over, negative) => {
        const n = (MAX_ABS_ORE + over) * (negative ? -1 : 1);
        expect(() => ore(n)).toThrow(/uden for det tilladte område/);
      }),
    );
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }).filter((x) => !Number.isInteger(x)), (x) => {
        expect(() => ore(x)).toThrow(/ikke et helt antal øre/);
      }),
    );
    const max = ore(MAX_ABS_ORE);
    expect(() => addOre(max, ore(1))).toThrow(/uden for det tilladte område/);
  });

  it('an amount with three or more decimals is refused, not rounded', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 100, max: 999_999 }).filter((d) => d % 10 !== 0), (whole, decimals) => {
        expect(() => parseDanishAmount(`${String(whole)},${String(decimals)}`)).toThrow(/mere end to decimaler/);
      }),
    );
  });

  it('the plain program form 1234.5 means the same as the Danish 1234,5', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), fc.integer({ min: 0, max: 99 }), (whole, cents) => {
        const c = String(cents).padStart(2, '0');
        expect(parseDanishAmount(`${String(whole)}.${c}`)).toBe(parseDanishAmount(`${String(whole)},${c}`));
      }),
    );
  });
});

describe('thousands separators', () => {
  it('group every integer in threes from the right, as the look-ahead rule does', () => {
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (n) => {
        const expected = `${n < 0 ? '-' : ''}${String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '.')}`;
        expect(formatInteger(n)).toBe(expected);
      }),
    );
    expect([0, 999, 1000, 287181, 1234567].map(formatInteger)).toEqual(['0', '999', '1.000', '287.181', '1.234.567']);
  });
});
