import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../infra/db/testing.ts';
import { seedDatabase } from '../app/seed.ts';
import { syntheticRateFile } from '../app/key-figures/test-fixtures.ts';
import type { App } from './app.ts';
import { clientWithRoles, json, testApp, type TestClient } from './testing.ts';
import { generator, mutate } from './test-fuzz.ts';

/**
 * The import fuzzers (issue 11 §8) for the actuals extract (bogføringsudtræk, CSV) and the key
 * figures file (nøgletal, CSV) over HTTP, with the FOLK1A fuzzer's generator: every answer 201/200
 * or a 4xx, within 5 s, and a refused file writes nothing (no actuals, no pending key-figure
 * import). Small run in `npm test`; the long run:
 * KLYNGE_FUZZ_FILES=10000 KLYNGE_FUZZ_REPORT=1 npx vitest run src/http/import-fuzz-files.test.ts
 */
const FILES = Number(process.env['KLYNGE_FUZZ_FILES'] ?? 40);
const SEED = Number(process.env['KLYNGE_FUZZ_SEED'] ?? 20261129);
const CLUSTER = 'hovedstaden-syd';
const KR = 100;

describeEachDatabase('import fuzzers: actuals extract and key figures over HTTP', (getDb) => {
  let app: App;
  let admin: TestClient;
  let secretariat: TestClient;
  let actualsBase = Buffer.alloc(0);

  beforeAll(async () => {
    await seedDatabase(getDb().kysely);
    app = await testApp(getDb());
    admin = await clientWithRoles(getDb(), [{ role: 'system-admin', scope: { kind: 'all', id: null } }], 'fuzz');
    secretariat = await clientWithRoles(getDb(), [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: CLUSTER } }], 'fuzz-syd');
    const post = (url: string, payload: Record<string, unknown>) => app.inject({ method: 'POST', url, headers: secretariat.headers(), payload });
    const created = json<{ id: string; version: number }>(await post(`/api/clusters/${CLUSTER}/initiatives`, {
      title: 'Fuzz-indsats', description: 'Udføres af København', targetGroup: 'chronic-illness', startPeriod: '2022-01', endPeriod: '2022-12', executingParties: ['101', '167'],
      lines: [{ kind: 'other', id: 'l1', year: 2022, description: 'Afprøvning', category: 'development', funding: 'common', party: '101', amountOre: 1_000_000 * KR }],
    }));
    const approved = json<{ version: number }>(await post(`/api/initiatives/${created.id}/approve`, { version: created.version, date: '2022-02-01', level: 'political', meetingReference: 'Fuzz 01.02.2022' }));
    await post(`/api/initiatives/${created.id}/status`, { version: approved.version, status: 'running' });
    const lines = ['Indsats;Part;Periode;Beløb;Kategori;Finansiering;Tekst'];
    for (let m = 1; m <= 8; m++) lines.push(`${created.id};${m % 2 === 0 ? '101' : '167'};2022-${String(m).padStart(2, '0')};${String(m)}00,${String(m)}5;Udvikling;Fælles midler;Løn ${String(m)}`);
    actualsBase = Buffer.from(`${lines.join('\n')}\n`);
    // The base file itself is accepted: the generator starts from a valid extract.
    const first = await app.inject({ method: 'POST', url: `/api/clusters/${CLUSTER}/actuals/import?filename=base.csv`, headers: secretariat.headers({ 'content-type': 'text/csv' }), payload: actualsBase });
    expect(first.statusCode, first.body).toBe(201);
  });
  afterAll(async () => {
    if ((app as App | undefined) !== undefined) await app.close();
  });

  const count = async (table: 'actuals' | 'key_figure_imports' | 'key_figures'): Promise<number> =>
    Number((await getDb().kysely.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  async function fuzz(name: string, base: Buffer, send: (file: Buffer, n: number) => Promise<{ statusCode: number; body: string }>, written: () => Promise<number>): Promise<void> {
    const random = generator(SEED);
    const counts = { accepted: 0, refused: 0, defects: 0 };
    let slowest = 0;
    // Nothing else writes during a run, so the count after one file is the count before the next:
    // one count per file instead of two (the count is exact, not sampled).
    let before = await written();
    for (let n = 0; n < FILES; n++) {
      const file = mutate(base, random);
      const started = performance.now();
      const res = await send(file, n);
      const ms = performance.now() - started;
      slowest = Math.max(slowest, ms);
      const accepted = res.statusCode === 200 || res.statusCode === 201;
      if (!(accepted || (res.statusCode >= 400 && res.statusCode < 500)) || ms > 5000) {
        counts.defects += 1;
        expect.soft({ name, n, status: res.statusCode, ms, body: res.body.slice(0, 300) }).toBeUndefined();
      }
      const after = await written();
      if (accepted) counts.accepted += 1;
      else {
        counts.refused += 1;
        if (after !== before) {
          counts.defects += 1;
          expect.soft({ name, n, writtenOnRefusal: after - before, status: res.statusCode }).toBeUndefined();
        }
      }
      before = after;
      // Progress of a long run, so a run stopped early still has its figures.
      if (process.env['KLYNGE_FUZZ_REPORT'] === '1' && (n + 1) % 1000 === 0) console.log(JSON.stringify({ import: name, progress: n + 1, ...counts, slowestMs: Math.round(slowest) }));
    }
    expect(counts.defects).toBe(0);
    expect(counts.refused).toBeGreaterThan(0);
    if (process.env['KLYNGE_FUZZ_REPORT'] === '1') console.log(JSON.stringify({ import: name, files: FILES, ...counts, slowestMs: Math.round(slowest) }));
  }

  it(`actuals extract: ${String(FILES)} generated files, never 5xx or over 5 s, nothing written on refusal`, async () => {
    await fuzz(
      'actuals-csv',
      actualsBase,
      // Every other file confirms duplicates, so accepted files also reach the write path.
      (file, n) => app.inject({ method: 'POST', url: `/api/clusters/${CLUSTER}/actuals/import?filename=fuzz-${String(n)}.csv${n % 2 === 0 ? '&confirmDuplicates=true' : ''}`, headers: secretariat.headers({ 'content-type': 'text/csv' }), payload: file }),
      () => count('actuals'),
    );
  }, 3_600_000);

  it(`key figures: ${String(FILES)} generated files, never 5xx or over 5 s, nothing written on refusal`, async () => {
    const figures = await count('key_figures');
    await fuzz(
      'key-figures-csv',
      Buffer.from(syntheticRateFile()),
      (file) => app.inject({ method: 'POST', url: '/api/key-figures/imports', headers: admin.headers({ 'content-type': 'text/csv' }), payload: file }),
      () => count('key_figure_imports'),
    );
    // Previews never change the figures; only a confirmation does.
    expect(await count('key_figures')).toBe(figures);
  }, 3_600_000);
});
