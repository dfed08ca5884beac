import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  allocateCommonFunds,
  type AllocationModel,
  type AllocationPopulation,
  type AllocationResult,
  type RegionalKey,
} from '../../core/allocation.ts';
import { secretariatCoFinancing, type CoFinancing } from '../../core/cofinancing.ts';
import type { DistributionUnit } from '../../core/distribution.ts';
import { DomainError } from '../../core/errors.ts';
import { kroner, ore, type Øre } from '../../core/money.ts';
import { parseDecimal, toFractionString } from '../../core/rational.ts';
import type { ClusterId, MunicipalityCode, Register } from '../../core/register.ts';
import { bundledPopulation, readFolk1aFile } from '../population/index.ts';
import { loadRegister, yearManifest } from '../register/index.ts';
import { parseRegionalKey } from './regional-key.ts';

export interface AllocationOptions {
  /** A StatBank FOLK1A download to use instead of the bundled population data. */
  readonly populationFile?: string;
  /** A regional key file (`region,amount` or `region,share`) to use instead of the year's model key. */
  readonly regionalKeyFile?: string;
  readonly unit?: DistributionUnit;
  /** Use another population period than the model's (recorded in the inputs). */
  readonly populationPeriod?: string;
  /**
   * Bundled data only: `municipal-where-complete` (default) uses a cluster's municipal figures when
   * all its contributing members have one, else the cluster's Tabel 1-implied population;
   * `cluster-level` uses the implied cluster populations for every cluster.
   */
  readonly populationBasis?: 'municipal-where-complete' | 'cluster-level';
}

/**
 * Everything a run used, as plain JSON, so that `allocationFromInputs(inputs)` reproduces it:
 * model parameters (with where each came from), every population figure and its source, and
 * which population each cluster was allocated by.
 */
export interface AllocationInputs {
  readonly year: number;
  readonly registerProvenance: readonly string[];
  readonly model: {
    readonly municipalTotalOre: number;
    readonly regionalTotalOre: number;
    readonly regionalKey: {
      readonly kind: 'amounts' | 'shares';
      readonly entries: readonly { readonly regionCode: string; readonly region: string; readonly amountOre?: number; readonly share?: string }[];
      readonly source: string;
      readonly assumption: boolean;
    };
    readonly populationPeriod: string;
    readonly populationPeriodSource: string;
    readonly unit: DistributionUnit;
    /** Regions split over their clusters by an agreed key instead of by population (absent: none). */
    readonly regionalSplits?: readonly { readonly regionCode: string; readonly weights: Readonly<Record<ClusterId, string>>; readonly source: string }[];
  };
  readonly population: {
    readonly period: string;
    readonly municipal: Readonly<Record<MunicipalityCode, number>>;
    readonly municipalSource: string;
    /** Per-figure sources when the bundled (partial) table was used. */
    readonly municipalFigureSources: Readonly<Record<MunicipalityCode, string>>;
    readonly clusterLevel: Readonly<Record<ClusterId, number>>;
    readonly clusterLevelSource: string;
  };
  /** Which population each cluster was allocated by (municipal figures or cluster level). */
  readonly clusterPopulationSources: readonly {
    readonly clusterId: ClusterId;
    readonly cluster: string;
    readonly region: string;
    readonly kind: 'municipal' | 'cluster-level';
    readonly source: string;
    readonly missingMunicipalities: readonly MunicipalityCode[];
  }[];
  readonly files: { readonly population: { path: string; sha256: string } | null; readonly regionalKey: { path: string; sha256: string } | null };
}

export interface AllocationRun {
  readonly inputs: AllocationInputs;
  readonly result: AllocationResult;
}

function readInput(path: string, what: string): { text: string; sha256: string } {
  try {
    const text = readFileSync(path, 'utf8');
    return { text, sha256: createHash('sha256').update(text).digest('hex') };
  } catch {
    throw new DomainError('allocation.file-unreadable', `${what} ${path} kan ikke læses.`, { path });
  }
}

function modelFor(year: number, register: Register, options: AllocationOptions): { model: AllocationModel; keyFile: AllocationInputs['files']['regionalKey'] } {
  const m = yearManifest(year).model;
  let regionalKey: RegionalKey;
  let keyFile: AllocationInputs['files']['regionalKey'] = null;
  if (options.regionalKeyFile !== undefined) {
    const { text, sha256 } = readInput(options.regionalKeyFile, 'Regionsnøglen');
    regionalKey = parseRegionalKey(text, register.regions, `Regionsnøgle fra fil: ${options.regionalKeyFile}`);
    keyFile = { path: options.regionalKeyFile, sha256 };
  } else if (m.regionalKey.kind === 'amounts') {
    regionalKey = {
      kind: 'amounts',
      entries: Object.entries(m.regionalKey.values).map(([regionCode, kr]) => ({ regionCode, amount: kroner(Number(kr)) })),
      source: m.regionalKey.source,
      assumption: m.regionalKey.assumption,
    };
  } else {
    regionalKey = {
      kind: 'shares',
      entries: Object.entries(m.regionalKey.values).map(([regionCode, share]) => ({ regionCode, share: parseDecimal(String(share)) })),
      source: m.regionalKey.source,
      assumption: m.regionalKey.assumption,
    };
  }
  const model: AllocationModel = {
    year,
    municipalTotal: kroner(m.municipalTotalKr),
    regionalTotal: kroner(m.regionalTotalKr),
    regionalKey,
    populationPeriod: options.populationPeriod ?? m.populationPeriod,
    populationPeriodSource: options.populationPeriod !== undefined ? 'Angivet ved kørslen' : m.populationPeriodSource,
    unit: options.unit ?? m.unit,
  };
  return { model, keyFile };
}

