import { z } from 'zod';
import type { ImportPreview, PeriodView } from '../../../app/population/index.ts';
import { timestampSchema, type FitsReadonly } from './common.ts';

export const periodSchema = z.object({
  period: z.string(),
  source: z.string(),
  municipalities: z.number().int(),
  total: z.number().int(),
  importedAt: timestampSchema,
  importedBy: z.string(),
});

export const importPreviewSchema = z.object({
  importId: z.string(),
  period: z.string(),
  source: z.string(),
  municipalities: z.number().int(),
  changes: z.array(z.object({ municipalityCode: z.string(), municipalityName: z.string(), oldPopulation: z.number().int().nullable(), newPopulation: z.number().int() })),
});

export const importConfirmedSchema = z.object({ period: z.string(), count: z.number().int() });

export type PeriodFits = FitsReadonly<typeof periodSchema, PeriodView>;
export type ImportPreviewFits = FitsReadonly<typeof importPreviewSchema, ImportPreview>;
