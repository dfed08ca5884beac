import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../infra/audit/chain.ts';
import { openDatabase, type Database } from '../infra/db/database.ts';
import { createServerDatabase, testTargets } from '../infra/db/testing.ts';
import { seedDatabase } from '../app/seed.ts';
import type { App } from './app.ts';
import { clientWithRoles, json, testApp, type TestClient } from './testing.ts';
import { testInitiative } from './routes/follow-up-testing.ts';

/**
 * The concurrency suite (issue 11 §8): simultaneous conflicting writes through two app
 * instances sharing one database — on the server two connection pools, as two processes behind a
 * load balancer would have — give exactly one winner and 409 for the rest, never 500; sessions
 * made on one instance work on the other; the audit chain stays whole. Kinds: SSU composition,
 * evaluation guide, username, approvals competing for the same funds (exactly as many as fit,
 * never more than the funds), one initiative's approval, one party's ceiling commitment (each
 * replacing the last, old → new chained in the trail), one period's settlement, one year end,
 * one set of minutes, one evaluation. Size by KLYNGE_CONCURRENCY (default 50 writes per kind).
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
    /** 409 answers so far (each is recorded in the audit trail). */
    let conflicts = 0;

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
      conflicts += N - 1;
    });

    it(`${String(N)} simultaneous first saves of one cluster's evaluation guide: one 200, the rest 409`, async () => {
      const answers = await spread((app) => app.inject({ method: 'PUT', url: '/api/clusters/hovedstaden-syd/evaluation-guide', headers: secretariat.headers(), payload: { version: 0, questions: [] } }));
      const statuses = answers.map((a) => a.statusCode);
      expect(statuses.filter((s) => s === 200), answers[0]?.body).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(N - 1);
      conflicts += N - 1;
    });

    it(`${String(N)} simultaneous creations of one username: one 201, the rest 409`, async () => {
      const answers = await spread((app) => app.inject({ method: 'POST', url: '/api/admin/users', headers: admin.headers(), payload: { username: 'samtidig', displayName: 'Samtidig', roles: [] } }));
      const statuses = answers.map((a) => a.statusCode);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(N - 1);
      const rows = await getDb().kysely.selectFrom('users').select('id').where('username', '=', 'samtidig').execute();
      expect(rows).toHaveLength(1);
      conflicts += N - 1;
    });

    // The economy's kinds (Klynge Syd 2022, the year the seeds give funds): the funds guard, one
    // approval, one settlement, one year end, one ceiling commitment, one set of minutes.
    const CLUSTER = 'hovedstaden-syd';
    const KR = 100;
    const EACH = 400_000 * KR;
    let running: { id: string; version: number } | null = null;
    const economy = async (app: App = appA) => json<{ funds: { cluster: { available: number; committed: number } }; stateVersion: number | null; state: { status: string } }>(await app.inject({ url: `/api/clusters/${CLUSTER}/economy/2022`, headers: secretariat.headers() }));
    const propose = async (title: string): Promise<{ id: string; version: number }> => {
      const res = await appA.inject({
        method: 'POST',
        url: `/api/clusters/${CLUSTER}/initiatives`,
        headers: secretariat.headers(),
        payload: { title, description: '', targetGroup: 'acute', startPeriod: '2022-01', endPeriod: '2022-12', executingParties: ['101'], lines: [{ kind: 'other', id: 'l1', year: 2022, description: 'Afprøvning', category: 'trial', funding: 'common', party: '101', amountOre: EACH }] },
      });
      expect(res.statusCode, res.body).toBe(201);
      return json<{ id: string; version: number }>(res);
    };
    const decision = { date: '2022-02-01', level: 'political', meetingReference: 'Samtidighed' };

    it(`${String(N)} simultaneous approvals competing for the same funds: exactly as many as fit, the approved sum never exceeds the funds, the rest 400`, async () => {
      const proposed: { id: string; version: number }[] = [];
      for (let i = 0; i < N; i++) proposed.push(await propose(`Samtidig ${String(i + 1)}`));
      const before = await economy();
      expect(before.funds.cluster.committed).toBe(0);
      const available = before.funds.cluster.available;
      // Together they ask for more than there is, so the guard has to refuse some.
      expect(N * EACH).toBeGreaterThan(available);
      const answers = await spread((app, i) => {
        const p = proposed[i] as { id: string; version: number };
        return app.inject({ method: 'POST', url: `/api/initiatives/${p.id}/approve`, headers: secretariat.headers(), payload: { version: p.version, ...decision } });
      });
      const winners = answers.filter((a) => a.statusCode === 200).length;
      const refused = answers.filter((a) => a.statusCode === 400 && json<{ code: string }>(a).code === 'economy.insufficient-funds').length;
      expect(winners + refused, answers.find((a) => a.statusCode !== 200 && a.statusCode !== 400)?.body).toBe(N);
      // As if one after the other: floor(available / each) fit, whichever instance answered.
      expect(winners).toBe(Math.floor(available / EACH));
      const after = await economy(appB);
      expect(after.funds.cluster.committed).toBe(winners * EACH);
      expect(after.funds.cluster.committed).toBeLessThanOrEqual(available);
      const approvedRows = await getDb().kysely.selectFrom('initiatives').select('id').where('cluster_id', '=', CLUSTER).where('status', '=', 'approved').execute();
      expect(approvedRows).toHaveLength(winners);
    });

    it(`${String(N)} simultaneous approvals of one initiative: one 200, the rest 409, approved once`, async () => {
      // Room for one more: reject a winner of the funds test first, so the approval is not refused for funds.
      const approved = await getDb().kysely.selectFrom('initiatives').select(['id', 'version']).where('cluster_id', '=', CLUSTER).where('status', '=', 'approved').orderBy('id').execute();
      const [keep, free] = approved;
      if (!keep || !free) throw new Error('the funds test approved fewer than two initiatives');
      expect((await appA.inject({ method: 'POST', url: `/api/initiatives/${free.id}/status`, headers: secretariat.headers(), payload: { version: free.version, status: 'stopped' } })).statusCode).toBe(200);
      const one = await propose('Én godkendelse');
      const answers = await spread((app) => app.inject({ method: 'POST', url: `/api/initiatives/${one.id}/approve`, headers: secretariat.headers(), payload: { version: one.version, ...decision } }));
      const statuses = answers.map((a) => a.statusCode);
      expect(statuses.filter((s) => s === 200), answers.find((a) => a.statusCode !== 200)?.body).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(N - 1);
      const approvals = await getDb().kysely.selectFrom('audit_log').select('id').where('action', '=', 'initiative.approve').where('entity_id', '=', one.id).execute();
      expect(approvals).toHaveLength(1);
      conflicts += N - 1;
      running = { id: keep.id, version: keep.version };
    });

    it(`${String(N)} simultaneous ceiling commitments of one party: each replaces the one before it, old → new in the trail, none lost`, async () => {
      const answers = await spread((app, i) => app.inject({ method: 'POST', url: `/api/clusters/${CLUSTER}/economy/2022/commitments`, headers: secretariat.headers(), payload: { party: '167', amountOre: (i + 1) * 1000 * KR } }));
      expect(answers.map((a) => a.statusCode).filter((s) => s !== 201), answers.find((a) => a.statusCode !== 201)?.body).toEqual([]);
      const rows = await getDb().kysely.selectFrom('ceiling_commitments').select('amount_ore').where('cluster_id', '=', CLUSTER).where('year', '=', 2022).where('party', '=', '167').execute();
      expect(rows).toHaveLength(1);
      // In commit order every record's old value is the value the one before it wrote.
      const trail = await getDb().kysely.selectFrom('audit_log').select(['before', 'after']).where('action', '=', 'economy.commitment').where('entity_id', '=', `${CLUSTER}/2022/167`).orderBy('id').execute();
      expect(trail).toHaveLength(N);
      const amount = (v: unknown): number | null => (v === null ? null : Number((v as { amountOre: number | string }).amountOre));
      expect(amount(trail[0]?.before)).toBeNull();
      for (let k = 1; k < trail.length; k++) expect(amount(trail[k]?.before)).toBe(amount(trail[k - 1]?.after));
      expect(Number(rows[0]?.amount_ore)).toBe(amount(trail.at(-1)?.after));
    });

    it(`${String(N)} simultaneous settlements of one period: one run (one 201, the rest 200 with the same run)`, async () => {
      if (!running) throw new Error('no approved initiative');
      const status = await appA.inject({ method: 'POST', url: `/api/initiatives/${running.id}/status`, headers: secretariat.headers(), payload: { version: running.version, status: 'running' } });
      expect(status.statusCode, status.body).toBe(200);
      const actual = await appA.inject({ method: 'POST', url: `/api/clusters/${CLUSTER}/actuals`, headers: secretariat.headers(), payload: { lines: [{ initiativeId: running.id, party: '101', period: '2022-03', amountOre: 90_000 * KR, category: 'Afprøvning', funding: 'Fælles midler', text: '' }] } });
      expect(actual.statusCode, actual.body).toBe(201);
      const answers = await spread((app) => app.inject({ method: 'POST', url: `/api/clusters/${CLUSTER}/settlements`, headers: secretariat.headers(), payload: { from: '2022-01', to: '2022-06' } }));
      const statuses = answers.map((a) => a.statusCode);
      expect(statuses.filter((s) => s === 201), answers.find((a) => a.statusCode !== 201 && a.statusCode !== 200)?.body).toHaveLength(1);
      expect(statuses.filter((s) => s === 200)).toHaveLength(N - 1);
      expect(new Set(answers.map((a) => json<{ id: string }>(a).id)).size).toBe(1);
      const runs = await getDb().kysely.selectFrom('settlement_runs').select('id').where('cluster_id', '=', CLUSTER).where('year', '=', 2022).execute();
      expect(runs).toHaveLength(1);
    });

    it(`${String(N)} simultaneous year ends of one cluster-year: one 200, the rest 409, closed once`, async () => {
      const version = (await economy()).stateVersion;
      expect(version).not.toBeNull();
      const answers = await spread((app) => app.inject({ method: 'POST', url: `/api/clusters/${CLUSTER}/economy/2022/close`, headers: secretariat.headers(), payload: { version } }));
      const statuses = answers.map((a) => a.statusCode);
      expect(statuses.filter((s) => s === 200), answers.find((a) => a.statusCode !== 200)?.body).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(N - 1);
      expect((await economy(appB)).state.status).toBe('closed');
      const closes = await getDb().kysely.selectFrom('audit_log').select('id').where('action', '=', 'economy.close-year').where('entity_id', '=', `${CLUSTER}/2022`).execute();
      expect(closes).toHaveLength(1);
      conflicts += N - 1;
    });

    it(`${String(N)} simultaneous approvals of one set of minutes: one 200, the rest 409, approved once`, async () => {
      const meetings = `/api/clusters/${CLUSTER}/meetings`;
      const created = await appA.inject({ method: 'POST', url: meetings, headers: secretariat.headers(), payload: { level: 'political', date: '2023-09-20', title: 'Samtidigt møde' } });
      expect(created.statusCode, created.body).toBe(201);
      const meeting = json<{ id: string; version: number }>(created);
      const written = await appB.inject({ method: 'PUT', url: `${meetings}/${meeting.id}/minutes`, headers: secretariat.headers(), payload: { version: meeting.version, text: 'Referat.', decisions: [] } });
      expect(written.statusCode, written.body).toBe(200);
      const version = json<{ version: number }>(written).version;
      const answers = await spread((app) => app.inject({ method: 'POST', url: `${meetings}/${meeting.id}/minutes/approve`, headers: secretariat.headers(), payload: { version } }));
      const statuses = answers.map((a) => a.statusCode);
      expect(statuses.filter((s) => s === 200), answers.find((a) => a.statusCode !== 200)?.body).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(N - 1);
      const approvals = await getDb().kysely.selectFrom('audit_log').select('id').where('action', '=', 'meeting.minutes-approve').where('entity_id', '=', meeting.id).execute();
      expect(approvals).toHaveLength(1);
      conflicts += N - 1;
    });

    it(`${String(N)} simultaneous changes of one evaluation: one 200, the rest 409, recorded once`, async () => {
      const initiative = await testInitiative(getDb().kysely, CLUSTER, '167', 'Samtidig evaluering');
      const opened = await appA.inject({ method: 'POST', url: `/api/clusters/${CLUSTER}/evaluations`, headers: secretariat.headers(), payload: { initiativeId: initiative.id } });
      expect(opened.statusCode, opened.body).toBe(201);
      const evaluation = json<{ evaluation: { id: string }; version: number }>(opened);
      const answers = await spread((app, i) =>
        app.inject({ method: 'POST', url: `/api/clusters/${CLUSTER}/evaluations/${evaluation.evaluation.id}/commands`, headers: secretariat.headers(), payload: { version: evaluation.version, command: { type: 'set-conclusion', conclusion: `Konklusion ${String(i)}` } } }),
      );
      const statuses = answers.map((a) => a.statusCode);
      expect(statuses.filter((s) => s === 200), answers.find((a) => a.statusCode !== 200)?.body).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(N - 1);
      const changes = await getDb().kysely.selectFrom('audit_log').select('action').where('entity', '=', 'evaluation').where('entity_id', '=', evaluation.evaluation.id).where('action', '!=', 'evaluation.open').execute();
      expect(changes).toHaveLength(1);
      conflicts += N - 1;
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
      const recorded = await getDb().kysely.selectFrom('audit_log').select('id').where('action', '=', 'request.conflict').execute();
      expect(recorded.length).toBe(conflicts);
    });
  });
}
