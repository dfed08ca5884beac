import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import { InfrastructureError } from '../errors.ts';
import { lockDataDir, type DataDirLock } from './lock.ts';
import { migrate, readMigrations } from './migrate.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import { restoreSnapshot } from './snapshot.ts';
import type { Schema } from './schema.ts';

export type DatabaseKind = 'embedded' | 'memory' | 'server';

export type DatabaseOptions =
  /** Embedded PostgreSQL (PGlite) in a local folder, locked against a second process. */
  | {
      readonly kind: 'embedded';
      readonly dataDir: string;
      readonly migrationsDir?: string;
      /** An empty folder starts as a copy of this pre-initialised database when its key matches (src/infra/db/snapshot.ts). */
      readonly snapshot?: { readonly key: string; readonly dir?: string };
    }
  /** Embedded PostgreSQL in memory (tests, demos); `loadDataDir` starts from a dump instead of an empty cluster. */
  | { readonly kind: 'memory'; readonly migrationsDir?: string; readonly loadDataDir?: Blob }
  /** A PostgreSQL server: `postgres://user@host:5432/database`. */
  | { readonly kind: 'server'; readonly url: string; readonly migrationsDir?: string };

export interface Database {
  readonly kysely: Kysely<Schema>;
  readonly kind: DatabaseKind;
  /** Where the data lives, for messages: the folder, "memory" or the URL without password. */
  readonly location: string;
  /** Set when an empty data folder was filled from a snapshot now: the snapshot's meta. */
  readonly restored?: { readonly meta: unknown };
  close(): Promise<void>;
}

// Type OIDs whose text form we parse ourselves, identically for PGlite and pg.
const INT8 = 20;
const DATE = 1082;

/** bigint → JS number; a value outside ±2^53 would silently lose digits, so it is an error. */
export function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) {
    throw new InfrastructureError('database.integer-range', `Tallet ${text} fra databasen er for stort til at regne sikkert med.`);
  }
  return n;
}

/** A date stays the text YYYY-MM-DD: a JS Date would shift it by the time zone. */
function parseDate(text: string): string {
  return text;
}

/** The pg driver's type parsers; pg is loaded only for a server database (the embedded one does not need it). */
function pgTypes(driver: typeof pg): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
      if (oid === INT8) return parseInt8;
      if (oid === DATE) return parseDate;
      return (format === 'binary' ? driver.types.getTypeParser(oid, 'binary') : driver.types.getTypeParser(oid, 'text')) as (value: string) => unknown;
    }) as pg.CustomTypesConfig['getTypeParser'],
  };
}

const pgliteParsers = { [INT8]: parseInt8, [DATE]: parseDate };

/** PGlite's compiled WebAssembly modules and file bundle, shared by every instance of this process (compiling is slow). */
interface PGliteArtifacts {
  readonly pgliteWasmModule: WebAssembly.Module;
  readonly fsBundle: Blob;
}
let artifacts: Promise<PGliteArtifacts> | undefined;
let initdbModule: Promise<WebAssembly.Module> | undefined;

function pgliteDistDir(): string {
  return dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
}

function pgliteArtifacts(): Promise<PGliteArtifacts> {
  artifacts ??= (async () => {
    const distDir = pgliteDistDir();
    const [pgliteWasmModule, bundle] = await Promise.all([
      readFile(join(distDir, 'pglite.wasm')).then((b) => WebAssembly.compile(b)),
      readFile(join(distDir, 'pglite.data')),
    ]);
    return { pgliteWasmModule, fsBundle: new Blob([bundle]) };
  })();
  return artifacts;
}

/**
 * initdb's module, needed only to create a cluster (memory databases, a new data folder); an
 * existing data folder — every start after the first — never compiles it.
 */
function initdbWasmModule(): Promise<WebAssembly.Module> {
  initdbModule ??= readFile(join(pgliteDistDir(), 'initdb.wasm')).then((b) => WebAssembly.compile(b));
  return initdbModule;
}

/**
 * PostgreSQL's own page cache inside PGlite. The default (128MB, from initdb) is zeroed in
 * WebAssembly memory at every start, ~50–80 ms of each start; 16MB fits in PGlite's initial
 * memory. The trade-off is more reads through to the data files, but those sit in the operating
 * system's page cache (or, in memory, in the same WebAssembly heap): on a seeded database with
 * 4 years of history and 200.000 audit rows (243 MB), the economy view, audit searches and a full
 * scan of audit_log measured the same with 128MB, 16MB and 8MB within the noise (BENCHMARKS.md).
 * Given on the command line, it wins over postgresql.conf, so existing data folders get it too.
 */
