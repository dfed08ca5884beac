import type { Kysely } from 'kysely';
import { TARGET_GROUP_LABEL } from '../../core/economy/initiative.ts';
import { ConflictError, DomainError, NotFoundError } from '../../core/errors.ts';
import { applyEvaluationCommand, openEvaluation, type ClusterDirectory, type Evaluation, type EvaluationCommand, type EvaluationStatus, type RecommendationKind } from '../../core/follow-up/evaluation.ts';
import { getInitiative, initiativeForecastTotal } from '../economy/index.ts';
import { decisionsFor, getMeeting, type DecisionMade } from '../governance/index.ts';
import { newId, now, nowInstant, todayInDenmark } from '../../infra/clock.ts';
import { recordChange, type Actor } from '../../infra/audit/audit.ts';
import { toJson, type JsonValue, type Schema } from '../../infra/db/schema.ts';
import { inTransaction } from '../../infra/db/unit-of-work.ts';
import { checkUpload, removeAttachment, storeAttachment, type Upload } from '../attachments/index.ts';
import { composedGuideFor } from './guide.ts';
import { storedEvaluation } from './stored.ts';
import { jsonObject, jsonValue } from '../../infra/db/stored-json.ts';

/**
 * Evaluations as stored: the domain's Evaluation value (src/core/follow-up/evaluation.ts) as a
 * document with its status and owners as columns. A cluster works on its own drafts; the SSU of
 * the cluster's region sees them from submission on and records discussion and decision.
 */

/** Who is looking: the cluster that owns the evaluation, or the SSU of its region. */
export type EvaluationScope = { readonly kind: 'cluster'; readonly clusterId: string } | { readonly kind: 'ssu'; readonly regionCode: string };

/** Commands a cluster gives (its own content and submission). */
export type ClusterCommand = Extract<EvaluationCommand, { type: 'set-plan' | 'record-result' | 'answer' | 'mark-not-relevant' | 'set-conclusion' | 'submit' | 'remove-attachment' }> | { readonly type: 'rebase-guide' };
/** Commands the SSU gives; the discussion's date is the SSU meeting's date; the clusters a spread may name are looked up. */
export type SsuCommand =
  | { readonly type: 'record-discussion'; readonly meetingId: string }
  | Omit<Extract<EvaluationCommand, { type: 'decide' }>, 'clusters' | 'enteredAfterwards'>;

/** Every cluster with its region, for checking a spread recommendation. */
async function clusterDirectory(db: Kysely<Schema>): Promise<ClusterDirectory> {
  const rows = await db.selectFrom('clusters').innerJoin('regions', 'regions.code', 'clusters.region_code').select(['clusters.id', 'clusters.name', 'clusters.region_code', 'regions.name as region']).execute();
  return Object.fromEntries(rows.map((r) => [r.id, { regionId: r.region_code, name: `${r.name} (${r.region})` }]));
}

export interface InitiativeSummary {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly clusterId: string;
  readonly targetGroup: string;
  readonly status: string;
  readonly startPeriod: string;
  readonly endPeriod: string;
  readonly forecastTotalOre: number;
  readonly originInitiativeId: string | null;
  /** The decision the economy recorded when the initiative was approved (date, level, meeting). */
  readonly approval: { readonly date: string; readonly level: 'political' | 'professional'; readonly meetingReference: string } | null;
}