function populationFor(
  year: number,
  register: Register,
  model: AllocationModel,
  options: AllocationOptions,
): { population: AllocationPopulation; figureSources: Record<MunicipalityCode, string>; file: AllocationInputs['files']['population'] } {
  if (options.populationFile !== undefined) {
    const { sha256 } = readInput(options.populationFile, 'Befolkningsfilen');
    const table = readFolk1aFile(options.populationFile, register.municipalities);
    return {
      population: {
        period: table.period,
        municipal: table.byMunicipality,
        municipalSource: table.source,
        clusterLevel: new Map(),
        clusterLevelSource: '',
      },
      figureSources: {},
      file: { path: options.populationFile, sha256 },
    };
  }
  const bundled = bundledPopulation(year);
  if (!bundled || bundled.period !== model.populationPeriod) {
    throw new DomainError(
      'allocation.population-missing',
      `Der er ingen befolkningstal for ${model.populationPeriod} i projektets referencedata; hent FOLK1A ${model.populationPeriod} fra Statistikbanken og angiv filen (--population FIL).`,
      { year, period: model.populationPeriod },
    );
  }
  const useMunicipal = options.populationBasis !== 'cluster-level';
  return {
    population: {
      period: bundled.period,
      municipal: new Map(useMunicipal ? bundled.municipal.map((f) => [f.code, f.population]) : []),
      municipalSource: !useMunicipal
        ? 'Ikke brugt: alle klynger fordelt efter klyngeniveau (populationBasis = cluster-level)'
        : `Kommunale indbyggertal ${bundled.period}, ufuldstændig tabel (${String(bundled.municipal.length)} af ${String(register.municipalities.length)} kommuner) i reference/${bundled.municipalFile}; kilde pr. tal i municipalFigureSources`,
      clusterLevel: bundled.clusterLevel,
      clusterLevelSource: `Klyngens indbyggertal afledt af Bilag 1, Tabel 1's kommunekolonne (beløb × 5.873.420 / 40.000.000), reference/${bundled.clusterLevelFile} — ikke kommunale data`,
    },
    figureSources: useMunicipal ? Object.fromEntries(bundled.municipal.map((f) => [f.code, f.source])) : {},
    file: null,
  };
}

/** The common-funds allocation of a year from reference/ data, with the inputs it used recorded. */
export function allocationForYear(year: number, options: AllocationOptions = {}): AllocationRun {
  const register = loadRegister(year);
  const { model, keyFile } = modelFor(year, register, options);
  const { population, figureSources, file } = populationFor(year, register, model, options);
  return allocationFromSources(register, model, population, figureSources, { population: file, regionalKey: keyFile });
}

/**
 * Runs the allocation on a register, model and population from any source (reference files or
 * the database) and records every input it used, so the run can explain and reproduce itself.
 */
export function allocationFromSources(
  register: Register,
  model: AllocationModel,
  population: AllocationPopulation,
  figureSources: Readonly<Record<MunicipalityCode, string>>,
  files: AllocationInputs['files'],
): AllocationRun {
  const year = model.year;
  const result = allocateCommonFunds(register, model, population);
  const regionName = (code: string): string => register.regions.find((r) => r.code === code)?.name ?? code;
  const inputs: AllocationInputs = {
    year,
    registerProvenance: register.provenance,
    model: {
      municipalTotalOre: model.municipalTotal,
      regionalTotalOre: model.regionalTotal,
      regionalKey:
        model.regionalKey.kind === 'amounts'
          ? {
              kind: 'amounts',
              entries: model.regionalKey.entries.map((e) => ({ regionCode: e.regionCode, region: regionName(e.regionCode), amountOre: e.amount })),
              source: model.regionalKey.source,
              assumption: model.regionalKey.assumption,
            }
          : {
              kind: 'shares',
              entries: model.regionalKey.entries.map((e) => ({ regionCode: e.regionCode, region: regionName(e.regionCode), share: toFractionString(e.share) })),
              source: model.regionalKey.source,
              assumption: model.regionalKey.assumption,
            },
      populationPeriod: model.populationPeriod,
      populationPeriodSource: model.populationPeriodSource,
      unit: model.unit,
      ...(model.regionalSplits && model.regionalSplits.length > 0
        ? { regionalSplits: model.regionalSplits.map((r) => ({ regionCode: r.regionCode, weights: Object.fromEntries([...r.weights].map(([c, w]) => [c, toFractionString(w)])), source: r.source })) }
        : {}),
    },
    population: {
      period: population.period,
      municipal: Object.fromEntries(population.municipal),
      municipalSource: population.municipalSource,
      municipalFigureSources: figureSources,
      clusterLevel: Object.fromEntries(population.clusterLevel),
      clusterLevelSource: population.clusterLevelSource,
    },
    clusterPopulationSources: result.regions.flatMap((r) =>
      r.clusters.map((c) => ({
        clusterId: c.clusterId,
        cluster: c.name,
        region: r.name,
        kind: c.populationSource.kind,
        source: c.populationSource.source,
        missingMunicipalities: c.populationSource.kind === 'cluster-level' ? c.populationSource.missingMunicipalities : [],
      })),
    ),
    files,
  };
  return { inputs, result };
}

