import { z } from 'zod';
import type { MemberView, RegisterView } from '../../../app/register/index.ts';
import { timestampSchema, type FitsReadonly } from './common.ts';

/** A distribution basis as stored on a membership. */
export const storedBasisSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('full') }),
  z.object({ kind: z.literal('partial'), population: z.number().int(), label: z.string() }),
  z.object({ kind: z.literal('remainder') }),
  z.object({ kind: z.literal('weight'), weight: z.string() }),
  z.object({ kind: z.literal('none') }),
]);

export const memberSchema = z.object({
  membershipId: z.string(),
  municipalityCode: z.string(),
  municipalityName: z.string(),
  political: z.boolean(),
  administrative: z.boolean(),
  commonFundsBasis: storedBasisSchema,
  secretariatBasis: storedBasisSchema,
  mark: z.string(),
  note: z.string().nullable(),
  version: z.number().int(),
  updatedAt: timestampSchema,
  updatedBy: z.string(),
});

export const registerViewSchema = z.object({
  year: z.number().int(),
  regions: z.array(z.object({ code: z.string(), name: z.string(), clusters: z.array(z.object({ id: z.string(), name: z.string(), members: z.array(memberSchema) })) })),
});

// The schemas describe what the services return.
export type MemberFits = FitsReadonly<typeof memberSchema, MemberView>;
export type RegisterFits = FitsReadonly<typeof registerViewSchema, RegisterView>;
