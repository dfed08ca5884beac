import { describe, expect, it } from 'vitest';
import type { AllocationModel } from './allocation.ts';
import { ore } from './money.ts';
import * as Q from './rational.ts';
import type { Membership, Register } from './register.ts';
import { applyScenario, compareResults, type ComparableResult } from './scenario.ts';

const m = (clusterId: string, code: string, basis: Membership['basis']['common-funds']): Membership => ({ clusterId, municipalityCode: code, political: true, administrative: true, basis: { 'common-funds': basis, secretariat: basis }, mark: '', note: '' });
const register: Register = {
  year: 2022,
  regions: [{ code: '1084', name: 'Region Hovedstaden' }],
  municipalities: [{ code: '101', name: 'København', regionCode: '1084' }],
  clusters: [
    { id: 'syd', name: 'Syd', regionCode: '1084' },
    { id: 'by', name: 'By', regionCode: '1084' },
  ],
  memberships: [m('syd', '101', { kind: 'partial', population: 287_181, label: 'bydele' }), m('by', '101', { kind: 'remainder' })],
  provenance: [],
};
const model: AllocationModel = {
  year: 2022,
  municipalTotal: ore(100),
  regionalTotal: ore(100),
  regionalKey: { kind: 'amounts', entries: [{ regionCode: '1084', amount: ore(100) }], source: 'test', assumption: false },
  populationPeriod: '2022K1',
  populationPeriodSource: 'test',
  unit: 'øre',
  regionalSplits: [{ regionCode: '1084', weights: new Map([['syd', Q.fromInteger(1)], ['by', Q.fromInteger(3)]]), source: 'aftalt' }],
};

describe('scenario inputs', () => {
  it('changes only what the scenario names: a district figure, the population period, a region back to population split', () => {
    const s = applyScenario(register, model, { districtFigures: [{ clusterId: 'syd', municipalityCode: '101', population: 287_827 }], populationPeriod: '2023K1', regionalSplits: [{ regionCode: '1084', kind: 'population' }] });
    expect(s.register.memberships[0]?.basis['common-funds']).toEqual({ kind: 'partial', population: 287_827, label: 'bydele' });
    expect(s.register.memberships[1]).toBe(register.memberships[1]);
    expect(s.model.populationPeriod).toBe('2023K1');
    expect(s.model.regionalSplits).toBeUndefined();
    // The decided model (with its agreed split) is untouched.
    expect(model.regionalSplits).toHaveLength(1);
    expect(applyScenario(register, model, {}).model.regionalSplits).toEqual(model.regionalSplits);
  });

  it('refuses a district figure for a membership that is not partial', () => {
    expect(() => applyScenario(register, model, { districtFigures: [{ clusterId: 'by', municipalityCode: '101', population: 1 }] })).toThrow(/deltager ikke med et bydelstal/);
  });
});

describe('comparison with the decided run', () => {
  const result = (syd: [number, number], by: [number, number]): ComparableResult => ({
    regions: [
      {
        regionCode: '1084',
        region: 'Region Hovedstaden',
        clusters: [
          { clusterId: 'syd', cluster: 'Syd', municipalOre: syd[0], regionalOre: syd[1], totalOre: syd[0] + syd[1] },
          { clusterId: 'by', cluster: 'By', municipalOre: by[0], regionalOre: by[1], totalOre: by[0] + by[1] },
        ],
      },
    ],
  });
  it('gives decided, scenario, difference in øre and per cent (Danish comma) per cluster and party', () => {
    const rows = compareResults(result([4000, 2000], [6000, 8000]), result([4100, 2000], [5900, 8000]));
    expect(rows.filter((r) => r.clusterId === 'syd').map((r) => [r.party, r.differenceOre, r.differencePercent])).toEqual([
      ['municipalities', 100, '2,5'],
      ['region', 0, '0'],
      ['total', 100, '1,67'],
    ]);
    expect(rows.reduce((s, r) => s + (r.party === 'total' ? r.differenceOre : 0), 0)).toBe(0);
  });
});
