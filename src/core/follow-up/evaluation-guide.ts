import { isIsoDate } from '../calendar.ts';
import { DomainError } from '../errors.ts';

/**
 * The evaluation guide (evalueringsguide): the five standard questions of seed 002 ("Guide til
 * opfølgning på sundhedsklynger") and seed 000 section C, offered as the standard — the guide is
 * "til inspiration i klyngerne", so an SSU or a cluster chooses which of them are required, and
 * any question may be answered "ikke relevant" with a reason — plus
 * questions an SSU adds for all clusters in its region and questions a cluster adds for itself.
 * The SSU's and the cluster's questions are kept as versioned layers; an evaluation takes a
 * snapshot of the composed guide and keeps it, so a later change of the guide never changes
 * what an evaluation was answered against.
 */

/** fritekst / tal / dato / valg */
export type QuestionType = 'free-text' | 'number' | 'date' | 'choice';

export const QUESTION_TYPE_LABELS: Record<QuestionType, string> = {
  'free-text': 'Fritekst',
  number: 'Tal',
  date: 'Dato',
  choice: 'Valg',
};

/** A question as its owner writes it; `key` is unique within its layer. */
export interface QuestionDraft {
  readonly key: string;
  readonly text: string;
  readonly type: QuestionType;
  readonly required: boolean;
  /** Only for `choice`: the options, at least two, each unique. */
  readonly choices?: readonly string[];
  /** Only for `choice`: any other non-blank text is also an answer (a free-text "Andet"). */
  readonly allowOther?: boolean;
  /**
   * A specification (specificering, seed 002) of a standard question: the key of the standard
   * question it details; it is shown right after that question.
   */
  readonly specifies?: string;
}

export type QuestionOrigin = 'standard' | 'ssu' | 'cluster';

/** A question as it appears in a composed guide; `id` is unique across the guide. */
export interface GuideQuestion extends QuestionDraft {
  readonly id: string;
  readonly origin: QuestionOrigin;
}

/**
 * Question 5's options: seed 002 asks "(region eller kommune)", but follow-up is often shared —
 * so also "Fælles (region og kommune)" and, through `allowOther`, any other free text.
 */
export const FOLLOW_UP_RESPONSIBLE_CHOICES = ['Region', 'Kommune', 'Fælles (region og kommune)'] as const;

/** The five standard questions, worded as in seed 002. Always present; required unless an SSU or the cluster says otherwise. */
export const STANDARD_QUESTIONS: readonly GuideQuestion[] = (
  [
  { key: 'challenge', text: 'Hvilken udfordring adresseres?', type: 'free-text', required: true },
  { key: 'success-criteria', text: 'Hvad er succeskriterierne?', type: 'free-text', required: true },
  { key: 'measurement-method', text: 'Hvordan måles succeskriterier/resultater af indsatsen?', type: 'free-text', required: true },
  { key: 'measurement-timing', text: 'Hvornår måles resultaterne?', type: 'free-text', required: true },
  {
    key: 'follow-up-responsible',
    text: 'Hvem er ansvarlig for opfølgningen (region eller kommune)?',
    type: 'choice',
    required: true,
    choices: FOLLOW_UP_RESPONSIBLE_CHOICES,
    allowOther: true,
  },
  ] satisfies QuestionDraft[]
).map((q): GuideQuestion => ({ ...q, id: `standard/${q.key}`, origin: 'standard' }));

export const STANDARD_KEYS: readonly string[] = STANDARD_QUESTIONS.map((q) => q.key);

export type GuideLayerScope = { readonly kind: 'ssu'; readonly regionId: string } | { readonly kind: 'cluster'; readonly clusterId: string };

/** One version of an SSU's or a cluster's own questions. Version 0 is the empty start. */
export interface GuideLayer {
  readonly scope: GuideLayerScope;
  readonly version: number;
  readonly questions: readonly QuestionDraft[];
  /**
   * Which standard questions this SSU or cluster requires, by standard key; a key left out keeps
   * what the level above says (the cluster's choice over the SSU's, the SSU's over "required").
   */
  readonly standardRequired?: Readonly<Record<string, boolean>>;
}

export function emptyLayer(scope: GuideLayerScope): GuideLayer {
  return { scope, version: 0, questions: [] };
}

function scopeLabel(scope: GuideLayerScope): string {
  return scope.kind === 'ssu' ? 'Sundhedssamarbejdsudvalgets' : 'Klyngens';
}

