/**
 * Start-up measurements for `npm run bench` (issue 13): the built server (`node bin/server.mjs`,
 * as `npm start` runs it) from spawn to the first 200 from /api/health — on an empty data folder
 * (first start) and again on the same folder (second start) — against a bare `node:http` server
 * spawned the same way; and `klynge --help` against `node -e 0`. The runs alternate with their
 * baselines so the machine's drift hits both alike; medians of n. Needs the build
 * (`npm run build:server`, which `npm install` runs).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchOptions, BenchRow } from './run.ts';
import { median } from './common.ts';

const ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));
const BARE = ['-e', "require('node:http').createServer((q,s)=>s.end('ok')).listen(Number(process.env.PORT),'127.0.0.1')"];
const TIMEOUT_MS = 180_000;

const ms = (x: number): string => `${x < 10 ? x.toFixed(1) : Math.round(x).toLocaleString('da-DK')} ms`;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const a = s.address();
  await new Promise((r) => s.close(r));
  return typeof a === 'object' && a !== null ? a.port : 0;
}

/**
 * Milliseconds from spawning `node ARGS` until GET http://127.0.0.1:PORT/PATH answers 200; then
 * the process is stopped with SIGTERM (the server closes its database cleanly) and awaited.
 */
export async function timeToAnswer(args: readonly string[], path: string, env: Record<string, string> = {}): Promise<number> {
  const port = await freePort();
  const t = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: 'ignore' });
  let exited = false;
  const exit = new Promise((r) => child.once('exit', () => r((exited = true))));
  try {
    while (performance.now() - t < TIMEOUT_MS) {
      if (exited) throw new Error(`node ${args.join(' ')} exited before answering`);
      try {
        const res = await fetch(`http://127.0.0.1:${String(port)}${path}`);
        await res.arrayBuffer();
        if (res.ok) return performance.now() - t;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no answer from node ${args.join(' ')} within ${String(TIMEOUT_MS / 1000)} s`);
  } finally {
    if (!exited) child.kill('SIGTERM');
    await exit;
  }
}

/** Milliseconds for `node ARGS` to run to its end (exit 0 required). */
function timeToExit(args: readonly string[]): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${String(r.status)}`);
  return performance.now() - t;
}

/** `klynge --help` (the installed bin, compiled) against `node -e 0`, alternating. */
export function helpRow(reps: number): BenchRow {
  const base: number[] = [];
  const help: number[] = [];
  for (let k = 0; k < reps; k += 1) {
    base.push(timeToExit(['-e', '0']));
    help.push(timeToExit(['bin/klynge.mjs', '--help']));
  }
  return { what: 'klynge --help ÷ node -e 0', database: '—', baseline: ms(median(base)), klynge: ms(median(help)), ratio: median(help) / median(base), n: reps };
}

/**
 * First start on an empty data folder and second start on the same folder, each beside a bare
 * node:http server started just before it; then, on the same folder, PGlite alone (the floor
 * under the second start: scripts/bench/pglite-floor.mjs) beside the same bare server; n rounds,
 * each with its own folder.
 */
export async function startRows(opts: Pick<BenchOptions, 'tiny' | 'log'>): Promise<BenchRow[]> {
  const reps = opts.tiny ? 1 : 5;
  const bareFirst: number[] = [];
  const first: number[] = [];
  const bareSecond: number[] = [];
  const second: number[] = [];
  const floor: number[] = [];
  for (let k = 0; k < reps; k += 1) {
    const dir = mkdtempSync(join(tmpdir(), 'klynge-bench-start-'));
    try {
      const env = { KLYNGE_DATA_DIR: join(dir, 'data'), KLYNGE_ADMIN_PASSWORD: 'Bænkprøve-Fjord-Hyld-2026' };
      bareFirst.push(await timeToAnswer(BARE, '/'));
      first.push(await timeToAnswer(['bin/server.mjs'], '/api/health', env));
      bareSecond.push(await timeToAnswer(BARE, '/'));
      second.push(await timeToAnswer(['bin/server.mjs'], '/api/health', env));
      floor.push(await timeToAnswer(['scripts/bench/pglite-floor.mjs'], '/', env));
      opts.log?.(`start ${String(k + 1)}/${String(reps)}: bar ${ms(bareFirst.at(-1) ?? NaN)}, første ${ms(first.at(-1) ?? NaN)}, bar ${ms(bareSecond.at(-1) ?? NaN)}, anden ${ms(second.at(-1) ?? NaN)}, PGlite alene ${ms(floor.at(-1) ?? NaN)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const row = (what: string, base: number[], klynge: number[]): BenchRow => ({ what, database: 'PGlite', baseline: ms(median(base)), klynge: ms(median(klynge)), ratio: median(klynge) / median(base), n: reps });
  return [
    row('første start (tom datamappe) til /api/health ÷ bar node:http', bareFirst, first),
    row('anden start til /api/health ÷ bar node:http', bareSecond, second),
    row('PGlite alene (create + SELECT 1 på samme mappe, så node:http) ÷ bar node:http', bareSecond, floor),
  ];
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // `npx tsx scripts/bench/start.ts [--tiny]`: these rows alone (npm run bench runs them with the rest).
  const tiny = process.argv.includes('--tiny');
  const rows = [...(await startRows({ tiny, log: (l) => console.log(l) })), helpRow(tiny ? 1 : 9)];
  for (const r of rows) console.log(`${r.what}: ${r.baseline} → ${r.klynge} = ${r.ratio.toFixed(2)}× (n=${String(r.n)})`);
}
