import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { recordChange } from '../../infra/audit/audit.ts';
import { openDatabase } from '../../infra/db/database.ts';
import { startServer } from '../../http/server.ts';
import { runCli } from '../test-io.ts';

describe('klynge audit verify', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('reports a whole chain (exit 0), then the first row altered directly in the database (exit 1)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'klynge-audit-'));
    dirs.push(dir);
    const db = await openDatabase({ kind: 'embedded', dataDir: dir });
    let victim: number;
    try {
      for (let i = 0; i < 5; i++) await recordChange(db.kysely, { id: null, name: 'test' }, { action: 'test', entity: 'test', entityId: String(i), before: null, after: { i } });
      victim = Number((await db.kysely.selectFrom('audit_log').select('id').where('entity_id', '=', '2').executeTakeFirstOrThrow()).id);
    } finally {
      await db.close();
    }
    const whole = await runCli(['audit', 'verify', '--data-dir', dir, '--format', 'json']);
    expect(whole.code).toBe(0);
    expect(JSON.parse(whole.stdout)).toMatchObject({ ok: true, links: 5, firstBroken: null });

    const again = await openDatabase({ kind: 'embedded', dataDir: dir });
    try {
      await sql`ALTER TABLE audit_log DISABLE TRIGGER USER`.execute(again.kysely);
      await sql`UPDATE audit_log SET actor_name = 'en anden' WHERE id = ${victim}`.execute(again.kysely);
      await sql`ALTER TABLE audit_log ENABLE TRIGGER USER`.execute(again.kysely);
    } finally {
      await again.close();
    }
    const broken = await runCli(['audit', 'verify', '--data-dir', dir]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('BRUDT');
    expect(broken.stdout).toContain(`Revisionsrækken ${String(victim)} er ændret`);

    // The server checks the chain at start and reports the break (it keeps running; README).
    const server = await startServer({ dataDir: dir, seed: false, webRoot: null, adminPassword: 'en lang og god adgangskode til test' });
    try {
      expect(await server.audit).toMatchObject({ ok: false, firstBroken: { auditId: victim } });
    } finally {
      await server.close();
    }
  });

  it('refuses an unknown subcommand with a Danish message', async () => {
    const res = await runCli(['audit', 'repair']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('kender kun "verify"');
  });
});
