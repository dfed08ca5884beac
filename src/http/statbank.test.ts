import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../infra/db/testing.ts';
import { seedDatabase } from '../app/seed.ts';
import type { App } from './app.ts';
import { clientWithRoles, json, testApp, type TestClient } from './testing.ts';

/**
 * A fake Danmarks Statistik StatBank on 127.0.0.1 that answers POST /data as the real API does:
 * CSV (UTF-8 with BOM, `;`, one column per requested variable plus INDHOLD, areas as "code name"
 * with the country and regions first) — and StatBank's error answer, HTTP 400 with a JSON message,
 * for a quarter it does not have. Its figures are TEST DATA: the 2020K1 municipal figures of
 * e2e/fixtures relabelled 2022K1 (the repository holds no complete 2022K1 table).
 */
const MUNICIPAL_ROWS = readFileSync(new URL('../../e2e/fixtures/folk1a-2020k1.csv', import.meta.url), 'utf8')
  .split('\n')
  .slice(1)
  .filter((l) => l.trim() !== '')
  .map((l) => l.split(';'));

function statbankCsv(period: string): string {
  const total = MUNICIPAL_ROWS.reduce((s, r) => s + Number(r[2]), 0);
  const rows = [['000 Hele landet', String(total)], ['084 Region Hovedstaden', '1846023'], ...MUNICIPAL_ROWS.map((r) => [r[0] ?? '', r[2] ?? ''])];
  return `\uFEFFOMRÅDE;KØN;ALDER;CIVILSTAND;TID;INDHOLD\r\n${rows.map(([area, n]) => `${area ?? ''};I alt;Alder i alt;I alt;${period};${n ?? ''}`).join('\r\n')}\r\n`;
}

describeEachDatabase('HTTP population straight from StatBank (fake StatBank server)', (getDb) => {
  let app: App;
  let admin: TestClient;
  let server: Server;
  let baseUrl: string;
  const requests: Record<string, unknown>[] = [];
  const previousUrl = process.env['KLYNGE_STATBANK_URL'];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const parsed = JSON.parse(body) as { table: string; format: string; variables: { code: string; values: string[] }[] };
        requests.push(parsed);
        const tid = parsed.variables.find((v) => v.code.toLowerCase() === 'tid')?.values[0] ?? '';
        if (req.method !== 'POST' || req.url !== '/v1/data' || parsed.table !== 'FOLK1A' || tid !== '2022K1') {
          res.writeHead(400, { 'content-type': 'application/json; charset=utf-8' });
          res.end(JSON.stringify({ errorTypeCode: 'EXTRACT-NOTFOUND', message: `Værdien "${tid}" findes ikke for variablen "Tid" i tabellen FOLK1A.` }));
          return;
        }
        res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' });
        res.end(statbankCsv(tid));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/v1`;
    process.env['KLYNGE_STATBANK_URL'] = baseUrl;
    await seedDatabase(getDb().kysely);
    app = await testApp(getDb());
    admin = await clientWithRoles(getDb(), [{ role: 'system-admin', scope: { kind: 'all', id: null } }], 'admin');
  });
  afterAll(async () => {
    if (previousUrl === undefined) delete process.env['KLYNGE_STATBANK_URL'];
    else process.env['KLYNGE_STATBANK_URL'] = previousUrl;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if ((app as App | undefined) !== undefined) await app.close();
  });

  const counts = async (): Promise<{ imports: number; figures: number }> => ({
    imports: (await getDb().kysely.selectFrom('population_imports').select('id').execute()).length,
    figures: (await getDb().kysely.selectFrom('population_figures').select('period').execute()).length,
  });

  it('fetches FOLK1A 2022K1 (all areas, totals) and the preview equals the preview of the same file uploaded', async () => {
    const fetched = await app.inject({ method: 'POST', url: '/api/population/statbank', headers: admin.headers(), payload: { period: '2022K1' } });
    expect(fetched.statusCode, fetched.body).toBe(201);
    expect(requests.at(-1)).toMatchObject({
      table: 'FOLK1A',
      format: 'CSV',
      variables: [
        { code: 'OMRÅDE', values: ['*'] },
        { code: 'KØN', values: ['TOT'] },
        { code: 'ALDER', values: ['IALT'] },
        { code: 'CIVILSTAND', values: ['TOT'] },
        { code: 'Tid', values: ['2022K1'] },
      ],
    });
    const uploaded = await app.inject({ method: 'POST', url: '/api/population/imports?filename=FOLK1A.csv', headers: admin.headers({ 'content-type': 'text/csv' }), payload: statbankCsv('2022K1') });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    type Preview = { importId: string; period: string; source: string; municipalities: number; changes: unknown[] };
    const a = json<Preview>(fetched);
    const b = json<Preview>(uploaded);
    expect(a.period).toBe('2022K1');
    expect(a.municipalities).toBe(98);
    expect({ ...a, importId: '', source: '' }).toEqual({ ...b, importId: '', source: '' });
    expect(a.source).toContain('Statistikbanken FOLK1A 2022K1');
    // Then the ordinary confirm stores it.
    const confirm = await app.inject({ method: 'POST', url: `/api/population/imports/${a.importId}/confirm`, headers: admin.headers() });
    expect(confirm.statusCode, confirm.body).toBe(200);
    expect(json(confirm)).toEqual({ period: '2022K1', count: 98 });
  });

  it('a StatBank error answer gives a clear Danish message and changes nothing', async () => {
    const before = await counts();
    const res = await app.inject({ method: 'POST', url: '/api/population/statbank', headers: admin.headers(), payload: { period: '2030K1' } });
    expect(res.statusCode).toBe(422);
    const p = json<{ detail: string; code: string }>(res);
    expect(p.code).toBe('import.statbank');
    expect(p.detail).toBe('Statistikbanken afviste forespørgslen på FOLK1A 2030K1 (HTTP 400): Værdien "2030K1" findes ikke for variablen "Tid" i tabellen FOLK1A. Intet er indlæst.');
    expect(await counts()).toEqual(before);
  });

  it('without a connection to StatBank the user is told to upload the file instead; nothing changes', async () => {
    const before = await counts();
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    process.env['KLYNGE_STATBANK_URL'] = `http://127.0.0.1:${String(port)}/v1`;
    try {
      const res = await app.inject({ method: 'POST', url: '/api/population/statbank', headers: admin.headers(), payload: { period: '2022K1' } });
      expect(res.statusCode).toBe(400);
      expect(json<{ detail: string }>(res).detail).toMatch(/kan ikke nås fra serveren.*læs den ind med “Vælg fil”/);
    } finally {
      process.env['KLYNGE_STATBANK_URL'] = baseUrl;
    }
    expect(await counts()).toEqual(before);
    // A malformed quarter is refused by the contract before anything is asked.
    expect((await app.inject({ method: 'POST', url: '/api/population/statbank', headers: admin.headers(), payload: { period: '2022-1' } })).statusCode).toBe(400);
  });
});
