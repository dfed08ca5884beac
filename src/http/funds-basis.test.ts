import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../infra/db/testing.ts';
import { seedDatabase } from '../app/seed.ts';
import type { App } from './app.ts';
import { clientWithRoles, json, testApp, type TestClient } from './testing.ts';

const KR = 100;

interface Row { party: string; name: string; contributes: boolean; amountOre: number; computedOre: number; deviationOre: number; months: number; explanation: string; basisText: string }
interface BasisBody {
  status: string;
  label: string;
  explanation: string;
  warnings: string[];
  version: number;
  runId: string | null;
  allocatedOre: number | null;
  computedTotalOre: number | null;
  municipalOre: number | null;
  regionalOre: number | null;
  midYearRule: string;
  rows: Row[];
  members: { municipalityCode: string; version: number; fromMonth: number; toMonth: number }[];
  published: { totalOre: number; rows: { party: string; deviationOre: number }[] } | null;
}
interface EconomyBody { allocated: boolean; parties: { id: string; name: string }[]; funds: { cluster: { contribution: number; available: number; remaining: number }; parties: { party: string; contribution: number; extraLocal: number; available: number }[] } }
interface RunBody { result: { regions: { clusters: { clusterId: string; municipalOre: number; regionalOre: number; populationSource: string }[] }[] } }

