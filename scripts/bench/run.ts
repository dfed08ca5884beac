/**
 * `npm run bench` (issue 13): every measurement side by side with its baseline, on PGlite and on
 * the PostgreSQL server, as ratios (timings on a shared machine are noisy; ratios of runs made
 * side by side are not). Prints a table (what, baseline, Klynge, ratio, n) and writes it, with
 * the method, to BENCHMARKS.md's performance section. Every load is bounded (≤ 30 s) and all
 * traffic goes to 127.0.0.1.
 *
 *   npm run bench                       full run (server: KLYNGE_BENCH_DATABASE_URL or
 *                                       postgres://postgres@127.0.0.1:5432/postgres; "off" skips it)
 *   npm run bench -- --tiny             the smoke run (also in npm test, without timing checks)
 *   npm run bench -- --no-write         print only
 */
import autocannon from 'autocannon';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { approve, createSettlement, economyView, economyWorkbook, proposeInitiative } from '../../src/app/economy/index.ts';
import { seedDatabase } from '../../src/app/seed.ts';
import { ore } from '../../src/core/money.ts';
import { SYSTEM_ACTOR } from '../../src/infra/audit/audit.ts';
import type { Database } from '../../src/infra/db/database.ts';
import { clientWithRoles } from '../../src/http/testing.ts';
import { buildServerApp } from '../../src/http/server.ts';
import { auditRows } from './audit.ts';
import { distributeRows } from './distribute.ts';
import { buildHistory, historyClusters, type HistorySize } from './history.ts';
import { helpRow, startRows } from './start.ts';
import { median, assertLocal, freshDatabase } from './common.ts';

const ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));
const MAX_LOAD_MS = 30_000;

export interface BenchRow {
  readonly what: string;
  readonly database: 'PGlite' | 'PostgreSQL' | '—';
  readonly baseline: string;
  readonly klynge: string;
  /** Klynge ÷ baseline for times; for throughput baseline ÷ Klynge's share is given as text. */
  readonly ratio: number;
  readonly n: number;
  readonly note?: string;
}

export interface BenchOptions {
  readonly tiny: boolean;
  /** postgres://…@127.0.0.1/… admin URL, or null for PGlite only. */
  readonly serverUrl: string | null;
  readonly log?: (line: string) => void;
  /** Which groups to run (default all). */
  readonly only?: readonly ('history' | 'load' | 'start' | 'cli' | 'audit')[];
}

const ms = (x: number): string => `${x < 10 ? x.toFixed(1) : Math.round(x).toLocaleString('da-DK')} ms`;

async function timeIt(fn: (k: number) => Promise<unknown>, n: number): Promise<number> {
  const times: number[] = [];
  for (let k = 0; k < n; k += 1) {
    const t = performance.now();
    await fn(k);
    times.push(performance.now() - t);
  }
  return median(times);
}

/** Years of history for the "many" database: 10, or KLYNGE_BENCH_YEARS (a shorter build on a busy machine). */
function historyYears(): number {
  const n = Number(process.env['KLYNGE_BENCH_YEARS'] ?? '10');
  return Number.isInteger(n) && n >= 2 ? n : 10;
}

function sizes(tiny: boolean): { one: HistorySize; many: HistorySize; reps: number } {
  const base = tiny ? { clusters: 1, initiatives: 2, actualsPerInitiative: 2, lastYear: 2022 } : { clusters: 4, initiatives: 30, actualsPerInitiative: 22, lastYear: 2022 };
  return { one: { ...base, years: 1 }, many: { ...base, years: tiny ? 2 : historyYears() }, reps: tiny ? 1 : 5 };
}

