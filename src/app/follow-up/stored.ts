import { z } from 'zod';
import type { Evaluation } from '../../core/follow-up/evaluation.ts';
import type { GuideQuestion, QuestionDraft } from '../../core/follow-up/evaluation-guide.ts';
import { parseStored, storedInstant, storedIsoDate } from '../../infra/db/stored-json.ts';

/**
 * The follow-up's jsonb documents as stored (issue 10 §5): an evaluation (`evaluations.document`)
 * and a guide layer's questions (`guide_layers.questions`), parsed by these schemas on read.
 * Each schema is typed against the domain's interface, so the two cannot drift apart silently.
 */

const questionDraftShape = {
  key: z.string(),
  text: z.string(),
  type: z.enum(['free-text', 'number', 'date', 'choice']),
  required: z.boolean(),
  choices: z.array(z.string()).exactOptional(),
  allowOther: z.boolean().exactOptional(),
  specifies: z.string().exactOptional(),
};

const questionDraft: z.ZodType<QuestionDraft> = z.object(questionDraftShape);
const guideQuestion: z.ZodType<GuideQuestion> = z.object({ ...questionDraftShape, id: z.string(), origin: z.enum(['standard', 'ssu', 'cluster']) });

const recommendation = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('spread-to-clusters'), clusterIds: z.array(z.string()) }),
  z.object({ kind: z.literal('national') }),
  z.object({ kind: z.literal('none') }),
]);

const historyEvent = z.enum(['set-plan', 'record-result', 'answer', 'mark-not-relevant', 'rebase-guide', 'add-attachment', 'remove-attachment', 'set-conclusion', 'submit', 'record-discussion', 'decide']);

const evaluation: z.ZodType<Evaluation> = z.object({
  id: z.string(),
  initiativeId: z.string(),
  clusterId: z.string(),
  regionId: z.string(),
  status: z.enum(['draft', 'submitted', 'discussed', 'decided']),
  guide: z.object({ regionId: z.string(), clusterId: z.string(), ssuVersion: z.number(), clusterVersion: z.number(), questions: z.array(guideQuestion) }),
  criteria: z.array(z.object({ id: z.string(), description: z.string(), measure: z.string(), target: z.string(), measurementDates: z.array(storedIsoDate) })),
  results: z.array(z.object({ criterionId: z.string(), measuredOn: storedIsoDate, value: z.string(), note: z.string(), recordedAt: storedInstant, recordedBy: z.string() })),
  answers: z.record(z.string(), z.union([z.string(), z.number()])),
  notRelevant: z.record(z.string(), z.string()).exactOptional(),
  attachments: z.array(z.object({ id: z.string(), fileName: z.string(), mediaType: z.string(), sizeBytes: z.number(), addedAt: storedInstant, addedBy: z.string() })),
  conclusion: z.string(),
  submittedAt: storedInstant.exactOptional(),
  discussion: z.object({ date: storedIsoDate, meetingId: z.string(), enteredAfterwards: z.literal(true).exactOptional() }).exactOptional(),
  decision: z
    .object({ recommendation, justification: z.string(), decidedOn: storedIsoDate, meetingDecisionId: z.string().exactOptional(), enteredAfterwards: z.literal(true).exactOptional() })
    .exactOptional(),
  history: z.array(z.object({ at: storedInstant, by: z.string(), event: historyEvent })),
});

/** `evaluations.document` of the row `id`. */
export function storedEvaluation(document: unknown, id: string): Evaluation {
  return parseStored(evaluation, document, { table: 'evaluations', column: 'document', id });
}

/** `guide_layers.questions` of the layer `id` (scope/version). */
export function storedQuestions(questions: unknown, id: string): QuestionDraft[] {
  return parseStored(z.array(questionDraft), questions, { table: 'guide_layers', column: 'questions', id });
}

/** `guide_layers.standard_required` of the layer `id`. */
export function storedStandardRequired(value: unknown, id: string): Record<string, boolean> {
  return parseStored(z.record(z.string(), z.boolean()), value ?? {}, { table: 'guide_layers', column: 'standard_required', id });
}
