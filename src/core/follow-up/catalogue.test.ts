import { describe, expect, it } from 'vitest';
import { isoDate } from '../calendar.ts';
import { kroner } from '../money.ts';
import { canSee, foldDanish, searchCatalogue, type CatalogueEntry, type Reader } from './catalogue.ts';
import type { Recommendation } from './evaluation.ts';

function entry(id: string, over: Partial<CatalogueEntry> & { recommendation?: Recommendation }): CatalogueEntry {
  const { recommendation, ...rest } = over;
  return {
    initiativeId: id,
    title: `Indsats ${id}`,
    description: '',
    clusterId: 'h-syd',
    clusterName: 'Klynge Syd',
    regionId: '1084',
    regionName: 'Region Hovedstaden',
    targetGroup: 'Borgere med kronisk sygdom',
    status: 'ended',
    startYear: 2022,
    endYear: 2023,
    durationMonths: 12,
    costOre: kroner(500_000),
    ...(recommendation
      ? { evaluation: { id: `ev-${id}`, status: 'decided' as const, results: [], conclusion: '', decision: { recommendation, justification: 'Begrundelse', decidedOn: isoDate('2023-09-14') } } }
      : {}),
    ...rest,
  };
}

// Klynge Syd (own draft-ish), Klynge By (no recommendation), Fynsklyngen (recommended nationally),
// Sønderjysk Klynge (no decision yet), Klynge Nord H (recommended to Klynge By only).
const entries: CatalogueEntry[] = [
  entry('syd', { status: 'running', endYear: 2024 }),
  entry('by', { clusterId: 'h-by', clusterName: 'Klynge By', recommendation: { kind: 'none' } }),
  entry('fyn', { clusterId: 'fyn', clusterName: 'Fynsklyngen', regionId: '1083', regionName: 'Region Syddanmark', recommendation: { kind: 'national' } }),
  entry('snd', { clusterId: 'snd', clusterName: 'Sønderjysk Klynge', regionId: '1083', regionName: 'Region Syddanmark' }),
  entry('nord', { clusterId: 'h-nord', clusterName: 'Klynge Nord', recommendation: { kind: 'spread-to-clusters', clusterIds: ['h-by'] } }),
];
const ids = (reader: Reader): string[] => searchCatalogue(entries, reader).map((e) => e.initiativeId).sort();

describe('catalogue visibility per role', () => {
  it('national readers and system administrators see everything', () => {
    expect(ids({ roles: [{ role: 'national-reader' }] })).toEqual(['by', 'fyn', 'nord', 'snd', 'syd']);
    expect(ids({ roles: [{ role: 'system-admin' }] })).toEqual(['by', 'fyn', 'nord', 'snd', 'syd']);
  });

  it('an SSU member sees its region, plus recommended entries from other regions', () => {
    expect(ids({ roles: [{ role: 'ssu-member', regionId: '1084' }] })).toEqual(['by', 'fyn', 'nord', 'syd']);
    expect(ids({ roles: [{ role: 'ssu-member', regionId: '1083' }] })).toEqual(['fyn', 'nord', 'snd']);
  });

  it('a cluster secretariat sees its own cluster plus recommended entries from other clusters', () => {
    expect(ids({ roles: [{ role: 'cluster-secretariat', clusterId: 'h-syd' }] })).toEqual(['fyn', 'nord', 'syd']);
    // Not Klynge By's entry (the SSU did not recommend it) nor Sønderjysk's (not decided yet).
    expect(canSee({ roles: [{ role: 'cluster-secretariat', clusterId: 'h-syd' }] }, entries[1] as CatalogueEntry)).toBe(false);
  });

  it('a finance officer sees the clusters it serves; several roles give the union; no role gives nothing', () => {
    expect(ids({ roles: [{ role: 'finance-officer', clusterIds: ['h-syd', 'h-by'] }] })).toEqual(['by', 'fyn', 'nord', 'syd']);
    expect(ids({ roles: [{ role: 'cluster-secretariat', clusterId: 'snd' }, { role: 'finance-officer', clusterIds: ['h-by'] }] })).toEqual(['by', 'fyn', 'nord', 'snd']);
    expect(ids({ roles: [] })).toEqual([]);
  });
});

describe('catalogue search and filters', () => {
  const all: Reader = { roles: [{ role: 'national-reader' }] };
  const find = (filter: Parameters<typeof searchCatalogue>[2]): string[] => searchCatalogue(entries, all, filter).map((e) => e.initiativeId).sort();

  it('folds Danish letters and diacritics so either spelling finds the other', () => {
    expect(foldDanish('Åbenrå')).toBe(foldDanish('Aabenraa'));
    expect(foldDanish('SØNDERJYSK Klynge')).toBe('soenderjysk klynge');
    expect(foldDanish('Ærø, Café-drift')).toBe('aeroe cafe drift');
    expect(find({ text: 'sonderjysk' })).toEqual([]);
    expect(find({ text: 'soenderjysk' })).toEqual(['snd']);
    expect(find({ text: 'SØNDERJYSK' })).toEqual(['snd']);
    expect(find({ text: 'syddanmark fyns' })).toEqual(['fyn']);
  });

  it('filters by region, cluster, status, recommendation, year and target group', () => {
    expect(find({ regionIds: ['1083'] })).toEqual(['fyn', 'snd']);
    expect(find({ clusterIds: ['h-by', 'h-nord'] })).toEqual(['by', 'nord']);
    expect(find({ statuses: ['running'] })).toEqual(['syd']);
    expect(find({ recommendations: ['national', 'spread-to-clusters'] })).toEqual(['fyn', 'nord']);
    expect(find({ recommendations: ['none-yet'] })).toEqual(['snd', 'syd']);
    expect(find({ year: 2024 })).toEqual(['syd']);
    expect(find({ year: 2021 })).toEqual([]);
    expect(find({ targetGroups: ['borgere med KRONISK sygdom'] })).toHaveLength(5);
    expect(find({ targetGroups: ['Akutområdet'] })).toEqual([]);
    expect(find({ regionIds: ['1084'], recommendations: ['none'], text: 'klynge by' })).toEqual(['by']);
  });

  it('orders newest first, then by title in Danish alphabetical order (Å after Z)', () => {
    const list = [
      entry('1', { title: 'Åben dialog', startYear: 2023 }),
      entry('2', { title: 'Zoneterapi', startYear: 2023 }),
      entry('3', { title: 'Akutteam', startYear: 2023 }),
      entry('4', { title: 'Bosteder', startYear: 2024 }),
    ];
    expect(searchCatalogue(list, all).map((e) => e.title)).toEqual(['Bosteder', 'Akutteam', 'Zoneterapi', 'Åben dialog']);
  });
});
