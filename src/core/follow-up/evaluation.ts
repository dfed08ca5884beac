import { dateOf, isoDate, instant, type Instant, type IsoDate } from '../calendar.ts';
import { DomainError, NotFoundError } from '../errors.ts';
import { assertAnswers, type AnswerValue, type Answers, type GuideSnapshot, type NotRelevant } from './evaluation-guide.ts';

/**
 * The follow-up of one initiative (opfølgning og evaluering): the success criteria and measurement
 * plan set at the start, the results recorded when measured, and the final evaluation (answers to
 * the guide, attachments, conclusion) that goes to the SSU (sundhedssamarbejdsudvalget).
 *
 * Workflow: draft (kladde) → submitted (indsendt til SSU; locked) → discussed (drøftet, with date
 * and meeting) → decided (SSU's recommendation with a justification). Nothing moves backwards:
 * once submitted, the evaluation's content can never change again.
 */

export type EvaluationStatus = 'draft' | 'submitted' | 'discussed' | 'decided';

export const EVALUATION_STATUS_LABELS: Record<EvaluationStatus, string> = {
  draft: 'Kladde',
  submitted: 'Indsendt til SSU',
  discussed: 'Drøftet i SSU',
  decided: 'Afgjort af SSU',
};

/** succeskriterium, with how and when it is measured (the measurement plan). */
export interface SuccessCriterion {
  readonly id: string;
  readonly description: string;
  /** How it is measured (målemetode). */
  readonly measure: string;
  /** The target, as the cluster writes it (e.g. "20 % færre genindlæggelser"). */
  readonly target: string;
  /** Planned measurement dates (måletidspunkter), ascending. */
  readonly measurementDates: readonly IsoDate[];
}

/** A result recorded against a criterion when measured (resultat). */
export interface MeasurementResult {
  readonly criterionId: string;
  readonly measuredOn: IsoDate;
  readonly value: string;
  readonly note: string;
  readonly recordedAt: Instant;
  readonly recordedBy: string;
}

/** bilag: the file itself is stored elsewhere; this is its checked description. */
export interface Attachment {
  readonly id: string;
  readonly fileName: string;
  readonly mediaType: string;
  readonly sizeBytes: number;
  readonly addedAt: Instant;
  readonly addedBy: string;
}

/** The SSU's decision (indstilling om udbredelse). */
export type Recommendation =
  | { readonly kind: 'spread-to-clusters'; readonly clusterIds: readonly string[] }
  | { readonly kind: 'national' }
  | { readonly kind: 'none' };

export type RecommendationKind = Recommendation['kind'];

export const RECOMMENDATION_LABELS: Record<RecommendationKind, string> = {
  'spread-to-clusters': 'Anbefales udbredt til andre klynger',
  national: 'Anbefales udbredt nationalt',
  none: 'Ingen anbefaling om udbredelse',
};

export interface SsuDecision {
  readonly recommendation: Recommendation;
  readonly justification: string;
  readonly decidedOn: IsoDate;
  /** The meeting decision (governance) that made it, when recorded there. */
  readonly meetingDecisionId?: string;
  /** Entered afterwards by an administrator with its real (earlier) date (efterregistreret). */
  readonly enteredAfterwards?: true;
}

/** Where each known cluster lies, to check a spread recommendation (cluster id → region and name). */
export type ClusterDirectory = Readonly<Record<string, { readonly regionId: string; readonly name: string }>>;

export interface HistoryEntry {
  readonly at: Instant;
  readonly by: string;
  readonly event: EvaluationCommand['type'];
}

export interface Evaluation {
  readonly id: string;
  readonly initiativeId: string;
  readonly clusterId: string;
  readonly regionId: string;
  readonly status: EvaluationStatus;
  /** The guide as it was when the evaluation was opened; never replaced after submission. */
  readonly guide: GuideSnapshot;
  readonly criteria: readonly SuccessCriterion[];
  readonly results: readonly MeasurementResult[];
  readonly answers: Answers;
  /** Questions answered "ikke relevant", with the reason (absent in evaluations stored before it existed). */
  readonly notRelevant?: NotRelevant;
  readonly attachments: readonly Attachment[];
  readonly conclusion: string;
  readonly submittedAt?: Instant;
  readonly discussion?: { readonly date: IsoDate; readonly meetingId: string; readonly enteredAfterwards?: true };
  readonly decision?: SsuDecision;
  readonly history: readonly HistoryEntry[];
}

