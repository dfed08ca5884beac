import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../infra/db/testing.ts';
import { seedDatabase } from '../app/seed.ts';
import type { App } from './app.ts';
import { clientWithRoles, json, testApp, type TestClient } from './testing.ts';

const FOLK1A_2020K1 = readFileSync(new URL('../../e2e/fixtures/folk1a-2020k1.csv', import.meta.url), 'utf8');

interface Member { membershipId: string; municipalityCode: string; municipalityName: string; political: boolean; note: string | null; version: number }
interface RegisterBody { year: number; regions: { code: string; name: string; clusters: { id: string; name: string; members: Member[] }[] }[] }

describeEachDatabase('HTTP data routes: register, population, allocation, co-financing, audit', (getDb) => {
  let app: App;
  let admin: TestClient;
  let secretariat: TestClient;

  beforeAll(async () => {
    const report = await seedDatabase(getDb().kysely);
    expect(report).toMatchObject({ seeded: true, years: [2022, 2023], populationPeriods: ['2022K1'], allocationRuns: [2022] });
    app = await testApp(getDb());
    admin = await clientWithRoles(getDb(), [{ role: 'system-admin', scope: { kind: 'all', id: null } }], 'admin');
    secretariat = await clientWithRoles(getDb(), [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: 'hovedstaden-syd' } }], 'sekretariat');
  });
  afterAll(async () => {
    if ((app as App | undefined) !== undefined) await app.close();
  });

  const register = async (c: TestClient): Promise<RegisterBody> => json<RegisterBody>(await app.inject({ url: '/api/years/2022/register', headers: c.headers() }));
  const member = (r: RegisterBody, cluster: string, code: string): Member => {
    const m = r.regions.flatMap((x) => x.clusters).find((c) => c.id === cluster)?.members.find((x) => x.municipalityCode === code);
    if (!m) throw new Error(`${cluster}/${code} mangler`);
    return m;
  };

  it('seeding is idempotent and the register comes back in Tabel 1 order', async () => {
    expect((await seedDatabase(getDb().kysely)).seeded).toBe(false);
    const years = json<{ years: number[] }>(await app.inject({ url: '/api/years', headers: secretariat.headers() }));
    // 2023 has no allocation until its population is imported, so the screens open on 2022.
    expect(years).toEqual({ years: [2022, 2023], current: 2022 });
    const r = await register(secretariat);
    expect(r.regions.map((x) => x.name)).toEqual(['Region Nordjylland', 'Region Midtjylland', 'Region Syddanmark', 'Region Sjælland', 'Region Hovedstaden']);
    const syd = r.regions.flatMap((x) => x.clusters).find((c) => c.id === 'hovedstaden-syd');
    expect(syd?.members).toHaveLength(11);
    expect(member(r, 'hovedstaden-syd', '101')).toMatchObject({ municipalityName: 'København', version: 1 });
  });

  it('a stale membership update gets 409 and loses nothing; the saved one is audited old → new', async () => {
    const before = member(await register(admin), 'hovedstaden-syd', '167');
    const first = await app.inject({ method: 'PATCH', url: `/api/memberships/${before.membershipId}`, headers: secretariat.headers(), payload: { version: before.version, note: 'Første ændring' } });
    expect(first.statusCode).toBe(200);
    expect(json(first)).toMatchObject({ note: 'Første ændring', version: before.version + 1 });
    // A second user still holds the old version.
    const stale = await app.inject({ method: 'PATCH', url: `/api/memberships/${before.membershipId}`, headers: admin.headers(), payload: { version: before.version, political: false } });
    expect(stale.statusCode).toBe(409);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect(json(stale)).toMatchObject({ code: 'conflict.stale' });
    expect(json<{ detail: string }>(stale).detail).toMatch(/ændret af .* siden du hentede det/);
    const after = member(await register(admin), 'hovedstaden-syd', '167');
    expect(after).toMatchObject({ note: 'Første ændring', political: true, version: before.version + 1 });
    const audit = json<{ entries: { action: string; actorName: string; before: Record<string, unknown>; after: Record<string, unknown> }[] }>(
      await app.inject({ url: `/api/audit?entity=membership&entityId=${before.membershipId}`, headers: admin.headers() }),
    );
    expect(audit.entries).toHaveLength(1);
    expect(audit.entries[0]).toMatchObject({ action: 'membership.update', before: { note: '', version: 1 }, after: { note: 'Første ændring', version: 2 } });
    expect(audit.entries[0]?.actorName).toMatch(/^sekretariat-/);
    // The record's own history, for those who can read its cluster.
    const history = json<{ entries: { action: string }[] }>(await app.inject({ url: `/api/memberships/${before.membershipId}/history`, headers: secretariat.headers() }));
    expect(history.entries.map((e) => e.action)).toEqual(['membership.update']);
  });

  it('an update that would break the register is refused and changes nothing', async () => {
    const m = member(await register(admin), 'hovedstaden-syd', '101');
    const res = await app.inject({ method: 'PATCH', url: `/api/memberships/${m.membershipId}`, headers: admin.headers(), payload: { version: m.version, commonFundsBasis: 'full' } });
    expect(res.statusCode).toBe(400);
    expect(json<{ detail: string }>(res).detail).toMatch(/København|101/);
    expect(member(await register(admin), 'hovedstaden-syd', '101').version).toBe(m.version);
  });

  // Seed 000 Tabel 2: "** Kun administrativ deltagelse. Bidrager ikke til de 80 mio. kr." (Billund in Lillebælt-klyngen).
  it('a mark implies its flags: Billund (**) cannot be made political without changing the mark; with *** it can, audited', async () => {
    const billund = member(await register(admin), 'syddanmark-lillebaelt', '530');
    expect(billund).toMatchObject({ mark: '**', political: false, administrative: true });
    const refused = await app.inject({ method: 'PATCH', url: `/api/memberships/${billund.membershipId}`, headers: admin.headers(), payload: { version: billund.version, political: true } });
    expect(refused.statusCode).toBe(400);
    expect(json(refused)).toMatchObject({ code: 'membership.mark-contradiction' });
    expect(json<{ detail: string }>(refused).detail).toBe(
      'Billund i Lillebælt-klyngen er mærket ** i Tabel 2 (kun administrativ deltagelse; bidrager ikke til de fælles midler), men har politisk deltagelse.\nRet mærket samtidig, eller lad deltagelsen svare til mærket.',
    );
    expect(member(await register(admin), 'syddanmark-lillebaelt', '530').version).toBe(billund.version);
    // Changing the mark to *** brings political participation with it.
    const remarked = await app.inject({ method: 'PATCH', url: `/api/memberships/${billund.membershipId}`, headers: admin.headers(), payload: { version: billund.version, mark: '***' } });
    expect(remarked.statusCode, JSON.stringify(remarked.json())).toBe(200);
    expect(json(remarked)).toMatchObject({ mark: '***', political: true, administrative: true, commonFundsBasis: { kind: 'none' } });
    const audit = json<{ entries: { before: Record<string, unknown>; after: Record<string, unknown> }[] }>(await app.inject({ url: `/api/audit?entity=membership&entityId=${billund.membershipId}`, headers: admin.headers() }));
    expect(audit.entries[0]).toMatchObject({ before: { mark: '**', political: false }, after: { mark: '***', political: true } });
  });

  it('a FOLK1A file with errors is refused as a whole with the lines named; nothing changes', async () => {
    const periodsBefore = json(await app.inject({ url: '/api/population/periods', headers: admin.headers() }));
    const bad = FOLK1A_2020K1.replace('147 Frederiksberg;2020K1;104305', '147 Frederiksberg;2020K1;mange').replace('151 Ballerup;2020K1;48602', '151 Ballerup;2020K2;48602');
    const res = await app.inject({ method: 'POST', url: '/api/population/imports', headers: admin.headers({ 'content-type': 'text/csv' }), payload: bad });
    expect(res.statusCode).toBe(422);
    const body = json<{ code: string; errors: { line: number; message: string }[] }>(res);
    expect(body.code).toBe('import.population');
    expect(body.errors.map((e) => e.line)).toEqual(expect.arrayContaining([3]));
    expect(body.errors.length).toBeGreaterThanOrEqual(2);
    expect(json(await app.inject({ url: '/api/population/periods', headers: admin.headers() }))).toEqual(periodsBefore);
  });

  it('a valid FOLK1A file is previewed, then confirmed all at once, and audited', async () => {
    const preview = await app.inject({ method: 'POST', url: '/api/population/imports?filename=folk1a-2020k1.csv', headers: admin.headers({ 'content-type': 'text/csv' }), payload: FOLK1A_2020K1 });
    expect(preview.statusCode).toBe(201);
    const p = json<{ importId: string; period: string; changes: { municipalityCode: string; oldPopulation: number | null; newPopulation: number }[] }>(preview);
    expect(p.period).toBe('2020K1');
    expect(p.changes).toHaveLength(98);
    expect(p.changes.find((c) => c.municipalityCode === '101')).toEqual(expect.objectContaining({ oldPopulation: null, newPopulation: 632340 }));
    // Not confirmed yet: the period does not exist.
    let periods = json<{ periods: { period: string }[] }>(await app.inject({ url: '/api/population/periods', headers: admin.headers() }));
    expect(periods.periods.map((x) => x.period)).not.toContain('2020K1');
    const confirm = await app.inject({ method: 'POST', url: `/api/population/imports/${p.importId}/confirm`, headers: admin.headers() });
    expect(json(confirm)).toEqual({ period: '2020K1', count: 98 });
    periods = json(await app.inject({ url: '/api/population/periods', headers: admin.headers() }));
    expect(periods.periods.find((x) => x.period === '2020K1')).toMatchObject({ municipalities: 98, total: 5_822_679 });
    const again = await app.inject({ method: 'POST', url: `/api/population/imports/${p.importId}/confirm`, headers: admin.headers() });
    expect(again.statusCode).toBe(409);
    const audit = json<{ entries: { action: string }[] }>(await app.inject({ url: '/api/audit?entity=population_period&entityId=2020K1', headers: admin.headers() }));
    expect(audit.entries.map((e) => e.action)).toEqual(['population.import']);
  });

  it('the 2022 allocation: 80 mio. kr. that add up, each figure explained; a new run is a new record', async () => {
    const current = json<{ id: string; result: { totalOre: number; regions: { region: string; regionalOre: number; totalOre: number; clusters: { totalOre: number; explanations: { municipal: { text: string } } }[] }[] } }>(
      await app.inject({ url: '/api/years/2022/allocation', headers: secretariat.headers() }),
    );
    expect(current.result.totalOre).toBe(80_000_000_00);
    const hovedstaden = current.result.regions.find((r) => r.region === 'Region Hovedstaden');
    expect(hovedstaden?.regionalOre).toBe(12_497_516_00);
    for (const r of current.result.regions) expect(r.clusters.reduce((s, c) => s + c.totalOre, 0)).toBe(r.totalOre);
    expect(hovedstaden?.clusters[0]?.explanations.municipal.text).toBeTruthy();

    expect((await app.inject({ method: 'POST', url: '/api/years/2022/allocation-runs', headers: secretariat.headers(), payload: {} })).statusCode).toBe(403);
    const created = await app.inject({ method: 'POST', url: '/api/years/2022/allocation-runs', headers: admin.headers(), payload: { note: 'Ny kørsel', correctsRunId: Number(current.id) } });
    expect(created.statusCode).toBe(201);
    const run = json<{ id: string; correctsRunId: string }>(created);
    expect(run.correctsRunId).toBe(current.id);
    const list = json<{ runs: { id: string }[] }>(await app.inject({ url: '/api/years/2022/allocation-runs', headers: secretariat.headers() }));
    expect(list.runs.map((r) => r.id)).toEqual([run.id, current.id]);
    // 2023 waits for its population.
    const y2023 = await app.inject({ method: 'POST', url: '/api/years/2023/allocation-runs', headers: admin.headers(), payload: {} });
    expect(y2023.statusCode).toBe(400);
    expect(json<{ detail: string }>(y2023).detail).toContain('2023K1');
  });

  it('exports a run as CSV, xlsx (with formulas) and JSON, and logs each download', async () => {
    const { id } = json<{ id: string }>(await app.inject({ url: '/api/years/2022/allocation', headers: secretariat.headers() }));
    const csv = await app.inject({ url: `/api/allocation-runs/${id}/export?format=csv`, headers: secretariat.headers() });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain(`fordeling-2022-koersel-${id}.csv`);
    expect(csv.body).toContain('Region Hovedstaden;');
    expect(csv.body).toMatch(/Hele landet;;40000000;40000000;80000000/);
    const xlsx = await app.inject({ url: `/api/allocation-runs/${id}/export?format=xlsx`, headers: secretariat.headers() });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    let formulas = 0;
    sheet?.eachRow((row) => row.eachCell((cell) => { if (cell.formula) formulas += 1; }));
    expect(formulas).toBeGreaterThan(20);
    const js = json<{ result: { totalOre: number }; inputs: { register: unknown[] } }>(await app.inject({ url: `/api/allocation-runs/${id}/export?format=json`, headers: secretariat.headers() }));
    expect(js.result.totalOre).toBe(80_000_000_00);
    expect(js.inputs.register.length).toBeGreaterThan(90);
    const audit = json<{ entries: { action: string; after: { format: string } }[] }>(await app.inject({ url: `/api/audit?action=export.download&entityId=${id}`, headers: admin.headers() }));
    expect(audit.entries.map((e) => e.after.format).sort()).toEqual(['csv', 'json', 'xlsx']);
  });

  it('co-financing of Klynge Syd\'s secretariat reproduces seed 003 to the krone', async () => {
    const res = await app.inject({ url: '/api/clusters/hovedstaden-syd/years/2022/secretariat-cofinancing?costOre=37000000', headers: secretariat.headers() });
    expect(res.statusCode).toBe(200);
    const body = json<{ rows: { municipalityName: string; ore: number }[] }>(res);
    expect(Object.fromEntries(body.rows.map((r) => [r.municipalityName, r.ore / 100]))).toEqual({
      København: 177_678, 'Høje-Taastrup': 32_824, Albertslund: 17_075, Ishøj: 14_369, Vallensbæk: 10_201, Brøndby: 22_057,
      Glostrup: 14_548, Hvidovre: 32_956, Tårnby: 26_433, Dragør: 9_058, Rødovre: 12_801,
    });
    expect((await app.inject({ url: '/api/clusters/findes-ikke/years/2022/secretariat-cofinancing?costOre=1', headers: admin.headers() })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/clusters/hovedstaden-syd/years/2022/secretariat-cofinancing?costOre=-5', headers: admin.headers() })).statusCode).toBe(400);
  });

  it('the year\'s allocation model can be read by all and changed by an administrator with its version; bad keys and stale versions change nothing', async () => {
    const model = json<{ version: number; regionalTotalOre: number; regionalKey: { kind: string; values: Record<string, number> }; unit: string }>(await app.inject({ url: '/api/years/2023/allocation-model', headers: secretariat.headers() }));
    expect(model.regionalKey.values['1084']).toBe(12_497_516_00);
    expect((await app.inject({ method: 'PUT', url: '/api/years/2023/allocation-model', headers: secretariat.headers(), payload: { version: model.version, unit: 'øre' } })).statusCode).toBe(403);
    const badSum = await app.inject({ method: 'PUT', url: '/api/years/2023/allocation-model', headers: admin.headers(), payload: { version: model.version, regionalKey: { kind: 'amounts', values: { ...model.regionalKey.values, '1084': 1 } } } });
    expect(badSum.statusCode).toBe(400);
    expect(json<{ code: string }>(badSum).code).toBe('allocation.regional-key-sum');
    const ok = await app.inject({ method: 'PUT', url: '/api/years/2023/allocation-model', headers: admin.headers(), payload: { version: model.version, unit: 'øre', regionalKeySource: 'Bloktilskudsnøglen 2023 (test)' } });
    expect(json(ok)).toMatchObject({ unit: 'øre', version: model.version + 1, regionalKeySource: 'Bloktilskudsnøglen 2023 (test)' });
    const stale = await app.inject({ method: 'PUT', url: '/api/years/2023/allocation-model', headers: admin.headers(), payload: { version: model.version, unit: 'krone' } });
    expect(stale.statusCode).toBe(409);
    expect(json<{ unit: string }>(await app.inject({ url: '/api/years/2023/allocation-model', headers: admin.headers() })).unit).toBe('øre');
    const audit = json<{ entries: { before: { unit: string }; after: { unit: string } }[] }>(await app.inject({ url: '/api/audit?entity=allocation_model&entityId=2023', headers: admin.headers() }));
    expect(audit.entries.map((e) => [e.before.unit, e.after.unit])).toEqual([['krone', 'øre']]);
  });
});
