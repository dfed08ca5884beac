import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDatabase } from '../app/seed.ts';
import { describeEachDatabase } from '../infra/db/testing.ts';
import type { App } from './app.ts';
import { clientWithRoles, json, testApp, type TestClient } from './testing.ts';

/**
 * A large ledger extract over HTTP (issue 13 §6): taken whole in one transaction (inserted in
 * batches), or refused whole with a clear Danish message — never a 500, never half written.
 * `npm test` sends 10.000 lines (the old limit was 6.553); KLYNGE_IMPORT_LINES=100000 runs the size (figures in
 * BENCHMARKS.md). A file over the request limit (10 MB) is refused as too large.
 */
const LINES = Number(process.env['KLYNGE_IMPORT_LINES'] ?? 10_000);
const CLUSTER = 'hovedstaden-syd';
const HEADER = 'Indsats;Part;Periode;Beløb;Kategori;Finansiering;Tekst';

describeEachDatabase(`HTTP: an actuals import of ${LINES.toLocaleString('da-DK')} lines`, (getDb) => {
  let app: App;
  let secretariat: TestClient;
  let initiativeId = '';

  const actualsCount = async (): Promise<number> =>
    Number((await sql<{ n: string | number }>`SELECT count(*) AS n FROM actuals WHERE cluster_id = ${CLUSTER}`.execute(getDb().kysely)).rows[0]?.n ?? -1);
  const send = (body: string, filename: string) =>
    app.inject({ method: 'POST', url: `/api/clusters/${CLUSTER}/actuals/import?filename=${filename}`, headers: secretariat.headers({ 'content-type': 'text/csv' }), payload: body });
  /** Distinct lines (amount i øre), own funds, spread over the twelve months of 2022. */
  const extract = (n: number, bad?: number): string => {
    const rows: string[] = [HEADER];
    for (let i = 1; i <= n; i += 1) {
      const period = i === bad ? '2022-13' : `2022-${String((i % 12) + 1).padStart(2, '0')}`;
      rows.push(`${initiativeId};101;${period};${String(Math.floor(i / 100))},${String(i % 100).padStart(2, '0')};Udvikling;Egne midler;L${String(i)}`);
    }
    return `${rows.join('\n')}\n`;
  };

  beforeAll(async () => {
    await seedDatabase(getDb().kysely);
    app = await testApp(getDb());
    secretariat = await clientWithRoles(getDb(), [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: CLUSTER } }], 'sekretariat-syd');
    const created = await app.inject({
      method: 'POST',
      url: `/api/clusters/${CLUSTER}/initiatives`,
      headers: secretariat.headers(),
      payload: {
        title: 'Stort udtræk',
        targetGroup: 'chronic-illness',
        startPeriod: '2022-01',
        endPeriod: '2022-12',
        executingParties: ['101'],
        lines: [{ kind: 'other', id: 'l1', year: 2022, description: 'Udvikling', category: 'development', funding: 'own', party: '101', amountOre: 100_000_000 }],
      },
    });
    expect(created.statusCode).toBe(201);
    const body = json<{ id: string; version: number }>(created);
    initiativeId = body.id;
    const approved = await app.inject({ method: 'POST', url: `/api/initiatives/${initiativeId}/approve`, headers: secretariat.headers(), payload: { version: body.version, date: '2022-01-12', level: 'political', meetingReference: 'Politisk niveau 12.01.2022' } });
    expect(approved.statusCode).toBe(200);
  });
  afterAll(async () => {
    if ((app as App | undefined) !== undefined) await app.close();
  });

  it('refuses the whole file for one bad line among them all, names the line, and writes nothing', async () => {
    const before = await actualsCount();
    const res = await send(extract(LINES, LINES - 1), 'fejl.csv');
    expect(res.statusCode).toBe(422);
    const problem = json<{ detail: string; errors: { line: number; message: string }[] }>(res);
    expect(problem.detail).toBe('Forbruget er afvist, og intet er ændret: 1 linje(r) har fejl.');
    expect(problem.errors).toEqual([{ line: LINES, message: expect.stringMatching(new RegExp(`^Linje ${String(LINES)}: .*2022-13`)) as unknown }]);
    expect(await actualsCount()).toBe(before);
  });

  it('takes every line of a large extract, in one transaction', async () => {
    const before = await actualsCount();
    const body = extract(LINES);
    const res = await send(body, 'stort.csv');
    if (Buffer.byteLength(body) > 10 * 1024 * 1024) {
      // Over the request limit: refused whole, as too large, before anything is read.
      expect(res.statusCode).toBe(413);
      expect(await actualsCount()).toBe(before);
      return;
    }
    expect(res.statusCode, res.body.slice(0, 600)).toBe(201);
    expect(json<{ count: number }>(res).count).toBe(LINES);
    expect(await actualsCount()).toBe(before + LINES);
    const sum = await sql<{ s: string | number }>`SELECT sum(amount_ore) AS s FROM actuals WHERE cluster_id = ${CLUSTER}`.execute(getDb().kysely);
    expect(Number(sum.rows[0]?.s)).toBe((LINES * (LINES + 1)) / 2);
  });
});
