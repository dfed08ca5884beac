import type { AgreedRegionalSplit, AllocationModel, RegionalKey } from './allocation.ts';
import { DomainError } from './errors.ts';
import { ore } from './money.ts';
import * as Q from './rational.ts';
import type { Register } from './register.ts';

/**
 * What-if allocations (scenarier): the decided model with other inputs. A scenario never changes
 * a run; it is computed beside it and compared per cluster and party. Pure.
 */

/** The inputs a scenario changes; anything absent is the decided model's. */
export interface ScenarioInputs {
  /** Another population period (an imported FOLK1A quarter), e.g. 2023K1. */
  readonly populationPeriod?: string;
  /** A read but not necessarily confirmed FOLK1A file (its preview's import id): its quarter and figures. */
  readonly populationImportId?: string;
  /** Another regional key (bloktilskudsnøgle): amounts in øre or shares per region code. */
  readonly regionalKey?: { readonly kind: 'amounts'; readonly values: Readonly<Record<string, number>>; readonly source: string } | { readonly kind: 'shares'; readonly values: Readonly<Record<string, string>>; readonly source: string };
  /** Other district figures: a partial member's count in a cluster (e.g. København's districts in Klynge Syd). */
  readonly districtFigures?: readonly { readonly clusterId: string; readonly municipalityCode: string; readonly population: number }[];
  /** How a region's amount is split over its clusters: by population, or by an agreed weight per cluster. */
  readonly regionalSplits?: readonly ({ readonly regionCode: string; readonly kind: 'population' } | { readonly regionCode: string; readonly kind: 'agreed'; readonly weights: Readonly<Record<string, string>>; readonly source: string })[];
}

/** The register and model a scenario computes with. */
export function applyScenario(register: Register, model: AllocationModel, inputs: ScenarioInputs): { register: Register; model: AllocationModel } {
  let memberships = register.memberships;
  for (const d of inputs.districtFigures ?? []) {
    const m = memberships.find((x) => x.clusterId === d.clusterId && x.municipalityCode === d.municipalityCode);
    const basis = m?.basis['common-funds'];
    if (!m || basis?.kind !== 'partial') {
      throw new DomainError('scenario.district-invalid', `Kommune ${d.municipalityCode} deltager ikke med et bydelstal (delvis) i klyngen ${d.clusterId}; kun et delvist medlemskab kan have et andet bydelstal.`, { field: 'districtFigures' });
    }
    // The district's population is one fact: it counts for the common funds and, where the
    // secretariat basis is the same district, for the secretariat's co-financing too.
    const secretariat = m.basis.secretariat;
    const nextSecretariat = secretariat.kind === 'partial' ? { ...secretariat, population: d.population } : secretariat;
    memberships = memberships.map((x) => (x === m ? { ...x, basis: { 'common-funds': { ...basis, population: d.population }, secretariat: nextSecretariat } } : x));
  }
  let regionalKey: RegionalKey = model.regionalKey;
  if (inputs.regionalKey) {
    const k = inputs.regionalKey;
    regionalKey =
      k.kind === 'amounts'
        ? { kind: 'amounts', entries: Object.entries(k.values).map(([regionCode, v]) => ({ regionCode, amount: ore(v) })), source: k.source, assumption: false }
        : { kind: 'shares', entries: Object.entries(k.values).map(([regionCode, v]) => ({ regionCode, share: Q.parseDecimal(v) })), source: k.source, assumption: false };
  }
  let splits: AgreedRegionalSplit[] = [...(model.regionalSplits ?? [])];
  for (const s of inputs.regionalSplits ?? []) {
    if (!register.regions.some((r) => r.code === s.regionCode)) throw new DomainError('scenario.region-unknown', `Region ${s.regionCode} findes ikke.`, { field: 'regionalSplits' });
    splits = splits.filter((x) => x.regionCode !== s.regionCode);
    if (s.kind === 'agreed') {
      const clusters = register.clusters.filter((c) => c.regionCode === s.regionCode).map((c) => c.id);
      const unknown = Object.keys(s.weights).filter((c) => !clusters.includes(c));
      if (unknown.length > 0) throw new DomainError('scenario.split-invalid', `Den aftalte fordeling nævner klynger uden for regionen: ${unknown.join(', ')}.`, { field: 'regionalSplits' });
      splits.push({ regionCode: s.regionCode, weights: new Map(Object.entries(s.weights).map(([c, w]) => [c, Q.parseDecimal(w)])), source: s.source });
    }
  }
  const { regionalSplits: _old, ...rest } = model;
  return {
    register: { ...register, memberships },
    model: {
      ...rest,
      regionalKey,
      ...(inputs.populationPeriod !== undefined ? { populationPeriod: inputs.populationPeriod, populationPeriodSource: 'Scenariets befolkningskvartal' } : {}),
      ...(splits.length > 0 ? { regionalSplits: splits } : {}),
    },
  };
}

