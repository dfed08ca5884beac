import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RoleAssignment } from '../infra/auth/policy.ts';
import { describeEachDatabase } from '../infra/db/testing.ts';
import { seedDatabase } from '../app/seed.ts';
import { SYSTEM_ACTOR } from '../infra/audit/audit.ts';
import type { Database } from '../infra/db/database.ts';
import { ore } from '../core/money.ts';
import { approve, changeInitiativeStatus, createSettlement, proposeInitiative, recordActuals } from '../app/economy/index.ts';
import { registeredRoutes, type App, type RegisteredRoute } from './app.ts';
import { clientWithRoles, testApp } from './testing.ts';
import { FOLLOW_UP_SCOPED_CASES, prepareFollowUpCases } from './routes/follow-up-role-cases.ts';
import { KEY_FIGURE_SCOPED_CASES } from './routes/key-figures-role-cases.ts';

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
  // Key figures of all clusters side by side (issue 14); a cluster sees its own through its scoped route.
  'keyfigures:national': ['system-admin', 'national-reader'],
  // The national overview comparing every cluster (issue 12); a region's and a cluster's are scoped.
  'overview:national': ['system-admin', 'national-reader'],
  // What-if scenarios: the secretariats and finance officers ask them; promoting one is allocation:compute.
  'scenario:edit': ['system-admin', 'cluster-secretariat', 'finance-officer (kommune)', 'finance-officer (region)'],
  'allocation:compute': ['system-admin'],
  'year:reopen': ['system-admin'],
  // The charts of accounts behind every posting file: read by all, changed by an administrator.
  'chart:edit': ['system-admin'],
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
/** Records the scoped cases point at, made in beforeAll. */
interface Ids {
  syd101: string;
  nord: string;
  /** An approved, running initiative of Klynge Syd with one settlement. */
  initiative: string;
  settlement: string;
  /** København's actual line on it. */
  actualLine: string;
}
const SYD_EDITORS: Persona[] = ['system-admin', 'cluster-secretariat'];
interface ScopedCase {
  route: string;
  title: string;
  request: (ids: Ids) => { method: 'GET' | 'PATCH' | 'POST' | 'PUT'; url: string; payload?: Record<string, unknown> | string; contentType?: string };
  allowed: Persona[];
}
const SYD = '/api/clusters/hovedstaden-syd';
const SCOPED_CASES: ScopedCase[] = [
  { route: 'GET /api/clusters/:clusterId/economy/:year', title: 'Klynge Syd’s economy', request: () => ({ method: 'GET', url: `${SYD}/economy/2022` }), allowed: OWN_CLUSTER_READERS },
  { route: 'GET /api/clusters/:clusterId/economy/:year', title: 'Klynge Nord’s economy', request: () => ({ method: 'GET', url: '/api/clusters/nordjylland-vest/economy/2022' }), allowed: ['system-admin', 'national-reader'] },
  { route: 'POST /api/clusters/:clusterId/economy/:year/extra-funds', title: 'extra local funds in Klynge Syd', request: () => ({ method: 'POST', url: `${SYD}/economy/2022/extra-funds`, payload: { party: '167', amountOre: 100, decisionReference: 'matrix' } }), allowed: SYD_EDITORS },
  { route: 'POST /api/clusters/:clusterId/initiatives', title: 'a new initiative in Klynge Syd', request: () => ({ method: 'POST', url: `${SYD}/initiatives`, payload: { title: 'Matrix', targetGroup: 'acute', startPeriod: '2022-01', endPeriod: '2022-12', executingParties: ['101'] } }), allowed: SYD_EDITORS },
  { route: 'GET /api/initiatives/:id', title: 'an initiative of Klynge Syd', request: (ids) => ({ method: 'GET', url: `/api/initiatives/${ids.initiative}` }), allowed: OWN_CLUSTER_READERS },
  { route: 'PUT /api/initiatives/:id/forecast', title: 'the forecast of a Syd initiative', request: (ids) => ({ method: 'PUT', url: `/api/initiatives/${ids.initiative}/forecast`, payload: { version: 999, lines: [] } }), allowed: SYD_EDITORS },
  { route: 'POST /api/initiatives/:id/approve', title: 'approving a Syd initiative', request: (ids) => ({ method: 'POST', url: `/api/initiatives/${ids.initiative}/approve`, payload: { version: 999, date: '2022-02-01', level: 'political', meetingReference: 'x' } }), allowed: SYD_EDITORS },
  { route: 'POST /api/initiatives/:id/status', title: 'the status of a Syd initiative', request: (ids) => ({ method: 'POST', url: `/api/initiatives/${ids.initiative}/status`, payload: { version: 999, status: 'ended' } }), allowed: SYD_EDITORS },
  // København's own figures: its finance officer may record them, the region's may not.
  { route: 'POST /api/clusters/:clusterId/actuals', title: 'København’s actuals in Klynge Syd', request: (ids) => ({ method: 'POST', url: `${SYD}/actuals`, payload: { lines: [{ initiativeId: ids.initiative, party: '101', period: '2022-03', amountOre: 1, category: 'Udvikling', funding: 'Fælles midler' }] } }), allowed: ['system-admin', 'cluster-secretariat', 'finance-officer (kommune)'] },
  { route: 'POST /api/clusters/:clusterId/actuals/import', title: 'a ledger extract with København’s lines', request: (ids) => ({ method: 'POST', url: `${SYD}/actuals/import`, contentType: 'text/csv', payload: `Indsats;Part;Periode;Beløb;Kategori;Finansiering\n${ids.initiative};101;2022-03;1;Udvikling;Fælles midler\n` }), allowed: ['system-admin', 'cluster-secretariat', 'finance-officer (kommune)'] },
  { route: 'POST /api/clusters/:clusterId/economy/:year/workbook-actuals', title: 'the workbook’s actuals for Klynge Syd', request: () => ({ method: 'POST', url: `${SYD}/economy/2022/workbook-actuals`, contentType: 'application/octet-stream', payload: 'ikke et regneark' }), allowed: SYD_EDITORS },
  { route: 'GET /api/clusters/:clusterId/economy/:year/workbook', title: 'Klynge Syd’s workbook', request: () => ({ method: 'GET', url: `${SYD}/economy/2022/workbook` }), allowed: OWN_CLUSTER_READERS },
  { route: 'POST /api/clusters/:clusterId/settlements', title: 'settling Klynge Syd', request: () => ({ method: 'POST', url: `${SYD}/settlements`, payload: { from: '2022-12', to: '2022-01' } }), allowed: SYD_EDITORS },
  { route: 'GET /api/settlements/:id', title: 'a settlement of Klynge Syd', request: (ids) => ({ method: 'GET', url: `/api/settlements/${ids.settlement}` }), allowed: OWN_CLUSTER_READERS },
  { route: 'GET /api/settlements/:id/postings/:party', title: 'a posting file of Klynge Syd', request: (ids) => ({ method: 'GET', url: `/api/settlements/${ids.settlement}/postings/101?format=csv` }), allowed: OWN_CLUSTER_READERS },
  // Reversing takes back what every party was charged: the cluster's secretariat decides (the first allowed call reverses it, the next answer 409).
  { route: 'POST /api/settlements/:id/reverse', title: 'reversing a settlement of Klynge Syd', request: (ids) => ({ method: 'POST', url: `/api/settlements/${ids.settlement}/reverse`, payload: { reason: 'matrix' } }), allowed: SYD_EDITORS },
  // Correcting København's line: its own finance officer may, the region's may not.
  { route: 'POST /api/clusters/:clusterId/actuals/:lineId/correct', title: 'correcting København’s actual line in Klynge Syd', request: (ids) => ({ method: 'POST', url: `${SYD}/actuals/${ids.actualLine}/correct`, payload: { amountOre: 1, text: 'matrix' } }), allowed: ['system-admin', 'cluster-secretariat', 'finance-officer (kommune)'] },
  { route: 'POST /api/clusters/:clusterId/economy/:year/commitments', title: 'the region’s ceiling commitment in Klynge Syd', request: () => ({ method: 'POST', url: `${SYD}/economy/2022/commitments`, payload: { party: '1084', amountOre: 0 } }), allowed: ['system-admin', 'cluster-secretariat', 'finance-officer (region)'] },
  { route: 'POST /api/clusters/:clusterId/economy/:year/close', title: 'closing Klynge Syd’s 2023', request: () => ({ method: 'POST', url: `${SYD}/economy/2099/close`, payload: {} }), allowed: SYD_EDITORS },
  // The funds basis (issue 9): read by the cluster's readers, decided by its secretariat.
  { route: 'GET /api/clusters/:clusterId/economy/:year/funds-basis', title: 'the basis of Klynge Syd’s funds', request: () => ({ method: 'GET', url: `${SYD}/economy/2022/funds-basis` }), allowed: OWN_CLUSTER_READERS },
  { route: 'GET /api/clusters/:clusterId/economy/:year/funds-basis', title: 'the basis of Klynge Nord’s funds', request: () => ({ method: 'GET', url: '/api/clusters/nordjylland-vest/economy/2022/funds-basis' }), allowed: ['system-admin', 'national-reader'] },
  { route: 'PUT /api/clusters/:clusterId/economy/:year/funds-basis', title: 'agreed shares in Klynge Syd', request: () => ({ method: 'PUT', url: `${SYD}/economy/2022/funds-basis`, payload: { kind: 'default', version: 999, decisionReference: 'matrix' } }), allowed: SYD_EDITORS },
  { route: 'PUT /api/clusters/:clusterId/economy/:year/funds-basis', title: 'agreed shares in Klynge Nord', request: () => ({ method: 'PUT', url: '/api/clusters/nordjylland-vest/economy/2022/funds-basis', payload: { kind: 'default', version: 999, decisionReference: 'matrix' } }), allowed: ['system-admin'] },
  { route: 'PUT /api/clusters/:clusterId/economy/:year/memberships/:municipalityCode/validity', title: 'København’s months in Klynge Syd', request: () => ({ method: 'PUT', url: `${SYD}/economy/2022/memberships/101/validity`, payload: { version: 999, fromMonth: 1, toMonth: 12, decisionReference: 'matrix' } }), allowed: SYD_EDITORS },
  { route: 'PUT /api/clusters/:clusterId/economy/:year/memberships/:municipalityCode/validity', title: 'a member’s months in Klynge Nord', request: () => ({ method: 'PUT', url: '/api/clusters/nordjylland-vest/economy/2022/memberships/787/validity', payload: { version: 999, fromMonth: 1, toMonth: 12, decisionReference: 'matrix' } }), allowed: ['system-admin'] },
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
  // Overviews (issue 12): a cluster-year by its readers, a region by the region's readers.
  { route: 'GET /api/clusters/:clusterId/overview/:year', title: 'Klynge Syd’s overview', request: () => ({ method: 'GET', url: `${SYD}/overview/2022` }), allowed: OWN_CLUSTER_READERS },
  { route: 'GET /api/clusters/:clusterId/overview/:year', title: 'Klynge Nord’s overview', request: () => ({ method: 'GET', url: '/api/clusters/nordjylland-vest/overview/2022' }), allowed: ['system-admin', 'national-reader'] },
  { route: 'GET /api/regions/:regionCode/overview', title: 'Region Hovedstaden’s overview', request: () => ({ method: 'GET', url: '/api/regions/1084/overview?year=2022' }), allowed: ['system-admin', 'national-reader', 'ssu-member', 'finance-officer (region)'] },
  { route: 'GET /api/regions/:regionCode/overview', title: 'Region Nordjylland’s overview', request: () => ({ method: 'GET', url: '/api/regions/1081/overview?year=2022' }), allowed: ['system-admin', 'national-reader'] },
  // Governance and follow-up (issue 5): Syd/Hovedstaden and Nord/Nordjylland for every route.
  ...FOLLOW_UP_SCOPED_CASES,
  // Key figures (issue 14): a cluster's series and its target.
  ...KEY_FIGURE_SCOPED_CASES,
];

