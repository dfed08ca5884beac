import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../infra/db/testing.ts';
import { seedDatabase } from '../app/seed.ts';
import type { App } from './app.ts';
import { clusterYearOverviewSchema, comparisonOverviewSchema, startOverviewSchema } from './routes/overview.ts';
import { clientWithRoles, json, testApp, type TestClient } from './testing.ts';

const SYD = 'hovedstaden-syd';
const KR = 100;

interface EconomyBody { funds: { cluster: { contribution: number; available: number; committed: number; spent: number }; parties: { party: string; contribution: number; committed: number; spent: number }[] } }

describeEachDatabase('HTTP: overviews (issue 12)', (getDb) => {
  let app: App;
  let secretariat: TestClient;
  let reader: TestClient;
  let ssu: TestClient;

  beforeAll(async () => {
    await seedDatabase(getDb().kysely);
    app = await testApp(getDb());
    secretariat = await clientWithRoles(getDb(), [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: SYD } }], 'sekretariat-syd');
    reader = await clientWithRoles(getDb(), [{ role: 'national-reader', scope: { kind: 'all', id: null } }], 'national');
    ssu = await clientWithRoles(getDb(), [{ role: 'ssu-member', scope: { kind: 'region', id: '1084' } }], 'ssu-hovedstaden');
  });
  afterAll(async () => {
    if ((app as App | undefined) !== undefined) await app.close();
  });

  const get = async <T>(c: TestClient, url: string): Promise<T> => json<T>(await app.inject({ url, headers: c.headers() }));
  const post = (c: TestClient, url: string, payload: unknown) => app.inject({ method: 'POST', url, headers: c.headers(), payload: payload as Record<string, unknown> });

  it('the start page lists the secretariat’s cluster and an initiative that waits for approval', async () => {
    const created = await post(secretariat, `/api/clusters/${SYD}/initiatives`, {
      title: 'Overblik over akutforløb', targetGroup: 'acute', startPeriod: '2022-01', endPeriod: '2022-12', executingParties: ['101'],
      lines: [{ kind: 'other', id: 'l1', year: 2022, description: 'Afprøvning', category: 'trial', funding: 'common', party: '101', amountOre: 1_000_000 * KR }],
    });
    expect(created.statusCode).toBe(201);
    const start = startOverviewSchema.parse(await get(secretariat, '/api/overview/start'));
    expect(start.year).toBe(2022);
    expect(start.clusters.map((c) => [c.clusterId, c.regionName])).toEqual([[SYD, 'Region Hovedstaden']]);
    expect(start.national).toBe(false);
    const task = start.tasks.find((t) => t.kind === 'approve-initiative');
    // The title and the number apart: the screen writes "Nr." or "No." in the reader's language.
    expect([task?.text, Number.isInteger(task?.number), task?.date]).toEqual(['Overblik over akutforløb', true, null]);
    // 2022 is over and still open: closing it waits for the secretariat.
    expect(start.tasks.some((t) => t.kind === 'close-year' && t.ref === '2022')).toBe(true);
    // A national reader has the country; an SSU member the region.
    expect(startOverviewSchema.parse(await get(reader, '/api/overview/start'))).toMatchObject({ national: true, clusters: [], regions: [] });
    expect(startOverviewSchema.parse(await get(ssu, '/api/overview/start')).regions).toEqual([{ regionCode: '1084', regionName: 'Region Hovedstaden' }]);
  });

  it('the cluster-year overview has the economy screen’s own figures per party, and settled after a settlement', async () => {
    const initiatives = await get<{ initiatives: { id: string; version: number; title: string }[] }>(secretariat, `/api/clusters/${SYD}/economy/2022`);
    const i = initiatives.initiatives.find((x) => x.title === 'Overblik over akutforløb');
    if (!i) throw new Error('no initiative');
    expect((await post(secretariat, `/api/initiatives/${i.id}/approve`, { version: i.version, date: '2022-02-01', level: 'political', meetingReference: 'Møde 1' })).statusCode).toBe(200);
    expect((await post(secretariat, `/api/clusters/${SYD}/actuals`, { lines: [{ initiativeId: i.id, party: '101', period: '2022-03', amountOre: 250_000 * KR + 1, category: 'Afprøvning', funding: 'Fælles midler' }] })).statusCode).toBe(201);
    expect((await post(secretariat, `/api/clusters/${SYD}/settlements`, { from: '2022-01', to: '2022-06' })).statusCode).toBe(201);

    const economy = await get<EconomyBody>(secretariat, `/api/clusters/${SYD}/economy/2022`);
    const o = clusterYearOverviewSchema.parse(await get(secretariat, `/api/clusters/${SYD}/overview/2022`));
    expect(o.closed).toBe(false);
    expect(o.total).toMatchObject({ allocatedOre: economy.funds.cluster.contribution, availableOre: economy.funds.cluster.available, approvedOre: economy.funds.cluster.committed, spentOre: economy.funds.cluster.spent, carriedForwardOre: null, lapsedOre: null });
    for (const p of economy.funds.parties) {
      expect(o.parties.find((x) => x.party === p.party)).toMatchObject({ allocatedOre: p.contribution, approvedOre: p.committed, spentOre: p.spent });
    }
    // Everything spent so far is settled; per party it adds up to the spending, to the øre.
    expect(o.total.settledOre).toBe(250_000 * KR + 1);
    expect(o.parties.reduce((s, p) => s + p.settledOre, 0)).toBe(o.total.spentOre);
    expect(o.initiativesByStatus.find((s) => s.key === 'approved')?.count).toBe(1);
    expect(o.initiativesByTargetGroup.find((s) => s.key === 'acute')).toMatchObject({ label: 'Akutområdet', count: 1 });
  });

  it('the national overview compares every cluster with kr. per inhabitant rounded once, like the allocation screen', async () => {
    const n = comparisonOverviewSchema.parse(await get(reader, '/api/overview/national?year=2022'));
    expect(n.clusters).toHaveLength(22);
    const syd = n.clusters.find((c) => c.clusterId === SYD);
    if (!syd || syd.population === null) throw new Error('no Syd');
    // Exact: allocated øre / (population × 100), half up to two decimals.
    const exact = (syd.allocatedOre * 100) / (syd.population * 100);
    expect(Number(syd.perInhabitantKr)).toBeCloseTo(Math.round(exact) / 100, 10);
    expect(syd.spentPercent).toBe(((250_000 * KR + 1) * 100 / syd.availableOre).toFixed(1));
    expect(n.total.allocatedOre).toBe(n.clusters.reduce((s, c) => s + c.allocatedOre, 0));
    expect(n.total.allocatedOre).toBe(80_000_000 * KR);
    // A region's readers compare the region's clusters; a secretariat does not see the country.
    const r = comparisonOverviewSchema.parse(await get(ssu, '/api/regions/1084/overview?year=2022'));
    expect(r.clusters.every((c) => c.regionCode === '1084')).toBe(true);
    expect(r.scope).toEqual({ kind: 'region', regionCode: '1084', regionName: 'Region Hovedstaden' });
    expect((await app.inject({ url: '/api/overview/national', headers: secretariat.headers() })).statusCode).toBe(403);
  });
});
