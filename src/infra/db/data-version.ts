import { sql, type Kysely } from 'kysely';
import type { Schema } from './schema.ts';

/**
 * Views kept in memory until the data changes (issue 13), and sessions until sign-in state
 * changes (`data_version.auth_n`, migration 0016, raised the same way; see cachedByAuthVersion). `data_version.n` (migration 0013) is
 * raised at the commit of every transaction that changed a domain table, in commit order, on
 * PGlite and across connections and app instances on a server. The version is read BEFORE the
 * view is computed, so a view kept under version n is never older than n: a request that reads n
 * gets the view of n (or of a commit that landed while it was computed).
 *
 * Only for reads outside a transaction (inside one, the transaction's own uncommitted changes are
 * not in the version): there `cachedByDataVersion` simply computes. Per Kysely instance, i.e. per
 * database; each view name keeps at most `MAX_ENTRIES` keys (least recently used dropped).
 * Callers must treat the value as read-only: every request gets the same object.
 */

const MAX_ENTRIES = 64;

interface Entry {
  readonly version: string;
  readonly value: Promise<unknown>;
}

const caches = new WeakMap<object, Map<string, Map<string, Entry>>>();

/** The committed counters: `n` for the domain data (migration 0013), `auth_n` for sign-in state (0016). */
export interface Versions {
  readonly data: string;
  readonly auth: string;
}

async function readVersions(db: Kysely<Schema>): Promise<Versions> {
  const r = await sql<{ n: string | number; auth_n: string | number }>`SELECT n, auth_n FROM data_version`.execute(db);
  return { data: String(r.rows[0]?.n ?? '0'), auth: String(r.rows[0]?.auth_n ?? '0') };
}

interface Reads {
  /** The read in flight (it may have started before a caller arrived). */
  current: Promise<Versions> | null;
  /** The read that starts when `current` ends, shared by everyone who arrived meanwhile. */
  next: Promise<Versions> | null;
}
const reads = new WeakMap<object, Reads>();

/**
 * The committed versions. Concurrent callers share reads, but never one that started before they
 * called: a caller arriving while a read is in flight waits for the next read, so every commit
 * acknowledged before the call is in the versions it gets (a client that saved, or signed out,
 * and then asks sees its change). Under 50 connections this is ~1 read at a time instead of one
 * per request.
 */
export function versions(db: Kysely<Schema>): Promise<Versions> {
  if (db.isTransaction) return readVersions(db);
  let state = reads.get(db);
  if (state === undefined) {
    state = { current: null, next: null };
    reads.set(db, state);
  }
  const s = state;
  const start = (): Promise<Versions> => {
    const p = readVersions(db).finally(() => {
      if (s.current === p) s.current = null;
    });
    s.current = p;
    return p;
  };
  if (s.current === null) return start();
  s.next ??= s.current
    .catch(() => undefined)
    .then(() => {
      s.next = null;
      return start();
    });
  return s.next;
}

/** The committed data version (a decimal string); see `versions`. */
export async function dataVersion(db: Kysely<Schema>): Promise<string> {
  return (await versions(db)).data;
}

/** The committed sign-in version (sessions, users, roles; a decimal string); see `versions`. */
export async function authVersion(db: Kysely<Schema>): Promise<string> {
  return (await versions(db)).auth;
}

export async function cachedByDataVersion<T>(db: Kysely<Schema>, view: string, key: string, compute: () => Promise<T>): Promise<T> {
  if (db.isTransaction) return compute();
  return cachedAt(db, view, key, await dataVersion(db), compute, MAX_ENTRIES);
}

/**
 * As `cachedByDataVersion`, keyed by the sign-in version: a value read from the sign-in tables
 * (a session with its user and roles) is kept while no sign-in change has committed. A value of
 * `undefined` (nothing found) is not kept. At most `maxEntries` keys (least recently used dropped).
 */
export async function cachedByAuthVersion<T>(db: Kysely<Schema>, view: string, key: string, compute: () => Promise<T | undefined>, maxEntries: number): Promise<T | undefined> {
  if (db.isTransaction) return compute();
  const value = await cachedAt(db, view, key, await authVersion(db), compute, maxEntries);
  if (value === undefined) forget(db, view, key);
  return value;
}

/** The map kept for `db` under `name` in `store`, made when first asked for. */
function mapOf<V>(store: WeakMap<object, Map<string, Map<string, V>>>, db: Kysely<Schema>, name: string): Map<string, V> {
  let names = store.get(db);
  if (names === undefined) {
    names = new Map();
    store.set(db, names);
  }
  let map = names.get(name);
  if (map === undefined) {
    map = new Map();
    names.set(name, map);
  }
  return map;
}

/** Drops the least recently set keys (a Map keeps insertion order) beyond `max`. */
function trimOldest(map: Map<string, unknown>, max: number): void {
  while (map.size > max) {
    const oldest = map.keys().next().value;
    if (oldest === undefined) break;
    map.delete(oldest);
  }
}

function forget(db: Kysely<Schema>, view: string, key: string): void {
  caches.get(db)?.get(view)?.delete(key);
}

function cachedAt<T>(db: Kysely<Schema>, view: string, key: string, version: string, compute: () => Promise<T>, maxEntries: number): Promise<T> {
  const entries = mapOf(caches, db, view);
  const hit = entries.get(key);
  if (hit !== undefined && hit.version === version) {
    // Most recently used last.
    entries.delete(key);
    entries.set(key, hit);
    return hit.value as Promise<T>;
  }
  // Requests arriving while the view is computed share the one computation.
  const value = compute();
  const entry: Entry = { version, value };
  entries.delete(key);
  entries.set(key, entry);
  trimOldest(entries, maxEntries);
  value.catch(() => {
    if (entries.get(key) === entry) entries.delete(key);
  });
  return value;
}

const immutables = new WeakMap<object, Map<string, Map<string, unknown>>>();

/**
 * Immutable rows (allocation runs, settlement runs: changing one is refused by a trigger) parsed
 * once per database: `id` names a row that never changes, so its parsed value is kept (at most
 * `4 × MAX_ENTRIES` per kind). Inside a transaction nothing is kept or read (the row may be the
 * transaction's own, not yet committed).
 */
export function immutableCache<T>(db: Kysely<Schema>, kind: string): { get(id: string): T | undefined; set(id: string, value: T): void } {
  if (db.isTransaction) return { get: () => undefined, set: () => undefined };
  const rows = mapOf(immutables, db, kind);
  return {
    get: (id) => rows.get(id) as T | undefined,
    set: (id, value) => {
      rows.set(id, value);
      trimOldest(rows, MAX_ENTRIES * 4);
    },
  };
}