/** The part of a stored run result the comparison reads. */
export interface ComparableResult {
  readonly regions: readonly {
    readonly regionCode: string;
    readonly region: string;
    readonly clusters: readonly { readonly clusterId: string; readonly cluster: string; readonly municipalOre: number; readonly regionalOre: number; readonly totalOre: number }[];
  }[];
  readonly municipalities?: readonly { readonly code: string; readonly name: string; readonly byCluster: readonly { readonly clusterId: string; readonly amountOre: number }[] }[];
}

/** One line of a comparison: a party's amount in a cluster, decided and in the scenario. */
export interface ComparisonRow {
  readonly clusterId: string;
  readonly cluster: string;
  readonly region: string;
  /** `municipalities` (the cluster's municipal part), `municipality:101`, `region`, `total`. */
  readonly party: string;
  readonly partyName: string;
  readonly decidedOre: number;
  readonly scenarioOre: number;
  readonly differenceOre: number;
  /** difference / decided in per cent, two decimals, Danish comma; null when decided is 0. */
  readonly differencePercent: string | null;
}

function percent(diff: number, base: number): string | null {
  if (base === 0) return null;
  return Q.toDecimalString(Q.div(Q.fromInteger(diff * 100), Q.fromInteger(base)), 2);
}

/**
 * Per cluster and party: decided, scenario, difference in øre and per cent. Parties are the
 * cluster's municipalities (each one where both results have its contribution, else their sum),
 * its region, and the cluster's total.
 */
export function compareResults(decided: ComparableResult, scenario: ComparableResult): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  const muniAmounts = (r: ComparableResult, clusterId: string): Map<string, { name: string; amount: number }> =>
    new Map((r.municipalities ?? []).flatMap((m) => m.byCluster.filter((b) => b.clusterId === clusterId).map((b) => [m.code, { name: m.name, amount: b.amountOre }] as const)));
  for (const region of scenario.regions) {
    const decidedRegion = decided.regions.find((r) => r.regionCode === region.regionCode);
    for (const c of region.clusters) {
      const d = decidedRegion?.clusters.find((x) => x.clusterId === c.clusterId);
      if (!d) throw new DomainError('scenario.compare', `Klyngen ${c.cluster} findes ikke i den besluttede kørsel.`);
      const line = (party: string, partyName: string, decidedOre: number, scenarioOre: number): void => {
        rows.push({ clusterId: c.clusterId, cluster: c.cluster, region: region.region, party, partyName, decidedOre, scenarioOre, differenceOre: scenarioOre - decidedOre, differencePercent: percent(scenarioOre - decidedOre, decidedOre) });
      };
      const dm = muniAmounts(decided, c.clusterId);
      const sm = muniAmounts(scenario, c.clusterId);
      const sameParties = dm.size > 0 && dm.size === sm.size && [...dm.keys()].every((k) => sm.has(k));
      if (sameParties) {
        for (const [code, v] of sm) line(`municipality:${code}`, `${code} ${v.name}`, dm.get(code)?.amount ?? 0, v.amount);
      } else {
        line('municipalities', 'Kommunerne', d.municipalOre, c.municipalOre);
      }
      line('region', region.region, d.regionalOre, c.regionalOre);
      line('total', 'I alt', d.totalOre, c.totalOre);
    }
  }
  return rows;
}

/** One municipality's share of a cluster's secretariat cost, decided and in the scenario. */
export interface CoFinancingComparisonRow {
  readonly municipalityCode: string;
  readonly municipality: string;
  readonly decidedOre: number;
  readonly scenarioOre: number;
  readonly differenceOre: number;
  readonly differencePercent: string | null;
}

/** Lines up two co-financings of the same cluster by municipality (a member missing on one side counts 0). */
export function compareCoFinancing(decided: readonly { municipalityCode: string; municipality: string; amount: number }[], scenario: readonly { municipalityCode: string; municipality: string; amount: number }[]): CoFinancingComparisonRow[] {
  const codes = [...new Set([...decided, ...scenario].map((r) => r.municipalityCode))];
  return codes.map((code) => {
    const d = decided.find((r) => r.municipalityCode === code);
    const s = scenario.find((r) => r.municipalityCode === code);
    const decidedOre = d?.amount ?? 0;
    const scenarioOre = s?.amount ?? 0;
    return { municipalityCode: code, municipality: d?.municipality ?? s?.municipality ?? code, decidedOre, scenarioOre, differenceOre: scenarioOre - decidedOre, differencePercent: percent(scenarioOre - decidedOre, decidedOre) };
  });
}