function validateDraft(q: QuestionDraft, scope: GuideLayerScope): void {
  const where = `${scopeLabel(scope)} spørgsmål "${q.key}"`;
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(q.key)) {
    throw new DomainError('guide.bad-key', `${where}: nøglen må kun indeholde små bogstaver a–z, tal og bindestreg.`, { key: q.key });
  }
  if (q.text.trim() === '') {
    throw new DomainError('guide.empty-text', `${where} har ingen tekst.`, { key: q.key });
  }
  if (q.type === 'choice') {
    const choices = (q.choices ?? []).map((c) => c.trim());
    if (choices.length < 2 || choices.some((c) => c === '')) {
      throw new DomainError('guide.choices-missing', `${where} er et valgspørgsmål og skal have mindst to udfyldte svarmuligheder.`, { key: q.key });
    }
    if (new Set(choices).size !== choices.length) {
      throw new DomainError('guide.duplicate-choice', `${where} har den samme svarmulighed flere gange.`, { key: q.key });
    }
  } else if (q.choices !== undefined || q.allowOther !== undefined) {
    throw new DomainError('guide.choices-not-allowed', `${where}: kun valgspørgsmål kan have svarmuligheder.`, { key: q.key });
  }
  if (q.specifies !== undefined && !STANDARD_KEYS.includes(q.specifies)) {
    throw new DomainError('guide.unknown-standard', `${where} specificerer "${q.specifies}", som ikke er et af standardspørgsmålene.`, { key: q.key });
  }
}

/**
 * A new version of a layer with the given questions (the whole list, in order). Earlier versions
 * are untouched values; whoever stores them keeps them for the evaluations that used them.
 */
export function reviseLayer(layer: GuideLayer, questions: readonly QuestionDraft[], standardRequired: Readonly<Record<string, boolean>> = layer.standardRequired ?? {}): GuideLayer {
  for (const key of Object.keys(standardRequired)) {
    if (!STANDARD_KEYS.includes(key)) {
      throw new DomainError('guide.unknown-standard', `"${key}" er ikke et af evalueringsguidens standardspørgsmål.`, { key });
    }
  }
  const seen = new Set<string>();
  for (const q of questions) {
    validateDraft(q, layer.scope);
    if (seen.has(q.key)) {
      throw new DomainError('guide.duplicate-key', `${scopeLabel(layer.scope)} spørgsmål "${q.key}" findes mere end én gang.`, { key: q.key });
    }
    seen.add(q.key);
  }
  return {
    scope: layer.scope,
    version: layer.version + 1,
    questions: questions.map((q) => ({ ...q, text: q.text.trim(), ...(q.choices ? { choices: q.choices.map((c) => c.trim()) } : {}) })),
    ...(Object.keys(standardRequired).length > 0 ? { standardRequired: { ...standardRequired } } : {}),
  };
}

/** The composed guide an evaluation is answered against, with the layer versions it came from. */
export interface GuideSnapshot {
  readonly regionId: string;
  readonly clusterId: string;
  /** Version of the SSU's layer used (0 = none). */
  readonly ssuVersion: number;
  /** Version of the cluster's layer used (0 = none). */
  readonly clusterVersion: number;
  readonly questions: readonly GuideQuestion[];
}

/**
 * Standard questions first, then the SSU's, then the cluster's. The layers must belong to the
 * cluster's region and to the cluster itself.
 */
export function composeGuide(
  target: { readonly regionId: string; readonly clusterId: string },
  ssuLayer?: GuideLayer,
  clusterLayer?: GuideLayer,
): GuideSnapshot {
  if (ssuLayer && (ssuLayer.scope.kind !== 'ssu' || ssuLayer.scope.regionId !== target.regionId)) {
    throw new DomainError('guide.wrong-region', 'Spørgsmålene tilhører ikke sundhedssamarbejdsudvalget i klyngens region.');
  }
  if (clusterLayer && (clusterLayer.scope.kind !== 'cluster' || clusterLayer.scope.clusterId !== target.clusterId)) {
    throw new DomainError('guide.wrong-cluster', 'Spørgsmålene tilhører en anden klynge.');
  }
  const fromLayer = (layer: GuideLayer | undefined, origin: 'ssu' | 'cluster', prefix: string): GuideQuestion[] =>
    (layer?.questions ?? []).map(({ specifies, ...q }) => ({ ...q, id: `${prefix}/${q.key}`, origin, ...(specifies !== undefined ? { specifies: `standard/${specifies}` } : {}) }));
  const own = [...fromLayer(ssuLayer, 'ssu', `ssu-${target.regionId}`), ...fromLayer(clusterLayer, 'cluster', `cluster-${target.clusterId}`)];
  const questions: GuideQuestion[] = [];
  for (const q of STANDARD_QUESTIONS) {
    const required = clusterLayer?.standardRequired?.[q.key] ?? ssuLayer?.standardRequired?.[q.key] ?? true;
    questions.push({ ...q, required });
    // The specifications of a standard question follow it (the SSU's first, then the cluster's).
    questions.push(...own.filter((x) => x.specifies === q.id));
  }
  questions.push(...own.filter((x) => x.specifies === undefined));
  return {
    regionId: target.regionId,
    clusterId: target.clusterId,
    ssuVersion: ssuLayer?.version ?? 0,
    clusterVersion: clusterLayer?.version ?? 0,
    questions,
  };
}

