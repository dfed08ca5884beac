import { z } from 'zod';
import type { AllocationModelView, AllocationRunView, CoFinancingRecord, RowExplanation } from '../../../app/allocation/index.ts';
import type { ScenarioInputs } from '../../../core/scenario.ts';
import { fractionSchema, oreSchema, timestampSchema, type FitsReadonly } from './common.ts';
import { storedBasisSchema } from './register.ts';

const unitSchema = z.enum(['krone', 'øre']);
/** A population: whole inhabitants, or a decimal text when a basis counts a fraction (e.g. "20691.00"). */
const populationSchema = z.union([z.number(), z.string()]);
/** A decimal as text with a dot, e.g. "13.8012". */
const decimalText = z.string();

/** The basis, share, exact quotient and rounding of one row of a split (runs.ts rowExplanation). */
export const rowExplanationSchema = z.object({
  amountOre: oreSchema,
  basis: fractionSchema,
  totalBasis: fractionSchema,
  share: fractionSchema,
  exactQuotient: decimalText,
  floorUnits: z.number().int(),
  receivedRemainderUnit: z.boolean(),
  remainderRank: z.number().int(),
  rule: z.string(),
  text: z.string(),
});

const textOnly = z.object({ text: z.string() });
const amountExplanation = textOnly.extend({ amountOre: oreSchema });
const sumExplanation = textOnly.extend({ municipalOre: oreSchema, regionalOre: oreSchema, amountOre: oreSchema });

const clusterResultSchema = z.object({
  clusterId: z.string(),
  cluster: z.string(),
  population: populationSchema,
  populationSource: z.enum(['municipal', 'cluster-level']),
  municipalOre: oreSchema,
  regionalOre: oreSchema,
  totalOre: oreSchema,
  perInhabitantKr: decimalText,
  explanations: z.object({
    // The members' contributions, or (when not every member's figure is known) the cluster's own split.
    municipal: z.union([
      amountExplanation.extend({ rows: z.array(rowExplanationSchema.extend({ municipality: z.string() })) }),
      rowExplanationSchema,
      textOnly,
    ]),
    regional: rowExplanationSchema,
    total: sumExplanation,
  }),
});

/** The stored result of a run: the Bilag 1 table with every figure's explanation (runs.ts allocationResultJson). */
export const allocationResultSchema = z.object({
  year: z.number().int(),
  unit: unitSchema,
  populationPeriod: z.string(),
  municipalTotalOre: oreSchema,
  regionalTotalOre: oreSchema,
  totalOre: oreSchema,
  totals: z.object({ municipalOre: oreSchema, regionalOre: oreSchema, totalOre: oreSchema, population: populationSchema, perInhabitantKr: decimalText.nullable() }),
  regions: z.array(
    z.object({
      regionCode: z.string(),
      region: z.string(),
      municipalOre: oreSchema,
      regionalOre: oreSchema,
      totalOre: oreSchema,
      population: populationSchema,
      perInhabitantKr: decimalText,
      explanations: z.object({ municipal: amountExplanation, regional: z.union([rowExplanationSchema, amountExplanation]), total: sumExplanation }),
      clusters: z.array(clusterResultSchema),
    }),
  ),
  municipalities: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      population: z.number().int(),
      totalOre: oreSchema,
      perInhabitantKr: decimalText,
      byCluster: z.array(z.object({ clusterId: z.string(), amountOre: oreSchema })),
    }),
  ),
});

const fileSchema = z.object({ path: z.string(), sha256: z.string() }).nullable();

/** Everything a run used (service.ts AllocationInputs), so that it can be reproduced. */
export const allocationInputsSchema = z.object({
  year: z.number().int(),
  registerProvenance: z.array(z.string()),
  model: z.object({
    municipalTotalOre: oreSchema,
    regionalTotalOre: oreSchema,
    regionalKey: z.object({
      kind: z.enum(['amounts', 'shares']),
      entries: z.array(z.object({ regionCode: z.string(), region: z.string(), amountOre: oreSchema.optional(), share: z.string().optional() })),
      source: z.string(),
      assumption: z.boolean(),
    }),
    populationPeriod: z.string(),
    populationPeriodSource: z.string(),
    unit: unitSchema,
    regionalSplits: z.array(z.object({ regionCode: z.string(), weights: z.record(z.string(), z.string()), source: z.string() })).optional(),
  }),
  population: z.object({
    period: z.string(),
    municipal: z.record(z.string(), z.number()),
    municipalSource: z.string(),
    municipalFigureSources: z.record(z.string(), z.string()),
    clusterLevel: z.record(z.string(), z.number()),
    clusterLevelSource: z.string(),
  }),
  clusterPopulationSources: z.array(
    z.object({ clusterId: z.string(), cluster: z.string(), region: z.string(), kind: z.enum(['municipal', 'cluster-level']), source: z.string(), missingMunicipalities: z.array(z.string()) }),
  ),
  files: z.object({ population: fileSchema, regionalKey: fileSchema }),
  /** The register the run used (runs.ts registerSnapshot). */
  register: z.array(z.object({ cluster: z.string(), municipality: z.string(), commonFunds: storedBasisSchema, commonFundsText: z.string() })),
});

