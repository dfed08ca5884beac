import { sql, type Kysely, type RawBuilder } from 'kysely';
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
 * How many of the newest rows (after the filters) the search reads at most directly, the exact
 * text checked on each, before it asks the text index. It reads a fifth of them first, and the rest
 * only when the matches in that fifth promise a full page within them: a common word has its first
 * page among the newest rows (the index would hand over every row with the word, to be sorted by
 * id), while a rare word, or one on no row, goes to the index after 1.000 rows instead of 5.000.
 */
const RECENT_WINDOW = 5_000;

/**
 * Whether the newest rows of a filter with a period (`from`, `to`) are better sorted from the
 * filter's indexes (`ORDER BY id + 0` hides the id index) than read by walking the id index from
 * the newest row, as the planner would: the walk first passes every row after the period, the
 * planner taking the period's rows to be spread evenly over the ids. Sorted when more rows lie
 * after the period (and below `beforeId`) than in it, counted in ids at the period's ends (one
 * probe of the `at` index each; ids follow time closely enough to choose the plan, and the
 * results do not depend on it).
 */
async function sortPeriod(db: Kysely<Schema>, q: AuditQuery): Promise<boolean> {
  if (q.from === undefined && q.to === undefined) return false;
  const firstFrom = (at: Date): RawBuilder<number | null> => sql<number | null>`(SELECT id FROM audit_log WHERE at >= ${at} ORDER BY at, id LIMIT 1)`;
  const ids = await db
    .selectNoFrom([
      sql<number | null>`(SELECT max(id) FROM audit_log)`.as('newest'),
      (q.from === undefined ? sql<number | null>`0` : firstFrom(q.from)).as('start'),
      (q.to === undefined ? sql<number | null>`NULL` : firstFrom(q.to)).as('end'),
    ])
    .executeTakeFirstOrThrow();
  if (ids.newest === null || ids.start === null) return true; // no row in the period: sorting nothing is quick
  // The walk starts below `beforeId` (a later page).
  const top = Math.min(Number(ids.newest) + 1, q.beforeId ?? Infinity);
  const end = ids.end === null ? top : Math.min(Number(ids.end), top);
  return top - end >= end - Number(ids.start);
}

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

  const newestFirst = (await sortPeriod(db, q)) ? sql`id + 0` : sql`id`;
  const window = q.recentWindow ?? RECENT_WINDOW;
  const found: AuditLogRow[] = [];
  let read = 0; // how many of the newest rows (after the filters) were read: those with ids from `below` up
  let below: number | undefined;
  // 1. The newest rows in two steps: a fifth of the window, then the rest when the matches so far
  //    (found in `read` rows) promise the rest of the page within it.
  for (const upTo of [Math.max(1, Math.ceil(window / 5)), Math.max(1, window)]) {
    const need = limit - found.length;
    if (upTo <= read || (read > 0 && (found.length === 0 || (need * read) / found.length > upTo - read))) break;
    const rest = below === undefined ? query : query.where('id', '<', below);
    const span = await db
      .selectFrom(rest.clearSelect().select('id').orderBy(newestFirst, 'desc').limit(upTo - read).as('w'))
      .select([sql<number | null>`min(id)`.as('lo'), sql<number | null>`max(id)`.as('hi'), sql<number>`count(*)`.as('n')])
      .executeTakeFirstOrThrow();
    if (span.lo === null || span.hi === null) return found.map(entryOf);
    const [lo, hi, n] = [Number(span.lo), Number(span.hi), Number(span.n)];
    // The window as an id range bounded both ways, which the planner reads by the id index.
    found.push(...(await exact.where('id', '>=', lo).where('id', '<=', hi).orderBy('id', 'desc').limit(need).execute()));
    // A full page, or the window held every row of the filter: done.
    if (found.length >= limit || n < upTo - read) return found.map(entryOf);
    read = upTo;
    below = lo;
  }
  if (below === undefined) return found.map(entryOf);
  // 2. Older rows through the index: every word as a word or the start of one, then the exact
  //    text on the rows it finds.
  const older = await exact
    .where('id', '<', below)
    .where(sql<boolean>`${AUDIT_SEARCH_DOCUMENT} @@ to_tsquery('simple'::regconfig, ${words.map((w) => `'${w}':*`).join(' & ')})`)
    .orderBy('id', 'desc')
    .limit(limit - found.length)
    .execute();
  return [...found, ...older].map(entryOf);
}
