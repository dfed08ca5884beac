import { distribute, type Distribution, type DistributionRow, type DistributionUnit, type KeyEntry } from './distribution.ts';
import { DomainError } from './errors.ts';
import { addOre, type Øre } from './money.ts';
import * as Q from './rational.ts';
import type { Rational } from './rational.ts';
import {
  basisNeedsPopulation,
  membersOf,
  membershipBasis,
  municipalityName,
  type ClusterId,
  type DistributionBasis,
  type MunicipalityCode,
  type RegionCode,
  type Register,
} from './register.ts';

/**
 * The common-funds allocation of a year (fordeling af fælles midler, Bilag 1 Tabel 1):
 * - municipal part: the municipal total distributed over every contributing membership by its
 *   population basis, so every municipality pays the same per inhabitant; a cluster's municipal
 *   part is the sum of its members' shares;
 * - regional part: the regional total split over the regions by the regional key (bloktilskuds-
 *   nøgle, as amounts or shares); each region's amount distributed over its clusters by cluster
 *   population.
 * Every split is one call of distribute(), so every row and column adds up exactly.
 */

/** The regional key (bloktilskudsnøgle) as whole amounts per region or as shares of the regional total. */
export type RegionalKey =
  | {
      readonly kind: 'amounts';
      readonly entries: readonly { readonly regionCode: RegionCode; readonly amount: Øre }[];
      readonly source: string;
      readonly assumption: boolean;
    }
  | {
      readonly kind: 'shares';
      readonly entries: readonly { readonly regionCode: RegionCode; readonly share: Rational }[];
      readonly source: string;
      readonly assumption: boolean;
    };

/**
 * An agreed split of one region's amount over its clusters (aftalt regional fordeling) instead of
 * by cluster population: a weight per cluster (e.g. the amounts a region decided), with its source.
 */
export interface AgreedRegionalSplit {
  readonly regionCode: RegionCode;
  readonly weights: ReadonlyMap<ClusterId, Rational>;
  readonly source: string;
}

/** Model parameters of a year (model for fordeling). */
export interface AllocationModel {
  readonly year: number;
  /** The municipalities' total (kommunernes andel), e.g. 40 mio. kr. */
  readonly municipalTotal: Øre;
  /** The regions' total (regionernes andel), e.g. 40 mio. kr. */
  readonly regionalTotal: Øre;
  readonly regionalKey: RegionalKey;
  /** Population period (kvartal), e.g. 2022K1. */
  readonly populationPeriod: string;
  readonly populationPeriodSource: string;
  /** Whole kroner as the published table, or øre. */
  readonly unit: DistributionUnit;
  /** Regions whose amount is split by an agreed key; every other region splits by cluster population. */
  readonly regionalSplits?: readonly AgreedRegionalSplit[];
}

/** The population behind a run: municipal figures (maybe incomplete) and cluster-level fallbacks. */
export interface AllocationPopulation {
  readonly period: string;
  readonly municipal: ReadonlyMap<MunicipalityCode, number>;
  readonly municipalSource: string;
  /** Used only for a cluster whose contributing members' municipal figures are not all present. */
  readonly clusterLevel: ReadonlyMap<ClusterId, number>;
  readonly clusterLevelSource: string;
}

export type ClusterPopulationSource =
  | { readonly kind: 'municipal'; readonly source: string }
  | { readonly kind: 'cluster-level'; readonly source: string; readonly missingMunicipalities: readonly MunicipalityCode[] };

/** One contributing membership's share of the municipal total (kommunens bidrag til klyngen). */
export interface MembershipContribution {
  readonly municipalityCode: MunicipalityCode;
  readonly municipality: string;
  readonly basisKind: DistributionBasis['kind'];
  readonly basis: Rational;
  readonly amount: Øre;
  readonly row: DistributionRow;
}

export interface ClusterAllocation {
  readonly clusterId: ClusterId;
  readonly name: string;
  readonly regionCode: RegionCode;
  readonly population: Rational;
  readonly populationSource: ClusterPopulationSource;
  readonly municipal: Øre;
  readonly regional: Øre;
  readonly total: Øre;
  /** kr. per inhabitant, municipal side (exact). */
  readonly municipalPerInhabitant: Rational;
  /** kr. per inhabitant, regional side (exact). */
  readonly regionalPerInhabitant: Rational;
  /** The municipal distribution's rows for this cluster (one per membership, or one cluster-level row). */
  readonly municipalRows: readonly DistributionRow[];
  /** Per-municipality contributions; empty when the cluster used a cluster-level population. */
  readonly contributions: readonly MembershipContribution[];
  /** This cluster's row in its region's distribution. */
  readonly regionalRow: DistributionRow;
}

