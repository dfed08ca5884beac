import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { seedDatabase } from '../../app/seed.ts';
import { recordChange, SYSTEM_ACTOR } from '../../infra/audit/audit.ts';
import { verifyAuditChain } from '../../infra/audit/chain.ts';
import { AuthStore } from '../../infra/auth/store.ts';
import { openDatabase } from '../../infra/db/database.ts';
import { runCli, type CliRun } from '../test-io.ts';

async function regions(dataDir: string): Promise<{ code: string; name: string }[]> {
  const db = await openDatabase({ kind: 'embedded', dataDir });
  try {
    return await db.kysely.selectFrom('regions').select(['code', 'name']).orderBy('code').execute();
  } finally {
    await db.close();
  }
}

/**
 * Every table of the database as sorted JSON rows (row_to_json, so every column and type is
 * compared as PostgreSQL renders it), plus every sequence's position: two databases with equal
 * dumps hold the same data and hand out the same next ids.
 */
async function dumpDatabase(dataDir: string): Promise<{ tables: Record<string, string[]>; sequences: Record<string, string | null> }> {
  const db = await openDatabase({ kind: 'embedded', dataDir });
  try {
    const names = await sql<{ table_schema: string; table_name: string }>`
      SELECT table_schema, table_name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`.execute(db.kysely);
    const tables: Record<string, string[]> = {};
    for (const t of names.rows) {
      const rows = await sql<{ j: string }>`SELECT row_to_json(t)::text AS j FROM ${sql.table(`${t.table_schema}.${t.table_name}`)} t`.execute(db.kysely);
      tables[`${t.table_schema}.${t.table_name}`] = rows.rows.map((r) => r.j).sort();
    }
    const seqs = await sql<{ name: string; last_value: string | null }>`SELECT schemaname || '.' || sequencename AS name, last_value::text AS last_value FROM pg_sequences ORDER BY 1`.execute(db.kysely);
    return { tables, sequences: Object.fromEntries(seqs.rows.map((r) => [r.name, r.last_value])) };
  } finally {
    await db.close();
  }
}

/** The CLI's error convention: exit 2, one `fejl: …` line on stderr, nothing on stdout. */
function expectRefused(run: CliRun, message: RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^fejl: [^\n]*\n$/);
  expect(run.stderr).toMatch(message);
}

