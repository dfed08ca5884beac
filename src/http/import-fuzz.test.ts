import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../infra/db/testing.ts';
import { seedDatabase } from '../app/seed.ts';
import type { App } from './app.ts';
import { clientWithRoles, testApp, type TestClient } from './testing.ts';

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

/** mulberry32: a small seeded generator, so a failing file can be made again. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NASTY = ['', '0', '-1', '9007199254740993', '1e9', '1.000', '1,5', ' 42 ', '٣', 'NaN', '\u0000', '"', '""', '=1+1', 'x'.repeat(3000), '101', '2020K5', '2020K1', 'København'];

function mutate(base: Buffer, random: () => number): Buffer {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  let lines = base.toString('utf8').split('\n');
  const steps = 1 + Math.floor(random() * 4);
  for (let s = 0; s < steps; s++) {
    const i = Math.floor(random() * lines.length);
    switch (Math.floor(random() * 9)) {
      case 0:
        lines.splice(i, 1);
        break;
      case 1:
        lines.splice(i, 0, lines[i] ?? '');
        break;
      case 2: {
        const j = Math.floor(random() * lines.length);
        [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
        break;
      }
      case 3: {
        const cells = (lines[i] ?? '').split(';');
        cells[Math.floor(random() * Math.max(1, cells.length))] = pick(NASTY);
        lines[i] = cells.join(';');
        break;
      }
      case 4:
        lines[i] = (lines[i] ?? '').replaceAll(';', pick([',', '\t', ';;', '']));
        break;
      case 5:
        lines = lines.slice(0, Math.floor(random() * lines.length));
        break;
      case 6:
        lines = [lines.join(pick(['\r\n', '\r', '\n\n']))];
        break;
      case 7:
        lines[i] = `${lines[i] ?? ''};${pick(NASTY)}`;
        break;
      default:
        break;
    }
  }
  let bytes = Buffer.from(lines.join('\n'), 'utf8');
  if (random() < 0.3) {
    // Byte-level damage: NUL, invalid UTF-8, an encoded lone surrogate, a BOM, Windows-1252.
    const at = Math.floor(random() * bytes.length);
    const insert = pick([Buffer.from([0]), Buffer.from([0xff, 0xfe]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Ærø', 'latin1')]);
    bytes = Buffer.concat([bytes.subarray(0, at), insert, bytes.subarray(at)]);
  }
  return bytes;
}

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
