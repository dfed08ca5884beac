import { sql, type Kysely } from 'kysely';
import type { Schema } from './schema.ts';

/**
 * Views kept in memory until the data changes (issue 13). `data_version.n` (migration 0013) is
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

async function readVersion(db: Kysely<Schema>): Promise<string> {
  const r = await sql<{ n: string | number }>`SELECT n FROM data_version`.execute(db);
  return String(r.rows[0]?.n ?? '0');
}

interface Reads {
  /** The read in flight (it may have started before a caller arrived). */
  current: Promise<string> | null;
  /** The read that starts when `current` ends, shared by everyone who arrived meanwhile. */
  next: Promise<string> | null;
}
const reads = new WeakMap<object, Reads>();

/**
 * The committed data version (a decimal string). Concurrent callers share reads, but never one
 * that started before they called: a caller arriving while a read is in flight waits for the
 * next read, so every commit acknowledged before the call is in the version it gets (a client
 * that saved and then reads sees its change). Under 50 connections this is ~1 read at a time
 * instead of one per request.
 */
export function dataVersion(db: Kysely<Schema>): Promise<string> {
  if (db.isTransaction) return readVersion(db);
  let state = reads.get(db);
  if (state === undefined) {
    state = { current: null, next: null };
    reads.set(db, state);
  }
  const s = state;
  const start = (): Promise<string> => {
    const p = readVersion(db).finally(() => {
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

export async function cachedByDataVersion<T>(db: Kysely<Schema>, view: string, key: string, compute: () => Promise<T>): Promise<T> {
  if (db.isTransaction) return compute();
  const version = await dataVersion(db);
  let views = caches.get(db);
  if (views === undefined) {
    views = new Map();
    caches.set(db, views);
  }
  let entries = views.get(view);
  if (entries === undefined) {
    entries = new Map();
    views.set(view, entries);
  }
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
  while (entries.size > MAX_ENTRIES) {
    const oldest = entries.keys().next().value;
    if (oldest === undefined) break;
    entries.delete(oldest);
  }
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
  let kinds = immutables.get(db);
  if (kinds === undefined) {
    kinds = new Map();
    immutables.set(db, kinds);
  }
  let map = kinds.get(kind);
  if (map === undefined) {
    map = new Map();
    kinds.set(kind, map);
  }
  const rows = map;
  return {
    get: (id) => rows.get(id) as T | undefined,
    set: (id, value) => {
      rows.set(id, value);
      while (rows.size > MAX_ENTRIES * 4) {
        const oldest = rows.keys().next().value;
        if (oldest === undefined) break;
        rows.delete(oldest);
      }
    },
  };
}
