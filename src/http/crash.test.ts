import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../infra/audit/chain.ts';
import { openDatabase } from '../infra/db/database.ts';

/**
 * The crash suite (issue 11 §8): a Klynge server on an embedded folder is killed with SIGKILL in
 * the middle of a burst of writes, then the folder is opened again — the data-folder lock must
 * not stand in the way — and the invariants are checked: the audit chain is whole, and the
 * trail matches the data (every user that exists has its user.create record and vice versa).
 * KLYNGE_CRASH_CYCLES sets the number of kill/restart cycles (default 2).
 */
const CYCLES = Number(process.env['KLYNGE_CRASH_CYCLES'] ?? 2);
const SERVER_MODULE = fileURLToPath(new URL('./server.ts', import.meta.url));
const ADMIN_PASSWORD = 'Krak-prøve med lange ord 7';

function startChild(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const code = `const { startServer } = await import(${JSON.stringify(SERVER_MODULE)});
    const s = await startServer({ dataDir: ${JSON.stringify(dataDir)}, seed: false, webRoot: null, insecureCookies: true, adminPassword: ${JSON.stringify(ADMIN_PASSWORD)}, loginRateLimit: { max: 1000, timeWindowMs: 60000 } });
    console.log('URL ' + s.url);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /URL (\S+)/.exec(out);
      if (m?.[1]) resolve({ child, url: m[1] });
    });
    child.once('exit', (c) => reject(new Error(`serveren stoppede (${String(c)})`)));
  });
}

async function signIn(url: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
  expect(res.status).toBe(200);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

describe('crash suite: kill -9 during writes, restart, invariants', () => {
  const dir = mkdtempSync(join(tmpdir(), 'klynge-crash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`${String(CYCLES)} cycles of a burst of writes cut by SIGKILL leave a whole audit chain and trail = data`, async () => {
    let sent = 0;
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const { child, url } = await startChild(dir);
      const session = await signIn(url);
      const burst = Array.from({ length: 40 }, (_, i) => {
        sent += 1;
        return fetch(`${url}/api/admin/users`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
          body: JSON.stringify({ username: `krak-${String(cycle)}-${String(i)}`, displayName: 'Krak', roles: [] }),
        }).catch(() => null);
      });
      // Kill while the burst is under way.
      await new Promise((r) => setTimeout(r, 150));
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      await Promise.all(burst);
    }
    const db = await openDatabase({ kind: 'embedded', dataDir: dir });
    try {
      expect((await verifyAuditChain(db.kysely)).ok).toBe(true);
      const users = (await db.kysely.selectFrom('users').select('username').where('username', 'like', 'krak-%').execute()).map((u) => u.username).sort();
      const created = (await db.kysely.selectFrom('audit_log').select('entity_id').where('action', '=', 'user.create').where('entity_id', 'like', 'krak-%').execute()).map((r) => r.entity_id).sort();
      expect(created).toEqual(users);
      expect(users.length).toBeLessThanOrEqual(sent);
      if (process.env['KLYNGE_CRASH_REPORT'] === '1') console.log(JSON.stringify({ cycles: CYCLES, sent, committed: users.length }));
    } finally {
      await db.close();
    }
  }, 300_000);
});