/** Re-runs an allocation from a run's recorded inputs (no files read but the year's register). */
export function allocationFromInputs(inputs: AllocationInputs): AllocationResult {
  const register = loadRegister(inputs.year);
  const k = inputs.model.regionalKey;
  const regionalKey: RegionalKey =
    k.kind === 'amounts'
      ? { kind: 'amounts', entries: k.entries.map((e) => ({ regionCode: e.regionCode, amount: ore(e.amountOre ?? Number.NaN) })), source: k.source, assumption: k.assumption }
      : { kind: 'shares', entries: k.entries.map((e) => ({ regionCode: e.regionCode, share: parseDecimal(e.share ?? '') })), source: k.source, assumption: k.assumption };
  const model: AllocationModel = {
    year: inputs.year,
    municipalTotal: ore(inputs.model.municipalTotalOre),
    regionalTotal: ore(inputs.model.regionalTotalOre),
    regionalKey,
    populationPeriod: inputs.model.populationPeriod,
    populationPeriodSource: inputs.model.populationPeriodSource,
    unit: inputs.model.unit,
    ...(inputs.model.regionalSplits
      ? { regionalSplits: inputs.model.regionalSplits.map((r) => ({ regionCode: r.regionCode, weights: new Map(Object.entries(r.weights).map(([c, w]) => [c, parseDecimal(w)])), source: r.source })) }
      : {}),
  };
  const population: AllocationPopulation = {
    period: inputs.population.period,
    municipal: new Map(Object.entries(inputs.population.municipal)),
    municipalSource: inputs.population.municipalSource,
    clusterLevel: new Map(Object.entries(inputs.population.clusterLevel)),
    clusterLevelSource: inputs.population.clusterLevelSource,
  };
  return allocateCommonFunds(register, model, population);
}

/** The JSON contract: integer øre, names exactly as in Tabel 1, register order. */
export interface AllocationJson {
  readonly year: number;
  readonly totalOre: number;
  readonly regions: readonly {
    readonly region: string;
    readonly municipalOre: number;
    readonly regionalOre: number;
    readonly totalOre: number;
    readonly clusters: readonly {
      readonly cluster: string;
      readonly population: number;
      readonly municipalOre: number;
      readonly regionalOre: number;
      readonly totalOre: number;
    }[];
  }[];
}

/** The run as the JSON contract (a plain object; `JSON.stringify` it to print). */
export function allocationToJson(run: AllocationRun): AllocationJson {
  const r = run.result;
  return {
    year: r.year,
    totalOre: r.total,
    regions: r.regions.map((region) => ({
      region: region.name,
      municipalOre: region.municipal,
      regionalOre: region.regional,
      totalOre: region.total,
      clusters: region.clusters.map((c) => ({
        cluster: c.name,
        // A population is whole unless a weighted basis is configured; then it is shown as a decimal.
        population: c.population.den === 1n ? Number(c.population.num) : Number(c.population.num) / Number(c.population.den),
        municipalOre: c.municipal,
        regionalOre: c.regional,
        totalOre: c.total,
      })),
    })),
  };
}

/** The secretariat co-financing of a cluster for a year, with the bundled population (or a FOLK1A file). */
export function secretariatCoFinancingFor(
  year: number,
  clusterId: ClusterId,
  costOre: Øre,
  unit: DistributionUnit = 'krone',
  options: { populationFile?: string } = {},
): CoFinancing & { readonly populationSource: string } {
  const register = loadRegister(year);
  let population: ReadonlyMap<MunicipalityCode, number>;
  let populationSource: string;
  if (options.populationFile !== undefined) {
    const table = readFolk1aFile(options.populationFile, register.municipalities);
    population = table.byMunicipality;
    populationSource = table.source;
  } else {
    const bundled = bundledPopulation(year);
    if (!bundled) {
      throw new DomainError(
        'cofinancing.population-missing',
        `Der er ingen befolkningstal for ${String(year)} i projektets referencedata; angiv en FOLK1A-fil.`,
      );
    }
    population = new Map(bundled.municipal.map((f) => [f.code, f.population]));
    populationSource = `Kommunale indbyggertal ${bundled.period} i reference/${bundled.municipalFile}`;
  }
  return { ...secretariatCoFinancing(register, clusterId, population, costOre, unit), populationSource };
}
