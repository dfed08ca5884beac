/**
 * `klynge distribute` over a generated key of 10⁶ parties (10³ in the smoke run), side by side with
 * a plain parse-and-sum pass over the same file (issue 13): the baseline streams the file through
 * the same CSV parser (csv-parse) and adds up the basis column — the least any distribution must
 * do. Wall time (medians of n runs, alternating), CPU time (user + system) and peak memory
 * (`/usr/bin/time -f %M`) of each process; the Klynge run writes the default table output to a
 * file, which must end with its total row.
 *
 *   npx tsx scripts/bench/distribute.ts [--tiny] [--parties=N]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './common.ts';

const ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));

/** A row as scripts/bench/run.ts prints it (kept structural so either file can stand alone). */
export interface DistributeBenchRow {
  readonly what: string;
  readonly database: '—';
  readonly baseline: string;
  readonly klynge: string;
  readonly ratio: number;
  readonly n: number;
  readonly note?: string;
}

/** The baseline: stream the key through csv-parse and sum the basis column. */
export const PARSE_AND_SUM = [
  "import { createReadStream } from 'node:fs';",
  "import { parse } from 'csv-parse';",
  'let sum = 0; let first = true;',
  'for await (const r of createReadStream(process.argv[1]).pipe(parse({ relax_column_count: true }))) {',
  '  if (first) { first = false; continue; }',
  '  sum += Number(r[1]);',
  '}',
  'process.stdout.write(`${String(sum)}\\n`);',
].join('\n');

interface Run {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly peakKb: number;
}

function timed(args: readonly string[], stdoutFile: string): Run {
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M', 'sh', '-c', '"$@" > "$0"', stdoutFile, process.execPath, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  const wallMs = performance.now() - t;
  if (r.status !== 0) throw new Error(`${args.join(' ').slice(0, 200)} exited ${String(r.status)}: ${r.stderr.slice(-500)}`);
  const [user, sys, kb] = (r.stderr.trim().split('\n').at(-1) ?? '').split(' ').map(Number);
  return { wallMs, cpuMs: ((user ?? NaN) + (sys ?? NaN)) * 1000, peakKb: kb ?? NaN };
}

const ms = (x: number): string => `${Math.round(x).toLocaleString('da-DK')} ms`;
const mb = (kb: number): string => `${String(Math.round(kb / 1024))} MB`;

/** Writes `party,basis` with bases 1…10.000 (as the issue's measurement did). */
export function writeKey(file: string, parties: number): number {
  const lines = ['party,basis'];
  let sum = 0;
  for (let k = 0; k < parties; k += 1) {
    const basis = 1 + ((k * 7919) % 10_000);
    sum += basis;
    lines.push(`P${String(k)},${String(basis)}`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return sum;
}

export function distributeRows(opts: { tiny: boolean; parties?: number; log?: (line: string) => void }): DistributeBenchRow[] {
  const parties = opts.parties ?? (opts.tiny ? 1_000 : 1_000_000);
  const reps = opts.tiny ? 1 : 5;
  const dir = mkdtempSync(join(tmpdir(), 'klynge-bench-key-'));
  try {
    const key = join(dir, 'key.csv');
    const sum = writeKey(key, parties);
    const sumOut = join(dir, 'sum.txt');
    const tableOut = join(dir, 'table.txt');
    const base: Run[] = [];
    const dist: Run[] = [];
    for (let k = 0; k < reps; k += 1) {
      // Alternating, so drift on the shared machine hits both alike.
      base.push(timed(['--input-type=module', '-e', PARSE_AND_SUM, key], sumOut));
      dist.push(timed(['bin/klynge.mjs', 'distribute', '--amount', '370000', '--key', key], tableOut));
      opts.log?.(`distribute ${String(parties)}: run ${String(k + 1)}/${String(reps)}: baseline ${ms(base.at(-1)?.wallMs ?? NaN)}, klynge ${ms(dist.at(-1)?.wallMs ?? NaN)}`);
    }
    if (readFileSync(sumOut, 'utf8').trim() !== String(sum)) throw new Error('the parse-and-sum baseline summed wrong');
    const table = readFileSync(tableOut, 'utf8');
    const rowsOut = table.split('\n').filter((l) => /^P\d+ /.test(l)).length;
    if (rowsOut !== parties || !/\nI alt\s+[\d.]+\s+100\s+370\.000\n/.test(table)) {
      throw new Error(`klynge distribute printed ${String(rowsOut)} of ${String(parties)} rows or no total`);
    }
    const wall = [median(base.map((r) => r.wallMs)), median(dist.map((r) => r.wallMs))] as const;
    const cpu = [median(base.map((r) => r.cpuMs)), median(dist.map((r) => r.cpuMs))] as const;
    const peak = [median(base.map((r) => r.peakKb)), median(dist.map((r) => r.peakKb))] as const;
    const n = parties.toLocaleString('da-DK');
    return [
      { what: `klynge distribute, ${n} parter (tabel) ÷ indlæs-og-summér med csv-parse: tid`, database: '—', baseline: ms(wall[0]), klynge: ms(wall[1]), ratio: wall[1] / wall[0], n: reps, note: `CPU-tid ${ms(cpu[0])} / ${ms(cpu[1])} = ${(cpu[1] / cpu[0]).toFixed(2).replace('.', ',')}×` },
      { what: `klynge distribute, ${n} parter: maks. hukommelse ÷ indlæs-og-summér`, database: '—', baseline: mb(peak[0]), klynge: mb(peak[1]), ratio: peak[1] / peak[0], n: reps },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const partiesArg = args.find((a) => a.startsWith('--parties='));
  const rows = distributeRows({ tiny: args.includes('--tiny'), ...(partiesArg ? { parties: Number(partiesArg.slice(10)) } : {}), log: (l) => console.log(l) });
  for (const r of rows) console.log(`| ${r.what}${r.note ? ` (${r.note})` : ''} | ${r.baseline} | ${r.klynge} | ${r.ratio.toFixed(2)}× | ${String(r.n)} |`);
}