export type EvaluationCommand =
  | { readonly type: 'set-plan'; readonly criteria: readonly SuccessCriterion[] }
  | { readonly type: 'record-result'; readonly criterionId: string; readonly measuredOn: string; readonly value: string; readonly note?: string }
  | { readonly type: 'answer'; readonly answers: Readonly<Record<string, AnswerValue | null>> }
  /** Marks a question "ikke relevant" with a reason, or (reason null) takes the mark away. */
  | { readonly type: 'mark-not-relevant'; readonly questionId: string; readonly reason: string | null }
  | { readonly type: 'rebase-guide'; readonly guide: GuideSnapshot }
  | { readonly type: 'add-attachment'; readonly id: string; readonly fileName: string; readonly mediaType: string; readonly sizeBytes: number }
  | { readonly type: 'remove-attachment'; readonly id: string }
  | { readonly type: 'set-conclusion'; readonly conclusion: string }
  | { readonly type: 'submit' }
  | {
      readonly type: 'record-discussion';
      readonly date: string;
      readonly meetingId: string;
      /** History entered afterwards: the discussion may predate the submission recorded in Klynge. */
      readonly enteredAfterwards?: boolean;
    }
  | {
      readonly type: 'decide';
      readonly recommendation: Recommendation;
      readonly justification: string;
      readonly decidedOn: string;
      readonly meetingDecisionId?: string;
      /** Every known cluster's region: a spread may only name clusters of the SSU's own region. */
      readonly clusters: ClusterDirectory;
      readonly enteredAfterwards?: boolean;
    };

/** Who acts and when; the clock is the caller's. */
export interface CommandContext {
  readonly now: string;
  /**
   * Today's date where the users are (Denmark), `YYYY-MM-DD`. Dates typed by users are local
   * dates, so "in the future" is judged against this, not against the UTC date of `now`
   * (which lags by a day for an hour or two after Danish midnight). Defaults to `now`'s date.
   */
  readonly today?: string;
  readonly actor: string;
}

