import { sql, type Kysely } from 'kysely';
import { toJson, type AuditLogRow, type JsonValue, type Schema } from '../db/schema.ts';

/** Who did something: a signed-in user, or the system itself (seeding, migrations). */
export interface Actor {
  readonly id: string | null;
  readonly name: string;
}

export const SYSTEM_ACTOR: Actor = { id: null, name: 'system' };

/** One change for the audit trail (revisionsspor): what, and old → new. */
export interface Change {
  /** e.g. `membership.update`, `population.import`, `allocation.run`, `export.download`. */
  readonly action: string;
  readonly entity: string;
  readonly entityId: string;
  readonly before: JsonValue | null;
  readonly after: JsonValue | null;
}

/**
 * Writes a change to the append-only trail. Pass the transaction that makes the change, so the
 * change and its record commit or roll back together.
 */
export async function recordChange(db: Kysely<Schema>, actor: Actor, change: Change): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_id: actor.id,
      actor_name: actor.name,
      action: change.action,
      entity: change.entity,
      entity_id: change.entityId,
      before: change.before === null ? null : toJson(change.before),
      after: change.after === null ? null : toJson(change.after),
    })
    .execute();
}

export interface AuditQuery {
  readonly entity?: string;
  readonly entityId?: string;
  readonly actor?: string;
  readonly action?: string;
  /** Free text in the entity, entity id, actor, action, or the old or new value. */
  readonly text?: string;
  readonly from?: Date;
  readonly to?: Date;
  readonly limit?: number;
  /** Entries older than this id (paging backwards). */
  readonly beforeId?: number;
  /** How many newest rows are read before the text index is asked (tests set it small). */
  readonly recentWindow?: number;
}

export interface AuditEntry {
  readonly id: number;
  readonly at: string;
  readonly actorId: string | null;
  readonly actorName: string;
  readonly action: string;
  readonly entity: string;
  readonly entityId: string;
  readonly before: JsonValue | null;
  readonly after: JsonValue | null;
}

function entryOf(row: AuditLogRow): AuditEntry {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actorId: row.actor_id,
    actorName: row.actor_name,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    before: row.before,
    after: row.after,
  };
}

/**
 * The text the audit search index covers (migration 0014_audit_search.sql, word for word, so the
 * planner matches it to the GIN index).
 */
const AUDIT_SEARCH_DOCUMENT = sql`to_tsvector('simple'::regconfig, regexp_replace(left(
    entity || ' ' || entity_id || ' ' || actor_name || ' ' || action || ' ' || coalesce(before::text, '') || ' ' || coalesce(after::text, ''),
    200000), '[[:punct:][:space:]]+', ' ', 'g'))`;

/** The search text's words, split where the index splits its text (ASCII punctuation and space). */
export function searchWords(text: string): string[] {
  return text.split(/[\s!-/:-@[-`{-~]+/).filter((w) => w !== '');
}

/**
 * How many of the newest rows (after the filters) the search reads directly before it asks the
 * text index: a common word has its first page among them, and the index then is not needed (it
 * would hand over every row with the word, to be sorted by id); a rare word is found by the index.
 */
const RECENT_WINDOW = 5_000;

/** Newest first, paged by keyset (`beforeId`: the last id of the previous page). */
export async function searchAudit(db: Kysely<Schema>, q: AuditQuery): Promise<AuditEntry[]> {
  const limit = Math.min(q.limit ?? 100, 500);
  let query = db.selectFrom('audit_log').selectAll();
  if (q.entity !== undefined) query = query.where('entity', '=', q.entity);
  if (q.entityId !== undefined) query = query.where('entity_id', '=', q.entityId);
  if (q.actor !== undefined) query = query.where('actor_name', '=', q.actor);
  if (q.action !== undefined) query = query.where('action', '=', q.action);
  if (q.from !== undefined) query = query.where('at', '>=', q.from);
  if (q.to !== undefined) query = query.where('at', '<', q.to);
  if (q.beforeId !== undefined) query = query.where('id', '<', q.beforeId);
  if (q.text === undefined || q.text === '') return (await query.orderBy('id', 'desc').limit(limit).execute()).map(entryOf);

  const like = `%${q.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const exact = query.where((eb) => eb.or([eb('entity_id', 'ilike', like), eb('actor_name', 'ilike', like), eb('action', 'ilike', like), eb('entity', 'ilike', like), eb(sql<string>`cast(before as text)`, 'ilike', like), eb(sql<string>`cast(after as text)`, 'ilike', like)]));
  const words = searchWords(q.text);
  // Text without a letter or digit is not indexed: the exact text over every row.
  if (words.length === 0) return (await exact.orderBy('id', 'desc').limit(limit).execute()).map(entryOf);

  // 1. The newest rows (by the id index), the exact text checked on each.
  const edge = await query.clearSelect().select('id').orderBy('id', 'desc').offset((q.recentWindow ?? RECENT_WINDOW) - 1).limit(1).executeTakeFirst();
  const recent = await (edge ? exact.where('id', '>=', edge.id) : exact).orderBy('id', 'desc').limit(limit).execute();
  if (!edge || recent.length >= limit) return recent.map(entryOf);
  // 2. Older rows through the index: every word as a word or the start of one, then the exact
  //    text on the rows it finds.
  const older = await exact
    .where('id', '<', edge.id)
    .where(sql<boolean>`${AUDIT_SEARCH_DOCUMENT} @@ to_tsquery('simple'::regconfig, ${words.map((w) => `'${w}':*`).join(' & ')})`)
    .orderBy('id', 'desc')
    .limit(limit - recent.length)
    .execute();
  return [...recent, ...older].map(entryOf);
}
