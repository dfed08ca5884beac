import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, compare, div, floor, fractionalPart, fromInteger, isZero, mul, parseDecimal, rational, toDecimalString, toFractionString, type Rational } from './rational.ts';

const big = fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n });
const positive = fc.bigInt({ min: 1n, max: 10n ** 12n });
const q: fc.Arbitrary<Rational> = fc.tuple(big, fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }).filter((d) => d !== 0n)).map(([n, d]) => rational(n, d));
const nonZero = q.filter((x) => !isZero(x));
const eq = (a: Rational, b: Rational): void => expect(compare(a, b)).toBe(0);

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

describe('rational (properties)', () => {
  it('every fraction is kept in lowest terms with a positive denominator, so equal values are equal objects', () => {
    fc.assert(
      fc.property(big, positive, positive, (n, d, k) => {
        const r = rational(n, d);
        expect(r.den > 0n).toBe(true);
        expect(gcd(r.num, r.den) === 1n || r.num === 0n).toBe(true);
        expect(rational(n * k, d * k)).toEqual(r);
        expect(rational(-n, -d)).toEqual(r);
      }),
    );
  });

  it('addition and multiplication are commutative, associative and distributive (exactly)', () => {
    fc.assert(
      fc.property(q, q, q, (a, b, c) => {
        expect(add(a, b)).toEqual(add(b, a));
        expect(mul(a, b)).toEqual(mul(b, a));
        expect(add(add(a, b), c)).toEqual(add(a, add(b, c)));
        expect(mul(mul(a, b), c)).toEqual(mul(a, mul(b, c)));
        expect(mul(a, add(b, c))).toEqual(add(mul(a, b), mul(a, c)));
        expect(add(a, fromInteger(0))).toEqual(a);
        expect(mul(a, fromInteger(1))).toEqual(a);
      }),
    );
  });

  it('division undoes multiplication, and division by zero is refused', () => {
    fc.assert(
      fc.property(q, nonZero, (a, b) => {
        expect(div(mul(a, b), b)).toEqual(a);
        expect(mul(div(a, b), b)).toEqual(a);
        expect(() => div(a, fromInteger(0))).toThrow(/Division med nul/);
      }),
    );
  });

  it('compare is a total order consistent with subtraction', () => {
    fc.assert(
      fc.property(q, q, q, (a, b, c) => {
        // A sum, not toBe(-compare(b, a)): for equal values -0 and 0 differ under Object.is.
        expect(compare(a, b) + compare(b, a)).toBe(0);
        expect(compare(a, a)).toBe(0);
        if (compare(a, b) <= 0 && compare(b, c) <= 0) expect(compare(a, c)).toBeLessThanOrEqual(0);
        expect(compare(add(a, c), add(b, c))).toBe(compare(a, b));
      }),
      // Equal values, which random fractions seldom draw: CI seed 285191384 found the -0 slip.
      { examples: [[fromInteger(0), fromInteger(0), fromInteger(0)], [rational(3n, 4n), rational(-6n, -8n), rational(1n, 2n)]] },
    );
  });

  it('floor and fractional part split a value: a = floor(a) + frac(a), 0 ≤ frac(a) < 1', () => {
    fc.assert(
      fc.property(q, (a) => {
        const f = fractionalPart(a);
        eq(add(fromInteger(floor(a)), f), a);
        expect(compare(f, fromInteger(0))).toBeGreaterThanOrEqual(0);
        expect(compare(f, fromInteger(1))).toBe(-1);
      }),
    );
  });

  it('toFractionString and parseDecimal round-trip every fraction', () => {
    fc.assert(
      fc.property(q, (a) => {
        expect(parseDecimal(toFractionString(a))).toEqual(a);
      }),
    );
  });

  it('decimals are parsed exactly (0,1 is 1/10), in the Danish and the program form alike', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: 1, max: 9 }), (digits, places) => {
        const text = digits.toString().padStart(places + 1, '0');
        const whole = text.slice(0, text.length - places);
        const fraction = text.slice(text.length - places);
        const exact = rational(digits, 10n ** BigInt(places));
        expect(parseDecimal(`${whole},${fraction}`)).toEqual(exact);
        expect(parseDecimal(`${whole}.${fraction}`.replace(/^(\d+)\.(\d{3})$/, '$1,$2'))).toEqual(exact);
      }),
    );
  });

  it('toDecimalString shows a decimal with at most the asked digits and round-trips when it has no more', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: 0, max: 6 }), (n, places) => {
        const a = rational(n, 10n ** BigInt(places));
        const shown = toDecimalString(a, 6);
        expect(shown).toMatch(/^-?\d+(,\d{1,6})?$/);
        expect(parseDecimal(shown)).toEqual(a);
      }),
    );
  });
});
