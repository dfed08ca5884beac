import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { InfrastructureError } from '../errors.ts';
import { projectPath } from '../project-root.ts';
import type { Schema } from './schema.ts';

/** The checked-in migrations: `NNNN_name.sql`, applied in order, never edited once released. */
export const MIGRATIONS_DIR = projectPath('src', 'infra', 'db', 'migrations');

export interface MigrationFile {
  readonly name: string;
  readonly sql: string;
  /** sha256 of the file with line endings normalised to \n (a Windows checkout must not count as a change). */
  readonly checksum: string;
}

const NAME = /^(\d{4})_[a-z0-9_]+\.sql$/;

export function checksumOf(text: string): string {
  return createHash('sha256').update(text.replace(/\r\n/g, '\n'), 'utf8').digest('hex');
}

export function readMigrations(dir: string = MIGRATIONS_DIR): MigrationFile[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const seen = new Map<string, string>();
  return files.map((name) => {
    const m = NAME.exec(name);
    if (!m) {
      throw new InfrastructureError('database.migration-name', `Migrationsfilen ${name} skal hedde NNNN_navn.sql (fx 0003_budget.sql).`, {
        file: name,
      });
    }
    const number = m[1] ?? '';
    const other = seen.get(number);
    if (other !== undefined) {
      throw new InfrastructureError('database.migration-name', `Migrationerne ${other} og ${name} har samme nummer ${number}.`, {
        file: name,
      });
    }
    seen.set(number, name);
    const text = readFileSync(join(dir, name), 'utf8');
    return { name, sql: text, checksum: checksumOf(text) };
  });
}

/** A fixed key for pg_advisory_xact_lock: two processes starting on one server migrate one at a time. */
const MIGRATION_LOCK_KEY = 4_711_2022;

/**
 * Checks the database's migration history against the files, then applies the pending ones in
 * order, each in its own transaction. Refuses (InfrastructureError 'database.migration-mismatch') a
 * database that has a migration we do not know, one whose file changed since it was applied, or
 * a gap (a file older than the newest applied one that was never applied). Returns the names applied.
 */
export async function migrate(db: Kysely<Schema>, files: readonly MigrationFile[] = readMigrations()): Promise<string[]> {
  if (await upToDate(db, files)) return [];
  const applied: string[] = [];
  for (;;) {
    const next = await db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(trx);
      // Only created when missing: the server mode's application role (docs/server-app-role.sql)
      // may not create tables, and CREATE … IF NOT EXISTS checks that right even when it exists.
      const exists = await sql<{ t: string | null }>`SELECT to_regclass('schema_migrations')::text AS t`.execute(trx);
      if (exists.rows[0]?.t == null) {
        await sql`CREATE TABLE schema_migrations (
          name text PRIMARY KEY,
          checksum text NOT NULL,
          applied_at timestamptz NOT NULL DEFAULT now()
        )`.execute(trx);
      }
      const history = await trx.selectFrom('schema_migrations').select(['name', 'checksum']).orderBy('name').execute();
      const pending = checkHistory(history, files);
      const file = pending[0];
      if (!file) return undefined;
      await sql.raw(file.sql).execute(trx);
      await trx.insertInto('schema_migrations').values({ name: file.name, checksum: file.checksum }).execute();
      return file.name;
    });
    if (next === undefined) return applied;
    applied.push(next);
  }
}

/**
 * The common case at every start, in one query without a transaction or lock: the history
 * matches the files and nothing is pending. Anything else — no history table yet, a pending
 * migration, a mismatch — is left to the locked path in migrate(), which decides and reports.
 */
async function upToDate(db: Kysely<Schema>, files: readonly MigrationFile[]): Promise<boolean> {
  let history: { name: string; checksum: string }[];
  try {
    history = await db.selectFrom('schema_migrations').select(['name', 'checksum']).execute();
  } catch {
    return false;
  }
  try {
    return checkHistory(history, files).length === 0;
  } catch {
    return false;
  }
}

/** The files not yet applied, in order; throws when the history does not match the files. */
export function checkHistory(
  history: readonly { name: string; checksum: string }[],
  files: readonly MigrationFile[],
): MigrationFile[] {
  const byName = new Map(files.map((f) => [f.name, f]));
  for (const row of history) {
    const file = byName.get(row.name);
    if (!file) {
      throw new InfrastructureError(
        'database.migration-mismatch',
        `Databasen har migrationen ${row.name}, som denne version af Klynge ikke kender. ` +
          'Databasen er nyere end programmet, eller fra et andet program; start den rigtige version.',
        { migration: row.name },
      );
    }
    if (file.checksum !== row.checksum) {
      throw new InfrastructureError(
        'database.migration-mismatch',
        `Migrationen ${row.name} er ændret, efter at den blev kørt på databasen (kontrolsum ${row.checksum.slice(0, 12)}… ` +
          `i databasen, ${file.checksum.slice(0, 12)}… i filen). Migrationer må ikke ændres; lav en ny.`,
        { migration: row.name, databaseChecksum: row.checksum, fileChecksum: file.checksum },
      );
    }
  }
  const done = new Set(history.map((h) => h.name));
  const newestApplied = history.reduce((max, h) => (h.name > max ? h.name : max), '');
  const pending = files.filter((f) => !done.has(f.name));
  const gap = pending.find((f) => f.name < newestApplied);
  if (gap) {
    throw new InfrastructureError(
      'database.migration-mismatch',
      `Migrationen ${gap.name} er aldrig kørt, men den nyere ${newestApplied} er. Migrationer køres kun fremad og i rækkefølge.`,
      { migration: gap.name },
    );
  }
  return pending;
}
