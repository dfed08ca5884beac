import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../db/testing.ts';
import { recordChange } from './audit.ts';
import { verifyAuditChain } from './chain.ts';

const actor = { id: null, name: 'kædetest' };

describeEachDatabase('audit hash chain', (getDb) => {
  it('links every committed row, also 40 written concurrently in separate transactions, and verifies', async () => {
    const db = getDb().kysely;
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        db.transaction().execute(async (trx) => {
          await recordChange(trx, actor, { action: 'test.write', entity: 'test', entityId: String(i), before: null, after: { i, text: 'æøå "citat" \\ 😀' } });
        }),
      ),
    );
    // A rolled-back change leaves neither a row nor a link.
    await expect(
      db.transaction().execute(async (trx) => {
        await recordChange(trx, actor, { action: 'test.rollback', entity: 'test', entityId: 'x', before: null, after: null });
        throw new Error('rul tilbage');
      }),
    ).rejects.toThrow('rul tilbage');
    const result = await verifyAuditChain(db);
    expect(result).toMatchObject({ ok: true, firstBroken: null });
    const rows = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(result.links).toBe(Number(rows.n));
    expect(result.links).toBeGreaterThanOrEqual(40);
    expect(result.head).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names the first row altered directly in the database with the append-only trigger disabled (as superuser)', async () => {
    const db = getDb().kysely;
    const target = await db.selectFrom('audit_log').select('id').where('entity_id', '=', '7').where('action', '=', 'test.write').executeTakeFirstOrThrow();
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(db);
    await sql`UPDATE audit_log SET after = '{"i": 700}'::jsonb WHERE id = ${target.id}`.execute(db);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`.execute(db);
    const result = await verifyAuditChain(db);
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toMatchObject({ auditId: Number(target.id), reason: expect.stringContaining('ændret') as unknown });
  });

  it('detects a row inserted with the chain trigger disabled and a deleted row', async () => {
    const db = getDb().kysely;
    // Repair the altered row first so only the new defect is reported.
    const altered = await db.selectFrom('audit_log').select('id').where('entity_id', '=', '7').where('action', '=', 'test.write').executeTakeFirstOrThrow();
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(db);
    await sql`UPDATE audit_log SET after = '{"i": 7, "text": "æøå \\"citat\\" \\\\ 😀"}'::jsonb WHERE id = ${altered.id}`.execute(db);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`.execute(db);
    expect((await verifyAuditChain(db)).ok).toBe(true);

    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_chain`.execute(db);
    await recordChange(db, actor, { action: 'test.forged', entity: 'test', entityId: 'forged', before: null, after: null });
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_chain`.execute(db);
    const forged = await verifyAuditChain(db);
    expect(forged.firstBroken?.reason).toContain('ikke i kæden');

    const victim = await db.selectFrom('audit_log').select('id').where('entity_id', '=', '3').executeTakeFirstOrThrow();
    await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(db);
    await sql`DELETE FROM audit_log WHERE id = ${victim.id}`.execute(db);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`.execute(db);
    const deleted = await verifyAuditChain(db);
    expect(deleted.firstBroken).toMatchObject({ auditId: Number(victim.id), reason: expect.stringContaining('slettet') as unknown });
  });
});
