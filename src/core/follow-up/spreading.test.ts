import { describe, expect, it } from 'vitest';
import { lineCost, type CostLine } from '../economy/forecast.ts';
import { kroner, ore } from '../money.ts';
import * as Q from '../rational.ts';
import type { InitiativeRef } from './initiative-ref.ts';
import { adoptedForecastLines, adoptInitiative, adoptionEligibility, lineageOf, spreadLineYears, type LineageLink } from './spreading.ts';
import { decided, KLYNGE_BY, KLYNGE_NORD_H, KLYNGE_SYD, readyDraft, REGION_H } from './test-fixtures.ts';

const origin: InitiativeRef = {
  id: 'ini-1',
  title: 'Udgående akutteam til plejecentre',
  clusterId: KLYNGE_SYD,
  regionId: REGION_H,
  targetGroup: 'Akutområdet',
  forecastTotalOre: kroner(1_250_000),
};

describe('spreading eligibility', () => {
  it('lets only the clusters named in a "spread to clusters" recommendation adopt', () => {
    const ev = decided({ kind: 'spread-to-clusters', clusterIds: [KLYNGE_BY] });
    expect(adoptionEligibility(origin, ev, KLYNGE_BY)).toEqual({ allowed: true });
    expect(adoptionEligibility(origin, ev, KLYNGE_NORD_H)).toEqual({
      allowed: false,
      reason: 'Sundhedssamarbejdsudvalget har ikke anbefalet indsatsen udbredt til denne klynge.',
    });
  });

  it('lets any other cluster, in any region, adopt a nationally recommended initiative', () => {
    const ev = decided({ kind: 'national' });
    for (const c of [KLYNGE_BY, KLYNGE_NORD_H, 'fynsklyngen']) expect(adoptionEligibility(origin, ev, c).allowed).toBe(true);
    expect(adoptionEligibility(origin, ev, KLYNGE_SYD)).toEqual({ allowed: false, reason: 'Indsatsen er allerede klyngens egen.' });
  });

  it('refuses without a recommendation, before the SSU decided, for another initiative, and twice', () => {
    expect(adoptionEligibility(origin, decided({ kind: 'none' }), KLYNGE_BY).allowed).toBe(false);
    expect(adoptionEligibility(origin, readyDraft(), KLYNGE_BY)).toEqual({
      allowed: false,
      reason: 'Sundhedssamarbejdsudvalget har endnu ikke truffet beslutning om udbredelse af indsatsen.',
    });
    expect(adoptionEligibility(origin, decided({ kind: 'national' }, 'ev-2', 'ini-other'), KLYNGE_BY).allowed).toBe(false);
    const { link } = adoptInitiative(origin, decided({ kind: 'national' }), { clusterId: KLYNGE_BY, regionId: REGION_H, newInitiativeId: 'ini-2' });
    expect(() => adoptInitiative(origin, decided({ kind: 'national' }), { clusterId: KLYNGE_BY, regionId: REGION_H, newInitiativeId: 'ini-3' }, [link])).toThrowError(
      expect.objectContaining({ code: 'spreading.not-allowed', message: 'Klyngen har allerede overtaget denne indsats.' }),
    );
  });
});

