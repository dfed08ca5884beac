import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { cachedByDataVersion, dataVersion } from './data-version.ts';
import { describeEachDatabase } from './testing.ts';

/** Tables whose changes do not touch any cached view (sign-in, sessions, the audit trail itself). */
const NOT_COUNTED = ['audit_chain', 'audit_log', 'auth_version_marks', 'data_version', 'data_version_marks', 'login_attempts', 'role_assignments', 'schema_migrations', 'sessions', 'users'];

describeEachDatabase('data version (issue 13: views cached until the data changes)', (getDb) => {
  it('every domain table raises the version: a new table without the trigger fails here', async () => {
    const db = getDb().kysely;
    const rows = await sql<{ table_name: string; counted: boolean }>`
      SELECT c.relname AS table_name,
             EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = c.relname || '_data_changed') AS counted
      FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
      WHERE s.nspname = current_schema() AND c.relkind IN ('r', 'p')
      ORDER BY c.relname`.execute(db);
    const missing = rows.rows.filter((r) => !r.counted && !NOT_COUNTED.includes(r.table_name)).map((r) => r.table_name);
    expect(missing, 'tables without the data_version trigger (see migration 0013)').toEqual([]);
    expect(rows.rows.filter((r) => r.counted).length).toBeGreaterThan(20);
  });

  it('rises once per committed change, not on a rollback nor on reads', async () => {
    const db = getDb().kysely;
    const v0 = BigInt(await dataVersion(db));
    await db.selectFrom('regions').selectAll().execute();
    expect(BigInt(await dataVersion(db))).toBe(v0);
    // Several statements in one transaction: one step.
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('regions').values({ code: '1085', name: 'Region Sjælland' }).onConflict((oc) => oc.column('code').doUpdateSet({ name: 'Region Sjælland' })).execute();
      await trx.updateTable('regions').set({ name: 'Region Sjælland' }).where('code', '=', '1085').execute();
      // Not yet committed: others (and this transaction) still read the old version.
      expect(BigInt(await dataVersion(trx))).toBe(v0);
    });
    expect(BigInt(await dataVersion(db))).toBe(v0 + 1n);
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.updateTable('regions').set({ name: 'Rulles tilbage' }).where('code', '=', '1085').execute();
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(BigInt(await dataVersion(db))).toBe(v0 + 1n);
    // A change without a transaction of its own commits (and counts) by itself.
    await db.updateTable('regions').set({ name: 'Region Sjælland' }).where('code', '=', '1085').execute();
    expect(BigInt(await dataVersion(db))).toBe(v0 + 2n);
  });

  it('a cached view is reused until a change commits, then computed again; never inside a transaction', async () => {
    const db = getDb().kysely;
    await db.insertInto('regions').values({ code: '1081', name: 'Region Nordjylland' }).onConflict((oc) => oc.column('code').doUpdateSet({ name: 'Region Nordjylland' })).execute();
    let computed = 0;
    const view = (): Promise<string[]> =>
      cachedByDataVersion(db, 'test-regions', 'all', async () => {
        computed += 1;
        return (await db.selectFrom('regions').select('name').orderBy('code').execute()).map((r) => r.name);
      });
    const first = await view();
    expect(await view()).toBe(first);
    expect(computed).toBe(1);
    await db.updateTable('regions').set({ name: 'Region Nordjylland (ændret)' }).where('code', '=', '1081').execute();
    const second = await view();
    expect(computed).toBe(2);
    expect(second).toContain('Region Nordjylland (ændret)');
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('regions').set({ name: 'Kun i transaktionen' }).where('code', '=', '1081').execute();
      const inside = await cachedByDataVersion(trx, 'test-regions', 'all', async () => (await trx.selectFrom('regions').select('name').orderBy('code').execute()).map((r) => r.name));
      expect(inside).toContain('Kun i transaktionen');
      await trx.updateTable('regions').set({ name: 'Region Nordjylland' }).where('code', '=', '1081').execute();
    });
    const third = await view();
    expect(computed).toBe(3);
    expect(third).toContain('Region Nordjylland');
    expect(third).not.toContain('Kun i transaktionen');
  });
});
