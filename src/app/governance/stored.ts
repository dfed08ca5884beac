import { z } from 'zod';
import type { Member, MemberRole } from '../../core/governance/composition.ts';
import type { AgendaItem, Decision, MinutesVersion } from '../../core/governance/meetings.ts';
import { parseStored, storedInstant, type StoredAt } from '../../infra/db/stored-json.ts';

/**
 * Governance's jsonb documents (issue 10 §5): the register's member lists and a meeting's agenda
 * and minutes, parsed by these schemas on read. The member role is the same schema the HTTP
 * layer checks a saved register with, so what is accepted is what can be read back.
 */

const municipalityId = z.string().regex(/^\d{3}$/);

export const memberRoleSchema: z.ZodType<MemberRole> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('region-council-chair') }),
  z.object({ kind: z.literal('region-council-member') }),
  z.object({ kind: z.literal('mayor'), municipalityId }),
  z.object({ kind: z.literal('alderman'), municipalityId }),
  z.object({ kind: z.literal('deputy-mayor'), municipalityId }),
  z.object({ kind: z.literal('general-practitioner') }),
  z.object({ kind: z.literal('region-hospital'), psychiatry: z.boolean() }),
  z.object({ kind: z.literal('municipality-representative'), municipalityId }),
  z.object({ kind: z.literal('general-practice-representative') }),
  z.object({ kind: z.literal('patient-representative') }),
  z.object({ kind: z.literal('other'), description: z.string().max(200) }),
]);

const member: z.ZodType<Member> = z.object({ id: z.string(), name: z.string(), organisation: z.string(), role: memberRoleSchema });

const agendaItem: z.ZodType<AgendaItem> = z.object({ id: z.string(), title: z.string(), description: z.string(), templateKey: z.string().exactOptional() });

const decision: z.ZodType<Decision> = z.object({
  id: z.string(),
  agendaItemId: z.string().exactOptional(),
  text: z.string(),
  links: z.array(
    z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('initiative-approval'), initiativeId: z.string() }),
      z.object({ kind: z.literal('extra-local-funds'), fundsId: z.string() }),
      z.object({ kind: z.literal('carry-forward'), carryForwardId: z.string() }),
      z.object({ kind: z.literal('ssu-recommendation'), evaluationId: z.string() }),
    ]),
  ),
});

const minutesVersion: z.ZodType<MinutesVersion> = z.object({
  version: z.number().int(),
  status: z.enum(['draft', 'approved']),
  text: z.string(),
  decisions: z.array(decision),
  writtenAt: storedInstant,
  writtenBy: z.string(),
  approvedAt: storedInstant.exactOptional(),
  approvedBy: z.string().exactOptional(),
});

/** A stored member list; a level never saved (null) has no members. */
export function storedMembers(value: unknown, at: StoredAt): Member[] {
  return value === null ? [] : parseStored(z.array(member), value, at);
}

export function storedAgenda(value: unknown, meetingId: string): AgendaItem[] {
  return parseStored(z.array(agendaItem), value, { table: 'meetings', column: 'agenda', id: meetingId });
}

export function storedMinutes(value: unknown, meetingId: string): MinutesVersion[] {
  return parseStored(z.array(minutesVersion), value, { table: 'meetings', column: 'minutes', id: meetingId });
}
