import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseOptions } from './database.ts';
import { checkHistory, checksumOf, MIGRATIONS_DIR, readMigrations, type MigrationFile } from './migrate.ts';
import { createServerDatabase, testTargets } from './testing.ts';

function file(name: string, text = `-- ${name}\n`): MigrationFile {
  return { name, sql: text, checksum: checksumOf(text) };
}

describe('checkHistory', () => {
  const files = [file('0001_a.sql'), file('0002_b.sql'), file('0003_c.sql')];

  it('returns the files not yet applied, in order', () => {
    expect(checkHistory([], files).map((f) => f.name)).toEqual(['0001_a.sql', '0002_b.sql', '0003_c.sql']);
    const history = [{ name: '0001_a.sql', checksum: checksumOf('-- 0001_a.sql\n') }];
    expect(checkHistory(history, files).map((f) => f.name)).toEqual(['0002_b.sql', '0003_c.sql']);
  });

  it('treats a CRLF checkout of a file as the same file', () => {
    expect(checksumOf('a\r\nb\r\n')).toBe(checksumOf('a\nb\n'));
  });

  it('refuses an unknown migration, a changed file and a gap', () => {
    expect(() => checkHistory([{ name: '0009_x.sql', checksum: 'x' }], files)).toThrow(/0009_x.sql, som denne version af Klynge ikke kender/);
    expect(() => checkHistory([{ name: '0001_a.sql', checksum: checksumOf('-- anden tekst\n') }], files)).toThrow(
      /Migrationen 0001_a.sql er ændret/,
    );
    const gap = [
      { name: '0001_a.sql', checksum: files[0]?.checksum ?? '' },
      { name: '0003_c.sql', checksum: files[2]?.checksum ?? '' },
    ];
    expect(() => checkHistory(gap, files)).toThrow(/0002_b.sql er aldrig kørt, men den nyere 0003_c.sql er/);
  });

  it('refuses a badly named or duplicate-numbered migration file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'klynge-mig-'));
    try {
      writeFileSync(join(dir, '0001_a.sql'), 'SELECT 1;');
      writeFileSync(join(dir, '0001_b.sql'), 'SELECT 1;');
      expect(() => readMigrations(dir)).toThrow(/samme nummer 0001/);
      unlinkSync(join(dir, '0001_b.sql'));
      writeFileSync(join(dir, 'budget.sql'), 'SELECT 1;');
      expect(() => readMigrations(dir)).toThrow(/skal hedde NNNN_navn.sql/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Start-up against a real database that is opened, closed and reopened with other migration files.
for (const target of testTargets()) {
  describe(`migrations on start-up [${target.label}]`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'klynge-mig-'));
    const migrationsDir = join(dir, 'migrations');
    let options: (migrations: string) => DatabaseOptions;
    let drop: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      if (target.label === 'server') {
        const server = await createServerDatabase(target.adminUrl);
        drop = server.drop;
        options = (m) => ({ kind: 'server', url: server.url, migrationsDir: m });
      } else {
        options = (m) => ({ kind: 'embedded', dataDir: join(dir, 'data'), migrationsDir: m });
      }
    });
    afterAll(async () => {
      await drop?.();
      rmSync(dir, { recursive: true, force: true });
    });

    /** Makes the migrations folder hold exactly the checked-in files plus `extra`. */
    function writeMigrations(extra: Record<string, string>): void {
      rmSync(migrationsDir, { recursive: true, force: true });
      mkdirSync(migrationsDir);
      for (const f of readMigrations(MIGRATIONS_DIR)) writeFileSync(join(migrationsDir, f.name), f.sql);
      for (const [name, text] of Object.entries(extra)) writeFileSync(join(migrationsDir, name), text);
    }

    it('applies the files once, then refuses a changed, unknown or skipped migration, and applies a new one', async () => {
      writeMigrations({ '0090_extra.sql': 'CREATE TABLE extra (id integer PRIMARY KEY);' });
      const first = await openDatabase(options(migrationsDir));
      await first.kysely.insertInto('regions').values({ code: '1083', name: 'Region Syddanmark' }).execute();
      await first.close();

      // Reopening with the same files changes nothing and keeps the data.
      const again = await openDatabase(options(migrationsDir));
      const regions = await again.kysely.selectFrom('regions').select('name').execute();
      expect(regions).toEqual([{ name: 'Region Syddanmark' }]);
      await again.close();

      writeMigrations({ '0090_extra.sql': 'CREATE TABLE extra (id bigint PRIMARY KEY);' });
      await expect(openDatabase(options(migrationsDir))).rejects.toMatchObject({
        code: 'database.migration-mismatch',
        message: expect.stringMatching(/0090_extra.sql er ændret/) as unknown,
      });

      writeMigrations({});
      await expect(openDatabase(options(migrationsDir))).rejects.toMatchObject({
        code: 'database.migration-mismatch',
        message: expect.stringMatching(/0090_extra.sql, som denne version af Klynge ikke kender/) as unknown,
      });

      writeMigrations({ '0090_extra.sql': 'CREATE TABLE extra (id integer PRIMARY KEY);', '0050_late.sql': 'SELECT 1;' });
      await expect(openDatabase(options(migrationsDir))).rejects.toMatchObject({
        code: 'database.migration-mismatch',
        message: expect.stringMatching(/0050_late.sql er aldrig kørt/) as unknown,
      });

      writeMigrations({
        '0090_extra.sql': 'CREATE TABLE extra (id integer PRIMARY KEY);',
        '0091_more.sql': 'ALTER TABLE extra ADD COLUMN label text;\nINSERT INTO extra (id, label) VALUES (1, $$én$$);',
      });
      const upgraded = await openDatabase(options(migrationsDir));
      try {
        const rows = await sql<{ id: number; label: string }>`SELECT id, label FROM extra`.execute(upgraded.kysely);
        expect(rows.rows).toEqual([{ id: 1, label: 'én' }]);
        const names = await upgraded.kysely.selectFrom('schema_migrations').select('name').orderBy('name').execute();
        expect(names.map((n) => n.name).slice(-2)).toEqual(['0090_extra.sql', '0091_more.sql']);
      } finally {
        await upgraded.close();
      }
      // Opens an on-disk PGlite five times; each start takes seconds on a busy CI machine.
    }, 240_000);

    it('rolls a failing migration back completely and records nothing for it', async () => {
      writeMigrations({
        '0090_extra.sql': 'CREATE TABLE extra (id integer PRIMARY KEY);',
        '0091_more.sql': 'ALTER TABLE extra ADD COLUMN label text;\nINSERT INTO extra (id, label) VALUES (1, $$én$$);',
        '0092_broken.sql': 'CREATE TABLE half (id integer);\nSELECT * FROM no_such_table;',
      });
      await expect(openDatabase(options(migrationsDir))).rejects.toThrow(/no_such_table/);
      writeMigrations({
        '0090_extra.sql': 'CREATE TABLE extra (id integer PRIMARY KEY);',
        '0091_more.sql': 'ALTER TABLE extra ADD COLUMN label text;\nINSERT INTO extra (id, label) VALUES (1, $$én$$);',
      });
      const db = await openDatabase(options(migrationsDir));
      try {
        const half = await sql<{ t: string | null }>`SELECT to_regclass('half')::text AS t`.execute(db.kysely);
        expect(half.rows[0]?.t).toBeNull();
        const names = await db.kysely.selectFrom('schema_migrations').select('name').execute();
        expect(names.map((n) => n.name)).not.toContain('0092_broken.sql');
      } finally {
        await db.close();
      }
    }, 240_000);
  });
}
