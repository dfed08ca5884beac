import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { distribute, explainRow, largestRemainder, percentText, populationKey, type KeyEntry } from './distribution.ts';
import { kroner, ore } from './money.ts';
import { fromInteger, parseDecimal, rational, compare, toNumber, toDecimalString, mul } from './rational.ts';

const partyNames = (n: number): string[] => Array.from({ length: n }, (_, i) => `P${String(i)}`);

const keyArb = fc
  .array(fc.oneof(fc.integer({ min: 0, max: 2_000_000 }), fc.constant(0)), { minLength: 1, maxLength: 30 })
  .filter((bases) => bases.some((b) => b > 0))
  .map((bases) => bases.map((b, i): KeyEntry => ({ party: `P${String(i)}`, basis: fromInteger(b) })));

const weightedKeyArb = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 500_000 }), fc.integer({ min: 1, max: 8 })), { minLength: 1, maxLength: 20 })
  .filter((xs) => xs.some(([b]) => b > 0))
  .map((xs) => xs.map(([b, d], i): KeyEntry => ({ party: `W${String(i)}`, basis: rational(BigInt(b), BigInt(d)) })));

const amountArb = fc.integer({ min: -10_000_000_000, max: 10_000_000_000 }).map(ore);

describe('distribute (largest remainder)', () => {
  it('reproduces seed 003: 370.000 kr. over Klynge Syd by population, to the krone', () => {
    const key = populationKey([
      { party: 'København', population: 287_181 },
      { party: 'Høje-Taastrup', population: 53_053 },
      { party: 'Albertslund', population: 27_599 },
      { party: 'Ishøj', population: 23_225 },
      { party: 'Vallensbæk', population: 16_488 },
      { party: 'Brøndby', population: 35_651 },
      { party: 'Glostrup', population: 23_514 },
      { party: 'Hvidovre', population: 53_267 },
      { party: 'Tårnby', population: 42_723 },
      { party: 'Dragør', population: 14_640 },
      { party: 'Rødovre', population: 20_691 },
    ]);
    const d = distribute(kroner(370_000), key, 'krone');
    expect(d.rows.map((r) => r.amount / 100)).toEqual([
      177_678, 32_824, 17_075, 14_369, 10_201, 22_057, 14_548, 32_956, 26_433, 9_058, 12_801,
    ]);
  });

  it('a weight of ½ on a population is the same as half the population', () => {
    const half = distribute(kroner(370_000), [
      { party: 'A', basis: fromInteger(100_000) },
      { party: 'Rødovre', basis: rational(41_382n, 2n) },
    ]);
    const direct = distribute(kroner(370_000), [
      { party: 'A', basis: fromInteger(100_000) },
      { party: 'Rødovre', basis: fromInteger(20_691) },
    ]);
    expect(half.rows.map((r) => r.amount)).toEqual(direct.rows.map((r) => r.amount));
  });

  it('breaks ties by larger basis, then by key order', () => {
    // 1 kr. over three equal remainders: the earliest party gets it.
    const equal = distribute(kroner(1), populationKey([{ party: 'A', population: 1 }, { party: 'B', population: 1 }, { party: 'C', population: 1 }]), 'krone');
    expect(equal.rows.map((r) => r.units)).toEqual([1n, 0n, 0n]);
    // 3 kr. over bases 1, 2, 3: quotients 0,5 / 1 / 1,5; the leftover krone ties S and L at 0,5 → larger basis (L).
    const tie = distribute(kroner(3), populationKey([{ party: 'S', population: 1 }, { party: 'M', population: 2 }, { party: 'L', population: 3 }]), 'krone');
    expect(tie.rows.map((r) => r.units)).toEqual([0n, 1n, 2n]);
  });

  it('explains each row: basis, share, exact quotient and rounding', () => {
    const d = distribute(kroner(10), populationKey([{ party: 'A', population: 1 }, { party: 'B', population: 2 }]), 'krone');
    const [a, b] = d.rows;
    expect(a && explainRow(a, d)).toBe('Grundlag 1 af i alt 3; andel 33,3333 %; eksakt 3,3333 kr.; nedrundet 3 kr.; ingen restenhed; = 3 kr.');
    expect(b && explainRow(b, d)).toContain('+1 kr. (restfordeling nr. 1)');
  });

  it.each([
    ['an empty key', [], 'distribution.empty-key'],
    ['a negative basis', [{ party: 'A', basis: fromInteger(-1) }], 'distribution.negative-basis'],
    ['an all-zero basis', [{ party: 'A', basis: fromInteger(0) }, { party: 'B', basis: fromInteger(0) }], 'distribution.zero-basis'],
    ['duplicate parties', [{ party: 'A', basis: fromInteger(1) }, { party: 'A', basis: fromInteger(2) }], 'distribution.duplicate-party'],
  ])('refuses %s', (_label, key: KeyEntry[], code) => {
    expect(() => distribute(kroner(100), key)).toThrowError(expect.objectContaining({ code }));
  });

  it('refuses an amount that is not whole units', () => {
    expect(() => distribute(ore(150), populationKey([{ party: 'A', population: 1 }]), 'krone')).toThrowError(
      expect.objectContaining({ code: 'distribution.amount-not-whole-units' }),
    );
  });

  it('refuses a non-numeric basis at the parse edge', () => {
    expect(() => parseDecimal('mange')).toThrowError(expect.objectContaining({ code: 'number.malformed' }));
  });
});

