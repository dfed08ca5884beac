import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../infra/db/testing.ts';
import { seedDatabase } from '../app/seed.ts';
import type { App } from './app.ts';
import { clientWithRoles, json, testApp, type TestClient } from './testing.ts';

interface Run {
  id: string;
  note: string;
  result: { regions: { regionCode: string; clusters: { clusterId: string; municipalOre: number; regionalOre: number; totalOre: number }[] }[] };
}
interface ComparisonRow { clusterId: string; party: string; partyName: string; decidedOre: number; scenarioOre: number; differenceOre: number; differencePercent: string | null }
interface Scenario { id: string; name: string; comparedRunId: string; promotedRunId: string | null; rows: ComparisonRow[]; totals: { decidedOre: number; scenarioOre: number; differenceOre: number } }

/** Region Syddanmark's regional column as Bilag 1, Tabel 1 publishes it (seed 000): the agreed split. */
const TABEL1_SYDDANMARK = { 'syddanmark-sydvestjysk': '1657254', 'syddanmark-lillebaelt': '2061670', 'syddanmark-soenderjysk': '1628090', 'syddanmark-fyn': '3216985' };
const SOENDERJYSK = 'syddanmark-soenderjysk';

describeEachDatabase('HTTP allocation scenarios beside the decided run', (getDb) => {
  let app: App;
  let admin: TestClient;
  let secretariat: TestClient;
  let populationScenario = '';

  beforeAll(async () => {
    await seedDatabase(getDb().kysely);
    app = await testApp(getDb());
    admin = await clientWithRoles(getDb(), [{ role: 'system-admin', scope: { kind: 'all', id: null } }], 'admin');
    secretariat = await clientWithRoles(getDb(), [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: SOENDERJYSK } }], 'sekretariat');
  });
  afterAll(async () => {
    if ((app as App | undefined) !== undefined) await app.close();
  });

  const decided = async (): Promise<Run> => json<Run>(await app.inject({ url: '/api/years/2022/allocation', headers: admin.headers() }));
  const runCount = async (): Promise<number> => (await getDb().kysely.selectFrom('allocation_runs').select('id').execute()).length;
  const cluster = (run: Run, id: string): { municipalOre: number; regionalOre: number; totalOre: number } => {
    const c = run.result.regions.flatMap((r) => r.clusters).find((x) => x.clusterId === id);
    if (!c) throw new Error(`${id} mangler`);
    return c;
  };
  const create = async (client: TestClient, name: string, inputs: Record<string, unknown>): Promise<Scenario> => {
    const res = await app.inject({ method: 'POST', url: '/api/years/2022/scenarios', headers: client.headers(), payload: { name, inputs } });
    expect(res.statusCode, res.body).toBe(201);
    return json<Scenario>(res);
  };

  it('the decided split can be the agreed one: an administrator promotes a scenario explicitly, as a new audited run', async () => {
    const seeded = await decided();
    const agreed = await create(secretariat, 'Tabel 1: Region Syddanmarks aftalte fordeling', {
      regionalSplits: [{ regionCode: '1083', kind: 'agreed', weights: TABEL1_SYDDANMARK, source: 'Bilag 1, Tabel 1, Region Syddanmarks kolonne (seed 000)' }],
    });
    expect(await runCount()).toBe(1);
    // A secretariat may ask; only an administrator makes a scenario the decided allocation.
    expect((await app.inject({ method: 'POST', url: `/api/scenarios/${agreed.id}/promote`, headers: secretariat.headers(), payload: { note: 'x' } })).statusCode).toBe(403);
    const promoted = await app.inject({ method: 'POST', url: `/api/scenarios/${agreed.id}/promote`, headers: admin.headers(), payload: { note: 'Besluttet på SSU-mødet 2022-03-01' } });
    expect(promoted.statusCode, promoted.body).toBe(201);
    const now = await decided();
    expect(now.id).toBe(json<{ runId: string }>(promoted).runId);
    expect(now.note).toContain('Tabel 1: Region Syddanmarks aftalte fordeling');
    expect(await runCount()).toBe(2);
    // Syddanmark's key 8.557.655 kr. split in Tabel 1's proportions (which sum to 8.563.999 kr.).
    expect(Math.abs(cluster(now, SOENDERJYSK).regionalOre - Math.round((1_628_090 * 8_557_655 * 100) / 8_563_999))).toBeLessThanOrEqual(100);
    // Every other cluster's amounts are as before.
    expect(cluster(now, 'hovedstaden-syd')).toEqual(cluster(seeded, 'hovedstaden-syd'));
    const audit = await getDb().kysely.selectFrom('audit_log').select(['action', 'actor_name']).where('entity_id', '=', agreed.id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['scenario.create', 'scenario.promote']);
    expect((await app.inject({ method: 'POST', url: `/api/scenarios/${agreed.id}/promote`, headers: admin.headers(), payload: { note: 'igen' } })).statusCode).toBe(409);
  });

  it('"2022 with Region Syddanmark’s key split by population" shows Sønderjysk Klynge’s difference from the decided run, which stays unchanged', async () => {
    const before = await decided();
    const runsBefore = await runCount();
    const s = await create(secretariat, '2022 med Region Syddanmarks nøgle fordelt efter befolkning', { regionalSplits: [{ regionCode: '1083', kind: 'population' }] });
    expect(s.comparedRunId).toBe(before.id);
    populationScenario = s.id;
    const region = s.rows.find((r) => r.clusterId === SOENDERJYSK && r.party === 'region');
    const municipal = s.rows.find((r) => r.clusterId === SOENDERJYSK && r.party === 'municipalities');
    const total = s.rows.find((r) => r.clusterId === SOENDERJYSK && r.party === 'total');
    expect(region?.decidedOre).toBe(cluster(before, SOENDERJYSK).regionalOre);
    // By population Sønderjysk gets what the seeded population-split run gave it: about 62.000 kr. less.
    const firstRun = json<Run>(await app.inject({ url: '/api/allocation-runs/1', headers: admin.headers() }));
    expect(region?.scenarioOre).toBe(cluster(firstRun, SOENDERJYSK).regionalOre);
    expect(region?.differenceOre).toBe(cluster(firstRun, SOENDERJYSK).regionalOre - cluster(before, SOENDERJYSK).regionalOre);
    expect(region?.differenceOre).toBeLessThan(-60_000_00);
    expect(region?.differenceOre).toBeGreaterThan(-64_000_00);
    expect(region?.differencePercent).toMatch(/^-3,8\d$/);
    expect(municipal?.differenceOre).toBe(0);
    expect(total?.differenceOre).toBe(region?.differenceOre);
    // The region's key is only re-split: Syddanmark's clusters' differences cancel, and so does the country.
    expect(s.rows.filter((r) => r.party === 'region' && r.clusterId.startsWith('syddanmark-')).reduce((x, r) => x + r.differenceOre, 0)).toBe(0);
    expect(s.totals.differenceOre).toBe(0);
    // The decided run is unchanged and no run was added.
    expect(await decided()).toEqual(before);
    expect(await runCount()).toBe(runsBefore);
    expect((await app.inject({ url: `/api/scenarios/${s.id}`, headers: secretariat.headers() })).statusCode).toBe(200);
    const list = json<{ scenarios: { id: string }[] }>(await app.inject({ url: '/api/years/2022/scenarios', headers: secretariat.headers() }));
    expect(list.scenarios.map((x) => x.id)).toContain(s.id);
  });

  it('other district figures move money between Klynge Syd and Klynge By only; the export is a workbook with formulas', async () => {
    const s = await create(admin, 'Københavns bydele 287.827', { districtFigures: [{ clusterId: 'hovedstaden-syd', municipalityCode: '101', population: 287_827 }] });
    const diff = (id: string): number => s.rows.filter((r) => r.clusterId === id && r.party === 'total').reduce((x, r) => x + r.differenceOre, 0);
    expect(diff('hovedstaden-syd')).toBeGreaterThan(0);
    expect(diff('hovedstaden-by')).toBeLessThan(0);
    expect(s.rows.filter((r) => r.party === 'total' && !['hovedstaden-syd', 'hovedstaden-by'].includes(r.clusterId)).every((r) => Math.abs(r.differenceOre) <= 100)).toBe(true);

    // The same district figure in Klynge Syd's secretariat co-financing (seed 003: København 287.181, Rødovre ½).
    const cof = await app.inject({ url: `/api/scenarios/${s.id}/clusters/hovedstaden-syd/cofinancing?costOre=${String(1_000_000_00)}`, headers: admin.headers() });
    expect(cof.statusCode, cof.body).toBe(200);
    const c = json<{ rows: { municipalityCode: string; decidedOre: number; scenarioOre: number; differenceOre: number }[] }>(cof);
    const kbh = c.rows.find((r) => r.municipalityCode === '101');
    expect(kbh?.differenceOre).toBeGreaterThan(0);
    expect(c.rows.reduce((x, r) => x + r.differenceOre, 0)).toBe(0);
    expect(c.rows.reduce((x, r) => x + r.scenarioOre, 0)).toBe(1_000_000_00);
    // Only Klynge Syd's own readers (here: a Sønderjysk secretariat may not).
    expect((await app.inject({ url: `/api/scenarios/${s.id}/clusters/hovedstaden-syd/cofinancing?costOre=100`, headers: secretariat.headers() })).statusCode).toBe(403);

    const res = await app.inject({ url: `/api/scenarios/${s.id}/export`, headers: secretariat.headers() });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Scenarie');
    if (!sheet) throw new Error('arket mangler');
    let sydRow = 0;
    sheet.eachRow((row, n) => {
      if (row.getCell(2).value === 'Klynge Syd' && row.getCell(3).value === 'I alt') sydRow = n;
    });
    expect(sydRow).toBeGreaterThan(3);
    expect(sheet.getRow(sydRow).getCell(6).value).toMatchObject({ formula: `E${String(sydRow)}-D${String(sydRow)}`, result: diff('hovedstaden-syd') / 100 });
    const last = sheet.getRow(sheet.rowCount);
    expect(last.getCell(6).value).toMatchObject({ formula: expect.stringMatching(/^SUMIF\(C4:C\d+,"I alt",F4:F\d+\)$/) as unknown });
    const logged = await getDb().kysely.selectFrom('audit_log').select('action').where('entity_id', '=', s.id).where('action', '=', 'export.download').execute();
    expect(logged).toHaveLength(1);

    // Once another scenario is decided, an older one (built on the previous run) cannot be promoted.
    expect((await app.inject({ method: 'POST', url: `/api/scenarios/${s.id}/promote`, headers: admin.headers(), payload: { note: 'SSU 2022-04-01' } })).statusCode).toBe(201);
    const stale = await app.inject({ method: 'POST', url: `/api/scenarios/${populationScenario}/promote`, headers: admin.headers(), payload: { note: 'for sent' } });
    expect(stale.statusCode).toBe(409);
    expect(json<{ detail: string }>(stale).detail).toMatch(/bygger på fordelingskørsel 2, men kørsel 3 er besluttet siden/);
    expect(json<{ baseIsCurrent: boolean }>(await app.inject({ url: `/api/scenarios/${populationScenario}`, headers: admin.headers() })).baseIsCurrent).toBe(false);
  });

  it('a FOLK1A file that is read but not confirmed can be a scenario’s population; nothing is imported', async () => {
    const folk1a = readFileSync(new URL('../../e2e/fixtures/folk1a-2020k1.csv', import.meta.url), 'utf8');
    const preview = await app.inject({ method: 'POST', url: '/api/population/imports?filename=FOLK1A-2020K1.csv', headers: admin.headers({ 'content-type': 'text/csv' }), payload: folk1a });
    expect(preview.statusCode, preview.body).toBe(201);
    const importId = json<{ importId: string }>(preview).importId;
    const before = await decided();
    const s = await create(admin, '2022 med befolkningen fra FOLK1A 2020K1', { populationImportId: importId });
    // Every cluster now has municipal figures (98 municipalities): Sønderjysk's municipal part moves.
    expect(s.rows.find((r) => r.clusterId === SOENDERJYSK && r.party === 'municipalities')?.differenceOre).not.toBe(0);
    expect(s.totals.differenceOre).toBe(0);
    expect(await decided()).toEqual(before);
    const periods = await getDb().kysely.selectFrom('population_periods').select('period').execute();
    expect(periods.map((p) => p.period)).toEqual(['2022K1']);
    const cof = await app.inject({ url: `/api/scenarios/${s.id}/clusters/hovedstaden-syd/cofinancing?costOre=100000`, headers: admin.headers() });
    expect(json<{ scenarioPopulationPeriod: string }>(cof).scenarioPopulationPeriod).toBe('2020K1');
    // A decision is never taken on figures nobody has confirmed.
    const promote = await app.inject({ method: 'POST', url: `/api/scenarios/${s.id}/promote`, headers: admin.headers(), payload: { note: 'for tidligt' } });
    expect(promote.statusCode).toBe(400);
    expect(json<{ detail: string }>(promote).detail).toMatch(/ikke er bekræftet/);
    const both = await app.inject({ method: 'POST', url: '/api/years/2022/scenarios', headers: admin.headers(), payload: { name: 'Begge', inputs: { populationImportId: importId, populationPeriod: '2022K1' } } });
    expect(both.statusCode).toBe(400);
  });

  it('bad scenario input is refused in Danish and nothing is saved', async () => {
    const before = (await getDb().kysely.selectFrom('allocation_scenarios').select('id').execute()).length;
    const res = await app.inject({ method: 'POST', url: '/api/years/2022/scenarios', headers: admin.headers(), payload: { name: 'Forkert', inputs: { districtFigures: [{ clusterId: 'hovedstaden-syd', municipalityCode: '167', population: 10 }] } } });
    expect(res.statusCode).toBe(400);
    expect(json<{ detail: string }>(res).detail).toMatch(/Kommune 167 deltager ikke med et bydelstal/);
    const noPeriod = await app.inject({ method: 'POST', url: '/api/years/2022/scenarios', headers: admin.headers(), payload: { name: 'Uden tal', inputs: { populationPeriod: '2023K1' } } });
    expect(noPeriod.statusCode).toBe(400);
    expect(json<{ detail: string }>(noPeriod).detail).toMatch(/ingen befolkningstal for 2023K1/);
    expect((await getDb().kysely.selectFrom('allocation_scenarios').select('id').execute()).length).toBe(before);
    expect((await app.inject({ method: 'POST', url: '/api/years/2022/scenarios', headers: (await clientWithRoles(getDb(), [{ role: 'national-reader', scope: { kind: 'all', id: null } }], 'reader')).headers(), payload: { name: 'x', inputs: {} } })).statusCode).toBe(403);
  });
});
