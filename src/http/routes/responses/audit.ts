import { z } from 'zod';
import type { AuditEntry } from '../../../infra/audit/audit.ts';
import { jsonValueSchema, timestampSchema, type FitsReadonly } from './common.ts';

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: timestampSchema,
  actorId: z.string().nullable(),
  actorName: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  /** The old and new value: whatever the changed thing is, as JSON (its shape depends on `entity`). */
  before: jsonValueSchema.nullable(),
  after: jsonValueSchema.nullable(),
});

export const auditEntriesSchema = z.object({ entries: z.array(auditEntrySchema) });

/** Entries with display names for the ids they mention (users, initiatives, clusters …). */
export const auditSearchSchema = auditEntriesSchema.extend({ names: z.record(z.string(), z.string()) });

export type AuditEntryFits = FitsReadonly<typeof auditEntrySchema, AuditEntry>;
