import type { Kysely } from 'kysely';
import { ConflictError, NotFoundError } from '../../core/errors.ts';
import { composeGuide, emptyLayer, reviseLayer, type GuideLayer, type GuideLayerScope, type GuideSnapshot, type QuestionDraft } from '../../core/follow-up/evaluation-guide.ts';
import { recordChange, type Actor } from '../../infra/audit/audit.ts';
import { toJson, type Schema } from '../../infra/db/schema.ts';
import { inTransaction } from '../../infra/db/unit-of-work.ts';
import { storedQuestions, storedStandardRequired } from './stored.ts';
import { jsonValue } from '../../infra/db/stored-json.ts';

/**
 * The evaluation guide as stored: every version of an SSU's and a cluster's own questions is a
 * row (append-only), so an evaluation's snapshot can always be traced to the versions it used.
 */

function scopeKey(scope: GuideLayerScope): { kind: 'ssu' | 'cluster'; id: string } {
  return scope.kind === 'ssu' ? { kind: 'ssu', id: scope.regionId } : { kind: 'cluster', id: scope.clusterId };
}

/** The latest version of a layer (version 0, no questions, when it was never written). */
export async function currentLayer(db: Kysely<Schema>, scope: GuideLayerScope): Promise<GuideLayer> {
  const key = scopeKey(scope);
  const row = await db.selectFrom('guide_layers').selectAll().where('scope_kind', '=', key.kind).where('scope_id', '=', key.id).orderBy('version', 'desc').limit(1).executeTakeFirst();
  if (!row) return emptyLayer(scope);
  const id = `${key.kind}/${key.id}/${String(row.version)}`;
  const standardRequired = storedStandardRequired(row.standard_required, id);
  return { scope, version: row.version, questions: storedQuestions(row.questions, id), ...(Object.keys(standardRequired).length > 0 ? { standardRequired } : {}) };
}

/** Writes a new version of a layer when `expectedVersion` is the latest; otherwise 409. */
export async function reviseGuideLayer(
  db: Kysely<Schema>,
  actor: Actor,
  scope: GuideLayerScope,
  expectedVersion: number,
  questions: readonly QuestionDraft[],
  /** Which standard questions this layer requires; undefined keeps the current choice. */
  standardRequired?: Readonly<Record<string, boolean>>,
): Promise<GuideLayer> {
  const key = scopeKey(scope);
  return inTransaction(db, async (trx) => {
    const current = await currentLayer(trx, scope);
    if (current.version !== expectedVersion) {
      throw new ConflictError('conflict.stale', `Spørgsmålene er ændret siden du hentede dem (version ${String(current.version)}, du havde ${String(expectedVersion)}). Hent dem igen, og gentag din ændring.`, { currentVersion: current.version });
    }
    const next = reviseLayer(current, questions, standardRequired ?? current.standardRequired ?? {});
    await trx
      .insertInto('guide_layers')
      .values({ scope_kind: key.kind, scope_id: key.id, version: next.version, questions: toJson(next.questions), standard_required: toJson(next.standardRequired ?? {}), created_by: actor.name })
      .execute();
    await recordChange(trx, actor, {
      action: 'guide.revise',
      entity: 'guide_layer',
      entityId: `${key.kind}/${key.id}`,
      before: { version: current.version, questions: jsonValue(current.questions), standardRequired: jsonValue(current.standardRequired ?? {}) },
      after: { version: next.version, questions: jsonValue(next.questions), standardRequired: jsonValue(next.standardRequired ?? {}) },
    });
    return next;
  });
}

/** The guide a cluster's evaluations are answered against now: standard + its SSU's + its own questions. */
export async function composedGuideFor(db: Kysely<Schema>, clusterId: string): Promise<GuideSnapshot> {
  const cluster = await db.selectFrom('clusters').select(['id', 'region_code']).where('id', '=', clusterId).executeTakeFirst();
  if (!cluster) throw new NotFoundError('cluster.not-found', `Klyngen "${clusterId}" findes ikke.`);
  const ssu = await currentLayer(db, { kind: 'ssu', regionId: cluster.region_code });
  const own = await currentLayer(db, { kind: 'cluster', clusterId });
  return composeGuide({ regionId: cluster.region_code, clusterId }, ssu, own);
}
