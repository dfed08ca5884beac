import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RoleAssignment } from '../auth/policy.ts';
import { describeEachDatabase } from '../db/testing.ts';
import { seedDatabase } from '../seed.ts';
import { registeredRoutes, type App, type RegisteredRoute } from './app.ts';
import { clientWithRoles, testApp } from './testing.ts';

/**
 * The role matrix (issue 3): every registered route, every role, expected allow/deny written
 * out here from the role descriptions — NOT derived from policy.ts. A new route whose
 * action is missing from this table fails the test, so no route ships without a decision.
 */
const PERSONAS = {
  'system-admin': [{ role: 'system-admin', scope: { kind: 'all', id: null } }],
  'national-reader': [{ role: 'national-reader', scope: { kind: 'all', id: null } }],
  'cluster-secretariat': [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: 'hovedstaden-syd' } }],
  'finance-officer (kommune)': [{ role: 'finance-officer', scope: { kind: 'municipality', id: '101' } }],
  'finance-officer (region)': [{ role: 'finance-officer', scope: { kind: 'region', id: '1084' } }],
  'ssu-member': [{ role: 'ssu-member', scope: { kind: 'region', id: '1084' } }],
  'no role': [],
} satisfies Record<string, RoleAssignment[]>;
type Persona = keyof typeof PERSONAS;
const EVERYONE = Object.keys(PERSONAS) as Persona[];
const ANY_ROLE = EVERYONE.filter((p) => p !== 'no role');

/** Who may call routes of each action on an unscoped resource. */
const EXPECTED: Record<string, Persona[] | 'public'> = {
  public: 'public',
  self: EVERYONE,
  'reference:read': ANY_ROLE,
  'export:download': ANY_ROLE,
  'population:import': ['system-admin'],
  'allocation:compute': ['system-admin'],
  'year:reopen': ['system-admin'],
  'audit:read': ['system-admin'],
  'admin:users': ['system-admin'],
  'admin:sessions': ['system-admin'],
};

/**
 * Routes scoped to a cluster or a membership: written out per case. Hovedstaden Syd has
 * København (101) as a member and lies in Region Hovedstaden (1084); Klynge Nord (Nordjylland)
 * has neither.
 */
const OWN_CLUSTER_READERS: Persona[] = ['system-admin', 'national-reader', 'cluster-secretariat', 'finance-officer (kommune)', 'finance-officer (region)', 'ssu-member'];
interface ScopedCase {
  route: string;
  title: string;
  request: (ids: { syd101: string; nord: string }) => { method: 'GET' | 'PATCH'; url: string; payload?: Record<string, unknown> };
  allowed: Persona[];
}
const SCOPED_CASES: ScopedCase[] = [
  {
    route: 'GET /api/memberships/:id/history',
    title: 'history of København’s membership of Klynge Syd',
    request: (ids) => ({ method: 'GET', url: `/api/memberships/${ids.syd101}/history` }),
    allowed: OWN_CLUSTER_READERS,
  },
  {
    route: 'GET /api/memberships/:id/history',
    title: 'history of a membership of Klynge Nord',
    request: (ids) => ({ method: 'GET', url: `/api/memberships/${ids.nord}/history` }),
    allowed: ['system-admin', 'national-reader'],
  },
  {
    route: 'GET /api/clusters/:clusterId/years/:year/secretariat-cofinancing',
    title: 'co-financing of Klynge Syd (Hovedstaden)',
    request: () => ({ method: 'GET', url: '/api/clusters/hovedstaden-syd/years/2022/secretariat-cofinancing?costOre=100' }),
    allowed: OWN_CLUSTER_READERS,
  },
  {
    route: 'GET /api/clusters/:clusterId/years/:year/secretariat-cofinancing',
    title: 'co-financing of Klynge Nord (Nordjylland)',
    request: () => ({ method: 'GET', url: '/api/clusters/nordjylland-nord/years/2022/secretariat-cofinancing?costOre=100' }),
    allowed: ['system-admin', 'national-reader'],
  },
  {
    route: 'PATCH /api/memberships/:id',
    title: 'København’s membership of Klynge Syd',
    request: (ids) => ({ method: 'PATCH', url: `/api/memberships/${ids.syd101}`, payload: { version: 1 } }),
    // A regional finance officer reads the cluster but has no municipal figures to edit.
    allowed: ['system-admin', 'cluster-secretariat', 'finance-officer (kommune)'],
  },
  {
    route: 'PATCH /api/memberships/:id',
    title: 'a membership of Klynge Nord',
    request: (ids) => ({ method: 'PATCH', url: `/api/memberships/${ids.nord}`, payload: { version: 1 } }),
    allowed: ['system-admin'],
  },
];