describe('distribute — properties', () => {
  it('shares always sum exactly to the amount', () => {
    fc.assert(
      fc.property(amountArb, fc.oneof(keyArb, weightedKeyArb), fc.constantFrom('øre' as const, 'krone' as const), (amount, key, unit) => {
        const a = unit === 'krone' ? ore(amount - (amount % 100)) : amount;
        const d = distribute(a, key, unit);
        expect(d.rows.reduce((s, r) => s + r.amount, 0)).toBe(a);
      }),
    );
  });

  it('each share is within one unit of its exact quotient', () => {
    fc.assert(
      fc.property(amountArb, fc.oneof(keyArb, weightedKeyArb), (amount, key) => {
        const d = distribute(amount, key, 'øre');
        for (const r of d.rows) {
          const diff = toNumber(r.exactQuotient) - Number(r.units);
          expect(Math.abs(diff)).toBeLessThan(1);
        }
      }),
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(amountArb, keyArb, (amount, key) => {
        expect(distribute(amount, key)).toEqual(distribute(amount, key));
      }),
    );
  });

  it('a larger basis never gets less (for a non-negative amount)', () => {
    fc.assert(
      fc.property(amountArb.map((a) => ore(Math.abs(a))), fc.oneof(keyArb, weightedKeyArb), (amount, key) => {
        const d = distribute(amount, key);
        for (const x of d.rows) {
          for (const y of d.rows) {
            if (compare(x.basis, y.basis) > 0) expect(x.units).toBeGreaterThanOrEqual(y.units);
          }
        }
      }),
    );
  });

  it('keeps key order in its rows', () => {
    fc.assert(
      fc.property(keyArb, (key) => {
        expect(distribute(kroner(1000), key).rows.map((r) => r.party)).toEqual(partyNames(key.length));
      }),
    );
  });
});

describe('largestRemainder: the number fast path and the bigint path agree', () => {
  const weightsArb = fc
    .array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 40 })
    .filter((ws) => ws.some((w) => w > 0));
  it('gives the same floors, leftover and ranks on numbers as on bigints (ties included)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), weightsArb, (units, ws) => {
        const fast = largestRemainder(BigInt(units), Float64Array.from(ws));
        const slow = largestRemainder(BigInt(units), ws.map((w) => BigInt(w)));
        expect(fast.floors).toBeInstanceOf(Float64Array);
        expect(Array.isArray(slow.floors)).toBe(true);
        expect(Array.from(fast.floors as Float64Array, (f) => BigInt(f))).toEqual(slow.floors);
        expect(fast.leftoverUnits).toBe(slow.leftoverUnits);
        expect(Array.from(fast.rank)).toEqual(Array.from(slow.rank));
        expect(fast.sum).toBe(slow.sum);
      }),
    );
  });

  it('takes the bigint path when the products pass 2^53, with the same sum to the unit', () => {
    const d = distribute(ore(9_000_000_000_000), populationKey([{ party: 'A', population: 1_000_001 }, { party: 'B', population: 2_999_999 }]));
    expect(d.rows.reduce((a, r) => a + r.units, 0n)).toBe(9_000_000_000_000n);
  });

  it('writes a share in per cent exactly as the fraction arithmetic does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), fc.integer({ min: 1, max: 1_000_000_000 }), (w, extra) => {
        const sum = BigInt(w) + BigInt(extra);
        expect(percentText(BigInt(w), sum)).toBe(toDecimalString(mul(rational(BigInt(w), sum), fromInteger(100)), 4));
      }),
    );
    expect(percentText(1n, 3n)).toBe('33,3333');
    expect(percentText(2n, 3n)).toBe('66,6667');
    expect(percentText(5n, 5n)).toBe('100');
  });
});