describe('adopting an initiative', () => {
  it("creates a new initiative in the adopting cluster with the origin's forecast as the starting point", () => {
    const { initiative, link } = adoptInitiative(origin, decided({ kind: 'spread-to-clusters', clusterIds: [KLYNGE_BY] }), {
      clusterId: KLYNGE_BY,
      regionId: REGION_H,
      newInitiativeId: 'ini-2',
    });
    expect(initiative).toEqual({
      id: 'ini-2',
      title: origin.title,
      clusterId: KLYNGE_BY,
      regionId: REGION_H,
      targetGroup: 'Akutområdet',
      forecastTotalOre: 125_000_000,
      originInitiativeId: 'ini-1',
    });
    expect(link).toEqual({ originInitiativeId: 'ini-1', originClusterId: KLYNGE_SYD, adoptedInitiativeId: 'ini-2', adoptedClusterId: KLYNGE_BY, evaluationId: 'ev-1' });
  });

  it('shows lineage both ways, across generations', () => {
    const links: LineageLink[] = [
      { originInitiativeId: 'a', originClusterId: 's', adoptedInitiativeId: 'b', adoptedClusterId: 'by', evaluationId: 'e1' },
      { originInitiativeId: 'a', originClusterId: 's', adoptedInitiativeId: 'c', adoptedClusterId: 'n', evaluationId: 'e1' },
      { originInitiativeId: 'b', originClusterId: 'by', adoptedInitiativeId: 'd', adoptedClusterId: 'fyn', evaluationId: 'e2' },
    ];
    expect(lineageOf('a', links).descendants.map((l) => l.adoptedInitiativeId)).toEqual(['b', 'c', 'd']);
    expect(lineageOf('a', links).ancestors).toEqual([]);
    expect(lineageOf('d', links).ancestors.map((l) => l.originInitiativeId)).toEqual(['b', 'a']);
    expect(lineageOf('b', links)).toEqual({ ancestors: [links[0]], descendants: [links[2]] });
    // Bad data with a cycle does not loop forever.
    const cyclic = [...links, { originInitiativeId: 'd', originClusterId: 'fyn', adoptedInitiativeId: 'a', adoptedClusterId: 's', evaluationId: 'e3' }];
    expect(lineageOf('a', cyclic).ancestors.map((l) => l.originInitiativeId)).toEqual(['d', 'b']);
  });
});

describe('adopted forecast lines follow their months into the new period (issue 15 point 6)', () => {
  const y2023 = { startPeriod: { year: 2023, month: 1 }, endPeriod: { year: 2023, month: 12 } };
  const other = (id: string, year: number, kr: number): CostLine => ({ id, kind: 'other', year, description: 'Afprøvning', category: 'trial', funding: 'common', party: '167', amount: ore(kr * 100) });

  it('spreads a whole-year line over the two years a later start makes it span, to the øre', () => {
    // Adopted from March 2024: 10 months in 2024, 2 in 2025.
    expect(spreadLineYears(2023, y2023.startPeriod, y2023.endPeriod, 14)).toEqual([{ year: 2024, months: 10 }, { year: 2025, months: 2 }]);
    const lines = adoptedForecastLines([other('L1', 2023, 100_001)], y2023, 14, '147');
    expect(lines.map((l) => [l.id, l.year, l.party, l.kind === 'other' ? l.amount : null])).toEqual([
      ['L1-2024', 2024, '147', 8_333_417],
      ['L1-2025', 2025, '147', 1_666_683],
    ]);
    expect(lines.reduce((s, l) => s + (l.kind === 'other' ? l.amount : 0), 0)).toBe(100_001_00);
  });

  it('keeps a line in one year when the new start keeps it there, and splits salary months exactly', () => {
    expect(adoptedForecastLines([other('L1', 2023, 600_000)], y2023, 12, '147').map((l) => [l.id, l.year])).toEqual([['L1', 2024]]);
    const salary: CostLine = { id: 'S1', kind: 'salary', year: 2023, description: 'Sygeplejerske', category: 'development', funding: 'common', party: '167', annualSalary: ore(480_000_00), fteShare: Q.rational(1n), months: Q.rational(12n) };
    const [a, b] = adoptedForecastLines([salary], y2023, 17, '147');
    // From June 2024: 7 months in 2024, 5 in 2025.
    expect([a?.year, a?.kind === 'salary' ? Q.toFractionString(a.months) : null, b?.year, b?.kind === 'salary' ? Q.toFractionString(b.months) : null]).toEqual([2024, '7', 2025, '5']);
    expect((a ? lineCost(a) : 0) + (b ? lineCost(b) : 0)).toBe(lineCost(salary));
  });
});
