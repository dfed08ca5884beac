import { z } from 'zod';
import type { CoFinancingScenarioView, ScenarioSummary, ScenarioView } from '../../../app/scenarios/index.ts';
import { scenarioInputsSchema } from './allocation.ts';
import { oreSchema, timestampSchema, type FitsReadonly } from './common.ts';

export const scenarioSummarySchema = z.object({
  id: z.string(),
  year: z.number().int(),
  name: z.string(),
  createdAt: timestampSchema,
  createdBy: z.string(),
  decidedRunId: z.string(),
  promotedRunId: z.string().nullable(),
  promotedAt: timestampSchema.nullable(),
  promotedBy: z.string().nullable(),
});

/** A scenario beside the decided run: per cluster and party decided, scenario, difference. */
export const scenarioViewSchema = scenarioSummarySchema.extend({
  inputs: scenarioInputsSchema,
  comparedRunId: z.string(),
  baseIsCurrent: z.boolean(),
  rows: z.array(
    z.object({
      clusterId: z.string(),
      cluster: z.string(),
      region: z.string(),
      party: z.string().describe('municipalities, municipality:101, region eller total'),
      partyName: z.string(),
      decidedOre: oreSchema,
      scenarioOre: oreSchema,
      differenceOre: oreSchema,
      differencePercent: z.string().nullable(),
    }),
  ),
  totals: z.object({ decidedOre: oreSchema, scenarioOre: oreSchema, differenceOre: oreSchema }),
});

export const scenarioCoFinancingSchema = z.object({
  scenarioId: z.string(),
  clusterId: z.string(),
  costOre: oreSchema,
  decidedPopulationPeriod: z.string(),
  scenarioPopulationPeriod: z.string(),
  rows: z.array(z.object({ municipalityCode: z.string(), municipality: z.string(), decidedOre: oreSchema, scenarioOre: oreSchema, differenceOre: oreSchema, differencePercent: z.string().nullable() })),
});

/**
 * A scenario as the API sends it. Its inputs are jsonb (untyped in the database), written from the
 * validated ScenarioInputs; the serializer checks them against the schema on every answer.
 */
export const storedScenario = (s: ScenarioView): z.output<typeof scenarioViewSchema> => s as unknown as z.output<typeof scenarioViewSchema>;

export type ScenarioSummaryFits = FitsReadonly<typeof scenarioSummarySchema, ScenarioSummary>;
export type ScenarioViewFits = FitsReadonly<typeof scenarioViewSchema, Omit<ScenarioView, 'inputs'> & { inputs: z.output<typeof scenarioInputsSchema> }>;
export type ScenarioCoFinancingFits = FitsReadonly<typeof scenarioCoFinancingSchema, CoFinancingScenarioView>;
