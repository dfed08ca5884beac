#!/usr/bin/env node
/**
 * `npm run build:server` (part of `prepare`, so `npm install` runs it; `npm test` runs it first):
 * the server and the `klynge` CLI compiled and bundled by esbuild to dist/server (our code in a
 * few files with source maps; packages stay in node_modules), then the pre-initialised database
 * for the first start, dist/pgdata (migrated and seeded; see src/app/seed-snapshot.ts), remade
 * only when this build or the migrations or reference data differ from the one that made it.
 *
 *   node scripts/build-server.mjs [--no-snapshot]
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const OUT = 'dist/server';
/** Dependencies compiled into dist/server; every other package is imported from node_modules. */
const BUNDLED = new Set(['kysely', 'csv-parse', 'csv-stringify']);
const started = performance.now();
rmSync(OUT, { recursive: true, force: true });
await build({
  entryPoints: { main: 'src/main.ts', cli: 'src/cli/main.ts', 'seed-snapshot': 'src/app/seed-snapshot.ts' },
  outdir: OUT,
  bundle: true,
  // Code loaded on demand (each CLI command, ExcelJS's users) stays in its own chunk.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  // Packages stay in node_modules (bundling them all measured no faster), except a few pure ES
  // module packages: Kysely's ~280 modules cost 65–80 ms to resolve and load at every start,
  // bundled ~20 ms; csv-parse and csv-stringify likewise. (zod must stay shared with
  // fastify-type-provider-zod, which imports it from node_modules.)
  external: Object.keys(JSON.parse(readFileSync('package.json', 'utf8')).dependencies).filter((p) => !BUNDLED.has(p)).flatMap((p) => [p, `${p}/*`]),
  sourcemap: true,
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
const digest = createHash('sha256');
for (const dir of [OUT, join(OUT, 'chunks')]) {
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.js')).sort()) digest.update(`${f}\n`).update(readFileSync(join(dir, f)));
}
const buildId = digest.digest('hex').slice(0, 16);
console.log(`${OUT} built in ${String(Math.round(performance.now() - started))} ms`);

if (!process.argv.includes('--no-snapshot')) {
  const t = performance.now();
  try {
    const snapshot = await import(pathToFileURL(join(OUT, 'seed-snapshot.js')).href);
    if (snapshot.seedSnapshotIsCurrent(buildId)) {
      console.log('dist/pgdata is current');
    } else {
      await snapshot.makeSeedSnapshot(buildId);
      console.log(`dist/pgdata (first-start database) made in ${String(Math.round(performance.now() - t))} ms`);
    }
  } catch (e) {
    // Not fatal: without the snapshot the first start initialises the database itself (slower).
    console.warn(`warning: dist/pgdata not made (${e instanceof Error ? e.message : String(e)}); the first start will initialise the database itself.`);
  }
}
