import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { recordChange } from './audit.ts';
import { verifyAuditChain } from './chain.ts';
import { migrate } from '../db/migrate.ts';
import type { Schema } from '../db/schema.ts';
import { describeEachDatabase } from '../db/testing.ts';

const SCRIPT = readFileSync(new URL('../../../docs/server-app-role.sql', import.meta.url), 'utf8');

/** The SQLSTATE of what `fn` throws (undefined when it does not throw). */
async function sqlState(fn: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await fn();
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code;
  }
}

/**
 * docs/server-app-role.sql as the server mode's application role: it runs Klynge's writes, but
 * cannot change or remove audit rows, disable the audit triggers or switch replication mode off.
 * Run as that role with SET ROLE on one connection (works on the server and in PGlite).
 */
describeEachDatabase('server mode: the application role of docs/server-app-role.sql', (getDb) => {
  const role = `klynge_app_t${randomBytes(4).toString('hex')}`;
  afterAll(async () => {
    const db = getDb().kysely;
    await sql.raw(`DROP OWNED BY ${role}; DROP ROLE IF EXISTS ${role}`).execute(db);
  });

  it('may write data and audit rows (chained), but not alter, delete, truncate or untrigger the audit trail', async () => {
    const db = getDb().kysely;
    await sql.raw(SCRIPT.replace(/\bklynge_app\b/g, role)).execute(db);
    await db.connection().execute(async (conn: Kysely<Schema>) => {
      await sql.raw(`SET ROLE ${role}`).execute(conn);
      try {
        // Starting the app as this role: no migration pending → migrate only reads.
        expect(await migrate(conn)).toEqual([]);
        await recordChange(conn, { id: null, name: 'app' }, { action: 'test', entity: 'test', entityId: 'app-role', before: null, after: { ok: true } });
        await sql`INSERT INTO login_attempts (username, ip, at, succeeded) VALUES ('app-role-test', NULL, now(), true)`.execute(conn);
        await sql`DELETE FROM login_attempts WHERE username = 'app-role-test'`.execute(conn);
        const insufficient = '42501';
        expect(await sqlState(() => sql`UPDATE audit_log SET actor_name = 'x'`.execute(conn))).toBe(insufficient);
        expect(await sqlState(() => sql`DELETE FROM audit_log`.execute(conn))).toBe(insufficient);
        expect(await sqlState(() => sql`TRUNCATE audit_log`.execute(conn))).toBe(insufficient);
        expect(await sqlState(() => sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(conn))).toBe(insufficient);
        expect(await sqlState(() => sql`ALTER TABLE audit_log DISABLE TRIGGER ALL`.execute(conn))).toBe(insufficient);
        expect(await sqlState(() => sql`SET session_replication_role = replica`.execute(conn))).toBe(insufficient);
        expect(await sqlState(() => sql`INSERT INTO audit_chain (seq, audit_id, prev_hash, row_hash) VALUES (999999, 999999, 'x', 'y')`.execute(conn))).toBe(insufficient);
        expect(await sqlState(() => sql`INSERT INTO schema_migrations (name, checksum) VALUES ('9999_x.sql', 'x')`.execute(conn))).toBe(insufficient);
      } finally {
        await sql`RESET ROLE`.execute(conn);
      }
    });
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});