/** 1 year against N years of history: the same 2022 requests on both databases. */
async function historyRows(label: BenchRow['database'], serverUrl: string | null, opts: BenchOptions): Promise<BenchRow[]> {
  const { one, many, reps } = sizes(opts.tiny);
  const dbs = [await freshDatabase(serverUrl), await freshDatabase(serverUrl)] as const;
  try {
    const built: { initiatives: number; actuals: number }[] = [];
    for (const [k, size] of [one, many].entries()) {
      const db = dbs[k]!.db.kysely;
      await seedDatabase(db);
      const t = performance.now();
      built.push(await buildHistory(db, size));
      opts.log?.(`${label}: ${String(size.years)} år historik bygget gennem services (${String(built[k]!.initiatives)} indsatser, ${String(built[k]!.actuals)} forbrugslinjer) på ${ms(performance.now() - t)}`);
    }
    const [c] = await historyClusters(dbs[0].db.kysely, 1, 2022);
    if (!c) throw new Error('no cluster');
    const measure = async (fn: (db: Database, k: number) => Promise<unknown>): Promise<[number, number]> => {
      // Warm both once, then alternate so drift on the machine hits both alike.
      await fn(dbs[0].db, -1);
      await fn(dbs[1].db, -1);
      const a: number[] = [];
      const b: number[] = [];
      for (let k = 0; k < reps; k += 1) {
        a.push(await timeIt(() => fn(dbs[0].db, k), 1));
        b.push(await timeIt(() => fn(dbs[1].db, k), 1));
      }
      return [median(a), median(b)];
    };
    const rows: BenchRow[] = [];
    const add = (what: string, [a, b]: [number, number]): void => {
      rows.push({ what: `${what} (${String(many.years)} år historik ÷ 1 år)`, database: label, baseline: ms(a), klynge: ms(b), ratio: b / a, n: reps });
    };
    // In a transaction, so the view is computed each time (outside one it is kept until the data changes).
    add('økonomivisning 2022', await measure((db) => db.kysely.transaction().execute((trx) => economyView(trx, c.clusterId, 2022))));
    add('regneark 2022', await measure((db) => economyWorkbook(db.kysely, c.clusterId, 2022)));
    // Settlement: a fresh month each time (a settled month answers with the existing run).
    add('afregning af en måned 2022', await measure((db, k) => {
      const m = String(k + 2).padStart(2, '0');
      return createSettlement(db.kysely, SYSTEM_ACTOR, c.clusterId, { from: `2022-${m}`, to: `2022-${m}` });
    }));
    add('opret og godkend en indsats 2022', await measure(async (db, k) => {
      const i = await proposeInitiative(db.kysely, SYSTEM_ACTOR, c.clusterId, { title: `Måling ${String(k)}`, description: '', targetGroup: 'acute', startPeriod: '2022-01', endPeriod: '2022-12', executingParties: [c.party], forecast: { lines: [{ kind: 'other', id: 'l1', year: 2022, description: 'Måling', category: 'trial', funding: 'common', party: c.party, amount: ore(1_000_00) }] } });
      await approve(db.kysely, SYSTEM_ACTOR, i.id, i.version, { date: '2022-03-01', level: 'political', meetingReference: 'Måling' });
    }));
    if (opts.only === undefined || opts.only.includes('load')) rows.push(...(await loadRows(label, dbs[1].db, c.clusterId, opts)));
    return rows;
  } finally {
    for (const d of dbs) await d.dispose();
  }
}

interface LoadResult {
  /** Answered 2xx per second. */
  readonly rps: number;
  readonly p99: number;
  readonly done: number;
  /** Non-2xx answers, socket errors and timeouts (10 s). */
  readonly failed: number;
  readonly firstError: string;
}

/**
 * Closed-loop load with autocannon (the Fastify project's load generator): `connections` keep-alive
 * connections, each sending the next request when the last answered, for `durationMs`. The client
 * runs in a worker thread, so it does not take the server's event loop, and it reads the answers
 * without decoding them — as a browser elsewhere would, the server's work is what is measured. It
 * asks for compression as a browser does (`br, gzip`).
 */
async function load(url: string, headers: Record<string, string>, connections: number, durationMs: number): Promise<LoadResult> {
  assertLocal(url);
  const seconds = Math.min(durationMs, MAX_LOAD_MS) / 1000;
  const r = await autocannon({ url, connections, duration: seconds, timeout: 10, workers: 1, headers: { ...headers, 'accept-encoding': 'gzip, deflate, br, zstd' } });
  const failed = r.non2xx + r.errors + r.timeouts;
  const firstError = r.timeouts > 0 ? `${String(r.timeouts)} timeout` : r.non2xx > 0 ? `${String(r.non2xx)} svar uden 2xx` : r.errors > 0 ? `${String(r.errors)} forbindelsesfejl` : '';
  return { rps: r['2xx'] / seconds, p99: r.latency.p99, done: r['2xx'], failed, firstError };
}