export interface EvaluationView {
  readonly evaluation: Evaluation;
  readonly version: number;
  readonly clusterName: string;
  readonly regionName: string;
  readonly initiative: InitiativeSummary;
  /** Meeting decisions linked to this evaluation ("the decision that made this"). */
  readonly decisions: readonly DecisionMade[];
  /** Names of the clusters a spread recommendation names. */
  readonly clusterNames: Readonly<Record<string, string>>;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export async function initiativeSummary(db: Kysely<Schema>, initiativeId: string): Promise<InitiativeSummary> {
  const s = await getInitiative(db, initiativeId);
  const i = s.initiative;
  return {
    id: s.id,
    title: i.title,
    description: i.description,
    clusterId: s.clusterId,
    targetGroup: i.targetGroup === 'other' ? (i.otherTargetGroup ?? TARGET_GROUP_LABEL.other) : TARGET_GROUP_LABEL[i.targetGroup],
    status: i.status,
    startPeriod: i.startPeriod,
    endPeriod: i.endPeriod,
    forecastTotalOre: initiativeForecastTotal(s),
    originInitiativeId: s.originInitiativeId,
    approval: i.approval ? { date: i.approval.date, level: i.approval.level, meetingReference: i.approval.meetingReference } : null,
  };
}

async function clusterNames(db: Kysely<Schema>): Promise<Record<string, string>> {
  const rows = await db.selectFrom('clusters').innerJoin('regions', 'regions.code', 'clusters.region_code').select(['clusters.id', 'clusters.name', 'regions.name as region']).execute();
  // Several regions have a "Klynge Nord"/"Klynge Syd": the region makes the name unambiguous.
  return Object.fromEntries(rows.map((r) => [r.id, `${r.name} (${r.region})`]));
}

type Row = { id: string; cluster_id: string; region_code: string; status: string; document: JsonValue; version: number; updated_at: Date; updated_by: string };

/** The evaluation with this id as seen from this scope; drafts are not the SSU's to see. */
async function load(db: Kysely<Schema>, scope: EvaluationScope, id: string): Promise<Row> {
  let q = db.selectFrom('evaluations').select(['id', 'cluster_id', 'region_code', 'status', 'document', 'version', 'updated_at', 'updated_by']).where('id', '=', id);
  if (scope.kind === 'cluster') q = q.where('cluster_id', '=', scope.clusterId);
  else q = q.where('region_code', '=', scope.regionCode).where('status', '!=', 'draft');
  const row = await q.executeTakeFirst();
  if (!row) throw new NotFoundError('evaluation.not-found', 'Evalueringen findes ikke.');
  return row;
}

export async function getEvaluation(db: Kysely<Schema>, scope: EvaluationScope, id: string): Promise<EvaluationView> {
  const row = await load(db, scope, id);
  const evaluation = storedEvaluation(row.document, row.id);
  const names = await clusterNames(db);
  const region = await db.selectFrom('regions').select('name').where('code', '=', row.region_code).executeTakeFirstOrThrow();
  return {
    evaluation,
    version: row.version,
    clusterName: names[row.cluster_id] ?? row.cluster_id,
    regionName: region.name,
    initiative: await initiativeSummary(db, evaluation.initiativeId),
    decisions: await decisionsFor(db, 'ssu-recommendation', id),
    clusterNames: names,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
  };
}

export interface EvaluationSummary {
  readonly id: string;
  readonly initiativeId: string;
  readonly initiativeTitle: string;
  readonly clusterId: string;
  readonly clusterName: string;
  readonly status: EvaluationStatus;
  readonly submittedAt: string | null;
  readonly recommendation: RecommendationKind | null;
}

export async function listEvaluations(db: Kysely<Schema>, scope: EvaluationScope): Promise<EvaluationSummary[]> {
  let q = db
    .selectFrom('evaluations')
    .innerJoin('initiatives', 'initiatives.id', 'evaluations.initiative_id')
    .select(['evaluations.id', 'evaluations.initiative_id', 'initiatives.title', 'evaluations.cluster_id', 'evaluations.status', 'evaluations.document']);
  if (scope.kind === 'cluster') q = q.where('evaluations.cluster_id', '=', scope.clusterId);
  else q = q.where('evaluations.region_code', '=', scope.regionCode).where('evaluations.status', '!=', 'draft');
  const rows = await q.orderBy('evaluations.created_at', 'desc').execute();
  const names = await clusterNames(db);
  return rows.map((r) => {
    const e = storedEvaluation(r.document, r.id);
    return {
      id: r.id,
      initiativeId: r.initiative_id,
      initiativeTitle: r.title,
      clusterId: r.cluster_id,
      clusterName: names[r.cluster_id] ?? r.cluster_id,
      status: e.status,
      submittedAt: e.submittedAt ?? null,
      recommendation: e.decision?.recommendation.kind ?? null,
    };
  });
}

/** Opens an evaluation of one of the cluster's own initiatives against the guide as it is now. */
export async function startEvaluation(db: Kysely<Schema>, actor: Actor, clusterId: string, initiativeId: string): Promise<EvaluationView> {
  const initiative = await getInitiative(db, initiativeId);
  if (initiative.clusterId !== clusterId) throw new DomainError('evaluation.other-cluster', 'En klynge kan kun evaluere sine egne indsatser.');
  const guide = await composedGuideFor(db, clusterId);
  const evaluation = openEvaluation({ id: newId(), initiativeId, clusterId, regionId: initiative.regionCode, guide });
  await inTransaction(db, async (trx) => {
    await trx
      .insertInto('evaluations')
      .values({ id: evaluation.id, initiative_id: initiativeId, cluster_id: clusterId, region_code: initiative.regionCode, status: evaluation.status, document: toJson(evaluation), created_by: actor.name, updated_by: actor.name })
      .execute();
    await recordChange(trx, actor, { action: 'evaluation.open', entity: 'evaluation', entityId: evaluation.id, before: null, after: { initiativeId, ssuVersion: guide.ssuVersion, clusterVersion: guide.clusterVersion } });
  });
  return getEvaluation(db, { kind: 'cluster', clusterId }, evaluation.id);
}

async function save(trx: Kysely<Schema>, actor: Actor, row: Row, expectedVersion: number, next: Evaluation, event: string, detail: JsonValue): Promise<void> {
  if (row.version !== expectedVersion) {
    throw new ConflictError('conflict.stale', `Evalueringen er ændret af ${row.updated_by} siden du hentede den. Hent den igen, og gentag din ændring.`, { currentVersion: row.version });
  }
  const updated = await trx
    .updateTable('evaluations')
    .set({ document: toJson(next), status: next.status, version: row.version + 1, updated_at: now(), updated_by: actor.name })
    .where('id', '=', row.id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  // Another change committed between our read and this write (the row was not locked): 409, and
  // the transaction rolls back instead of recording a change that did not happen.
  if (Number(updated.numUpdatedRows) !== 1) {
    throw new ConflictError('conflict.stale', 'Evalueringen er ændret af en anden, siden du hentede den. Hent den igen, og gentag din ændring.');
  }
  const before = storedEvaluation(row.document, row.id);
  await recordChange(trx, actor, { action: `evaluation.${event}`, entity: 'evaluation', entityId: row.id, before: { status: before.status }, after: { status: next.status, ...(typeof detail === 'object' && detail !== null && !Array.isArray(detail) ? detail : { detail }) } });
}

/** A cluster's own change to its evaluation (the domain refuses anything once submitted). */
export async function applyClusterCommand(db: Kysely<Schema>, actor: Actor, clusterId: string, id: string, expectedVersion: number, command: ClusterCommand): Promise<EvaluationView> {
  await inTransaction(db, async (trx) => {
    const row = await load(trx, { kind: 'cluster', clusterId }, id);
    const current = storedEvaluation(row.document, row.id);
    const domainCommand: EvaluationCommand = command.type === 'rebase-guide' ? { type: 'rebase-guide', guide: await composedGuideFor(trx, clusterId) } : command;
    const next = applyEvaluationCommand(current, domainCommand, { now: nowInstant(), today: todayInDenmark(), actor: actor.name });
    // The file is kept (hidden); the trail names what was removed.
    const removed = command.type === 'remove-attachment' ? await removeAttachment(trx, { kind: 'evaluation', id }, command.id, actor.name) : null;
    const detail: JsonValue = command.type === 'rebase-guide' ? { ssuVersion: next.guide.ssuVersion, clusterVersion: next.guide.clusterVersion } : removed ? { ...jsonObject(command), removed: { ...removed } } : jsonValue(command);
    await save(trx, actor, row, expectedVersion, next, command.type, detail);
  });
  return getEvaluation(db, { kind: 'cluster', clusterId }, id);
}

/**
 * The SSU's discussion and decision; the meeting must be one of the region's own SSU meetings.
 * `enteredAfterwards`: an administrator records past history with its real dates (the route
 * allows it to administrators only); it is marked so on the evaluation and in the audit trail.
 */
export async function applySsuCommand(db: Kysely<Schema>, actor: Actor, regionCode: string, id: string, expectedVersion: number, command: SsuCommand, enteredAfterwards = false): Promise<EvaluationView> {
  const scope = { kind: 'ssu', regionCode } as const;
  let domainCommand: EvaluationCommand;
  if (command.type === 'record-discussion') {
    const meeting = await getMeeting(db, scope, command.meetingId).catch((e: unknown) => {
      if (e instanceof DomainError && e.code === 'meeting.not-found') throw new DomainError('evaluation.unknown-meeting', 'Mødet er ikke et møde i regionens sundhedssamarbejdsudvalg.');
      throw e;
    });
    if (meeting.cancelled) throw new DomainError('evaluation.meeting-cancelled', 'Mødet er aflyst.');
    domainCommand = { type: 'record-discussion', meetingId: meeting.id, date: meeting.date, ...(enteredAfterwards ? { enteredAfterwards } : {}) };
  } else {
    domainCommand = { ...command, clusters: await clusterDirectory(db), ...(enteredAfterwards ? { enteredAfterwards } : {}) };
  }
  await inTransaction(db, async (trx) => {
    const row = await load(trx, scope, id);
    const next = applyEvaluationCommand(storedEvaluation(row.document, row.id), domainCommand, { now: nowInstant(), today: todayInDenmark(), actor: actor.name });
    const audited = domainCommand.type === 'decide' ? { ...command, ...(enteredAfterwards ? { enteredAfterwards } : {}) } : domainCommand;
    await save(trx, actor, row, expectedVersion, next, enteredAfterwards ? `${command.type}-afterwards` : command.type, jsonValue(audited));
  });
  return getEvaluation(db, scope, id);
}

export async function addEvaluationAttachment(db: Kysely<Schema>, actor: Actor, clusterId: string, id: string, expectedVersion: number, upload: Upload): Promise<EvaluationView> {
  const file = checkUpload(upload);
  await inTransaction(db, async (trx) => {
    const row = await load(trx, { kind: 'cluster', clusterId }, id);
    const next = applyEvaluationCommand(
      storedEvaluation(row.document, row.id),
      { type: 'add-attachment', id: file.id, fileName: file.fileName, mediaType: file.mediaType, sizeBytes: file.sizeBytes },
      { now: nowInstant(), today: todayInDenmark(), actor: actor.name },
    );
    await storeAttachment(trx, { kind: 'evaluation', id }, file, actor.name);
    await save(trx, actor, row, expectedVersion, next, 'add-attachment', { attachmentId: file.id, fileName: file.fileName, sizeBytes: file.sizeBytes });
  });
  return getEvaluation(db, { kind: 'cluster', clusterId }, id);
}

/** Checks that the evaluation is visible in the scope (for file downloads). */
export async function requireEvaluation(db: Kysely<Schema>, scope: EvaluationScope, id: string): Promise<void> {
  await load(db, scope, id);
}