/** Allowed attachment types (bilag): documents, spreadsheets, presentations, images, text. */
export const ATTACHMENT_TYPES: Readonly<Record<string, readonly string[]>> = {
  'application/pdf': ['pdf'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
  'application/vnd.oasis.opendocument.text': ['odt'],
  'application/vnd.oasis.opendocument.spreadsheet': ['ods'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'text/csv': ['csv'],
  'text/plain': ['txt'],
};
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
export const MAX_ATTACHMENTS_TOTAL_BYTES = 100 * 1024 * 1024;

export function openEvaluation(input: {
  readonly id: string;
  readonly initiativeId: string;
  readonly clusterId: string;
  readonly regionId: string;
  readonly guide: GuideSnapshot;
}): Evaluation {
  if (input.guide.clusterId !== input.clusterId || input.guide.regionId !== input.regionId) {
    throw new DomainError('evaluation.guide-mismatch', 'Evalueringsguiden er sammensat til en anden klynge.');
  }
  return { ...input, status: 'draft', criteria: [], results: [], answers: {}, attachments: [], conclusion: '', history: [] };
}

const LOCKED_MESSAGE =
  'Evalueringen er indsendt til sundhedssamarbejdsudvalget og er låst; den kan ikke længere ændres.';

function requireDraft(e: Evaluation): void {
  if (e.status !== 'draft') throw new DomainError('evaluation.locked', LOCKED_MESSAGE, { status: e.status });
}

function requireNonBlank(text: string, code: string, message: string): string {
  if (text.trim() === '') throw new DomainError(code, message);
  return text.trim();
}

function checkPlan(criteria: readonly SuccessCriterion[]): SuccessCriterion[] {
  const ids = new Set<string>();
  return criteria.map((c, i) => {
    const n = `Succeskriterium ${String(i + 1)}`;
    if (c.id.trim() === '' || ids.has(c.id)) {
      throw new DomainError('evaluation.criterion-id', `${n} mangler et entydigt id.`, { index: i });
    }
    ids.add(c.id);
    const description = requireNonBlank(c.description, 'evaluation.criterion-description', `${n} mangler en beskrivelse.`);
    const measure = requireNonBlank(c.measure, 'evaluation.criterion-measure', `${n} ("${description}") mangler en målemetode.`);
    if (c.measurementDates.length === 0) {
      throw new DomainError('evaluation.criterion-no-dates', `${n} ("${description}") har ingen måletidspunkter.`, { index: i });
    }
    const dates = c.measurementDates.map((d) => isoDate(d, `Et måletidspunkt for ${n}`));
    return { id: c.id, description, measure, target: c.target.trim(), measurementDates: [...dates].sort() };
  });
}

function checkAttachment(e: Evaluation, c: Extract<EvaluationCommand, { type: 'add-attachment' }>): void {
  if (e.attachments.some((a) => a.id === c.id)) {
    throw new DomainError('attachment.duplicate', `Bilaget "${c.fileName}" er allerede vedhæftet.`);
  }
  const name = c.fileName.trim();
  if (name === '' || /[\\/]/.test(name)) {
    throw new DomainError('attachment.bad-name', `Filnavnet "${c.fileName}" er ikke gyldigt.`);
  }
  const extension = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  const allowed = ATTACHMENT_TYPES[c.mediaType];
  if (!allowed) {
    throw new DomainError('attachment.type-not-allowed', `Filtypen ${c.mediaType} kan ikke vedhæftes. Tilladt: PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, CSV og tekst.`, {
      mediaType: c.mediaType,
    });
  }
  if (extension === undefined || !allowed.includes(extension)) {
    throw new DomainError('attachment.extension-mismatch', `Filnavnet "${name}" passer ikke til filtypen ${c.mediaType}.`);
  }
  if (!Number.isSafeInteger(c.sizeBytes) || c.sizeBytes <= 0) {
    throw new DomainError('attachment.empty', `Filen "${name}" er tom.`);
  }
  if (c.sizeBytes > MAX_ATTACHMENT_BYTES) {
    throw new DomainError('attachment.too-large', `Filen "${name}" er større end 20 MB.`, { sizeBytes: c.sizeBytes });
  }
  const total = e.attachments.reduce((s, a) => s + a.sizeBytes, 0) + c.sizeBytes;
  if (total > MAX_ATTACHMENTS_TOTAL_BYTES) {
    throw new DomainError('attachment.total-too-large', 'Evalueringens bilag må tilsammen højst fylde 100 MB.', { totalBytes: total });
  }
}

/**
 * Seed 001 §7: the SSU is the region's committee and "indstille[r] veldokumenterede tiltag til
 * udbredelse på tværs af klynger eller på nationalt niveau" — across its own clusters, or
 * nationally. So a spread names only known clusters of the evaluation's region.
 */
function checkRecommendation(e: Evaluation, r: Recommendation, clusters: ClusterDirectory): Recommendation {
  switch (r.kind) {
    case 'spread-to-clusters': {
      const ids = [...new Set(r.clusterIds)];
      if (ids.length === 0) {
        throw new DomainError('evaluation.no-clusters', 'Angiv hvilke klynger indsatsen anbefales udbredt til.');
      }
      if (ids.includes(e.clusterId)) {
        throw new DomainError('evaluation.own-cluster', 'Indsatsen kan ikke anbefales udbredt til den klynge, der selv har afprøvet den.');
      }
      const unknown = ids.filter((id) => clusters[id] === undefined);
      if (unknown.length > 0) {
        throw new DomainError('evaluation.unknown-cluster', `Klyngen ${unknown.map((id) => `"${id}"`).join(', ')} findes ikke.`, { clusterIds: unknown });
      }
      const outside = ids.filter((id) => clusters[id]?.regionId !== e.regionId);
      if (outside.length > 0) {
        const names = outside.map((id) => clusters[id]?.name ?? id).join(', ');
        throw new DomainError(
          'evaluation.cluster-outside-region',
          `${names} ligger i en anden region. Sundhedssamarbejdsudvalget kan kun anbefale udbredelse til klynger i egen region – vælg "Anbefales udbredt nationalt" for at nå andre regioner.`,
          { clusterIds: outside },
        );
      }
      return { kind: 'spread-to-clusters', clusterIds: ids };
    }
    case 'national':
    case 'none':
      return r;
  }
}

/**
 * Applies one command and returns the new evaluation (the input is never changed), or throws a
 * DomainError saying in Danish why the command is not allowed now.
 */
export function applyEvaluationCommand(e: Evaluation, command: EvaluationCommand, ctx: CommandContext): Evaluation {
  const now = instant(ctx.now);
  const today = ctx.today ?? dateOf(now);
  const actor = requireNonBlank(ctx.actor, 'evaluation.no-actor', 'Det er ikke oplyst, hvem der udfører handlingen.');
  const next = ((): Evaluation => {
    switch (command.type) {
      case 'set-plan': {
        requireDraft(e);
        const criteria = checkPlan(command.criteria);
        const kept = new Set(criteria.map((c) => c.id));
        const orphan = e.results.find((r) => !kept.has(r.criterionId));
        if (orphan) {
          throw new DomainError(
            'evaluation.criterion-has-results',
            'Et succeskriterium, der allerede er målt på, kan ikke fjernes fra måleplanen.',
            { criterionId: orphan.criterionId },
          );
        }
        return { ...e, criteria };
      }
      case 'record-result': {
        requireDraft(e);
        const criterion = e.criteria.find((c) => c.id === command.criterionId);
        if (!criterion) {
          throw new DomainError('evaluation.unknown-criterion', 'Resultatet hører ikke til et succeskriterium i måleplanen.', {
            criterionId: command.criterionId,
          });
        }
        const measuredOn = isoDate(command.measuredOn, 'Måledatoen');
        if (measuredOn > today) {
          throw new DomainError('evaluation.result-in-future', 'Et resultat kan ikke registreres med en måledato i fremtiden.');
        }
        const value = requireNonBlank(command.value, 'evaluation.result-empty', `Resultatet for "${criterion.description}" er tomt.`);
        const result: MeasurementResult = { criterionId: criterion.id, measuredOn, value, note: (command.note ?? '').trim(), recordedAt: now, recordedBy: actor };
        return { ...e, results: [...e.results, result] };
      }
      case 'answer': {
        requireDraft(e);
        const merged: Record<string, AnswerValue> = { ...e.answers };
        for (const [id, v] of Object.entries(command.answers)) {
          if (v === null) delete merged[id];
          else merged[id] = typeof v === 'string' ? v.trim() : v;
        }
        // A draft may be incomplete, but what is there must fit the questions.
        assertAnswers(e.guide.questions, merged, false);
        // An answer given replaces an earlier "ikke relevant".
        const notRelevant = Object.fromEntries(Object.entries(e.notRelevant ?? {}).filter(([id]) => merged[id] === undefined));
        return { ...e, answers: merged, notRelevant };
      }
      case 'mark-not-relevant': {
        requireDraft(e);
        const question = e.guide.questions.find((q) => q.id === command.questionId);
        if (!question) {
          throw new DomainError('evaluation.unknown-question', `Spørgsmålet "${command.questionId}" findes ikke i den evalueringsguide, evalueringen besvares efter.`);
        }
        const notRelevant: Record<string, string> = { ...(e.notRelevant ?? {}) };
        if (command.reason === null) {
          delete notRelevant[question.id];
          return { ...e, notRelevant };
        }
        notRelevant[question.id] = requireNonBlank(command.reason, 'evaluation.not-relevant-no-reason', `Skriv hvorfor "${question.text}" ikke er relevant.`);
        const answers: Record<string, AnswerValue> = { ...e.answers };
        delete answers[question.id];
        return { ...e, answers, notRelevant };
      }
      case 'rebase-guide': {
        requireDraft(e);
        const g = command.guide;
        if (g.clusterId !== e.clusterId || g.regionId !== e.regionId) {
          throw new DomainError('evaluation.guide-mismatch', 'Evalueringsguiden er sammensat til en anden klynge.');
        }
        // Keep the answers whose question still exists with the same type (and, for a choice,
        // whose option still exists); the rest no longer apply to the new guide.
        const fitting: Record<string, AnswerValue> = {};
        for (const q of g.questions) {
          const old = e.guide.questions.find((o) => o.id === q.id);
          const v = e.answers[q.id];
          if (!old || old.type !== q.type || v === undefined) continue;
          if (q.type === 'choice' && !(q.choices ?? []).includes(String(v))) continue;
          fitting[q.id] = v;
        }
        const stillAsked = new Set(g.questions.map((q) => q.id));
        const notRelevant = Object.fromEntries(Object.entries(e.notRelevant ?? {}).filter(([id]) => stillAsked.has(id)));
        return { ...e, guide: g, answers: fitting, notRelevant };
      }
      case 'add-attachment': {
        requireDraft(e);
        checkAttachment(e, command);
        const a: Attachment = {
          id: command.id,
          fileName: command.fileName.trim(),
          mediaType: command.mediaType,
          sizeBytes: command.sizeBytes,
          addedAt: now,
          addedBy: actor,
        };
        return { ...e, attachments: [...e.attachments, a] };
      }
      case 'remove-attachment': {
        requireDraft(e);
        if (!e.attachments.some((a) => a.id === command.id)) {
          throw new NotFoundError('attachment.unknown', 'Bilaget findes ikke på evalueringen.');
        }
        return { ...e, attachments: e.attachments.filter((a) => a.id !== command.id) };
      }
      case 'set-conclusion':
        requireDraft(e);
        return { ...e, conclusion: command.conclusion.trim() };
      case 'submit': {
        if (e.status !== 'draft') {
          throw new DomainError('evaluation.already-submitted', 'Evalueringen er allerede indsendt til sundhedssamarbejdsudvalget.');
        }
        const problems: string[] = [];
        if (e.criteria.length === 0) problems.push('Måleplanen har ingen succeskriterier.');
        if (e.conclusion === '') problems.push('Evalueringen mangler en konklusion.');
        try {
          assertAnswers(e.guide.questions, e.answers, true, e.notRelevant ?? {});
        } catch (err) {
          if (err instanceof DomainError) problems.push(err.message);
          else throw err;
        }
        if (problems.length > 0) {
          throw new DomainError('evaluation.incomplete', `Evalueringen kan ikke indsendes endnu:\n${problems.join('\n')}`);
        }
        return { ...e, status: 'submitted', submittedAt: now };
      }
      case 'record-discussion': {
        if (e.status !== 'submitted') {
          throw new DomainError(
            'evaluation.not-awaiting-discussion',
            e.status === 'draft'
              ? 'Evalueringen skal indsendes til sundhedssamarbejdsudvalget, før drøftelsen kan registreres.'
              : 'Drøftelsen i sundhedssamarbejdsudvalget er allerede registreret.',
          );
        }
        const date = isoDate(command.date, 'Mødedatoen');
        const afterwards = command.enteredAfterwards === true;
        // History entered afterwards (e.g. 2022's SSU meetings) keeps its real, earlier date.
        if (!afterwards && e.submittedAt !== undefined && date < dateOf(e.submittedAt)) {
          throw new DomainError('evaluation.discussed-before-submitted', 'Drøftelsen kan ikke ligge før evalueringen blev indsendt.');
        }
        if (date > today) {
          throw new DomainError('evaluation.discussion-in-future', 'En drøftelse kan først registreres, når mødet har fundet sted.');
        }
        const meetingId = requireNonBlank(command.meetingId, 'evaluation.no-meeting', 'Angiv det møde i sundhedssamarbejdsudvalget, hvor evalueringen blev drøftet.');
        return { ...e, status: 'discussed', discussion: { date, meetingId, ...(afterwards ? { enteredAfterwards: true as const } : {}) } };
      }
      case 'decide': {
        if (e.status !== 'discussed' || !e.discussion) {
          throw new DomainError(
            'evaluation.not-discussed',
            e.status === 'decided'
              ? 'Sundhedssamarbejdsudvalget har allerede truffet beslutning om evalueringen.'
              : 'Sundhedssamarbejdsudvalget skal have drøftet evalueringen, før der kan træffes beslutning.',
          );
        }
        const justification = requireNonBlank(command.justification, 'evaluation.no-justification', 'Beslutningen skal begrundes.');
        const decidedOn = isoDate(command.decidedOn, 'Beslutningsdatoen');
        if (decidedOn < e.discussion.date) {
          throw new DomainError('evaluation.decided-before-discussed', 'Beslutningen kan ikke ligge før drøftelsen.');
        }
        if (decidedOn > today) {
          throw new DomainError('evaluation.decision-in-future', 'Beslutningsdatoen ligger i fremtiden.');
        }
        const decision: SsuDecision = {
          recommendation: checkRecommendation(e, command.recommendation, command.clusters),
          justification,
          decidedOn,
          ...(command.meetingDecisionId !== undefined ? { meetingDecisionId: command.meetingDecisionId } : {}),
          ...(command.enteredAfterwards === true ? { enteredAfterwards: true as const } : {}),
        };
        return { ...e, status: 'decided', decision };
      }
    }
  })();
  return { ...next, history: [...e.history, { at: now, by: actor, event: command.type }] };
}

/** True while the evaluation's content may still be edited. */
export function isEditable(e: Evaluation): boolean {
  return e.status === 'draft';
}

/** The results recorded against each criterion, in measurement order (for display and catalogue). */
export function resultsByCriterion(e: Evaluation): { criterion: SuccessCriterion; results: MeasurementResult[] }[] {
  return e.criteria.map((criterion) => ({
    criterion,
    results: e.results.filter((r) => r.criterionId === criterion.id).sort((a, b) => (a.measuredOn < b.measuredOn ? -1 : a.measuredOn > b.measuredOn ? 1 : 0)),
  }));
}