async function loadRows(label: BenchRow['database'], db: Database, clusterId: string, opts: BenchOptions): Promise<BenchRow[]> {
  const connections = opts.tiny ? 2 : 50;
  // Side by side: each route's load alternates with authenticated /api/health in rounds, so the
  // machine's other work hits both alike; the ratio is the median of the rounds' ratios.
  const rounds = opts.tiny ? 1 : 3;
  const duration = opts.tiny ? 1_500 : 5_000;
  const app = await buildServerApp(db, { webRoot: null });
  await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const client = await clientWithRoles(db, [{ role: 'national-reader', scope: { kind: 'all', id: null } }], 'maaler');
    const headers = { cookie: client.cookie };
    const base = `http://127.0.0.1:${String(port)}`;
    const rows: BenchRow[] = [];
    for (const [what, path] of [['fordeling 2022', '/api/years/2022/allocation'], ['register 2022', '/api/years/2022/register'], ['økonomivisning 2022', `/api/clusters/${clusterId}/economy/2022`]] as const) {
      const health: LoadResult[] = [];
      const view: LoadResult[] = [];
      for (let k = 0; k < rounds; k += 1) {
        health.push(await load(`${base}/api/health`, headers, connections, duration));
        view.push(await load(`${base}${path}`, headers, connections, duration));
      }
      const failed = view.reduce((n, r) => n + r.failed, 0);
      // autocannon gives each round's p99; the worst round's is shown.
      const p99 = Math.max(...view.map((r) => r.p99));
      rows.push({
        what: `${what} ved ${String(connections)} forbindelser: req/s ÷ logget-ind /api/health`,
        database: label,
        baseline: `${median(health.map((r) => r.rps)).toFixed(0)} req/s, p99 ${ms(Math.max(...health.map((r) => r.p99)))}`,
        klynge: `${median(view.map((r) => r.rps)).toFixed(0)} req/s, p99 ${ms(p99)}`,
        ratio: median(view.map((r, i) => r.rps / (health[i]?.rps ?? NaN))),
        n: view.reduce((n, r) => n + r.done, 0),
        ...(failed > 0 ? { note: `${String(failed)} fejlede/timeout: ${view.find((r) => r.firstError !== '')?.firstError ?? ''}` } : {}),
      });
    }
    return rows;
  } finally {
    await app.close();
  }
}

function cliRows(opts: BenchOptions): BenchRow[] {
  const reps = opts.tiny ? 1 : 5;
  const rows: BenchRow[] = [helpRow(reps)];
  // Distribution over 10⁶ (tiny: 10³) parties against a csv-parse parse-and-sum pass (scripts/bench/distribute.ts).
  rows.push(...distributeRows({ tiny: opts.tiny, ...(opts.log ? { log: opts.log } : {}) }));
  return rows;
}

export async function runBench(opts: BenchOptions): Promise<BenchRow[]> {
  const want = (g: 'history' | 'load' | 'start' | 'cli' | 'audit'): boolean => opts.only === undefined || opts.only.includes(g);
  const rows: BenchRow[] = [];
  if (want('history') || want('load')) {
    rows.push(...(await historyRows('PGlite', null, opts)));
    if (opts.serverUrl !== null) rows.push(...(await historyRows('PostgreSQL', opts.serverUrl, opts)));
  }
  if (want('cli')) rows.push(...cliRows(opts));
  if (want('audit')) rows.push(...(await auditRows({ tiny: opts.tiny, serverUrl: opts.serverUrl, pglite: true, ...(opts.log ? { log: opts.log } : {}) })));
  if (want('start')) rows.push(...(await startRows(opts)));
  return rows;
}

export function formatTable(rows: readonly BenchRow[]): string {
  const head = '| hvad | database | grundlinje | Klynge | forhold | n |\n|---|---|---:|---:|---:|---:|';
  return [head, ...rows.map((r) => `| ${r.what}${r.note !== undefined ? ` (${r.note})` : ''} | ${r.database} | ${r.baseline} | ${r.klynge} | ${r.ratio.toFixed(2).replace('.', ',')}× | ${String(r.n)} |`)].join('\n');
}

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