describeEachDatabase('HTTP: an economy for every cluster and member (issue 9, deliverable 5)', (getDb) => {
  let app: App;
  let admin: TestClient;
  let lillebaelt: TestClient;
  let sydvest: TestClient;
  let soenderjysk: TestClient;
  let clusters: { clusterId: string; municipalOre: number; regionalOre: number; populationSource: string }[];

  beforeAll(async () => {
    await seedDatabase(getDb().kysely);
    app = await testApp(getDb());
    admin = await clientWithRoles(getDb(), [{ role: 'system-admin', scope: { kind: 'all', id: null } }], 'admin');
    lillebaelt = await clientWithRoles(getDb(), [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: 'syddanmark-lillebaelt' } }], 'sekretariat-lillebaelt');
    sydvest = await clientWithRoles(getDb(), [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: 'syddanmark-sydvestjysk' } }], 'sekretariat-sydvest');
    soenderjysk = await clientWithRoles(getDb(), [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: 'syddanmark-soenderjysk' } }], 'sekretariat-soenderjysk');
    const run = json<RunBody>(await app.inject({ url: '/api/years/2022/allocation', headers: admin.headers() }));
    clusters = run.result.regions.flatMap((r) => r.clusters);
  });
  afterAll(async () => {
    if ((app as App | undefined) !== undefined) await app.close();
  });

  const economy = async (cluster: string, year = 2022): Promise<EconomyBody> => json<EconomyBody>(await app.inject({ url: `/api/clusters/${cluster}/economy/${String(year)}`, headers: admin.headers() }));
  const basis = async (cluster: string, year = 2022): Promise<BasisBody> => json<BasisBody>(await app.inject({ url: `/api/clusters/${cluster}/economy/${String(year)}/funds-basis`, headers: admin.headers() }));
  const decide = (c: TestClient, cluster: string, payload: Record<string, unknown>, year = 2022) => app.inject({ method: 'PUT', url: `/api/clusters/${cluster}/economy/${String(year)}/funds-basis`, headers: c.headers(), payload });
  const allocatedOf = (id: string): number => {
    const c = clusters.find((x) => x.clusterId === id);
    if (!c) throw new Error(`ingen klynge ${id} i kørslen`);
    return c.municipalOre + c.regionalOre;
  };

  it('every one of the 22 clusters has an economy for 2022 whose funds per party add up exactly to its allocation', async () => {
    expect(clusters).toHaveLength(22);
    // 18 clusters were allocated from their total population (the bundled 2022K1 is partial).
    expect(clusters.filter((c) => c.populationSource === 'cluster-level')).toHaveLength(18);
    const statuses: string[] = [];
    for (const c of clusters) {
      const res = await app.inject({ url: `/api/clusters/${c.clusterId}/economy/2022`, headers: admin.headers() });
      expect(res.statusCode, c.clusterId).toBe(200);
      const body = json<EconomyBody>(res);
      expect(body.allocated, c.clusterId).toBe(true);
      const sum = body.funds.parties.reduce((s, p) => s + p.contribution, 0);
      expect(sum, c.clusterId).toBe(allocatedOf(c.clusterId));
      expect(body.funds.cluster.contribution, c.clusterId).toBe(allocatedOf(c.clusterId));
      // Every municipal member that contributes gets a share; the region its own amount.
      const b = await basis(c.clusterId);
      expect(b.rows.filter((r) => r.contributes).every((r) => r.amountOre > 0), c.clusterId).toBe(true);
      expect(b.rows.every((r) => r.explanation !== ''), c.clusterId).toBe(true);
      statuses.push(b.status);
    }
    expect(statuses.filter((s) => s === 'provisional')).toHaveLength(18);
    expect(statuses.filter((s) => s === 'computed')).toHaveLength(4);
  });

  it('a provisional split is labelled, says why and what ends it, and names the complete population it uses', async () => {
    const b = await basis('midtjylland-aarhus');
    expect(b.status).toBe('provisional');
    expect(b.label).toBe('Foreløbig');
    expect(b.explanation).toContain('FORELØBIG');
    expect(b.explanation).toContain('2020K1');
    expect(b.explanation).toContain('aftalte andele');
    // Aarhus 349.983 and Samsø 3.657 (FOLK1A 2020K1) share Aarhusklyngen's municipal amount.
    const aarhus = b.rows.find((r) => r.party === '751');
    const samsoe = b.rows.find((r) => r.party === '741');
    expect(aarhus?.explanation).toContain('indbyggertal 349.983 (2020K1)');
    expect((aarhus?.amountOre ?? 0) + (samsoe?.amountOre ?? 0)).toBe(b.municipalOre);
    expect(samsoe?.amountOre).toBeGreaterThan(0);
  });

  it('a municipal run is used as computed, per municipality as the run has it', async () => {
    const b = await basis('hovedstaden-syd');
    expect(b.status).toBe('computed');
    expect(b.rows.every((r) => r.deviationOre === 0)).toBe(true);
    expect(b.rows.find((r) => r.party === '175')?.contributes).toBe(false);
  });

  it('the secretariat records agreed shares: the municipal amount split by them exactly, the region keeps its amount, stale writes get 409', async () => {
    const before = await basis('syddanmark-lillebaelt');
    expect(before.version).toBe(0);
    const shares = [
      { party: '607', basis: '1' },
      { party: '621', basis: '1' },
      { party: '410', basis: '1' },
      { party: '630', basis: '0' },
    ];
    // A ** member cannot have a share: refused, naming Billund, nothing changes.
    const bad = await decide(lillebaelt, 'syddanmark-lillebaelt', { kind: 'agreed-shares', version: 0, decisionReference: 'Politisk niveau 12.09.2022, pkt. 3', shares: [...shares, { party: '530', basis: '1' }] });
    expect(bad.statusCode).toBe(400);
    expect(json<{ detail: string }>(bad).detail).toContain('Billund');
    expect((await basis('syddanmark-lillebaelt')).status).toBe('provisional');
    const noRef = await decide(lillebaelt, 'syddanmark-lillebaelt', { kind: 'agreed-shares', version: 0, decisionReference: ' ', shares });
    expect(noRef.statusCode).toBe(400);

    const ok = await decide(lillebaelt, 'syddanmark-lillebaelt', { kind: 'agreed-shares', version: 0, decisionReference: 'Politisk niveau 12.09.2022, pkt. 3', shares });
    expect(ok.statusCode).toBe(200);
    const after = json<BasisBody>(ok);
    expect(after.status).toBe('agreed-shares');
    expect(after.version).toBe(1);
    const amount = (p: string): number => after.rows.find((r) => r.party === p)?.amountOre ?? -1;
    // 2.069.103 kr. (the run's municipal amount) over 1:1:1:0 — largest remainder, whole kroner.
    const municipal = before.municipalOre ?? 0;
    expect(amount('607') + amount('621') + amount('410')).toBe(municipal);
    expect(amount('630')).toBe(0);
    expect(Math.max(amount('607'), amount('621'), amount('410')) - Math.min(amount('607'), amount('621'), amount('410'))).toBeLessThanOrEqual(KR);
    expect(amount('1083')).toBe(before.regionalOre);
    expect(after.rows.find((r) => r.party === '607')?.deviationOre).toBe(amount('607') - (before.rows.find((r) => r.party === '607')?.amountOre ?? 0));
    expect(after.explanation).toContain('Midlerne kan fordeles af de bidragende kommuner og regionen');
    // The economy uses the agreed contributions, still adding up to the allocation.
    const e = await economy('syddanmark-lillebaelt');
    expect(e.funds.parties.find((p) => p.party === '630')?.contribution).toBe(0);
    expect(e.funds.cluster.contribution).toBe(allocatedOf('syddanmark-lillebaelt'));

    const stale = await decide(lillebaelt, 'syddanmark-lillebaelt', { kind: 'default', version: 0, decisionReference: 'Tilbage' });
    expect(stale.statusCode).toBe(409);
    const audit = json<{ entries: { action: string; entityId: string }[] }>(await app.inject({ url: '/api/audit?action=economy.funds-basis', headers: admin.headers() }));
    expect(audit.entries.some((x) => x.entityId === 'syddanmark-lillebaelt/2022')).toBe(true);
    // Another cluster's secretariat may not decide here.
    expect((await decide(sydvest, 'syddanmark-lillebaelt', { kind: 'default', version: 1, decisionReference: 'x' })).statusCode).toBe(403);
  });

  it('the published Tabel 1 amounts can be adopted as the decided funds, with the deviation from the run per party', async () => {
    const before = await basis('syddanmark-soenderjysk');
    expect(before.published?.totalOre).toBe((1_529_579 + 1_628_090) * KR);
    const res = await decide(soenderjysk, 'syddanmark-soenderjysk', { kind: 'published', version: 0, decisionReference: 'Politisk niveau 01.10.2022: Tabel 1 vedtaget' });
    expect(res.statusCode).toBe(200);
    const b = json<BasisBody>(res);
    expect(b.status).toBe('published');
    expect(b.municipalOre).toBe(1_529_579 * KR);
    expect(b.regionalOre).toBe(1_628_090 * KR);
    expect(b.allocatedOre).toBe(3_157_669 * KR);
    expect(b.computedTotalOre).toBe(allocatedOf('syddanmark-soenderjysk'));
    // Region Syddanmark's published column is not a population split: 63.417 kr. more than the run.
    const region = b.rows.find((r) => r.party === '1083');
    expect(region?.deviationOre).toBe(63_417 * KR);
    expect(b.rows.reduce((s, r) => s + r.amountOre, 0)).toBe(b.allocatedOre);
    expect(b.rows.reduce((s, r) => s + r.deviationOre, 0)).toBe((b.allocatedOre ?? 0) - (b.computedTotalOre ?? 0));
    const e = await economy('syddanmark-soenderjysk');
    expect(e.funds.cluster.contribution).toBe(3_157_669 * KR);
  });

  it('members marked ** and *** are parties: they add local funds and execute, and get no common funds', async () => {
    const e = await economy('syddanmark-lillebaelt');
    expect(e.parties.map((p) => p.id)).toEqual(expect.arrayContaining(['575', '530']));
    expect(e.funds.parties.find((p) => p.party === '575')?.contribution).toBe(0);
    expect(e.funds.parties.find((p) => p.party === '530')?.contribution).toBe(0);
    // Vejen (***) adds local funds.
    const extra = await app.inject({ method: 'POST', url: '/api/clusters/syddanmark-lillebaelt/economy/2022/extra-funds', headers: lillebaelt.headers(), payload: { party: '575', amountOre: 50_000 * KR, decisionReference: 'Vejen Byråd 22.08.2022' } });
    expect(extra.statusCode).toBe(201);
    expect(json<EconomyBody>(extra).funds.parties.find((p) => p.party === '575')?.available).toBe(50_000 * KR);
    // Billund (**) executes an initiative paid from the common funds by the contributing parties.
    const created = await app.inject({
      method: 'POST',
      url: '/api/clusters/syddanmark-lillebaelt/initiatives',
      headers: lillebaelt.headers(),
      payload: { title: 'Billund afprøver', targetGroup: 'acute', startPeriod: '2022-09', endPeriod: '2022-12', executingParties: ['530'], lines: [{ kind: 'other', id: 'l1', year: 2022, description: 'Afprøvning', category: 'trial', funding: 'common', party: '530', amountOre: 100_000 * KR }] },
    });
    expect(created.statusCode).toBe(201);
    const initiative = json<{ id: string; version: number; totalsByYear: { totals: { parties: { party: string }[] } | null }[] }>(created);
    const approved = await app.inject({ method: 'POST', url: `/api/initiatives/${initiative.id}/approve`, headers: lillebaelt.headers(), payload: { version: initiative.version, date: '2022-09-01', level: 'political', meetingReference: 'Klyngemøde 01.09.2022' } });
    expect(approved.statusCode).toBe(200);
    const running = await app.inject({ method: 'POST', url: `/api/initiatives/${initiative.id}/status`, headers: lillebaelt.headers(), payload: { version: json<{ version: number }>(approved).version, status: 'running' } });
    expect(running.statusCode).toBe(200);
    const actual = await app.inject({ method: 'POST', url: '/api/clusters/syddanmark-lillebaelt/actuals', headers: lillebaelt.headers(), payload: { lines: [{ initiativeId: initiative.id, party: '530', period: '2022-10', amountOre: 100_000 * KR, category: 'Afprøvning', funding: 'Fælles midler' }] } });
    expect(actual.statusCode).toBe(201);
    const settled = await app.inject({ method: 'POST', url: '/api/clusters/syddanmark-lillebaelt/settlements', headers: lillebaelt.headers(), payload: { from: '2022-10', to: '2022-10' } });
    expect(settled.statusCode).toBe(201);
    const s = json<{ settlement: { obligations: { payer: string; executing: string; amountOre: number }[] } }>(settled);
    // Billund pays nothing of the common funds; the contributing parties pay it the whole cost.
    expect(s.settlement.obligations.every((o) => o.payer !== '530' && o.executing === '530')).toBe(true);
    expect(s.settlement.obligations.reduce((sum, o) => sum + o.amountOre, 0)).toBe(100_000 * KR);
  });

  it('refuses a decision whose funds would no longer cover what is committed, and changes nothing', async () => {
    const before = await basis('syddanmark-lillebaelt');
    const { remaining } = (await economy('syddanmark-lillebaelt')).funds.cluster;
    // Commit all but 10.000 kr. of what is left; Tabel 1 gives Lillebælt 54.921 kr. less than the run.
    const created = await app.inject({
      method: 'POST',
      url: '/api/clusters/syddanmark-lillebaelt/initiatives',
      headers: lillebaelt.headers(),
      payload: { title: 'Stor afprøvning', targetGroup: 'acute', startPeriod: '2022-09', endPeriod: '2022-12', executingParties: ['607'], lines: [{ kind: 'other', id: 'l1', year: 2022, description: 'Afprøvning', category: 'trial', funding: 'common', party: '607', amountOre: remaining - 10_000 * KR }] },
    });
    expect(created.statusCode).toBe(201);
    const i = json<{ id: string; version: number }>(created);
    const approved = await app.inject({ method: 'POST', url: `/api/initiatives/${i.id}/approve`, headers: lillebaelt.headers(), payload: { version: i.version, date: '2022-09-01', level: 'political', meetingReference: 'Klyngemøde 01.09.2022' } });
    expect(approved.statusCode).toBe(200);
    const refused = await decide(lillebaelt, 'syddanmark-lillebaelt', { kind: 'published', version: before.version, decisionReference: 'Tabel 1' });
    expect(refused.statusCode).toBe(400);
    expect(json<{ detail: string }>(refused).detail).toContain('der mangler 44.921,00 kr.');
    const after = await basis('syddanmark-lillebaelt');
    expect([after.status, after.version]).toEqual([before.status, before.version]);
    // Rejected again, so the next tests start from free funds.
    const version = json<{ version: number }>(approved).version;
    expect((await app.inject({ method: 'POST', url: `/api/initiatives/${i.id}/status`, headers: lillebaelt.headers(), payload: { version, status: 'stopped' } })).statusCode).toBe(200);
  });

  it('two first decisions at the same moment: one is saved, the other gets 409', async () => {
    const admin2 = await clientWithRoles(getDb(), [{ role: 'system-admin', scope: { kind: 'all', id: null } }], 'admin-2');
    const results = await Promise.all([
      decide(admin, 'nordjylland-nord', { kind: 'default', version: 0, midYearRule: 'whole-year', decisionReference: 'Møde A' }),
      decide(admin2, 'nordjylland-nord', { kind: 'published', version: 0, decisionReference: 'Møde B' }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect((await basis('nordjylland-nord')).version).toBe(1);
  });

  it('a mid-year change splits the year by months of membership, or by the whole year if the cluster chooses so', async () => {
    const before = await basis('syddanmark-sydvestjysk');
    const fanoe = before.members.find((m) => m.municipalityCode === '563');
    if (!fanoe) throw new Error('Fanø mangler');
    const res = await app.inject({ method: 'PUT', url: '/api/clusters/syddanmark-sydvestjysk/economy/2022/memberships/563/validity', headers: sydvest.headers(), payload: { version: fanoe.version, fromMonth: 1, toMonth: 6, decisionReference: 'Fanø udtræder 30.06.2022' } });
    expect(res.statusCode).toBe(200);
    const half = json<BasisBody>(res);
    const row = (b: BasisBody, p: string): Row => {
      const r = b.rows.find((x) => x.party === p);
      if (!r) throw new Error(p);
      return r;
    };
    expect(row(half, '563').months).toBe(6);
    expect(row(half, '563').explanation).toContain('6/12');
    expect(half.warnings.join(' ')).toContain('Fanø måned 1–6');
    // Fanø's basis is halved; the others take up the difference; the cluster total is unchanged.
    expect(row(half, '563').amountOre).toBeGreaterThan(row(before, '563').amountOre * 0.5);
    expect(row(half, '563').amountOre).toBeLessThan(row(before, '563').amountOre * 0.51);
    expect(half.rows.reduce((s, r) => s + r.amountOre, 0)).toBe(allocatedOf('syddanmark-sydvestjysk'));
    // Stale validity edit: 409.
    expect((await app.inject({ method: 'PUT', url: '/api/clusters/syddanmark-sydvestjysk/economy/2022/memberships/563/validity', headers: sydvest.headers(), payload: { version: fanoe.version, fromMonth: 1, toMonth: 12, decisionReference: 'x' } })).statusCode).toBe(409);
    // Months the wrong way round: a clear Danish refusal.
    const backwards = await app.inject({ method: 'PUT', url: '/api/clusters/syddanmark-sydvestjysk/economy/2022/memberships/563/validity', headers: sydvest.headers(), payload: { version: fanoe.version + 1, fromMonth: 9, toMonth: 3, decisionReference: 'x' } });
    expect(backwards.statusCode).toBe(400);
    expect(json<{ detail: string }>(backwards).detail).toContain('Gyldighedsperioden');
    // The cluster chooses the whole-year rule: Fanø counts fully again.
    const whole = json<BasisBody>(await decide(sydvest, 'syddanmark-sydvestjysk', { kind: 'default', version: 0, midYearRule: 'whole-year', decisionReference: 'Klyngemøde 01.10.2022' }));
    expect(whole.midYearRule).toBe('whole-year');
    expect(row(whole, '563').amountOre).toBe(row(before, '563').amountOre);
    expect(whole.status).toBe('provisional');
  });

  it('2023 without its own allocation shows a clear state, not 2022’s figures, and no decision can be taken for it', async () => {
    const b = await basis('midtjylland-aarhus', 2023);
    expect(b.status).toBe('not-allocated');
    expect(b.allocatedOre).toBeNull();
    expect(b.rows.every((r) => r.amountOre === 0)).toBe(true);
    expect(b.explanation).toContain('genbruges ikke');
    const e = await economy('midtjylland-aarhus', 2023);
    expect(e.allocated).toBe(false);
    expect(e.funds.cluster.contribution).toBe(0);
    // Lillebælt's agreed shares for 2022 do not carry over to 2023.
    expect((await basis('syddanmark-lillebaelt', 2023)).status).toBe('not-allocated');
    const refused = await decide(admin, 'midtjylland-aarhus', { kind: 'agreed-shares', version: 0, decisionReference: 'x', shares: [{ party: '751', basis: '1' }, { party: '741', basis: '1' }] }, 2023);
    expect(refused.statusCode).toBe(400);
    expect(json<{ detail: string }>(refused).detail).toContain('ingen fordeling for 2023');
  });
});
