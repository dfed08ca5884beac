import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateCommonFunds, allocationSumProblems, type AllocationModel, type AllocationPopulation } from './allocation.ts';
import { secretariatCoFinancing } from './cofinancing.ts';
import { kroner, ore, type Øre } from './money.ts';
import { fromInteger, toNumber } from './rational.ts';
import { parseBasis, type Membership, type Register } from './register.ts';

/** A small register shaped like the real one: two regions, a split municipality, a non-contributor. */
const m = (clusterId: string, municipalityCode: string, cf: string, sek: string = cf): Membership => ({
  clusterId,
  municipalityCode,
  political: true,
  administrative: true,
  basis: { 'common-funds': parseBasis(cf), secretariat: parseBasis(sek) },
  mark: '',
  note: '',
});
const register: Register = {
  year: 2099,
  regions: [
    { code: 'R1', name: 'Region Et' },
    { code: 'R2', name: 'Region To' },
  ],
  municipalities: ['A', 'B', 'C', 'D', 'E'].map((code) => ({ code, name: `Kommune ${code}`, regionCode: code < 'D' ? 'R1' : 'R2' })),
  clusters: [
    { id: 'k1', regionCode: 'R1', name: 'Klynge 1' },
    { id: 'k2', regionCode: 'R1', name: 'Klynge 2' },
    { id: 'k3', regionCode: 'R2', name: 'Klynge 3' },
  ],
  memberships: [
    m('k1', 'A', 'partial:1000', 'partial:1000'),
    m('k1', 'B', 'full'),
    m('k2', 'A', 'remainder'),
    m('k2', 'C', 'full'),
    m('k2', 'D', 'none', 'weight:1/2'),
    m('k3', 'D', 'full'),
    m('k3', 'E', 'full'),
  ],
  provenance: [],
};

const model = (municipalTotal: Øre, regionalTotal: Øre, r1: Øre, unit: 'krone' | 'øre' = 'krone'): AllocationModel => ({
  year: 2099,
  municipalTotal,
  regionalTotal,
  regionalKey: {
    kind: 'amounts',
    entries: [
      { regionCode: 'R1', amount: r1 },
      { regionCode: 'R2', amount: ore(regionalTotal - r1) },
    ],
    source: 'test',
    assumption: false,
  },
  populationPeriod: '2099K1',
  populationPeriodSource: 'test',
  unit,
});

const pop = (values: Record<string, number>, clusterLevel: Record<string, number> = {}): AllocationPopulation => ({
  period: '2099K1',
  municipal: new Map(Object.entries(values)),
  municipalSource: 'kommunale tal',
  clusterLevel: new Map(Object.entries(clusterLevel)),
  clusterLevelSource: 'klyngeniveau',
});

