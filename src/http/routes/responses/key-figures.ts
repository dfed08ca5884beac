import { z } from 'zod';

export const indicatorSchema = z.object({
  id: z.string(),
  name: z.string(),
  theme: z.enum(['population', 'vulnerable-elderly', 'chronic', 'psychiatry']),
  kind: z.enum(['count', 'rate']),
  per: z.number().int(),
  unit: z.string(),
  definition: z.string(),
  source: z.string(),
  direction: z.enum(['higher-better', 'lower-better', 'neutral']),
  position: z.number().int(),
});

/** A cell as a reader may see it: the figure, "<5" (suppressed), or not available with the reason. */
export const shownCellSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('value'), numerator: z.number(), denominator: z.number().nullable(), value: z.number() }),
  z.object({ status: z.literal('suppressed'), reason: z.enum(['small', 'protects-small']) }),
  z.object({ status: z.literal('not-available'), reason: z.string() }),
]);

export const indicatorsSchema = z.object({
  themes: z.array(z.object({ id: z.enum(['population', 'vulnerable-elderly', 'chronic', 'psychiatry']), name: z.string() })),
  indicators: z.array(indicatorSchema.extend({ periods: z.array(z.string()) })),
});

export const keyFigureImportPreviewSchema = z.object({
  importId: z.string(),
  rows: z.number().int(),
  indicators: z.array(z.object({ id: z.string(), name: z.string(), periods: z.array(z.string()), rows: z.number().int() })),
  changed: z.number().int(),
  added: z.number().int(),
});

export const nationalKeyFiguresSchema = z.object({
  indicator: indicatorSchema,
  period: z.string(),
  periods: z.array(z.string()),
  registerLabel: z.string(),
  sources: z.array(z.string()),
  table: z.object({
    country: shownCellSchema,
    regions: z.array(z.object({ regionCode: z.string(), name: z.string(), cell: shownCellSchema, clusters: z.array(z.object({ clusterId: z.string(), name: z.string(), cell: shownCellSchema })) })),
  }),
});

const periodValue = z.object({ period: z.string(), value: z.number() });

export const clusterKeyFiguresSchema = z.object({
  indicator: indicatorSchema,
  clusterId: z.string(),
  cluster: z.string(),
  regionCode: z.string(),
  region: z.string(),
  points: z.array(z.object({ period: z.string(), cluster: shownCellSchema, region: shownCellSchema, country: shownCellSchema, registerLabel: z.string() })),
  sources: z.array(z.string()),
  target: z
    .object({
      value: z.string(),
      period: z.string(),
      note: z.string(),
      version: z.number().int(),
      updatedAt: z.string(),
      updatedBy: z.string(),
      progress: z.object({
        targetValue: z.number(),
        targetPeriod: z.string(),
        baseline: periodValue.nullable(),
        latest: periodValue.nullable(),
        remaining: z.number().nullable(),
        status: z.enum(['reached', 'towards', 'away', 'unchanged', 'unknown']),
      }),
    })
    .nullable(),
});
