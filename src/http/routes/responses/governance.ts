import { z } from 'zod';
import { intSchema } from './common.ts';

/** The governance register's, the SSU's and the meetings' answers (routes/governance.ts). */

/** A member's role on a level (as stored; the request's limits are in follow-up-schemas.ts). */
const memberRole = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('region-council-chair') }),
  z.object({ kind: z.literal('region-council-member') }),
  z.object({ kind: z.literal('mayor'), municipalityId: z.string() }),
  z.object({ kind: z.literal('alderman'), municipalityId: z.string() }),
  z.object({ kind: z.literal('deputy-mayor'), municipalityId: z.string() }),
  z.object({ kind: z.literal('general-practitioner') }),
  z.object({ kind: z.literal('region-hospital'), psychiatry: z.boolean() }),
  z.object({ kind: z.literal('municipality-representative'), municipalityId: z.string() }),
  z.object({ kind: z.literal('general-practice-representative') }),
  z.object({ kind: z.literal('patient-representative') }),
  z.object({ kind: z.literal('other'), description: z.string() }),
]);
const member = z.object({ id: z.string(), name: z.string(), organisation: z.string(), role: memberRole });

const warningCode = z.enum([
  'political.mayor-missing',
  'political.region-chair-missing',
  'political.region-council-member-missing',
  'political.general-practitioners-too-few',
  'professional.region-hospital-too-few',
  'professional.psychiatry-missing',
  'professional.municipality-missing',
  'professional.general-practice-too-few',
  'professional.patient-representatives-too-few',
  'co-chair.region-chair-not-co-chair',
  'co-chair.mayor-not-among-mayors',
  'secretariat.not-co-chair-municipality',
  'ssu.chair-not-region-council',
  'ssu.vice-chair-not-cluster-co-chair',
  'ssu.region-council-too-few',
  'ssu.cluster-co-chair-missing',
  'ssu.general-practitioners-too-few',
]);
/** A deviation from the handbook's composition rules (a warning, never a refusal), with its source. */
const compositionWarning = z.object({
  code: warningCode,
  message: z.string(),
  source: z.object({ seed: z.string(), section: z.string(), rule: z.string() }),
  subject: z.string().optional(),
});

const meetingBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cluster-political'), clusterId: z.string() }),
  z.object({ kind: z.literal('cluster-professional'), clusterId: z.string() }),
  z.object({ kind: z.literal('ssu'), regionId: z.string() }),
]);
const bodyKind = z.enum(['cluster-political', 'cluster-professional', 'ssu']);

/** Meeting cadence of a body in a year, as guidance (seed 001 §16). */
const cadence = z.object({
  body: meetingBody,
  year: intSchema,
  recommended: intSchema.nullable(),
  months: intSchema,
  held: z.array(z.string()).readonly(),
  planned: z.array(z.string()).readonly(),
  cancelled: intSchema,
  status: z.enum(['met', 'on-track', 'at-risk', 'not-met', 'no-minimum']),
  recommendedWindows: z.object({ autumn: z.boolean(), earlyMarch: z.boolean() }).optional(),
  message: z.string(),
});

/** GET /api/meeting-templates */
export const meetingTemplatesSchema = z.object({ templates: z.array(z.object({ key: z.string(), title: z.string(), description: z.string() })).readonly() });

/** GET/PUT /api/clusters/:clusterId/years/:year/governance */
export const clusterGovernanceSchema = z.object({
  clusterId: z.string(),
  clusterName: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  year: intSchema,
  /** The cluster's municipalities that year; `political` false = administrative participation only. */
  municipalities: z.array(z.object({ id: z.string(), name: z.string(), political: z.boolean() })).readonly(),
  politicalLevel: z.array(member).readonly(),
  professionalLevel: z.array(member).readonly(),
  regionChairMemberId: z.string().nullable(),
  mayorMemberId: z.string().nullable(),
  secretariatMunicipalityId: z.string().nullable(),
  warnings: z.array(compositionWarning).readonly(),
  /** 0 = nothing saved for the year yet. */
  version: intSchema,
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  cadence: z.object({ political: cadence, professional: cadence, levelFrequency: z.string().nullable() }),
});

/** GET/PUT /api/regions/:regionCode/years/:year/ssu */
export const ssuSchema = z.object({
  regionCode: z.string(),
  regionName: z.string(),
  year: intSchema,
  members: z.array(member).readonly(),
  chairMemberId: z.string().nullable(),
  viceChairMemberId: z.string().nullable(),
  warnings: z.array(compositionWarning).readonly(),
  version: intSchema,
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  cadence,
  clusters: z.array(z.object({ id: z.string(), name: z.string() })).readonly(),
  municipalities: z.array(z.object({ id: z.string(), name: z.string() })).readonly(),
});

/** GET …/meetings */
export const meetingListSchema = z.object({
  meetings: z.array(
    z.object({
      id: z.string(),
      bodyKind,
      bodyLabel: z.string(),
      date: z.string(),
      title: z.string(),
      cancelled: z.boolean(),
      agendaItems: intSchema,
      minutesStatus: z.enum(['none', 'draft', 'approved']),
    }),
  ).readonly(),
});

const decisionLink = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('initiative-approval'), initiativeId: z.string() }),
  z.object({ kind: z.literal('extra-local-funds'), fundsId: z.string() }),
  z.object({ kind: z.literal('carry-forward'), carryForwardId: z.string() }),
  z.object({ kind: z.literal('ssu-recommendation'), evaluationId: z.string() }),
]);
const linkKind = z.enum(['initiative-approval', 'extra-local-funds', 'carry-forward', 'ssu-recommendation']);

/** A meeting with agenda, attachments, minutes versions and decisions (every meeting route but the list). */
export const meetingSchema = z.object({
  id: z.string(),
  scope: z.discriminatedUnion('kind', [z.object({ kind: z.literal('cluster'), clusterId: z.string() }), z.object({ kind: z.literal('ssu'), regionCode: z.string() })]),
  scopeName: z.string(),
  regionCode: z.string(),
  bodyKind,
  bodyLabel: z.string(),
  date: z.string(),
  title: z.string(),
  cancelled: z.boolean(),
  agenda: z.array(z.object({ id: z.string(), title: z.string(), description: z.string(), templateKey: z.string().optional() })).readonly(),
  attachments: z.array(z.object({ id: z.string(), fileName: z.string(), mediaType: z.string(), sizeBytes: intSchema, agendaItemId: z.string().optional() })).readonly(),
  /** All versions, oldest first; approved versions never change. */
  minutes: z.array(
    z.object({
      version: intSchema,
      status: z.enum(['draft', 'approved']),
      text: z.string(),
      decisions: z.array(z.object({ id: z.string(), agendaItemId: z.string().optional(), text: z.string(), links: z.array(decisionLink).readonly() })).readonly(),
      writtenAt: z.string(),
      writtenBy: z.string(),
      approvedAt: z.string().optional(),
      approvedBy: z.string().optional(),
    }),
  ).readonly(),
  /** The approved version in force, if any. */
  currentMinutesVersion: intSchema.nullable(),
  /** What the decisions' links point at, named. */
  linkTargets: z.array(z.object({ kind: linkKind, recordId: z.string(), label: z.string(), clusterId: z.string().nullable(), regionCode: z.string().nullable(), exists: z.boolean() })).readonly(),
  version: intSchema,
  updatedAt: z.string(),
  updatedBy: z.string(),
});