describe('klynge backup and klynge restore (embedded database)', () => {
  let root = '';
  let source = '';
  let backupFile = '';

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'klynge-backup-'));
    source = join(root, 'kilde');
    backupFile = join(root, 'klynge.tar.gz');
    const db = await openDatabase({ kind: 'embedded', dataDir: source });
    try {
      await db.kysely.insertInto('regions').values({ code: '1084', name: 'Region Hovedstaden' }).execute();
    } finally {
      await db.close();
    }
  });
  afterAll(async () => {
    if (root !== '') await rm(root, { recursive: true, force: true });
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('backs up a folder and restores it into a new one that opens and passes the migration checks', async () => {
    const backup = await runCli(['backup', '--data-dir', source, '--to', backupFile, '--format', 'json']);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(JSON.parse(backup.stdout)).toMatchObject({ dataDir: source, file: backupFile });
    const bytes = readFileSync(backupFile);
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]); // gzip
    // No temporary file is left next to it, and the source folder is unlocked again.
    expect(readdirSync(root).sort()).toEqual(['kilde', 'klynge.tar.gz']);

    const target = join(root, 'gendannet');
    const restore = await runCli(['restore', '--data-dir', target, '--from', backupFile]);
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(restore.stdout).toContain(`Databasen i ${target} er gendannet fra ${backupFile}.`);
    // openDatabase runs the migration checks; the lock of the process that took the backup is gone.
    expect(await regions(target)).toEqual([{ code: '1084', name: 'Region Hovedstaden' }]);
    expect(readdirSync(root).filter((e) => e.startsWith('.'))).toEqual([]);
    // The source still opens: the backup released its lock.
    expect(await regions(source)).toEqual([{ code: '1084', name: 'Region Hovedstaden' }]);
  });

  it('writes the backup readable by its owner only (0600) and ends the backup’s sessions at restore unless --keep-sessions', async () => {
    const dir = join(root, 'med-sessioner');
    const db = await openDatabase({ kind: 'embedded', dataDir: dir });
    try {
      const store = new AuthStore(db.kysely);
      const user = await store.createUser({ username: 'sessionsprøve', displayName: 'Prøve', passwordHash: null, roles: [] });
      await store.createSession(user.id, { ip: '127.0.0.1', userAgent: 'test' });
    } finally {
      await db.close();
    }
    const file = join(root, 'sessioner.tar.gz');
    const oldMask = process.umask(0o022);
    try {
      expect((await runCli(['backup', '--data-dir', dir, '--to', file])).code).toBe(0);
    } finally {
      process.umask(oldMask);
    }
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const sessionsIn = async (dataDir: string): Promise<number> => {
      const opened = await openDatabase({ kind: 'embedded', dataDir });
      try {
        return (await opened.kysely.selectFrom('sessions').select('id').execute()).length;
      } finally {
        await opened.close();
      }
    };
    const dropped = join(root, 'uden-sessioner');
    expect((await runCli(['restore', '--data-dir', dropped, '--from', file])).code).toBe(0);
    expect(await sessionsIn(dropped)).toBe(0);
    const kept = join(root, 'beholdt-sessioner');
    expect((await runCli(['restore', '--data-dir', kept, '--from', file, '--keep-sessions'])).code).toBe(0);
    expect(await sessionsIn(kept)).toBe(1);
  }, 120_000);

  it('backup → restore gives a database equal to the original in every table and sequence, and its audit chain verifies', async () => {
    const dir = join(root, 'fuld');
    const db = await openDatabase({ kind: 'embedded', dataDir: dir });
    try {
      // The seeded register, allocations and economy, users with sessions, and audit rows.
      await seedDatabase(db.kysely);
      const store = new AuthStore(db.kysely);
      const user = await store.createUser({ username: 'kopiprøve', displayName: 'Kopi Prøve', passwordHash: null, roles: [{ role: 'system-admin', scope: { kind: 'all', id: null } }] });
      await store.createSession(user.id, { ip: '127.0.0.1', userAgent: 'test' });
      await recordChange(db.kysely, SYSTEM_ACTOR, { action: 'test.note', entity: 'database', entityId: 'fuld', before: { æøå: 'før' }, after: { æøå: 'efter', n: 1.5 } });
    } finally {
      await db.close();
    }
    const original = await dumpDatabase(dir);
    expect(original.tables['public.audit_log']?.length).toBeGreaterThan(0);
    expect(original.tables['public.sessions']).toHaveLength(1);
    expect(Object.values(original.tables).flat().length).toBeGreaterThan(500);

    const file = join(root, 'fuld.tar.gz');
    expect((await runCli(['backup', '--data-dir', dir, '--to', file])).code).toBe(0);
    // With the sessions kept, the restored database is the original, row for row.
    const kept = join(root, 'fuld-beholdt');
    expect((await runCli(['restore', '--data-dir', kept, '--from', file, '--keep-sessions'])).code).toBe(0);
    expect(await dumpDatabase(kept)).toEqual(original);
    const verified = await runCli(['audit', 'verify', '--data-dir', kept]);
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);

    // Without --keep-sessions the only differences are the ended sessions, the one audit row
    // (with its chain link) saying so, and the sign-in version raised by one (migration 0016: a
    // server keeping sessions in memory must drop them); the chain still verifies.
    const ended = join(root, 'fuld-uden-sessioner');
    expect((await runCli(['restore', '--data-dir', ended, '--from', file])).code).toBe(0);
    const restored = await dumpDatabase(ended);
    expect(restored.tables['public.sessions']).toEqual([]);
    const { ['public.sessions']: _s1, ['public.audit_log']: auditOriginal, ['public.audit_chain']: chainOriginal, ['public.data_version']: versionOriginal, ...restOriginal } = original.tables;
    const { ['public.sessions']: _s2, ['public.audit_log']: auditRestored, ['public.audit_chain']: chainRestored, ['public.data_version']: versionRestored, ...restRestored } = restored.tables;
    expect(restRestored).toEqual(restOriginal);
    const counters = (rows: string[] | undefined): { n: number; auth_n: number } => JSON.parse(rows?.[0] ?? '{}') as { n: number; auth_n: number };
    expect(counters(versionRestored)).toEqual({ ...counters(versionOriginal), auth_n: counters(versionOriginal).auth_n + 1 });
    expect(auditRestored).toEqual(expect.arrayContaining(auditOriginal ?? []));
    expect(auditRestored?.length).toBe((auditOriginal?.length ?? 0) + 1);
    expect(auditRestored?.find((r) => !(auditOriginal ?? []).includes(r))).toContain('restore.sessions-ended');
    expect(chainRestored?.length).toBe((chainOriginal?.length ?? 0) + 1);
    const check = await openDatabase({ kind: 'embedded', dataDir: ended });
    try {
      expect(await verifyAuditChain(check.kysely)).toMatchObject({ ok: true, links: chainRestored?.length });
    } finally {
      await check.close();
    }
  }, 300_000);

  it('refuses to restore over an existing database without --replace, and changes nothing', async () => {
    const target = join(root, 'eksisterende');
    expect((await runCli(['restore', '--data-dir', target, '--from', backupFile])).code).toBe(0);
    const db = await openDatabase({ kind: 'embedded', dataDir: target });
    try {
      await db.kysely.insertInto('regions').values({ code: '1085', name: 'Region Sjælland' }).execute();
    } finally {
      await db.close();
    }
    const before = readdirSync(target).sort();

    expectRefused(await runCli(['restore', '--data-dir', target, '--from', backupFile]), /indeholder allerede en database; intet er ændret\. Angiv --replace/);
    expect(readdirSync(target).sort()).toEqual(before);
    expect((await regions(target)).map((r) => r.code)).toEqual(['1084', '1085']);

    const replaced = await runCli(['restore', '--data-dir', target, '--from', backupFile, '--replace', '--format', 'json']);
    expect(replaced.stderr).toBe('');
    expect(JSON.parse(replaced.stdout)).toEqual({ dataDir: target, from: backupFile, replaced: true });
    expect((await regions(target)).map((r) => r.code)).toEqual(['1084']);
  });

  it('refuses to back up or restore a folder that a running Klynge holds', async () => {
    const running = await openDatabase({ kind: 'embedded', dataDir: source });
    try {
      const out = join(root, 'laast.tar.gz');
      expectRefused(await runCli(['backup', '--data-dir', source, '--to', out]), new RegExp(`Databasemappen ${source} er i brug af proces ${String(process.pid)}.*Stop Klynge-serveren`));
      expect(existsSync(out)).toBe(false);
      expectRefused(await runCli(['restore', '--data-dir', source, '--from', backupFile, '--replace']), /er i brug af proces .*En gendannelse kræver/);
    } finally {
      await running.close();
    }
    expect(await regions(source)).toEqual([{ code: '1084', name: 'Region Hovedstaden' }]);
  });

  it('refuses a folder without a database, a file that is not a backup, and a non-empty foreign folder', async () => {
    const empty = join(root, 'tom');
    expectRefused(await runCli(['backup', '--data-dir', empty, '--to', join(root, 'x.tar.gz')]), /Mappen .*tom indeholder ingen Klynge-database/);
    expect(existsSync(empty)).toBe(false);

    const notBackup = join(root, 'ikke-en-kopi.tar.gz');
    writeFileSync(notBackup, 'bare tekst');
    expectRefused(await runCli(['restore', '--data-dir', empty, '--from', notBackup]), /er ikke en sikkerhedskopi fra klynge backup/);
    expectRefused(await runCli(['restore', '--data-dir', empty, '--from', join(root, 'findes-ikke.tar.gz')]), /findes ikke/);
    expect(existsSync(empty)).toBe(false);

    // --replace replaces a database, never a folder of something else.
    const foreign = join(root, 'fremmed');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'noter.txt'), 'vigtigt');
    expectRefused(await runCli(['restore', '--data-dir', foreign, '--from', backupFile, '--replace']), /er ikke tom og indeholder ingen Klynge-database/);
    expect(readdirSync(foreign)).toEqual(['noter.txt']);
  });

  it('writes the backup only with --to, never into the data folder', async () => {
    expectRefused(await runCli(['backup', '--data-dir', source, '--out', join(root, 'y.tar.gz')]), /--to FIL\.tar\.gz \(ikke --out\)/);
    expectRefused(await runCli(['backup', '--data-dir', source]), /"klynge backup" mangler --to/);
    expectRefused(await runCli(['backup', '--data-dir', source, '--to', join(source, 'inde.tar.gz')]), /må ikke ligge i databasemappen/);
    expectRefused(await runCli(['restore', '--data-dir', source]), /"klynge restore" mangler --from/);
  });

  it('points to pg_dump and pg_restore when DATABASE_URL is set (server mode)', async () => {
    vi.stubEnv('DATABASE_URL', 'postgres://klynge:hemmelig@db:5432/klynge');
    const backup = await runCli(['backup', '--to', join(root, 'z.tar.gz')]);
    expectRefused(backup, /PostgreSQL-server \(postgres:\/\/klynge:\*\*\*@db:5432\/klynge\).*pg_dump/);
    expect(backup.stderr).not.toContain('hemmelig');
    expectRefused(await runCli(['restore', '--from', backupFile]), /pg_restore/);
  });

  it('is listed in klynge --help', async () => {
    const help = await runCli(['--help']);
    expect(help.stdout).toMatch(/backup\s+tag en sikkerhedskopi/);
    expect(help.stdout).toMatch(/restore\s+gendan den indlejrede database/);
  });
});