/** Replaces (or appends) the performance section of BENCHMARKS.md, keeping every other section. */
export function writeBenchmarks(rows: readonly BenchRow[], file = join(ROOT, 'BENCHMARKS.md')): void {
  const method = [
    START,
    '## Performance: `npm run bench` (issue 13)',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on the development machine (2 shared cores, Node ${process.version}), PGlite in memory and PostgreSQL on 127.0.0.1.`,
    '',
    'Method: every figure is a ratio to a baseline run side by side in the same process or on the same',
    'machine moments apart (medians of n). History: two fresh databases are seeded and given 1 and 10',
    'years of history (4 clusters × years × 30 initiatives proposed and approved, 22 actual lines each)',
    'through the services (`scripts/bench/history.ts`); the same 2022 requests are timed on both,',
    'alternating. Load: 50 connections from autocannon (in a worker thread) against the app on 127.0.0.1 for',
    '5 s each (every load ≤ 30 s), signed in as a national reader, beside authenticated `/api/health`. Start: spawn to',
    'the first 200 from `/api/health` against a bare `node:http` server spawned the same way.',
    'Distribution: `klynge distribute` against a csv-parse parse-and-sum pass over the same key file',
    '(`scripts/bench/distribute.ts`), peak memory by `/usr/bin/time -f %M`. `npm test` runs a tiny version (`scripts/bench/bench.test.ts`)',
    'that checks the rows come out, never the timings. Audit search: 10⁶ generated rows per database',
    '(`scripts/bench/audit.ts`), the indexed search against the old unindexed ILIKE (n=1).',
    '',
    formatTable(rows),
    END,
  ].join('\n');
  replaceSection(file, START, END, method);
}

/** Puts `section` (which begins with `start` and ends with `end`) in place of the file's section between those markers, or at its end. */
function replaceSection(file: string, start: string, end: string, section: string): void {
  const text = readFileSync(file, 'utf8');
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  writeFileSync(file, a >= 0 && b > a ? `${text.slice(0, a)}${section}${text.slice(b + end.length)}` : `${text.trimEnd()}\n\n${section}\n`);
}

const THROUGHPUT_START = '<!-- bench:throughput:start -->';
const THROUGHPUT_END = '<!-- bench:throughput:end -->';

/**
 * The throughput section of BENCHMARKS.md (`npm run bench -- --only=load`): the load rows of both
 * databases with the method and the machine's load while measuring. Other sections are kept.
 */
export function writeThroughput(rows: readonly BenchRow[], file = join(ROOT, 'BENCHMARKS.md')): void {
  const [load1, load5] = loadavg();
  const section = [
    THROUGHPUT_START,
    '## Throughput at 50 connections: `npm run bench -- --only=load` (issue 13)',
    '',
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on the development machine (2 cores shared with other work: load average ${load1?.toFixed(1) ?? '?'} / ${load5?.toFixed(1) ?? '?'} (1 / 5 min) when the table was written), Node ${process.version}, PGlite in memory and PostgreSQL 15 on 127.0.0.1.`,
    '',
    `Method: the app (\`buildServerApp\`) listens on 127.0.0.1 in the bench process, on the database with ${String(historyYears())} years of`,
    `history (\`scripts/bench/history.ts\`: 4 clusters × ${String(historyYears())} years × 30 initiatives, 22 actual lines each, built through`,
    'the services; plus the settlement runs the history timings make). autocannon (the Fastify project\'s load',
    'generator) keeps 50 connections busy, signed in as a national reader and asking for compression as a browser',
    'does, on one route for 5 s, then on authenticated `/api/health` (the session cookie sent; the route itself reads',
    'nothing) for 5 s, 3 rounds per route (every load ≤ 30 s); the ratio is the median of the 3 rounds\' req/s ÷',
    'health req/s, p99 the worst round\'s, n the answered requests (any non-2xx, error or 10-s timeout is named in the',
    'row). Target (issue 13): ratio ≥ 0,25 and p99 ≤ 250 ms on PostgreSQL, no timeouts on PGlite. The client runs in',
    'a worker thread of the bench process and reads answers without decoding them, so the server\'s event loop is',
    'measured, not the client\'s: health is the framework\'s own speed under the same client.',
    '',
    formatTable(rows),
    THROUGHPUT_END,
  ].join('\n');
  replaceSection(file, THROUGHPUT_START, THROUGHPUT_END, section);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const raw = process.env['KLYNGE_BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const onlyArg = args.find((a) => a.startsWith('--only='));
  const opts: BenchOptions = {
    tiny: args.includes('--tiny'),
    serverUrl: raw === 'off' ? null : raw,
    log: (l) => console.log(l),
    ...(onlyArg !== undefined ? { only: onlyArg.slice(7).split(',') as BenchOptions['only'] & string[] } : {}),
  };
  const rows = await runBench(opts);
  console.log(formatTable(rows));
  if (!args.includes('--no-write') && !opts.tiny) {
    // The throughput section is rewritten whenever load rows were measured, so it never lags the table.
    const loadRows = rows.filter((r) => r.what.includes('forbindelser'));
    if (loadRows.length > 0) writeThroughput(loadRows);
    if (onlyArg !== '--only=load') writeBenchmarks(rows);
  }
}