function concreteUrl(url: string): string {
  return url.replace(':year', '2022').replace(/:[A-Za-z]+/g, 'x-findes-ikke');
}

describeEachDatabase('HTTP role matrix', (getDb) => {
  let app: App;
  let routes: RegisteredRoute[];
  beforeAll(async () => {
    await seedDatabase(getDb().kysely);
    app = await testApp(getDb(), { loginRateLimit: { max: 100_000, timeWindowMs: 60_000 } });
    routes = registeredRoutes(app).filter((r) => r.method !== 'HEAD');
  });
  afterAll(async () => {
    // beforeAll may have timed out opening the database on a busy machine.
    if ((app as App | undefined) !== undefined) await app.close();
  });

  it('has an expectation for every registered route’s action', () => {
    expect(routes.length).toBeGreaterThan(10);
    const unknown = routes.filter((r) => (r.scoped ? !SCOPED_CASES.some((c) => c.route === `${r.method} ${r.url}`) : !(r.action in EXPECTED))).map((r) => `${r.method} ${r.url} (${r.action})`);
    expect(unknown).toEqual([]);
  });

  it('without a session: public routes answer, every other route answers 401', async () => {
    for (const r of routes) {
      const res = await app.inject(r.method === 'GET' || r.method === 'DELETE' ? { method: r.method as 'GET', url: concreteUrl(r.url) } : { method: r.method as 'POST', url: concreteUrl(r.url), payload: {} });
      if (EXPECTED[r.action] === 'public') expect([401, 403], `${r.method} ${r.url}`).not.toContain(res.statusCode);
      else expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
    }
  });

  it('each role gets through exactly where it should and 403 elsewhere', async () => {
    const failures: string[] = [];
    for (const r of routes.filter((x) => !x.scoped && EXPECTED[x.action] !== 'public')) {
      const allowed = EXPECTED[r.action] as Persona[];
      for (const persona of EVERYONE) {
        // A fresh session per request: some allowed calls (logout) end the session.
        const c = await clientWithRoles(getDb(), PERSONAS[persona], persona.replace(/\W+/g, '-'));
        const res = await app.inject(r.method === 'GET' || r.method === 'DELETE' ? { method: r.method as 'GET', url: concreteUrl(r.url), headers: c.headers() } : { method: r.method as 'POST', url: concreteUrl(r.url), headers: c.headers(), payload: {} });
        const denied = res.statusCode === 403;
        if (res.statusCode === 401) failures.push(`${persona}: ${r.method} ${r.url} gave 401 with a valid session`);
        else if (allowed.includes(persona) === denied) failures.push(`${persona}: ${r.method} ${r.url} gave ${res.statusCode}, expected ${denied ? 'access' : '403'}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('scoped routes: each role reaches its own clusters and memberships and gets 403 on others', async () => {
    const rows = await getDb().kysely.selectFrom('memberships').select(['id', 'cluster_id', 'municipality_code']).where('year', '=', 2022).execute();
    const syd101 = rows.find((r) => r.cluster_id === 'hovedstaden-syd' && r.municipality_code === '101');
    const nord = rows.find((r) => r.cluster_id === 'nordjylland-nord');
    if (!syd101 || !nord) throw new Error('seed mangler');
    const ids = { syd101: String(syd101.id), nord: String(nord.id) };
    const failures: string[] = [];
    for (const c of SCOPED_CASES) {
      for (const persona of EVERYONE) {
        const client = await clientWithRoles(getDb(), PERSONAS[persona], persona.replace(/\W+/g, '-'));
        const req = c.request(ids);
        // The version never matches after the first allowed PATCH: 409 still means "let through".
        const res = await app.inject({ method: req.method, url: req.url, headers: client.headers(), ...(req.payload ? { payload: req.payload } : {}) });
        const denied = res.statusCode === 403;
        if (c.allowed.includes(persona) === denied) failures.push(`${persona}: ${c.title} gave ${res.statusCode}, expected ${denied ? 'access' : '403'}`);
        if (res.statusCode >= 500 || res.statusCode === 401) failures.push(`${persona}: ${c.title} gave ${res.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