/** An approved, running Syd initiative with spending and one settlement, for the scoped cases. */
async function economyRecords(db: Database): Promise<{ initiative: string; settlement: string; actualLine: string }> {
  const k = db.kysely;
  const i = await proposeInitiative(k, SYSTEM_ACTOR, 'hovedstaden-syd', {
    title: 'Rollematrix',
    description: '',
    targetGroup: 'acute',
    startPeriod: '2022-01',
    endPeriod: '2022-12',
    executingParties: ['101'],
    forecast: { lines: [{ kind: 'other', id: 'l1', year: 2022, description: 'Afprøvning', category: 'trial', funding: 'common', party: '101', amount: ore(10_000_00) }] },
  });
  const a = await approve(k, SYSTEM_ACTOR, i.id, i.version, { date: '2022-02-01', level: 'political', meetingReference: 'Matrix' });
  await changeInitiativeStatus(k, SYSTEM_ACTOR, i.id, a.version, 'running');
  await recordActuals(k, SYSTEM_ACTOR, 'hovedstaden-syd', [{ initiativeId: i.id, party: '101', period: '2022-03', amountOre: 10_000_00, category: 'Afprøvning', funding: 'Fælles midler', text: '' }]);
  const s = await createSettlement(k, SYSTEM_ACTOR, 'hovedstaden-syd', { from: '2022-01', to: '2022-12' });
  const line = await k.selectFrom('actuals').select('id').where('initiative_id', '=', i.id).executeTakeFirstOrThrow();
  return { initiative: i.id, settlement: s.id, actualLine: String(line.id) };
}

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
    const ids: Ids = { syd101: String(syd101.id), nord: String(nord.id), ...(await economyRecords(getDb())) };
    await prepareFollowUpCases(getDb());
    const failures: string[] = [];
    for (const c of SCOPED_CASES) {
      for (const persona of EVERYONE) {
        const client = await clientWithRoles(getDb(), PERSONAS[persona], persona.replace(/\W+/g, '-'));
        const req = c.request(ids);
        // The version never matches after the first allowed PATCH: 409 still means "let through".
        const headers = client.headers(req.contentType ? { 'content-type': req.contentType } : {});
        const res = await app.inject({ method: req.method, url: req.url, headers, ...(req.payload !== undefined ? { payload: req.payload } : {}) });
        const denied = res.statusCode === 403;
        if (c.allowed.includes(persona) === denied) failures.push(`${persona}: ${c.title} gave ${res.statusCode}, expected ${denied ? 'access' : '403'}`);
        if (res.statusCode >= 500 || res.statusCode === 401) failures.push(`${persona}: ${c.title} gave ${res.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });
  it('GET /api/me/scope offers each role exactly the clusters it reads and the parties it acts for, named with region and organisation', async () => {
    interface Scope {
      roles: { role: string; scopeName: string | null }[];
      clusters: { id: string; label: string; regionCode: string; canEdit: boolean; parties: { id: string; canAct: boolean }[] }[];
    }
    const scopeOf = async (persona: Persona): Promise<Scope> => {
      const c = await clientWithRoles(getDb(), PERSONAS[persona], `scope-${persona.replace(/\W+/g, '-')}`);
      const res = await app.inject({ method: 'GET', url: '/api/me/scope', headers: c.headers() });
      expect(res.statusCode, persona).toBe(200);
      return res.json<Scope>();
    };
    const acting = (s: Scope) => s.clusters.flatMap((c) => c.parties.filter((p) => p.canAct).map((p) => `${c.id}:${p.id}`));

    const secretariat = await scopeOf('cluster-secretariat');
    expect(secretariat.clusters.map((c) => [c.id, c.label, c.canEdit])).toEqual([['hovedstaden-syd', 'Klynge Syd (Hovedstaden)', true]]);
    expect(secretariat.clusters[0]?.parties.every((p) => p.canAct)).toBe(true);
    expect(secretariat.roles).toEqual([{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: 'hovedstaden-syd' }, scopeName: 'Klynge Syd (Hovedstaden)' }]);

    // København's finance officer: the clusters København is a member of, acting only for København.
    const kbh = await scopeOf('finance-officer (kommune)');
    expect(kbh.clusters.map((c) => c.id)).toContain('hovedstaden-syd');
    expect(kbh.clusters.every((c) => c.parties.some((p) => p.id === '101') && !c.canEdit)).toBe(true);
    expect(acting(kbh)).toEqual(kbh.clusters.map((c) => `${c.id}:101`));
    expect(kbh.roles[0]?.scopeName).toBe('København');

    // Region Hovedstaden's officer and SSU member: the region's five clusters; only the officer acts (for the region).
    const region = await scopeOf('finance-officer (region)');
    expect(region.clusters).toHaveLength(5);
    expect(region.clusters.every((c) => c.regionCode === '1084')).toBe(true);
    expect(acting(region)).toEqual(region.clusters.map((c) => `${c.id}:1084`));
    expect(region.roles[0]?.scopeName).toBe('Region Hovedstaden');
    const ssu = await scopeOf('ssu-member');
    expect(ssu.clusters.map((c) => c.id)).toEqual(region.clusters.map((c) => c.id));
    expect(acting(ssu)).toEqual([]);

    // Readers of the whole country see all 22 clusters, three of them named Klynge Syd/Nord/Midt with different regions.
    const national = await scopeOf('national-reader');
    expect(national.clusters).toHaveLength(22);
    expect(new Set(national.clusters.map((c) => c.label)).size).toBe(22);
    expect(acting(national)).toEqual([]);
    const admin = await scopeOf('system-admin');
    expect(admin.clusters.every((c) => c.canEdit && c.parties.every((p) => p.canAct))).toBe(true);
    expect(admin.roles[0]?.scopeName).toBeNull();
    expect((await scopeOf('no role')).clusters).toEqual([]);
  });
});
