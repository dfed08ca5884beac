import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { databaseOptionsFromEnv, redactUrl } from './database.ts';
import { MIGRATIONS_DIR } from './migrate.ts';
import { toJson } from './schema.ts';
import { describeEachDatabase } from './testing.ts';

describeEachDatabase('database', (getDb) => {
  it('records every checked-in migration with the sha256 of its file', async () => {
    const rows = await getDb().kysely.selectFrom('schema_migrations').select(['name', 'checksum']).orderBy('name').execute();
    const names = rows.map((r) => r.name);
    expect(names).toContain('0001_domain.sql');
    for (const r of rows) {
      const expected = createHash('sha256').update(readFileSync(join(MIGRATIONS_DIR, r.name), 'utf8')).digest('hex');
      expect(r.checksum).toBe(expected);
    }
  });

  it('reads bigint money columns back as the same JS number (40 mio. kr. = 4.000.000.000 øre)', async () => {
    const db = getDb().kysely;
    await db
      .insertInto('allocation_models')
      .values({
        year: 2022,
        municipal_total_ore: 4_000_000_000,
        regional_total_ore: 4_000_000_000,
        regional_key: toJson({ kind: 'amounts', values: { '1081': 413_586_900 } }),
        population_period: '2022K1',
        regional_key_source: 'test',
        unit: 'krone',
        updated_by: 'test',
      })
      .execute();
    const row = await db.selectFrom('allocation_models').selectAll().where('year', '=', 2022).executeTakeFirstOrThrow();
    expect(row.municipal_total_ore).toBe(4_000_000_000);
    expect(typeof row.municipal_total_ore).toBe('number');
    expect(row.regional_key).toEqual({ kind: 'amounts', values: { '1081': 413_586_900 } });
    expect(row.version).toBe(1);
    expect(row.updated_at).toBeInstanceOf(Date);
    // count(*) is bigint too: a number, not a string, on both databases.
    const { n } = await db.selectFrom('allocation_models').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(n).toBe(1);
  });

  it('refuses a bigint beyond 2^53 instead of rounding it', async () => {
    await expect(sql`SELECT 9007199254740993::bigint AS big`.execute(getDb().kysely)).rejects.toMatchObject({
      code: 'database.integer-range',
    });
    const ok = await sql<{ big: number }>`SELECT 9007199254740991::bigint AS big`.execute(getDb().kysely);
    expect(ok.rows[0]?.big).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('keeps a jsonb array an array and a date a YYYY-MM-DD text', async () => {
    const r = await sql<{ j: unknown; d: string }>`SELECT ${toJson([1, 'to', { tre: 3 }])}::jsonb AS j, DATE '2022-01-01' AS d`.execute(
      getDb().kysely,
    );
    expect(r.rows[0]).toEqual({ j: [1, 'to', { tre: 3 }], d: '2022-01-01' });
  });

  it('rolls a failed transaction back completely', async () => {
    const db = getDb().kysely;
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('regions').values({ code: '1081', name: 'Region Nordjylland' }).execute();
        await trx.insertInto('regions').values({ code: '1081', name: 'igen' }).execute();
      }),
    ).rejects.toThrow();
    const rows = await db.selectFrom('regions').selectAll().where('code', '=', '1081').execute();
    expect(rows).toEqual([]);
  });

  it('runs concurrent transactions one after the other without losing either', async () => {
    const db = getDb().kysely;
    const insert = (code: string, name: string) =>
      db.transaction().execute(async (trx) => {
        await trx.insertInto('regions').values({ code, name }).execute();
        return trx.selectFrom('regions').select('code').where('code', '=', code).executeTakeFirstOrThrow();
      });
    const [a, b] = await Promise.all([insert('1084', 'Region Hovedstaden'), insert('1085', 'Region Sjælland')]);
    expect([a.code, b.code]).toEqual(['1084', '1085']);
  });

  it('refuses to change or delete the audit trail and stored allocation runs, in the database itself', async () => {
    const db = getDb().kysely;
    await db.insertInto('audit_log').values({ actor_id: null, actor_name: 'test', action: 'create', entity: 'x', entity_id: '1', before: null, after: toJson({ a: 1 }) }).execute();
    await expect(db.updateTable('audit_log').set({ actor_name: 'mallory' }).execute()).rejects.toThrow(/Revisionssporet kan ikke ændres/);
    await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/Revisionssporet kan ikke ændres/);
    await expect(sql`TRUNCATE audit_log`.execute(db)).rejects.toThrow(/Revisionssporet kan ikke ændres/);
    const run = await db
      .insertInto('allocation_runs')
      .values({ year: 2022, inputs: toJson({}), result: toJson({}), corrects_run_id: null, note: '', created_by: 'test' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(db.updateTable('allocation_runs').set({ note: 'ændret' }).where('id', '=', run.id).execute()).rejects.toThrow(
      /fordelingskørsel kan ikke ændres/,
    );
    await expect(db.deleteFrom('allocation_runs').where('id', '=', run.id).execute()).rejects.toThrow(/fordelingskørsel kan ikke ændres/);
    const left = await db.selectFrom('audit_log').select('actor_name').execute();
    expect(left.map((r) => r.actor_name)).toContain('test');
  });
});

describe('databaseOptionsFromEnv', () => {
  it('uses the embedded database in ./data without configuration, a server with DATABASE_URL', () => {
    expect(databaseOptionsFromEnv({})).toEqual({ kind: 'embedded', dataDir: 'data' });
    expect(databaseOptionsFromEnv({ KLYNGE_DATA_DIR: '/var/lib/klynge' })).toEqual({ kind: 'embedded', dataDir: '/var/lib/klynge' });
    expect(databaseOptionsFromEnv({ DATABASE_URL: 'postgres://u@h/db' })).toEqual({ kind: 'server', url: 'postgres://u@h/db' });
  });

  it('never shows a password from the URL', () => {
    expect(redactUrl('postgres://klynge:hemmelig@db:5432/klynge')).toBe('postgres://klynge:***@db:5432/klynge');
  });
});
