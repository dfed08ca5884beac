import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { projectPath } from '../project-root.ts';
import { LOCK_FILE } from './lock.ts';
import { readMigrations } from './migrate.ts';

/**
 * A pre-initialised embedded database, made at install time (`npm run build:server`, part of
 * `prepare`): PGlite's initdb in WebAssembly, the migrations and first-start seeding take many
 * seconds, copying a finished data folder a fraction of that. An empty data folder is filled
 * from it on first start (src/infra/db/database.ts); the snapshot holds no user and no password.
 */
export const SNAPSHOT_DIR = projectPath('dist', 'pgdata');
const MANIFEST = 'klynge-snapshot.json';

export interface Manifest {
  readonly key: string;
  /** What the maker wants back on restore (first-start seeding keeps its report here). */
  readonly meta: unknown;
}

/**
 * Identifies what a snapshot was made from: the PGlite version (its on-disk format), every
 * migration and whatever else the caller names (e.g. the reference data seeded). A snapshot whose
 * key differs from the running code's is ignored, never restored.
 */
export function snapshotKey(extra: string): string {
  // PGlite's package.json is not exported; it sits one folder above its entry module.
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const pglite = (JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;
  const hash = createHash('sha256').update(`pglite ${pglite}\n`);
  for (const m of readMigrations()) hash.update(`${m.name} ${m.checksum}\n`);
  return hash.update(extra).digest('hex');
}

/** Folders that hold nothing but (possibly) our lock file count as empty. */
export function isEmptyDataDir(dataDir: string): boolean {
  return !existsSync(dataDir) || readdirSync(dataDir).every((e) => e === LOCK_FILE);
}

/**
 * Copies the snapshot into an empty data folder when one exists for `key`; returns its meta, or
 * undefined when there was none to use (the caller then initialises the folder the slow way).
 */
export async function restoreSnapshot(dataDir: string, key: string, dir: string = SNAPSHOT_DIR): Promise<{ meta: unknown } | undefined> {
  const manifest = readSnapshotManifest(dir);
  if (manifest?.key !== key || !isEmptyDataDir(dataDir)) return undefined;
  try {
    await copyTree(dir, dataDir);
  } catch (e) {
    // A half-copied folder must not be mistaken for a database: empty it again, keep the lock.
    for (const entry of existsSync(dataDir) ? readdirSync(dataDir) : []) if (entry !== LOCK_FILE) await rm(join(dataDir, entry), { recursive: true, force: true });
    throw e;
  }
  return { meta: manifest.meta };
}

/**
 * Copies the snapshot's folders and files (not its manifest) into `to`, in a worker thread with
 * synchronous calls: creating the files is the cost (the bytes are few), and in a thread of its
 * own the copy goes on while the main thread loads the HTTP app (fs.promises would need the main
 * thread between files). PG_VERSION last, so that a copy cut short never looks like a whole
 * database to PGlite.
 */
function copyTree(from: string, to: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(COPY_TREE, { eval: true, workerData: { from, to, skip: [MANIFEST], last: 'PG_VERSION' } });
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`Kopien af databasen stoppede (kode ${String(code)}).`))));
  });
}

/** The worker of copyTree (CommonJS, evaluated as given). */
const COPY_TREE = `
const { copyFileSync, existsSync, mkdirSync, readdirSync } = require('node:fs');
const { join, relative } = require('node:path');
const { workerData: { from, to, skip, last } } = require('node:worker_threads');
const entries = readdirSync(from, { recursive: true, withFileTypes: true });
const inside = (e) => join(relative(from, e.parentPath), e.name);
mkdirSync(to, { recursive: true });
for (const d of entries.filter((e) => e.isDirectory()).map(inside).sort()) mkdirSync(join(to, d), { recursive: true });
for (const f of entries.filter((e) => e.isFile()).map(inside)) if (f !== last && !skip.includes(f)) copyFileSync(join(from, f), join(to, f));
if (existsSync(join(from, last))) copyFileSync(join(from, last), join(to, last));
`;

/** The manifest of the snapshot in `dir`, or undefined when there is none (or it cannot be read). */
export function readSnapshotManifest(dir: string = SNAPSHOT_DIR): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

/** Turns a closed PGlite data folder into the snapshot (moves nothing; writes the manifest into it). */
export function markSnapshot(dataDir: string, key: string, meta: unknown): void {
  const manifest: Manifest = { key, meta };
  writeFileSync(join(dataDir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}