export interface RegionAllocation {
  readonly regionCode: RegionCode;
  readonly name: string;
  readonly municipal: Øre;
  readonly regional: Øre;
  readonly total: Øre;
  readonly population: Rational;
  readonly municipalPerInhabitant: Rational;
  readonly regionalPerInhabitant: Rational;
  /** The region's row in the regional-key distribution (only when the key is given as shares). */
  readonly keyRow: DistributionRow | null;
  /** The region's amount distributed over its clusters. */
  readonly distribution: Distribution;
  readonly clusters: readonly ClusterAllocation[];
}

/** A municipality's total contribution over its clusters (kommunens samlede bidrag). */
export interface MunicipalityContribution {
  readonly code: MunicipalityCode;
  readonly name: string;
  readonly population: number;
  readonly total: Øre;
  readonly byCluster: readonly { readonly clusterId: ClusterId; readonly amount: Øre }[];
  /** kr. per inhabitant (exact). */
  readonly perInhabitant: Rational;
}

export interface AllocationResult {
  readonly year: number;
  readonly unit: DistributionUnit;
  readonly populationPeriod: string;
  readonly municipalTotal: Øre;
  readonly regionalTotal: Øre;
  readonly total: Øre;
  /** In register (Tabel 1) order. */
  readonly regions: readonly RegionAllocation[];
  /** Municipalities whose figures were used, in code order. */
  readonly municipalities: readonly MunicipalityContribution[];
  readonly municipalDistribution: Distribution;
  readonly regionalKeyDistribution: Distribution | null;
}

const ZERO = Q.fromInteger(0);
const sumQ = (xs: readonly Rational[]): Rational => xs.reduce((s, x) => Q.add(s, x), ZERO);
/** Kr. per inhabitant, exact: øre / (inhabitants × 100); zero inhabitants give zero. */
export const perInhabitantKr = (amount: number, population: Rational): Rational =>
  Q.isZero(population) ? ZERO : Q.div(Q.fromInteger(amount), Q.mul(population, Q.fromInteger(100)));

interface ResolvedCluster {
  readonly clusterId: ClusterId;
  readonly source: ClusterPopulationSource;
  readonly parts: readonly { readonly party: string; readonly municipalityCode: MunicipalityCode | null; readonly basisKind: DistributionBasis['kind']; readonly basis: Rational }[];
}

/** Which population each cluster uses: its members' municipal figures when complete, else its cluster-level figure. */
export function resolveClusterPopulations(register: Register, population: AllocationPopulation): ResolvedCluster[] {
  return register.clusters.map((cluster): ResolvedCluster => {
    const contributing = membersOf(register, cluster.id).filter((m) => m.basis['common-funds'].kind !== 'none');
    if (contributing.length === 0) {
      throw new DomainError('allocation.no-contributors', `${cluster.name} har ingen bidragende kommuner.`, { cluster: cluster.id });
    }
    const needed = new Set<MunicipalityCode>();
    for (const m of contributing) {
      const b = m.basis['common-funds'];
      if (basisNeedsPopulation(b)) needed.add(m.municipalityCode);
      // A remainder also depends on the partial counts, which are fixed; nothing more to look up.
    }
    const missing = [...needed].filter((c) => !population.municipal.has(c));
    if (missing.length === 0) {
      return {
        clusterId: cluster.id,
        source: { kind: 'municipal', source: population.municipalSource },
        parts: contributing.map((m) => ({
          party: `${cluster.id}|${m.municipalityCode}`,
          municipalityCode: m.municipalityCode,
          basisKind: m.basis['common-funds'].kind,
          basis: membershipBasis(register, m, 'common-funds', population.municipal.get(m.municipalityCode)),
        })),
      };
    }
    const clusterLevel = population.clusterLevel.get(cluster.id);
    if (clusterLevel === undefined) {
      throw new DomainError(
        'allocation.population-missing',
        `${cluster.name}: der mangler befolkningstal for ${missing.map((c) => municipalityName(register, c)).join(', ')} (${population.period}); importér FOLK1A for perioden.`,
        { cluster: cluster.id, missing },
      );
    }
    return {
      clusterId: cluster.id,
      source: { kind: 'cluster-level', source: population.clusterLevelSource, missingMunicipalities: missing },
      parts: [{ party: `${cluster.id}|*`, municipalityCode: null, basisKind: 'full', basis: Q.fromInteger(clusterLevel) }],
    };
  });
}