const PGLITE_SHARED_BUFFERS = '16MB';

async function createPGlite(dataDir: string | undefined, loadDataDir: Blob | undefined): Promise<PGlite> {
  const needsInitdb = dataDir === undefined ? loadDataDir === undefined : !existsSync(join(dataDir, 'PG_VERSION'));
  // PGlite is loaded here, not at the top: a server database (DATABASE_URL) never needs it. Its
  // module loads while the WebAssembly is read and compiled (off the main thread).
  const [shared, initdb, { PGlite }] = await Promise.all([pgliteArtifacts(), needsInitdb ? initdbWasmModule() : undefined, import('@electric-sql/pglite')]);
  const options = {
    parsers: pgliteParsers,
    ...shared,
    ...(initdb ? { initdbWasmModule: initdb } : {}),
    ...(loadDataDir ? { loadDataDir } : {}),
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`],
  };
  return dataDir === undefined ? PGlite.create(options) : PGlite.create(dataDir, options);
}

/** The URL with any password replaced, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(ugyldig DATABASE_URL)';
  }
}

/**
 * Opens the database and brings its schema up to date (forward-only migrations, refused when the
 * history does not match the files). The same Kysely code path serves PGlite and the server.
 */
export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  const migrations = readMigrations(opts.migrationsDir);
  switch (opts.kind) {
    case 'server': {
      const { default: driver } = await import('pg');
      const pool = new driver.Pool({ connectionString: opts.url, types: pgTypes(driver), max: 10 });
      // An idle client losing its connection must not crash the process; the next query reports it.
      pool.on('error', () => {});
      const kysely = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
      const database: Database = {
        kysely,
        kind: 'server',
        location: redactUrl(opts.url),
        close: () => kysely.destroy(),
      };
      try {
        await migrate(kysely, migrations);
      } catch (e) {
        await database.close();
        throw e;
      }
      return database;
    }
    case 'embedded':
    case 'memory': {
      let lock: DataDirLock | undefined;
      let instance: PGlite | undefined;
      try {
        let restored: { meta: unknown } | undefined;
        // Reading and compiling PGlite's WebAssembly and loading its module start now: they go on
        // while the lock is taken and a snapshot is copied (file system work in libuv's threads).
        pgliteArtifacts().catch(() => {});
        import('@electric-sql/pglite').catch(() => {});
        if (opts.kind === 'embedded') {
          lock = await lockDataDir(opts.dataDir);
          if (opts.snapshot) restored = await restoreSnapshot(opts.dataDir, opts.snapshot.key, opts.snapshot.dir);
        }
        instance = await createPGlite(
          opts.kind === 'embedded' ? opts.dataDir : undefined,
          opts.kind === 'memory' ? opts.loadDataDir : undefined,
        );
        const pglite = instance;
        const kysely = new Kysely<Schema>({ dialect: new PGliteDialect(pglite) });
        const heldLock = lock;
        let closed = false;
        const database: Database = {
          kysely,
          kind: opts.kind,
          location: opts.kind === 'embedded' ? opts.dataDir : 'memory',
          ...(restored ? { restored } : {}),
          close: async () => {
            if (closed) return;
            closed = true;
            try {
              await kysely.destroy();
              await pglite.close();
            } finally {
              heldLock?.release();
            }
          },
        };
        await migrate(kysely, migrations);
        return database;
      } catch (e) {
        if (instance && !instance.closed) await instance.close();
        lock?.release();
        throw e;
      }
    }
  }
}

/**
 * How `npm start` and the CLI choose the database: DATABASE_URL → that server; otherwise the
 * embedded database in KLYNGE_DATA_DIR (default ./data).
 */
export function databaseOptionsFromEnv(env: Readonly<Record<string, string | undefined>>): DatabaseOptions {
  const url = env['DATABASE_URL']?.trim();
  if (url) return { kind: 'server', url };
  return { kind: 'embedded', dataDir: env['KLYNGE_DATA_DIR']?.trim() || 'data' };
}
