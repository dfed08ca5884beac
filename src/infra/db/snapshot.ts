import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
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

/** Files copied at once: creating a file is the cost (the bytes are few), and it runs in libuv's threads. */
const COPY_CONCURRENCY = 8;

/**
 * Copies the snapshot's folders and files (not its manifest) into `to`, several files at a time
 * (fs.cp copies one by one and stats each file twice); PG_VERSION last, so that a copy cut short
 * never looks like a whole database to PGlite.
 */
async function copyTree(from: string, to: string): Promise<void> {
  const entries = await readdir(from, { recursive: true, withFileTypes: true });
  const inside = (e: { parentPath: string; name: string }): string => join(relative(from, e.parentPath), e.name);
  await mkdir(to, { recursive: true });
  // Parents before children: a path sorts after its parent.
  for (const d of entries.filter((e) => e.isDirectory()).map(inside).sort()) await mkdir(join(to, d), { recursive: true });
  const files = entries.filter((e) => e.isFile()).map(inside);
  const plain = files.filter((f) => f !== MANIFEST && f !== 'PG_VERSION');
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let f = plain[next++]; f !== undefined; f = plain[next++]) await copyFile(join(from, f), join(to, f));
  };
  await Promise.all(Array.from({ length: COPY_CONCURRENCY }, worker));
  if (files.includes('PG_VERSION')) await copyFile(join(from, 'PG_VERSION'), join(to, 'PG_VERSION'));
}

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
