import { describe, expect, it } from 'vitest';
import { kroner } from '../money.ts';
import type { InitiativeRef } from './initiative-ref.ts';
import { adoptInitiative, adoptionEligibility, lineageOf, type LineageLink } from './spreading.ts';
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

