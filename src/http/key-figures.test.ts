import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { syntheticRateFile } from '../app/key-figures/test-fixtures.ts';
import { describeEachDatabase } from '../infra/db/testing.ts';
import { seedDatabase } from '../app/seed.ts';
import type { App } from './app.ts';
import { clientWithRoles, json, testApp, type TestClient } from './testing.ts';

type Cell = { status: 'value'; numerator: number; denominator: number | null; value: number } | { status: 'suppressed'; reason: string } | { status: 'not-available'; reason: string };
interface National {
  period: string;
  periods: string[];
  table: { country: Cell; regions: { regionCode: string; name: string; cell: Cell; clusters: { clusterId: string; name: string; cell: Cell }[] }[] };
}
interface Series {
  cluster: string;
  region: string;
  points: { period: string; cluster: Cell; region: Cell; country: Cell }[];
  target: null | { value: string; period: string; version: number; progress: { status: string; latest: { period: string; value: number } | null; remaining: number | null } };
}

const POP_2020 = readFileSync(new URL('../../reference/population/folk1a-2020k1.csv', import.meta.url), 'utf8')
  .split('\n')
  .slice(1)
  .filter((l) => l.trim() !== '')
  .map((l) => l.split(','));

describeEachDatabase('HTTP key figures: catalogue, import, aggregation, suppression, targets', (getDb) => {
  let app: App;
  let admin: TestClient;
  let reader: TestClient;
  let bornholm: TestClient;

  beforeAll(async () => {
    await seedDatabase(getDb().kysely);
    app = await testApp(getDb());
    admin = await clientWithRoles(getDb(), [{ role: 'system-admin', scope: { kind: 'all', id: null } }], 'admin');
    reader = await clientWithRoles(getDb(), [{ role: 'national-reader', scope: { kind: 'all', id: null } }], 'national');
    bornholm = await clientWithRoles(getDb(), [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: 'hovedstaden-bornholm' } }], 'bornholm');
  });
  afterAll(async () => {
    if ((app as App | undefined) !== undefined) await app.close();
  });

  const national = async (indicator: string, period: string): Promise<National> => {
    const res = await app.inject({ url: `/api/key-figures/national?indicator=${indicator}&period=${period}`, headers: reader.headers() });
    expect(res.statusCode, res.body).toBe(200);
    return json<National>(res);
  };
  const cluster = (n: National, id: string): Cell | undefined => n.table.regions.flatMap((r) => r.clusters).find((c) => c.clusterId === id)?.cell;

  it('the catalogue has the four data-package themes, and the bundled population overview sums municipalities into clusters, regions and the country', async () => {
    const cat = json<{ themes: { id: string; name: string }[]; indicators: { id: string; theme: string; direction: string; periods: string[] }[] }>(await app.inject({ url: '/api/key-figures/indicators', headers: bornholm.headers() }));
    expect(cat.themes.map((t) => t.name)).toEqual(['Populationsoverblik', 'De sårbare ældre', 'Kronikere', 'Psykiatri']);
    expect(new Set(cat.indicators.map((i) => i.theme))).toEqual(new Set(['population', 'vulnerable-elderly', 'chronic', 'psychiatry']));
    expect(cat.indicators.find((i) => i.id === 'population')?.periods).toEqual(['2020K1', '2022K1']);

    const n2020 = await national('population', '2020K1');
    const total2020 = POP_2020.reduce((s, r) => s + Number(r[3]), 0);
    expect(total2020).toBe(5_822_763 - 84); // Danmarks Statistik's national figure without Christiansø
    expect(n2020.table.country).toMatchObject({ status: 'value', numerator: total2020 });
    const hovedstaden2020 = POP_2020.filter((r) => r[2] === 'Region Hovedstaden').reduce((s, r) => s + Number(r[3]), 0);
    expect(n2020.table.regions.find((r) => r.regionCode === '1084')?.cell).toMatchObject({ status: 'value', numerator: hovedstaden2020 });
    expect(cluster(n2020, 'hovedstaden-bornholm')).toMatchObject({ status: 'value', numerator: 39_499 });
    // København's district part of Klynge Syd is not known for 2020: not available, never guessed.
    const syd2020 = cluster(n2020, 'hovedstaden-syd');
    expect(syd2020?.status).toBe('not-available');
    expect(syd2020?.status === 'not-available' ? syd2020.reason : '').toContain('hovedstaden-syd:101');

    const n2022 = await national('population', '2022K1');
    expect(cluster(n2022, 'hovedstaden-bornholm')).toMatchObject({ status: 'value', numerator: 39_545 });
    // Klynge Syd 2022: its nine full members plus København's districts 287.181 (seed 003); Rødovre does not count.
    expect(cluster(n2022, 'hovedstaden-syd')).toMatchObject({ status: 'value', numerator: 290_160 + 287_181 });
    expect(cluster(n2022, 'hovedstaden-by')).toMatchObject({ status: 'value', numerator: 103_608 + 644_431 - 287_181 });
    expect(n2022.table.country.status).toBe('not-available');
  });

  it('an administrator adds an indicator to the catalogue (audited); what a stored figure means cannot change', async () => {
    const body = { name: 'Ældre med hjemmehjælp', theme: 'vulnerable-elderly', kind: 'rate', per: 100, unit: 'pct. af borgere på 65+ år', definition: 'Borgere på 65+ år med visiteret hjemmehjælp (tæller) i forhold til alle borgere på 65+ år (nævner).', source: 'Danmarks Statistik, AED06', direction: 'neutral' };
    const res = await app.inject({ method: 'PUT', url: '/api/key-figures/indicators/elderly-home-care', headers: admin.headers(), payload: body });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({ id: 'elderly-home-care', theme: 'vulnerable-elderly', periods: [] });
    expect((await app.inject({ method: 'PUT', url: '/api/key-figures/indicators/elderly-home-care', headers: reader.headers(), payload: body })).statusCode).toBe(403);
    // The population indicator has figures: it cannot become a rate.
    const change = await app.inject({ method: 'PUT', url: '/api/key-figures/indicators/population', headers: admin.headers(), payload: { ...body, name: 'Indbyggere', theme: 'population' } });
    expect(change.statusCode).toBe(400);
    expect(json<{ detail: string }>(change).detail).toMatch(/art og "pr." kan ikke ændres/);
    const audit = await getDb().kysely.selectFrom('audit_log').select('entity_id').where('action', '=', 'key-figures.indicator').execute();
    expect(audit.map((a) => a.entity_id)).toEqual(['elderly-home-care']);
  });

  it('a file with errors is refused as a whole with every line named, and nothing changes', async () => {
    const bad = ['nøgletal;område;periode;tæller;nævner', 'elderly-readmissions;101;2022;10;100', 'ukendt-tal;101;2022;1;2', 'elderly-readmissions;999;2022;1;2', 'elderly-readmissions;147;22;x;0', 'population;147;2022;5;10', 'elderly-readmissions;101;2022;11;100'].join('\n');
    const res = await app.inject({ method: 'POST', url: '/api/key-figures/imports?filename=fejl.csv', headers: admin.headers({ 'content-type': 'text/csv' }), payload: bad });
    expect(res.statusCode).toBe(422);
    const p = json<{ detail: string; errors: { line: number; message: string }[] }>(res);
    expect(p.detail).toMatch(/intet er importeret/);
    expect(p.errors.map((e) => e.line)).toEqual([3, 4, 5, 5, 5, 6, 7]);
    expect(p.errors.map((e) => e.message).join(' ')).toMatch(/Ukendt nøgletal "ukendt-tal".*Ukendt kommunekode 999.*"22" er ikke en periode.*Tælleren "x".*Nævneren "0".*population er et antal.*linje 2/);
    const figures = await getDb().kysely.selectFrom('key_figures').select('indicator_id').where('indicator_id', '=', 'elderly-readmissions').execute();
    expect(figures).toHaveLength(0);
    // Only administrators import.
    expect((await app.inject({ method: 'POST', url: '/api/key-figures/imports', headers: reader.headers({ 'content-type': 'text/csv' }), payload: bad })).statusCode).toBe(403);
  });

  it('a rate file is imported (preview → confirm, audited); a cluster under 5 shows "<5" and cannot be found as region minus the other clusters', async () => {
    const preview = await app.inject({ method: 'POST', url: '/api/key-figures/imports?filename=test.csv', headers: admin.headers({ 'content-type': 'text/csv' }), payload: syntheticRateFile() });
    expect(preview.statusCode, preview.body).toBe(201);
    const p = json<{ importId: string; rows: number; added: number; indicators: { id: string; periods: string[] }[] }>(preview);
    expect(p).toMatchObject({ rows: 3 * (98 + 2), added: 300, indicators: [{ id: 'elderly-preventable-admissions', periods: ['2020', '2021', '2022'] }] });
    expect(await getDb().kysely.selectFrom('key_figures').select('area').where('indicator_id', '=', 'elderly-preventable-admissions').execute()).toHaveLength(0);
    const confirm = await app.inject({ method: 'POST', url: `/api/key-figures/imports/${p.importId}/confirm`, headers: admin.headers() });
    expect(confirm.statusCode, confirm.body).toBe(200);
    const audit = await getDb().kysely.selectFrom('audit_log').selectAll().where('action', '=', 'key-figures.import').where('entity_id', '=', p.importId).execute();
    expect(audit).toHaveLength(1);

    const n = await national('elderly-preventable-admissions', '2022');
    const hovedstaden = n.table.regions.find((r) => r.regionCode === '1084');
    if (!hovedstaden) throw new Error('Hovedstaden mangler');
    expect(cluster(n, 'hovedstaden-bornholm')).toEqual({ status: 'suppressed', reason: 'small' });
    const hidden = hovedstaden.clusters.filter((c) => c.cell.status === 'suppressed');
    expect(hidden.map((c) => (c.cell.status === 'suppressed' ? c.cell.reason : ''))).toEqual(expect.arrayContaining(['small', 'protects-small']));
    expect(hidden.length).toBeGreaterThanOrEqual(2);
    expect(hovedstaden.cell.status).toBe('value');
    // Region minus the shown clusters leaves the SUM of two hidden clusters, never Bornholm's own count.
    const region = hovedstaden.cell.status === 'value' ? hovedstaden.cell.numerator : 0;
    const shown = hovedstaden.clusters.reduce((s, c) => s + (c.cell.status === 'value' ? c.cell.numerator : 0), 0);
    expect(region - shown).toBeGreaterThan(5);
    // Rates pool numerators and denominators: the country's rate is Σ tæller / Σ nævner × 1.000.
    if (n.table.country.status !== 'value' || n.table.country.denominator === null) throw new Error('landet mangler');
    expect(n.table.country.value).toBeCloseTo((n.table.country.numerator * 1000) / n.table.country.denominator, 9);
  });

  it('a cluster sees its own series against its region and the country, sets a target, and sees the development against it', async () => {
    const res = await app.inject({ url: '/api/clusters/hovedstaden-bornholm/key-figures?indicator=elderly-preventable-admissions', headers: bornholm.headers() });
    expect(res.statusCode, res.body).toBe(200);
    const s = json<Series>(res);
    expect(s.points.map((p) => p.period)).toEqual(['2020', '2021', '2022']);
    expect(s.points.every((p) => p.cluster.status === 'suppressed' && p.region.status === 'value' && p.country.status === 'value')).toBe(true);
    // The national table is for national readers; a cluster reads its own series only.
    expect((await app.inject({ url: '/api/key-figures/national?indicator=population', headers: bornholm.headers() })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/clusters/hovedstaden-syd/key-figures?indicator=population', headers: bornholm.headers() })).statusCode).toBe(403);

    const put = (version: number | null, value: string): Promise<import('fastify').LightMyRequestResponse> =>
      app.inject({ method: 'PUT', url: '/api/clusters/hovedstaden-bornholm/key-figures/population/target', headers: bornholm.headers(), payload: { value, period: '2025K1', note: 'Mål fra klyngemødet', version } });
    const first = await put(null, '40.000');
    expect(first.statusCode, first.body).toBe(200);
    const withTarget = json<Series>(first);
    // 39.499 (2020K1) → 39.545 (2022K1), towards 40.000.
    expect(withTarget.target).toMatchObject({ value: '40000', period: '2025K1', version: 1, progress: { status: 'towards', latest: { period: '2022K1', value: 39_545 }, remaining: 455 } });
    expect((await put(null, '41000')).statusCode).toBe(409);
    expect((await put(1, 'fyrre')).statusCode).toBe(400);
    const audit = await getDb().kysely.selectFrom('audit_log').selectAll().where('action', '=', 'key-figures.target').execute();
    expect(audit).toHaveLength(1);
  });
});
