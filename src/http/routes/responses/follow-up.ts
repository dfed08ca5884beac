import { z } from 'zod';
import type { Adoptable, EvaluationSummary, EvaluationView, InitiativeSummary, LineageView } from '../../../app/follow-up/index.ts';
import type { DecisionMade } from '../../../app/governance/index.ts';
import type { CatalogueEntry } from '../../../core/follow-up/catalogue.ts';
import type { GuideLayer, GuideSnapshot } from '../../../core/follow-up/evaluation-guide.ts';
import { oreSchema, timestampSchema, type FitsReadonly } from './common.ts';

const isoDate = z.string().describe('YYYY-MM-DD');
const statusSchema = z.enum(['draft', 'submitted', 'discussed', 'decided']);
const recommendationKind = z.enum(['spread-to-clusters', 'national', 'none']);
const questionType = z.enum(['free-text', 'number', 'date', 'choice']);

const questionDraftSchema = z.object({
  key: z.string(),
  text: z.string(),
  type: questionType,
  required: z.boolean(),
  choices: z.array(z.string()).optional(),
  allowOther: z.boolean().optional(),
  specifies: z.string().optional(),
});

export const guideQuestionSchema = questionDraftSchema.extend({ id: z.string(), origin: z.enum(['standard', 'ssu', 'cluster']) });

export const guideSnapshotSchema = z.object({
  regionId: z.string(),
  clusterId: z.string(),
  ssuVersion: z.number().int(),
  clusterVersion: z.number().int(),
  questions: z.array(guideQuestionSchema),
});

export const guideLayerSchema = z.object({
  scope: z.discriminatedUnion('kind', [z.object({ kind: z.literal('ssu'), regionId: z.string() }), z.object({ kind: z.literal('cluster'), clusterId: z.string() })]),
  version: z.number().int(),
  questions: z.array(questionDraftSchema),
  standardRequired: z.record(z.string(), z.boolean()).optional(),
});

/** The labels a screen shows for the guide's standard questions, statuses and recommendations. */
export const guideLabelsSchema = z.object({
  standardQuestions: z.array(guideQuestionSchema),
  questionTypes: z.record(questionType, z.string()),
  statuses: z.record(statusSchema, z.string()),
  recommendations: z.record(recommendationKind, z.string()),
});

const recommendationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('spread-to-clusters'), clusterIds: z.array(z.string()) }),
  z.object({ kind: z.literal('national') }),
  z.object({ kind: z.literal('none') }),
]);

const ssuDecisionSchema = z.object({
  recommendation: recommendationSchema,
  justification: z.string(),
  decidedOn: isoDate,
  meetingDecisionId: z.string().optional(),
  enteredAfterwards: z.literal(true).optional(),
});

const commandType = z.enum(['set-plan', 'record-result', 'answer', 'mark-not-relevant', 'rebase-guide', 'add-attachment', 'remove-attachment', 'set-conclusion', 'submit', 'record-discussion', 'decide']);

export const evaluationSchema = z.object({
  id: z.string(),
  initiativeId: z.string(),
  clusterId: z.string(),
  regionId: z.string(),
  status: statusSchema,
  guide: guideSnapshotSchema,
  criteria: z.array(z.object({ id: z.string(), description: z.string(), measure: z.string(), target: z.string(), measurementDates: z.array(isoDate) })),
  results: z.array(z.object({ criterionId: z.string(), measuredOn: isoDate, value: z.string(), note: z.string(), recordedAt: timestampSchema, recordedBy: z.string() })),
  answers: z.record(z.string(), z.union([z.string(), z.number()])),
  notRelevant: z.record(z.string(), z.string()).optional(),
  attachments: z.array(z.object({ id: z.string(), fileName: z.string(), mediaType: z.string(), sizeBytes: z.number().int(), addedAt: timestampSchema, addedBy: z.string() })),
  conclusion: z.string(),
  submittedAt: timestampSchema.optional(),
  discussion: z.object({ date: isoDate, meetingId: z.string(), enteredAfterwards: z.literal(true).optional() }).optional(),
  decision: ssuDecisionSchema.optional(),
  history: z.array(z.object({ at: timestampSchema, by: z.string(), event: commandType })),
});

