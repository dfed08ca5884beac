import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Membership, Register } from '../register.ts';
import { aggregateNational, figureValue, type Figure } from './aggregate.ts';

const member = (clusterId: string, municipalityCode: string, basis: Membership['basis']['common-funds'] = { kind: 'full' }): Membership => ({
  clusterId,
  municipalityCode,
  political: true,
  administrative: true,
  basis: { 'common-funds': basis, secretariat: basis },
  mark: '',
  note: '',
});

/** Two regions; cluster A = 101 (part) + 151, B = 101 (rest) + 153, C = 201 + 202 (+ 203 administrative only). */
const register: Pick<Register, 'regions' | 'municipalities' | 'clusters' | 'memberships'> = {
  regions: [
    { code: '1084', name: 'Region Hovedstaden' },
    { code: '1085', name: 'Region Sjælland' },
  ],
  municipalities: [
    { code: '101', name: 'København', regionCode: '1084' },
    { code: '151', name: 'Ballerup', regionCode: '1084' },
    { code: '153', name: 'Brøndby', regionCode: '1084' },
    { code: '201', name: 'Køge', regionCode: '1085' },
    { code: '202', name: 'Roskilde', regionCode: '1085' },
    { code: '203', name: 'Greve', regionCode: '1085' },
  ],
  clusters: [
    { id: 'a', name: 'A', regionCode: '1084' },
    { id: 'b', name: 'B', regionCode: '1084' },
    { id: 'c', name: 'C', regionCode: '1085' },
  ],
  memberships: [
    member('a', '101', { kind: 'partial', population: 100, label: 'bydele' }),
    member('a', '151'),
    member('b', '101', { kind: 'remainder' }),
    member('b', '153'),
    member('c', '201'),
    member('c', '202'),
    member('c', '203', { kind: 'none' }),
  ],
};

const rate = fc.record({ numerator: fc.integer({ min: 0, max: 5_000 }), denominator: fc.integer({ min: 1, max: 100_000 }) });

describe('aggregation of key figures', () => {
  it('a cluster’s and a region’s rate is Σ numerator / Σ denominator of the parts (never an average of rates)', () => {
    fc.assert(
      fc.property(fc.tuple(rate, rate, rate, rate, rate, rate, rate), ([m101, m151, m153, m201, m202, m203, aPart]) => {
        const figures = new Map<string, Figure>([
          ['101', m101],
          ['151', m151],
          ['153', m153],
          ['201', m201],
          ['202', m202],
          ['203', m203],
          ['a:101', aPart],
        ]);
        const t = aggregateNational(register, figures);
        const [hovedstaden, sjaelland] = t.regions;
        const a = hovedstaden?.clusters[0]?.cell;
        const c = sjaelland?.clusters[0]?.cell;
        expect(a).toEqual({ status: 'value', numerator: aPart.numerator + m151.numerator, denominator: aPart.denominator + m151.denominator });
        // Greve takes part administratively only: not in C's population.
        expect(c).toEqual({ status: 'value', numerator: m201.numerator + m202.numerator, denominator: m201.denominator + m202.denominator });
        const all = [m101, m151, m153, m201, m202, m203];
        const num = all.reduce((s, f) => s + f.numerator, 0);
        const den = all.reduce((s, f) => s + f.denominator, 0);
        expect(t.country).toEqual({ status: 'value', numerator: num, denominator: den });
        if (t.country.status === 'value') expect(figureValue(t.country, 1000)).toBeCloseTo((num * 1000) / den, 9);
        // The pooled rate lies between the parts' smallest and largest rate.
        if (sjaelland?.cell.status === 'value') {
          const v = figureValue(sjaelland.cell, 1);
          const rates = [m201, m202, m203].map((f) => f.numerator / f.denominator);
          expect(v).toBeGreaterThanOrEqual(Math.min(...rates) - 1e-12);
          expect(v).toBeLessThanOrEqual(Math.max(...rates) + 1e-12);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a partially member municipality counts only where the file gives its part; otherwise the cluster is not available', () => {
    const figures = new Map<string, Figure>([
      ['101', { numerator: 600, denominator: null }],
      ['151', { numerator: 50, denominator: null }],
      ['153', { numerator: 30, denominator: null }],
    ]);
    const t = aggregateNational(register, figures);
    const [a, b] = t.regions[0]?.clusters ?? [];
    expect(a?.cell.status).toBe('not-available');
    expect(a?.cell.status === 'not-available' ? a.cell.reason : '').toContain('a:101');
    expect(b?.cell.status).toBe('not-available');
    expect(t.regions[0]?.cell).toEqual({ status: 'value', numerator: 680, denominator: null });
    // Region Sjælland has no figures at all: not available, never guessed.
    expect(t.regions[1]?.cell.status).toBe('not-available');
    expect(t.country.status).toBe('not-available');
  });

  it('a cluster row in the file is used as given', () => {
    const t = aggregateNational(register, new Map([['c', { numerator: 7, denominator: 70 }]]));
    expect(t.regions[1]?.clusters[0]?.cell).toEqual({ status: 'value', numerator: 7, denominator: 70 });
  });
});