/** An answer: text for free text and choice, a number for number, `YYYY-MM-DD` for date. */
export type AnswerValue = string | number;
export type Answers = Readonly<Record<string, AnswerValue>>;
/** Questions answered "ikke relevant", with the reason (question id → reason). */
export type NotRelevant = Readonly<Record<string, string>>;

export interface AnswerIssue {
  readonly questionId: string;
  readonly code: 'unknown-question' | 'required' | 'not-text' | 'not-number' | 'not-date' | 'not-a-choice' | 'no-reason';
  readonly message: string;
}

function isBlank(v: AnswerValue): boolean {
  return typeof v === 'string' && v.trim() === '';
}

/**
 * Checks answers against the questions' types, and — when `requireComplete` — that every
 * required question is answered. Returns every issue (never stops at the first).
 */
export function checkAnswers(questions: readonly GuideQuestion[], answers: Answers, requireComplete: boolean, notRelevant: NotRelevant = {}): AnswerIssue[] {
  const issues: AnswerIssue[] = [];
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const id of [...Object.keys(answers), ...Object.keys(notRelevant)]) {
    if (!byId.has(id)) {
      issues.push({ questionId: id, code: 'unknown-question', message: `Spørgsmålet "${id}" findes ikke i den evalueringsguide, evalueringen besvares efter.` });
    }
  }
  for (const q of questions) {
    const reason = notRelevant[q.id];
    if (reason !== undefined) {
      // "Ikke relevant" is an answer when it says why.
      if (reason.trim() === '') issues.push({ questionId: q.id, code: 'no-reason', message: `Skriv hvorfor "${q.text}" ikke er relevant.` });
      continue;
    }
    const v = answers[q.id];
    if (v === undefined || isBlank(v)) {
      if (requireComplete && q.required) {
        issues.push({ questionId: q.id, code: 'required', message: `"${q.text}" skal besvares.` });
      }
      continue;
    }
    switch (q.type) {
      case 'free-text':
        if (typeof v !== 'string') issues.push({ questionId: q.id, code: 'not-text', message: `Svaret på "${q.text}" skal være tekst.` });
        break;
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          issues.push({ questionId: q.id, code: 'not-number', message: `Svaret på "${q.text}" skal være et tal.` });
        }
        break;
      case 'date':
        if (typeof v !== 'string' || !isIsoDate(v)) {
          issues.push({ questionId: q.id, code: 'not-date', message: `Svaret på "${q.text}" skal være en gyldig dato (ÅÅÅÅ-MM-DD).` });
        }
        break;
      case 'choice':
        if (typeof v !== 'string' || (!(q.choices ?? []).includes(v) && q.allowOther !== true)) {
          issues.push({
            questionId: q.id,
            code: 'not-a-choice',
            message: `Svaret på "${q.text}" skal være en af: ${(q.choices ?? []).join(', ')}${q.allowOther === true ? ' eller en anden tekst' : ''}.`,
          });
        }
        break;
    }
  }
  return issues;
}

/** Throws one DomainError listing every issue (Danish, one per line) when there are any. */
export function assertAnswers(questions: readonly GuideQuestion[], answers: Answers, requireComplete: boolean, notRelevant: NotRelevant = {}): void {
  const issues = checkAnswers(questions, answers, requireComplete, notRelevant);
  if (issues.length > 0) {
    throw new DomainError('evaluation.invalid-answers', issues.map((i) => i.message).join('\n'), { issues });
  }
}