function regionAmounts(register: Register, model: AllocationModel): { amounts: Map<RegionCode, Øre>; distribution: Distribution | null } {
  const key = model.regionalKey;
  const codes = register.regions.map((r) => r.code);
  const given = key.entries.map((e) => e.regionCode);
  const missing = codes.filter((c) => !given.includes(c));
  const unknown = given.filter((c) => !codes.includes(c));
  const dup = given.filter((c, i) => given.indexOf(c) !== i);
  if (missing.length + unknown.length + dup.length > 0) {
    throw new DomainError(
      'allocation.regional-key-invalid',
      `Regionsnøglen skal have hver region præcis én gang (mangler: ${missing.join(', ') || 'ingen'}; ukendte: ${unknown.join(', ') || 'ingen'}; dobbelte: ${dup.join(', ') || 'ingen'}).`,
    );
  }
  switch (key.kind) {
    case 'amounts': {
      const sum = addOre(...key.entries.map((e) => e.amount));
      if (sum !== model.regionalTotal) {
        throw new DomainError(
          'allocation.regional-key-sum',
          `Regionsnøglens beløb summer til ${String(sum / 100)} kr., men regionernes ramme er ${String(model.regionalTotal / 100)} kr.`,
        );
      }
      if (model.unit === 'krone' && key.entries.some((e) => e.amount % 100 !== 0)) {
        throw new DomainError('allocation.regional-key-unit', 'Regionsnøglens beløb skal være hele kroner, når der fordeles i hele kroner.');
      }
      return { amounts: new Map(key.entries.map((e) => [e.regionCode, e.amount])), distribution: null };
    }
    case 'shares': {
      const d = distribute(
        model.regionalTotal,
        key.entries.map((e): KeyEntry => ({ party: e.regionCode, basis: e.share })),
        model.unit,
      );
      return { amounts: new Map(d.rows.map((r) => [r.party, r.amount])), distribution: d };
    }
  }
}

/** Computes the allocation. Pure: same inputs, same result. */
export function allocateCommonFunds(register: Register, model: AllocationModel, population: AllocationPopulation): AllocationResult {
  if (population.period !== model.populationPeriod) {
    throw new DomainError(
      'allocation.period-mismatch',
      `Befolkningstallene er for ${population.period}, men modellen for ${String(model.year)} bruger ${model.populationPeriod}.`,
    );
  }
  const resolved = resolveClusterPopulations(register, population);
  const municipalKey: KeyEntry[] = resolved.flatMap((c) => c.parts.map((p) => ({ party: p.party, basis: p.basis })));
  const municipalDistribution = distribute(model.municipalTotal, municipalKey, model.unit);
  const rowByParty = new Map(municipalDistribution.rows.map((r) => [r.party, r]));
  const regional = regionAmounts(register, model);
  const keyRowByRegion = new Map((regional.distribution?.rows ?? []).map((r) => [r.party, r]));

  const regions = register.regions.map((region): RegionAllocation => {
    const clusters = register.clusters.filter((c) => c.regionCode === region.code);
    const resolvedHere = clusters.map((c) => {
      const r = resolved.find((x) => x.clusterId === c.id);
      if (!r) throw new DomainError('allocation.internal', `Klyngen ${c.id} mangler i opløsningen.`);
      return { cluster: c, resolved: r, population: sumQ(r.parts.map((p) => p.basis)) };
    });
    const amount = regional.amounts.get(region.code);
    if (amount === undefined) throw new DomainError('allocation.internal', `Region ${region.code} mangler i nøglen.`);
    if (clusters.length === 0) {
      throw new DomainError('allocation.region-without-clusters', `${region.name} har ingen klynger i registret.`);
    }
    const agreed = model.regionalSplits?.find((s) => s.regionCode === region.code);
    const weightOf = (clusterId: ClusterId): Rational => {
      const w = agreed?.weights.get(clusterId);
      if (w === undefined) throw new DomainError('allocation.regional-split-invalid', `Den aftalte fordeling for ${region.name} mangler en vægt for klyngen ${clusterId}.`, { clusterId });
      return w;
    };
    const distribution = distribute(
      amount,
      resolvedHere.map((x): KeyEntry => ({ party: x.cluster.id, basis: agreed ? weightOf(x.cluster.id) : x.population })),
      model.unit,
    );
    const clusterAllocations = resolvedHere.map((x, i): ClusterAllocation => {
      const municipalRows = x.resolved.parts.map((p) => {
        const row = rowByParty.get(p.party);
        if (!row) throw new DomainError('allocation.internal', `Rækken ${p.party} mangler.`);
        return row;
      });
      const regionalRow = distribution.rows[i];
      if (!regionalRow) throw new DomainError('allocation.internal', `Regionsrækken for ${x.cluster.id} mangler.`);
      const municipal = addOre(...municipalRows.map((r) => r.amount));
      const contributions = x.resolved.parts.flatMap((p, j): MembershipContribution[] => {
        const row = municipalRows[j];
        if (p.municipalityCode === null || !row) return [];
        return [
          {
            municipalityCode: p.municipalityCode,
            municipality: municipalityName(register, p.municipalityCode),
            basisKind: p.basisKind,
            basis: p.basis,
            amount: row.amount,
            row,
          },
        ];
      });
      return {
        clusterId: x.cluster.id,
        name: x.cluster.name,
        regionCode: region.code,
        population: x.population,
        populationSource: x.resolved.source,
        municipal,
        regional: regionalRow.amount,
        total: addOre(municipal, regionalRow.amount),
        municipalPerInhabitant: perInhabitantKr(municipal, x.population),
        regionalPerInhabitant: perInhabitantKr(regionalRow.amount, x.population),
        municipalRows,
        contributions,
        regionalRow,
      };
    });
    const municipal = addOre(...clusterAllocations.map((c) => c.municipal));
    const population = sumQ(clusterAllocations.map((c) => c.population));
    return {
      regionCode: region.code,
      name: region.name,
      municipal,
      regional: amount,
      total: addOre(municipal, amount),
      population,
      municipalPerInhabitant: perInhabitantKr(municipal, population),
      regionalPerInhabitant: perInhabitantKr(amount, population),
      keyRow: keyRowByRegion.get(region.code) ?? null,
      distribution,
      clusters: clusterAllocations,
    };
  });

  const orphan = register.clusters.filter((c) => !register.regions.some((r) => r.code === c.regionCode));
  if (orphan.length > 0) {
    throw new DomainError('allocation.internal', `Klynger uden region: ${orphan.map((c) => c.id).join(', ')}.`);
  }

  const municipalities = municipalityTotals(register, population, regions);
  return {
    year: model.year,
    unit: model.unit,
    populationPeriod: model.populationPeriod,
    municipalTotal: model.municipalTotal,
    regionalTotal: model.regionalTotal,
    total: addOre(model.municipalTotal, model.regionalTotal),
    regions,
    municipalities,
    municipalDistribution,
    regionalKeyDistribution: regional.distribution,
  };
}