export const initiativeSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  clusterId: z.string(),
  targetGroup: z.string(),
  status: z.string(),
  startPeriod: z.string(),
  endPeriod: z.string(),
  forecastTotalOre: oreSchema,
  originInitiativeId: z.string().nullable(),
  approval: z.object({ date: isoDate, level: z.enum(['political', 'professional']), meetingReference: z.string() }).nullable(),
});

/** A meeting decision that made a record (governance's DecisionMade). */
export const decisionMadeSchema = z.object({
  meetingId: z.string(),
  meetingDate: isoDate,
  body: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('cluster-political'), clusterId: z.string() }),
    z.object({ kind: z.literal('cluster-professional'), clusterId: z.string() }),
    z.object({ kind: z.literal('ssu'), regionId: z.string() }),
  ]),
  decisionId: z.string(),
  text: z.string(),
  minutesVersion: z.number().int(),
  provisional: z.boolean(),
  meetingTitle: z.string(),
  bodyLabel: z.string(),
  scope: z.discriminatedUnion('kind', [z.object({ kind: z.literal('cluster'), clusterId: z.string() }), z.object({ kind: z.literal('ssu'), regionCode: z.string() })]),
});

export const evaluationViewSchema = z.object({
  evaluation: evaluationSchema,
  version: z.number().int(),
  clusterName: z.string(),
  regionName: z.string(),
  initiative: initiativeSummarySchema,
  decisions: z.array(decisionMadeSchema),
  clusterNames: z.record(z.string(), z.string()),
  updatedAt: timestampSchema,
  updatedBy: z.string(),
});

export const evaluationSummarySchema = z.object({
  id: z.string(),
  initiativeId: z.string(),
  initiativeTitle: z.string(),
  clusterId: z.string(),
  clusterName: z.string(),
  status: statusSchema,
  submittedAt: timestampSchema.nullable(),
  recommendation: recommendationKind.nullable(),
});

export const adoptableSchema = z.object({
  evaluationId: z.string(),
  initiative: initiativeSummarySchema,
  originClusterName: z.string(),
  recommendation: ssuDecisionSchema.optional(),
});

const lineageEntry = z.object({ initiativeId: z.string(), title: z.string(), clusterId: z.string(), clusterName: z.string(), evaluationId: z.string() });
export const lineageSchema = z.object({ ancestors: z.array(lineageEntry), descendants: z.array(lineageEntry) });

export const initiativeFollowUpSchema = z.object({
  initiative: initiativeSummarySchema,
  clusterName: z.string(),
  decisions: z.array(decisionMadeSchema),
  lineage: lineageSchema,
  evaluations: z.array(evaluationSummarySchema),
});

export const catalogueEntrySchema = z.object({
  initiativeId: z.string(),
  title: z.string(),
  description: z.string(),
  clusterId: z.string(),
  clusterName: z.string(),
  regionId: z.string(),
  regionName: z.string(),
  targetGroup: z.string(),
  status: z.enum(['proposed', 'approved', 'running', 'ended', 'evaluated', 'rejected', 'stopped']),
  startYear: z.number().int(),
  endYear: z.number().int(),
  durationMonths: z.number().int(),
  costOre: oreSchema,
  evaluation: z.object({ id: z.string(), status: statusSchema, results: z.array(z.string()), conclusion: z.string(), decision: ssuDecisionSchema.optional() }).optional(),
  originInitiativeId: z.string().optional(),
});

export const catalogueSchema = z.object({
  entries: z.array(catalogueEntrySchema),
  clusters: z.array(z.object({ id: z.string(), name: z.string(), regionCode: z.string(), regionName: z.string() })),
});

export type GuideLayerFits = FitsReadonly<typeof guideLayerSchema, GuideLayer>;
export type GuideSnapshotFits = FitsReadonly<typeof guideSnapshotSchema, GuideSnapshot>;
export type EvaluationViewFits = FitsReadonly<typeof evaluationViewSchema, EvaluationView>;
export type EvaluationSummaryFits = FitsReadonly<typeof evaluationSummarySchema, EvaluationSummary>;
export type InitiativeSummaryFits = FitsReadonly<typeof initiativeSummarySchema, InitiativeSummary>;
export type DecisionMadeFits = FitsReadonly<typeof decisionMadeSchema, DecisionMade>;
export type AdoptableFits = FitsReadonly<typeof adoptableSchema, Adoptable>;
export type LineageFits = FitsReadonly<typeof lineageSchema, LineageView>;
export type CatalogueEntryFits = FitsReadonly<typeof catalogueEntrySchema, CatalogueEntry>;
