import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDatabase } from '../app/seed.ts';
import { SYSTEM_ACTOR } from '../infra/audit/audit.ts';
import { describeEachDatabase } from '../infra/db/testing.ts';
import { ore } from '../core/money.ts';
import { approve, changeInitiativeStatus, createSettlement, proposeInitiative, recordActuals } from '../app/economy/index.ts';
import { registeredRoutes, type App, type RegisteredRoute } from './app.ts';
import { clientWithRoles, testApp, type TestClient } from './testing.ts';

/**
 * Issue 10: every route that looks something up answers 404 when it does not exist — derived from
 * the registered routes, so a new lookup route is covered without a new line here. Each GET/DELETE
 * route is called by an administrator (so the policy lets it through) with one named thing
 * replaced by one that does not exist (and everything after it in the path too); the earlier
 * parts are real records.
 */

/** Values of the path parameters that exist in the seeded database (ids made in beforeAll). */
type Real = Record<string, string>;
/** Parameters whose value is free text of a fixed form: tried as a thing that does not exist. */
const MISSING_CANDIDATES: Record<string, string[]> = {
  clusterId: ['findes-ikke'],
  regionCode: ['1099'],
  municipalityCode: ['999'],
  party: ['999'],
  system: ['findes-ikke'],
};
/** An id that does not exist, in the forms the routes' schemas accept (uuid, integer, slug). */
const MISSING_ID = ['00000000-0000-4000-8000-000000000000', '999999999', 'findes-ikke'];
/** Required query strings of some lookups (a cost to split, the indicator to show). */
const QUERY: Record<string, string> = {
  '/api/clusters/:clusterId/key-figures': '?indicator=findes-ikke',
  '/api/clusters/:clusterId/years/:year/secretariat-cofinancing': '?costOre=100000',
  '/api/scenarios/:id/clusters/:clusterId/cofinancing': '?costOre=100000',
};
/** Parameters that are not lookups of a record (a year is a period, not a thing). */
const NOT_LOOKUPS = new Set(['year']);

function paramsOf(url: string): string[] {
  return [...url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1] ?? '');
}

function fill(url: string, values: Record<string, string>): string {
  return url.replace(/:([A-Za-z]+)/g, (_, name: string) => values[name] ?? '');
}

describeEachDatabase('HTTP not found', (getDb) => {
  let app: App;
  let admin: TestClient;
  let routes: RegisteredRoute[];
  const real: Real = { year: '2022', clusterId: 'hovedstaden-syd', regionCode: '1084', municipalityCode: '101', party: '101', system: 'kommunal' };

  beforeAll(async () => {
    const db = getDb();
    await seedDatabase(db.kysely);
    app = await testApp(db);
    admin = await clientWithRoles(db, [{ role: 'system-admin', scope: { kind: 'all', id: null } }], 'admin404');
    routes = registeredRoutes(app).filter((r) => r.method === 'GET' || r.method === 'DELETE');
    // A real initiative of Klynge Syd and its settlement, for routes nested under them.
    const k = db.kysely;
    const i = await proposeInitiative(k, SYSTEM_ACTOR, 'hovedstaden-syd', {
      title: 'Findes', description: '', targetGroup: 'acute', startPeriod: '2022-01', endPeriod: '2022-12', executingParties: ['101'],
      forecast: { lines: [{ kind: 'other', id: 'l1', year: 2022, description: 'Afprøvning', category: 'trial', funding: 'common', party: '101', amount: ore(10_000_00) }] },
    });
    const a = await approve(k, SYSTEM_ACTOR, i.id, i.version, { date: '2022-02-01', level: 'political', meetingReference: 'M' });
    await changeInitiativeStatus(k, SYSTEM_ACTOR, i.id, a.version, 'running');
    await recordActuals(k, SYSTEM_ACTOR, 'hovedstaden-syd', [{ initiativeId: i.id, party: '101', period: '2022-03', amountOre: 10_000_00, category: 'Afprøvning', funding: 'Fælles midler', text: '' }]);
    const s = await createSettlement(k, SYSTEM_ACTOR, 'hovedstaden-syd', { from: '2022-01', to: '2022-12' });
    Object.assign(real, { settlementId: s.id, initiativeId: i.id });
  });
  afterAll(async () => {
    if ((app as App | undefined) !== undefined) await app.close();
  });

  /** Calls `url` (with `name` and everything after it missing); the answer of the first form the schema accepts. */
  async function lookUp(route: RegisteredRoute, name: string): Promise<{ url: string; status: number; code: unknown } | null> {
    const names = paramsOf(route.url);
    const from = names.indexOf(name);
    for (const missing of MISSING_CANDIDATES[name] ?? MISSING_ID) {
      const values: Record<string, string> = {};
      names.forEach((n, k) => {
        values[n] = k < from || NOT_LOOKUPS.has(n) ? (real[n] ?? '') : k === from ? missing : (MISSING_CANDIDATES[n]?.[0] ?? MISSING_ID[0] ?? '');
      });
      const url = fill(route.url, values) + (QUERY[route.url] ?? '');
      const res = await app.inject({ method: route.method as 'GET', url, headers: admin.headers() });
      const body = String(res.headers['content-type'] ?? '').includes('json') ? res.json<{ code?: unknown }>() : {};
      if (res.statusCode === 400 && body.code === 'request.invalid') continue;
      return { url, status: res.statusCode, code: body.code };
    }
    return null;
  }

  it('answers 404 for every lookup of something that does not exist', async () => {
    const answers: string[] = [];
    let cases = 0;
    for (const route of routes) {
      const names = paramsOf(route.url);
      for (const [k, name] of names.entries()) {
        if (NOT_LOOKUPS.has(name)) continue;
        // The earlier parts of the path must be real records for this to test this part.
        if (names.slice(0, k).some((n) => !NOT_LOOKUPS.has(n) && real[n] === undefined)) continue;
        const answer = await lookUp(route, name);
        cases += 1;
        if (answer === null) answers.push(`${route.method} ${route.url} (${name}): no form of a missing ${name} passes the schema`);
        else if (answer.status !== 404) answers.push(`${route.method} ${answer.url} → ${String(answer.status)} ${String(answer.code)}`);
      }
    }
    expect(answers).toEqual([]);
    expect(cases).toBeGreaterThan(30);
  });

  it('answers 404 for the posting file of a party that is not in the settlement, and for unknown runs', async () => {
    const posting = await app.inject({ method: 'GET', url: `/api/settlements/${real['settlementId'] ?? ''}/postings/999`, headers: admin.headers() });
    expect(posting.statusCode).toBe(404);
    expect(posting.json<{ code: string }>().code).toBe('settlement.party-not-found');
    const run = await app.inject({ method: 'GET', url: '/api/allocation-runs/999999999', headers: admin.headers() });
    expect(run.statusCode).toBe(404);
    const confirm = await app.inject({ method: 'POST', url: '/api/population/imports/00000000-0000-4000-8000-000000000000/confirm', headers: admin.headers(), payload: {} });
    expect(confirm.statusCode).toBe(404);
  });
});
