import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../infra/db/testing.ts';
import { seedDatabase } from '../app/seed.ts';
import type { App } from './app.ts';
import { clientWithRoles, testApp, type TestClient } from './testing.ts';
import { generator, mutate } from './test-fuzz.ts';

/**
 * The import fuzzer (issue 11 §8) for the FOLK1A import over HTTP: files made by mutating a valid
 * one (lines dropped, doubled, swapped; fields broken; bytes flipped — NUL, bad UTF-8, lone
 * surrogate bytes, Windows-1252; separators and line endings changed; truncated). Every answer
 * must be 201 or a 4xx, within 5 s, and a refused file must write nothing. The small run is part
 * of `npm test`; the long run: KLYNGE_FUZZ_FILES=10000 npx vitest run src/http/import-fuzz.test.ts
 * (seed KLYNGE_FUZZ_SEED to reproduce a run).
 */
const FILES = Number(process.env['KLYNGE_FUZZ_FILES'] ?? 150);
const SEED = Number(process.env['KLYNGE_FUZZ_SEED'] ?? 20261129);
const VALID = readFileSync(new URL('../../e2e/fixtures/folk1a-2020k1.csv', import.meta.url));

describeEachDatabase('import fuzzer: FOLK1A over HTTP', (getDb) => {
  let app: App;
  let admin: TestClient;

  beforeAll(async () => {
    await seedDatabase(getDb().kysely);
    app = await testApp(getDb());
    admin = await clientWithRoles(getDb(), [{ role: 'system-admin', scope: { kind: 'all', id: null } }], 'fuzz');
  });
  afterAll(async () => {
    if ((app as App | undefined) !== undefined) await app.close();
  });

  it(`${String(FILES)} generated files: never 5xx, never over 5 s, nothing written on refusal`, async () => {
    const random = generator(SEED);
    const counts = { accepted: 0, refused: 0, defects: 0 };
    const figures = async () => Number((await getDb().kysely.selectFrom('population_figures').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const pending = async () => Number((await getDb().kysely.selectFrom('population_imports').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const figuresBefore = await figures();
    let slowest = 0;
    for (let n = 0; n < FILES; n++) {
      const file = mutate(VALID, random);
      const pendingBefore = await pending();
      const started = performance.now();
      const res = await app.inject({ method: 'POST', url: '/api/population/imports', headers: admin.headers({ 'content-type': 'text/csv' }), payload: file });
      const ms = performance.now() - started;
      slowest = Math.max(slowest, ms);
      const ok = res.statusCode === 201 || (res.statusCode >= 400 && res.statusCode < 500);
      if (!ok || ms > 5000) {
        counts.defects += 1;
        expect.soft({ n, status: res.statusCode, ms, body: res.body.slice(0, 300) }).toBeUndefined();
      }
      if (res.statusCode === 201) counts.accepted += 1;
      else {
        counts.refused += 1;
        // A refused file leaves no pending import behind.
        if ((await pending()) !== pendingBefore) counts.defects += 1;
      }
    }
    // Previews never change the figures (only a confirmation does).
    expect(await figures()).toBe(figuresBefore);
    expect(counts.defects).toBe(0);
    expect(counts.accepted + counts.refused).toBe(FILES);
    // Both outcomes occur, so the generator reaches past the first check.
    expect(counts.refused).toBeGreaterThan(0);
    if (process.env['KLYNGE_FUZZ_REPORT'] === '1') console.log(JSON.stringify({ files: FILES, ...counts, slowestMs: Math.round(slowest) }));
  }, 600_000);
});