function municipalityTotals(
  register: Register,
  population: AllocationPopulation,
  regions: readonly RegionAllocation[],
): MunicipalityContribution[] {
  const byCode = new Map<MunicipalityCode, { clusterId: ClusterId; amount: Øre }[]>();
  for (const r of regions) {
    for (const c of r.clusters) {
      for (const m of c.contributions) {
        const list = byCode.get(m.municipalityCode) ?? [];
        list.push({ clusterId: c.clusterId, amount: m.amount });
        byCode.set(m.municipalityCode, list);
      }
    }
  }
  return [...byCode.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .flatMap(([code, byCluster]): MunicipalityContribution[] => {
      const pop = population.municipal.get(code);
      const total = addOre(...byCluster.map((x) => x.amount));
      // A municipality with only a partial (fixed-count) membership may have no population figure.
      if (pop === undefined) return [];
      return [{ code, name: municipalityName(register, code), population: pop, total, byCluster, perInhabitant: perInhabitantKr(total, Q.fromInteger(pop)) }];
    });
}

/**
 * Every row and column check of a result, as Danish problem texts (empty = all add up exactly):
 * cluster Kommuner + Region = I alt; each region's clusters sum to the region's row; the regions
 * sum to the model's totals; each municipality's contributions sum to its total.
 */
export function allocationSumProblems(result: AllocationResult): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, text: string): void => {
    if (!ok) problems.push(text);
  };
  for (const r of result.regions) {
    check(r.municipal + r.regional === r.total, `${r.name}: Kommuner + Region ≠ I alt.`);
    check(r.clusters.reduce((s, c) => s + c.municipal, 0) === r.municipal, `${r.name}: klyngernes Kommuner ≠ regionens.`);
    check(r.clusters.reduce((s, c) => s + c.regional, 0) === r.regional, `${r.name}: klyngernes Region ≠ regionens.`);
    check(r.clusters.reduce((s, c) => s + c.total, 0) === r.total, `${r.name}: klyngernes I alt ≠ regionens.`);
    for (const c of r.clusters) {
      check(c.municipal + c.regional === c.total, `${c.name} (${r.name}): Kommuner + Region ≠ I alt.`);
      check(c.municipalRows.reduce((s, x) => s + x.amount, 0) === c.municipal, `${c.name}: medlemmernes bidrag ≠ Kommuner.`);
    }
  }
  check(result.regions.reduce((s, r) => s + r.municipal, 0) === result.municipalTotal, 'Kommuner i alt ≠ kommunernes ramme.');
  check(result.regions.reduce((s, r) => s + r.regional, 0) === result.regionalTotal, 'Region i alt ≠ regionernes ramme.');
  check(result.regions.reduce((s, r) => s + r.total, 0) === result.total, 'I alt ≠ samlet ramme.');
  check(result.municipalTotal + result.regionalTotal === result.total, 'Kommuner + Region ≠ I alt (total).');
  for (const m of result.municipalities) {
    check(m.byCluster.reduce((s, x) => s + x.amount, 0) === m.total, `${m.name}: bidrag pr. klynge ≠ samlet bidrag.`);
  }
  return problems;
}
