import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../infra/audit/chain.ts';
import { openDatabase, type Database } from '../infra/db/database.ts';
import { createServerDatabase, testTargets } from '../infra/db/testing.ts';
import { seedDatabase } from '../app/seed.ts';
import type { App } from './app.ts';
import { clientWithRoles, testApp, type TestClient } from './testing.ts';

/**
 * The concurrency suite (issue 11 §8): simultaneous conflicting writes through two app
 * instances sharing one database — on the server two connection pools, as two processes behind a
 * load balancer would have — give exactly one winner and 409 for the rest, never 500; sessions
 * made on one instance work on the other; the audit chain stays whole. Size by
 * KLYNGE_CONCURRENCY (default 50 writes per kind).
 */
const N = Number(process.env['KLYNGE_CONCURRENCY'] ?? 50);

for (const target of testTargets()) {
  describe(`concurrency: two app instances on one database [${target.label}]`, () => {
    let first: Database;
    let second: Database | null = null;
    let drop: (() => Promise<void>) | null = null;
    let appA: App;
    let appB: App;
    let ssu: TestClient;
    let admin: TestClient;
    let secretariat: TestClient;
    const getDb = (): Database => first;

    beforeAll(async () => {
      if (target.label === 'server') {
        // Two independent pools on one server database: two instances behind a load balancer.
        const server = await createServerDatabase(target.adminUrl);
        drop = server.drop;
        first = await openDatabase({ kind: 'server', url: server.url });
        second = await openDatabase({ kind: 'server', url: server.url });
      } else {
        first = await openDatabase({ kind: 'memory' });
      }
      await seedDatabase(first.kysely);
      appA = await testApp(first);
      appB = await testApp(second ?? first);
      ssu = await clientWithRoles(first, [{ role: 'ssu-member', scope: { kind: 'region', id: '1084' } }], 'ssu');
      admin = await clientWithRoles(first, [{ role: 'system-admin', scope: { kind: 'all', id: null } }], 'admin');
      secretariat = await clientWithRoles(first, [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: 'hovedstaden-syd' } }], 'sekretariat');
    });
    afterAll(async () => {
      if ((appA as App | undefined) !== undefined) await appA.close();
      if ((appB as App | undefined) !== undefined) await appB.close();
      await second?.close();
      if ((first as Database | undefined) !== undefined) await first.close();
      await drop?.();
    });

    const spread = <T>(make: (app: App, i: number) => Promise<T>): Promise<T[]> => Promise.all(Array.from({ length: N }, (_, i) => make(i % 2 === 0 ? appA : appB, i)));

    it(`${String(N)} simultaneous first saves of one SSU composition: one 200, the rest 409`, async () => {
      const answers = await spread((app) => app.inject({ method: 'PUT', url: '/api/regions/1084/years/2040/ssu', headers: ssu.headers(), payload: { version: 0, members: [], chairMemberId: null, viceChairMemberId: null } }));
      const statuses = answers.map((a) => a.statusCode);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(N - 1);
    });

    it(`${String(N)} simultaneous first saves of one cluster's evaluation guide: one 200, the rest 409`, async () => {
      const answers = await spread((app) => app.inject({ method: 'PUT', url: '/api/clusters/hovedstaden-syd/evaluation-guide', headers: secretariat.headers(), payload: { version: 0, questions: [] } }));
      const statuses = answers.map((a) => a.statusCode);
      expect(statuses.filter((s) => s === 200), answers[0]?.body).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(N - 1);
    });

    it(`${String(N)} simultaneous creations of one username: one 201, the rest 409`, async () => {
      const answers = await spread((app) => app.inject({ method: 'POST', url: '/api/admin/users', headers: admin.headers(), payload: { username: 'samtidig', displayName: 'Samtidig', roles: [] } }));
      const statuses = answers.map((a) => a.statusCode);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(N - 1);
      const rows = await getDb().kysely.selectFrom('users').select('id').where('username', '=', 'samtidig').execute();
      expect(rows).toHaveLength(1);
    });

    it('a session and the lock-out made on one instance hold on the other (nothing lives in one instance’s memory)', async () => {
      expect((await appB.inject({ method: 'GET', url: '/api/auth/me', headers: ssu.headers() })).statusCode).toBe(200);
      for (let i = 0; i < 5; i++) {
        const app = i % 2 === 0 ? appA : appB;
        expect((await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'samtidig', password: 'forkert forkert' }, remoteAddress: '198.51.100.7' })).statusCode).toBe(401);
      }
      expect((await appA.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'samtidig', password: 'forkert forkert' }, remoteAddress: '198.51.100.7' })).statusCode).toBe(429);
      expect((await appB.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'samtidig', password: 'forkert forkert' }, remoteAddress: '198.51.100.7' })).statusCode).toBe(429);
    });

    it('the audit chain is whole after the bursts (every refusal recorded too)', async () => {
      const result = await verifyAuditChain(getDb().kysely);
      expect(result.ok).toBe(true);
      const conflicts = await getDb().kysely.selectFrom('audit_log').select('id').where('action', '=', 'request.conflict').execute();
      expect(conflicts.length).toBe(3 * (N - 1));
    });
  });
}