describe('allocateCommonFunds', () => {
  it('charges every municipality the same per inhabitant and splits a region by cluster population (hand-computed)', () => {
    // Populations 3000/1000/2000/3000/1000 = 10.000; 100.000 kr. → 10 kr. per inhabitant exactly.
    const r = allocateCommonFunds(register, model(kroner(100_000), kroner(60_000), kroner(36_000)), pop({ A: 3000, B: 1000, C: 2000, D: 3000, E: 1000 }));
    const [r1, r2] = r.regions;
    // k1 = A's 1000 districts + B 1000 = 2000; k2 = A's remaining 2000 + C 2000 = 4000; k3 = 4000.
    expect(r1?.clusters.map((c) => [c.name, toNumber(c.population), c.municipal / 100, c.regional / 100])).toEqual([
      ['Klynge 1', 2000, 20_000, 12_000],
      ['Klynge 2', 4000, 40_000, 24_000],
    ]);
    expect(r2?.clusters.map((c) => [c.name, c.municipal / 100, c.regional / 100, c.total / 100])).toEqual([['Klynge 3', 40_000, 24_000, 64_000]]);
    expect(r.municipalities.map((x) => [x.code, x.total / 100, toNumber(x.perInhabitant)])).toEqual([
      ['A', 30_000, 10],
      ['B', 10_000, 10],
      ['C', 20_000, 10],
      ['D', 30_000, 10],
      ['E', 10_000, 10],
    ]);
    expect(r.municipalities[0]?.byCluster).toEqual([
      { clusterId: 'k1', amount: kroner(10_000) },
      { clusterId: 'k2', amount: kroner(20_000) },
    ]);
    expect(toNumber(r1?.clusters[0]?.regionalPerInhabitant ?? fromInteger(0))).toBe(6);
    expect(allocationSumProblems(r)).toEqual([]);
  });

  it('falls back to a cluster-level population only for a cluster with a missing member, and says so', () => {
    const r = allocateCommonFunds(register, model(kroner(100_000), kroner(60_000), kroner(36_000)), pop({ A: 3000, B: 1000, D: 3000 }, { k2: 4000, k3: 4000 }));
    const sources = r.regions.flatMap((x) => x.clusters.map((c) => [c.clusterId, c.populationSource.kind]));
    expect(sources).toEqual([
      ['k1', 'municipal'],
      ['k2', 'cluster-level'],
      ['k3', 'cluster-level'],
    ]);
    expect(r.regions[0]?.clusters[1]?.populationSource).toEqual({ kind: 'cluster-level', source: 'klyngeniveau', missingMunicipalities: ['C'] });
    expect(r.regions[0]?.clusters.map((c) => c.municipal / 100)).toEqual([20_000, 40_000]);
  });

  it('refuses missing population, a wrong period and a key that does not add up — in Danish', () => {
    expect(() => allocateCommonFunds(register, model(kroner(100), kroner(60), kroner(36)), pop({ A: 3000 }))).toThrowError(
      expect.objectContaining({ code: 'allocation.population-missing', message: expect.stringContaining('Kommune B') as string }),
    );
    expect(() => allocateCommonFunds(register, { ...model(kroner(100), kroner(60), kroner(36)), populationPeriod: '2098K1' }, pop({}))).toThrowError(
      expect.objectContaining({ code: 'allocation.period-mismatch' }),
    );
    const bad = model(kroner(100), kroner(60), kroner(36));
    const wrongSum: AllocationModel = { ...bad, regionalKey: { ...bad.regionalKey, kind: 'amounts', entries: [{ regionCode: 'R1', amount: kroner(36) }, { regionCode: 'R2', amount: kroner(25) }] } };
    expect(() => allocateCommonFunds(register, wrongSum, pop({ A: 3000, B: 1, C: 1, D: 1, E: 1 }))).toThrowError(
      expect.objectContaining({ code: 'allocation.regional-key-sum' }),
    );
  });

  it('splits the regional total by shares when the key is given as shares', () => {
    const shares: AllocationModel = {
      ...model(kroner(100), kroner(90), kroner(0)),
      regionalKey: { kind: 'shares', entries: [{ regionCode: 'R1', share: fromInteger(2) }, { regionCode: 'R2', share: fromInteger(1) }], source: 'test', assumption: false },
    };
    const r = allocateCommonFunds(register, shares, pop({ A: 3000, B: 1000, C: 2000, D: 3000, E: 1000 }));
    expect(r.regions.map((x) => x.regional / 100)).toEqual([60, 30]);
    expect(r.regions[0]?.keyRow?.party).toBe('R1');
  });
});

describe('allocateCommonFunds — properties', () => {
  const popArb = fc.record({
    A: fc.integer({ min: 1001, max: 700_000 }),
    B: fc.integer({ min: 0, max: 700_000 }),
    C: fc.integer({ min: 1, max: 700_000 }),
    D: fc.integer({ min: 1, max: 700_000 }),
    E: fc.integer({ min: 0, max: 700_000 }),
  });
  const krArb = fc.integer({ min: 0, max: 100_000_000 });

  it('its totals always equal the model totals, and every row and column adds up exactly', () => {
    fc.assert(
      fc.property(popArb, krArb, krArb, fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('krone' as const, 'øre' as const), (p, mk, rk, split, unit) => {
        const r1 = Math.floor(rk * split);
        const r = allocateCommonFunds(register, model(kroner(mk), kroner(rk), kroner(r1), unit), pop(p));
        expect(r.regions.reduce((s, x) => s + x.municipal, 0)).toBe(kroner(mk));
        expect(r.regions.reduce((s, x) => s + x.regional, 0)).toBe(kroner(rk));
        expect(r.total).toBe(kroner(mk + rk));
        expect(allocationSumProblems(r)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('every contributing municipality pays the same per inhabitant, give or take one rounding unit', () => {
    fc.assert(
      fc.property(popArb, krArb, (p, mk) => {
        const r = allocateCommonFunds(register, model(kroner(mk), kroner(0), kroner(0), 'øre'), pop(p));
        const total = p.A + p.B + p.C + p.D + p.E;
        for (const x of r.municipalities) {
          const exact = (mk * 100 * x.population) / total;
          // A split municipality (A) has two rows, each within one øre of its exact share.
          expect(Math.abs(x.total - exact)).toBeLessThan(x.byCluster.length + 1e-6);
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});

describe('secretariatCoFinancing', () => {
  it('uses each membership\'s secretariat basis (partial, remainder, weight) and adds up to the cost', () => {
    const c = secretariatCoFinancing(register, 'k2', new Map([['A', 3000], ['C', 2000], ['D', 4000]]), kroner(6000), 'krone');
    // A's remainder 2000, C 2000, D ½ × 4000 = 2000 → a third each.
    expect(c.rows.map((r) => [r.municipalityCode, r.basisKind, toNumber(r.basis), r.amount / 100])).toEqual([
      ['A', 'remainder', 2000, 2000],
      ['C', 'full', 2000, 2000],
      ['D', 'weight', 2000, 2000],
    ]);
    expect(() => secretariatCoFinancing(register, 'k9', new Map(), kroner(1))).toThrowError(expect.objectContaining({ code: 'register.unknown-cluster' }));
  });
});