const runFields = {
  id: z.string(),
  year: z.number().int(),
  createdAt: timestampSchema,
  createdBy: z.string(),
  note: z.string(),
  correctsRunId: z.string().nullable(),
};

export const allocationRunSummarySchema = z.object(runFields);

/** A scenario's inputs (core/scenario.ts ScenarioInputs): only what differs from the decided model. */
export const scenarioInputsSchema = z.object({
  populationPeriod: z.string().optional(),
  populationImportId: z.string().optional(),
  regionalKey: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('amounts'), values: z.record(z.string(), oreSchema), source: z.string() }),
      z.object({ kind: z.literal('shares'), values: z.record(z.string(), z.string()), source: z.string() }),
    ])
    .optional(),
  districtFigures: z.array(z.object({ clusterId: z.string(), municipalityCode: z.string(), population: z.number().int() })).optional(),
  regionalSplits: z
    .array(
      z.discriminatedUnion('kind', [
        z.object({ regionCode: z.string(), kind: z.literal('population') }),
        z.object({ regionCode: z.string(), kind: z.literal('agreed'), weights: z.record(z.string(), z.string()), source: z.string() }),
      ]),
    )
    .optional(),
});

/** A stored run; a run made from a scenario also names the scenario and its inputs. */
export const allocationRunSchema = z.object({
  ...runFields,
  inputs: allocationInputsSchema.extend({ scenario: z.object({ id: z.string(), name: z.string(), inputs: scenarioInputsSchema }).optional() }),
  result: allocationResultSchema,
});

export const allocationModelSchema = z.object({
  year: z.number().int(),
  municipalTotalOre: oreSchema,
  regionalTotalOre: oreSchema,
  regionalKey: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('amounts'), values: z.record(z.string(), oreSchema) }),
    z.object({ kind: z.literal('shares'), values: z.record(z.string(), z.string()) }),
  ]),
  regionalKeySource: z.string(),
  regionalKeyAssumption: z.boolean(),
  populationPeriod: z.string(),
  populationPeriodSource: z.string(),
  unit: unitSchema,
  version: z.number().int(),
  updatedAt: timestampSchema,
  updatedBy: z.string(),
});

/** The objective split of a cluster's secretariat cost, not saved (GET …/secretariat-cofinancing). */
export const secretariatCoFinancingSchema = z.object({
  clusterId: z.string(),
  cluster: z.string(),
  year: z.number().int(),
  costOre: oreSchema,
  unit: unitSchema,
  populationPeriod: z.string(),
  rows: z.array(
    z.object({
      municipalityCode: z.string(),
      municipalityName: z.string(),
      basisKind: z.enum(['full', 'partial', 'remainder', 'weight', 'none']),
      basisNote: z.string(),
      basis: fractionSchema,
      share: fractionSchema,
      ore: oreSchema,
      explanation: rowExplanationSchema,
    }),
  ),
});

/** The decided co-financing of a cluster-year (cofinancing-record.ts). */
export const coFinancingRecordSchema = z.object({
  clusterId: z.string(),
  clusterName: z.string(),
  year: z.number().int(),
  costOre: oreSchema,
  populationPeriod: z.string(),
  decisionReference: z.string(),
  decidedOn: z.string(),
  lines: z.array(
    z.object({
      municipalityCode: z.string(),
      municipalityName: z.string(),
      basisKind: z.string(),
      basis: z.string(),
      basisNote: z.string(),
      share: z.string(),
      amountOre: oreSchema,
      explanation: z.string(),
    }),
  ),
  version: z.number().int(),
  updatedAt: timestampSchema,
  updatedBy: z.string(),
});

export type AllocationModelFits = FitsReadonly<typeof allocationModelSchema, AllocationModelView>;
export type RunSummaryFits = FitsReadonly<typeof allocationRunSummarySchema, Omit<AllocationRunView, 'inputs' | 'result'>>;
export type CoFinancingRecordFits = FitsReadonly<typeof coFinancingRecordSchema, CoFinancingRecord>;
export type ScenarioInputsFits = FitsReadonly<typeof scenarioInputsSchema, ScenarioInputs>;
export type RowExplanationFits = FitsReadonly<typeof rowExplanationSchema, RowExplanation>;

/**
 * A stored run as the API sends it. Its inputs and result are jsonb (untyped in the database); they
 * were written by runs.ts and the serializer checks them against allocationRunSchema on every answer.
 */
export const storedRun = (run: AllocationRunView): z.output<typeof allocationRunSchema> => run as unknown as z.output<typeof allocationRunSchema>;
