import type { Kysely } from 'kysely';
import { ConflictError, NotFoundError } from '../../core/errors.ts';
import { lineCost } from '../../core/economy/forecast.ts';
import { changeStatus, validateInitiative, type Initiative, type InitiativeStatus } from '../../core/economy/initiative.ts';
import { addOre, ZERO, type Øre } from '../../core/money.ts';
import { recordChange, type Actor } from '../../infra/audit/audit.ts';
import { inTransaction } from '../../infra/db/unit-of-work.ts';
import { toJson, type JsonValue, type Schema } from '../../infra/db/schema.ts';
import { initiativeFromStored, initiativeToStored } from './codec.ts';
import { now, newId } from '../../infra/clock.ts';

/** An initiative (indsats) as stored: the domain's Initiative plus its cluster, lineage and version. */
export interface StoredInitiative {
  id: string;
  clusterId: string;
  regionCode: string;
  initiative: Initiative;
  /** Spreading (spredning): the initiative this one was adopted from. */
  originInitiativeId: string | null;
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

/** What a user gives when creating an initiative; it starts as proposed (foreslået). */
export type InitiativeInput = Omit<Initiative, 'id' | 'number' | 'status' | 'approval' | 'approvedForecast'>;

async function load(db: Kysely<Schema>, where: { id?: string; clusterId?: string; overlapping?: { from: number; to: number } }): Promise<StoredInitiative[]> {
  let q = db.selectFrom('initiatives').innerJoin('clusters', 'clusters.id', 'initiatives.cluster_id').selectAll('initiatives').select('clusters.region_code');
  if (where.id !== undefined) q = q.where('initiatives.id', '=', where.id);
  if (where.clusterId !== undefined) q = q.where('initiatives.cluster_id', '=', where.clusterId);
  // Periods are stored as YYYY-MM, so text comparison is month order.
  if (where.overlapping !== undefined) q = q.where('initiatives.start_period', '<=', `${String(where.overlapping.to)}-12`).where('initiatives.end_period', '>=', `${String(where.overlapping.from)}-01`);
  const rows = await q.orderBy('initiatives.created_at').orderBy('initiatives.id').execute();
  return rows.map((r) => ({
    id: r.id,
    clusterId: r.cluster_id,
    regionCode: r.region_code,
    // The number is the column's (assigned once, at creation); never taken from the stored JSON.
    initiative: { ...initiativeFromStored(r.data), number: r.number },
    originInitiativeId: r.origin_initiative_id,
    version: r.version,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
    updatedAt: r.updated_at.toISOString(),
    updatedBy: r.updated_by,
  }));
}

export async function getInitiative(db: Kysely<Schema>, id: string): Promise<StoredInitiative> {
  const [found] = await load(db, { id });
  if (!found) throw new NotFoundError('initiative.not-found', `Indsatsen "${id}" findes ikke.`, { id });
  return found;
}

/** The cluster's initiatives; with `overlapping`, only those whose period touches those years. */
export async function listInitiatives(db: Kysely<Schema>, filter: { clusterId?: string; overlapping?: { from: number; to: number } } = {}): Promise<StoredInitiative[]> {
  return load(db, filter);
}

/** Audit view of an initiative: the fields a reader compares, without the whole forecast. */
/**
 * What the audit trail keeps of an initiative, before and after every change: the totals for a
 * quick read, and the forecast lines themselves (and the approved forecast, the decision and the
 * agreed shares), so an edit that replaces the forecast keeps the old lines in the trail
 * (issue 11: old values for every replacement), written in the same transaction as the change.
 */
function auditView(i: Initiative): Record<string, JsonValue> {
  const stored = initiativeToStored(i) as Record<string, JsonValue>;
  return {
    title: i.title,
    status: i.status,
    startPeriod: i.startPeriod,
    endPeriod: i.endPeriod,
    forecastLines: i.forecast.lines.length,
    forecastTotalOre: forecastTotal(i),
    forecast: stored['forecast'] ?? null,
    approvedForecast: stored['approvedForecast'] ?? null,
    approval: stored['approval'] ?? null,
    agreedShares: stored['agreedShares'] ?? null,
  };
}

function forecastTotal(i: Initiative): Øre {
  return addOre(ZERO, ...i.forecast.lines.map(lineCost));
}

/** The total of the current forecast (opgørelse over forventet forbrug), all years, all funding. */
export function initiativeForecastTotal(stored: StoredInitiative): Øre {
  return forecastTotal(stored.initiative);
}

/** Creates a proposed initiative in a cluster (validated by the domain; audited). */
export async function createInitiative(db: Kysely<Schema>, actor: Actor, clusterId: string, input: InitiativeInput, opts: { originInitiativeId?: string } = {}): Promise<StoredInitiative> {
  const id = newId();
  const initiative: Initiative = { ...input, id, status: 'proposed' };
  validateInitiative(initiative);
  await inTransaction(db, async (trx) => {
    // Locking the cluster row serialises numbering: two initiatives created at once get 1 and 2.
    const cluster = await trx.selectFrom('clusters').select('id').where('id', '=', clusterId).forUpdate().executeTakeFirst();
    if (!cluster) throw new NotFoundError('cluster.not-found', `Klyngen "${clusterId}" findes ikke.`);
    const last = await trx.selectFrom('initiatives').select((eb) => eb.fn.max('number').as('max')).where('cluster_id', '=', clusterId).executeTakeFirst();
    const number = (last?.max ?? 0) + 1;
    await trx
      .insertInto('initiatives')
      .values({
        id,
        cluster_id: clusterId,
        title: initiative.title,
        status: initiative.status,
        target_group: initiative.targetGroup,
        start_period: initiative.startPeriod,
        end_period: initiative.endPeriod,
        origin_initiative_id: opts.originInitiativeId ?? null,
        number,
        data: toJson(initiativeToStored(initiative)),
        created_by: actor.name,
        updated_by: actor.name,
      })
      .execute();
    await recordChange(trx, actor, { action: 'initiative.create', entity: 'initiative', entityId: id, before: null, after: { ...auditView(initiative), number, clusterId, originInitiativeId: opts.originInitiativeId ?? null } });
  });
  return getInitiative(db, id);
}

/**
 * Replaces a stored initiative with `next` (already checked by the domain) when `expectedVersion`
 * matches; audited old → new in the same transaction. Use inside the caller's transaction.
 */
export async function saveInitiative(trx: Kysely<Schema>, actor: Actor, current: StoredInitiative, next: Initiative, action: string, expectedVersion: number = current.version): Promise<void> {
  const res = await trx
    .updateTable('initiatives')
    .set({
      title: next.title,
      status: next.status,
      target_group: next.targetGroup,
      start_period: next.startPeriod,
      end_period: next.endPeriod,
      data: toJson(initiativeToStored(next)),
      version: expectedVersion + 1,
      updated_by: actor.name,
      updated_at: now(),
    })
    .where('id', '=', current.id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) {
    throw new ConflictError('conflict.stale', `Indsatsen "${current.initiative.title}" er ændret af en anden, siden du hentede den. Hent den igen, og gentag din ændring.`);
  }
  await recordChange(trx, actor, { action, entity: 'initiative', entityId: current.id, before: auditView(current.initiative), after: auditView(next) });
}

/** A status change other than approval (approval goes through the economy's guard). */
export async function setInitiativeStatus(db: Kysely<Schema>, actor: Actor, id: string, status: InitiativeStatus, expectedVersion?: number): Promise<StoredInitiative> {
  await inTransaction(db, async (trx) => {
    const current = await getInitiative(trx, id);
    await saveInitiative(trx, actor, current, changeStatus(current.initiative, status), 'initiative.status', expectedVersion ?? current.version);
  });
  return getInitiative(db, id);
}
