import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../infra/db/database.ts';
import { LOCK_FILE } from '../infra/db/lock.ts';
import { markSnapshot, readSnapshotManifest, SNAPSHOT_DIR, snapshotKey } from '../infra/db/snapshot.ts';
import { REFERENCE_DIR } from './register/index.ts';
import { seedDatabase, type SeedReport } from './seed.ts';

/** Every file under reference/, by name and content: what first-start seeding reads. */
function referenceDigest(dir = REFERENCE_DIR): string {
  const hash = createHash('sha256');
  const walk = (d: string, prefix: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`);
      else hash.update(`${prefix}${e.name}\n`).update(readFileSync(join(d, e.name)));
    }
  };
  walk(dir, '');
  return hash.digest('hex');
}

/** The key of the seeded first-start snapshot: PGlite's version, the migrations and the reference data. */
export function seedSnapshotKey(): string {
  return snapshotKey(`reference ${referenceDigest()}`);
}

/** What the snapshot's manifest keeps besides its key. */
interface SeedSnapshotMeta {
  readonly seed: SeedReport;
  /** Identifies the build that made it (a digest of dist/server), so a rebuild knows when to remake it. */
  readonly build: string;
}

/** The first-start seeding report kept in a snapshot's meta, or null when the meta holds none. */
export function seedReportOf(meta: unknown): SeedReport | null {
  const seed = (meta as Partial<SeedSnapshotMeta> | null)?.seed;
  return seed !== undefined && seed.seeded && Array.isArray(seed.years) && Array.isArray(seed.pending) ? seed : null;
}

/** True when `dir` holds a snapshot made by `build` for the current migrations and reference data. */
export function seedSnapshotIsCurrent(build: string, dir: string = SNAPSHOT_DIR): boolean {
  const manifest = readSnapshotManifest(dir);
  return manifest !== undefined && manifest.key === seedSnapshotKey() && (manifest.meta as Partial<SeedSnapshotMeta> | null)?.build === build;
}

/**
 * A relation's free space map (NNNN_fsm) and visibility map (NNNN_vm): hints PostgreSQL makes
 * again when it needs them (a missing one reads as "no free space known, no page all-visible").
 * Left out of the snapshot because the first start's copy costs per file, not per byte (~240 of
 * its ~1.200 files; with template0 dropped, below, ~650 files remain).
 */
const OPTIONAL_FORK = /[/\\]\d+_(?:fsm|vm)$/;

/**
 * Build time (`npm run build:server`): an embedded database migrated and seeded exactly as a
 * first start would do it, closed and kept in `dir` (default dist/pgdata). No user is created: the
 * first administrator and its password are made at the real first start.
 */
export async function makeSeedSnapshot(build: string, dir: string = SNAPSHOT_DIR): Promise<SeedReport> {
  const work = await mkdtemp(join(tmpdir(), 'klynge-snapshot-'));
  try {
    const dataDir = join(work, 'pgdata');
    const db = await openDatabase({ kind: 'embedded', dataDir });
    let report: SeedReport;
    try {
      report = await seedDatabase(db.kysely);
      // template0 (~300 files) only serves CREATE DATABASE … TEMPLATE template0, which a
      // one-database embedded install never runs; the first start's copy costs per file.
      await sql`ALTER DATABASE template0 IS_TEMPLATE false`.execute(db.kysely);
      await sql`DROP DATABASE template0`.execute(db.kysely);
    } finally {
      await db.close();
    }
    const meta: SeedSnapshotMeta = { seed: report, build };
    markSnapshot(dataDir, seedSnapshotKey(), meta);
    await rm(dir, { recursive: true, force: true });
    await cp(dataDir, dir, { recursive: true, filter: (from) => !from.endsWith(LOCK_FILE) && !OPTIONAL_FORK.test(from) });
    return report;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
