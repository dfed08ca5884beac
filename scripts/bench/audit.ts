/**
 * Audit text search over a generated trail of 10⁶ rows (issue 13 §5; 10³ in the smoke run), on the
 * PostgreSQL server and on PGlite: `searchAudit` (the GIN-indexed search of GET /api/audit, first
 * page of 100, newest first) against the unindexed ILIKE over the JSON cast to text it replaced,
 * on the same database.
 *
 * The rows are written by one INSERT … SELECT generate_series on a throwaway database with
 * triggers off (session_replication_role = replica): the hash chain is not what is measured and
 * would cost a link per row; the text index is dropped first and built again after (as the
 * migration builds it over existing rows). Then ANALYZE, as autovacuum would.
 *
 * `--keep=NAME` keeps the generated trail for the next run instead of a throwaway database: the
 * server database NAME, and for PGlite the folder NAME.pglite in the system's temp folder. A kept
 * database that already holds the asked number of rows is not filled again (opening it applies any
 * newer migration to the rows it has, as an upgrade would); drop it (or delete the folder) by hand.
 *
 *   npx tsx scripts/bench/audit.ts [--tiny] [--rows=N] [--no-pglite] [--no-server] [--keep=NAME]
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { searchAudit, type AuditQuery } from '../../src/infra/audit/audit.ts';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/infra/db/database.ts';
import { assertLocal, median, freshDatabase } from './common.ts';

const ROOT = resolve(fileURLToPath(new URL('../../', import.meta.url)));

export interface AuditBenchRow {
  readonly what: string;
  readonly database: 'PGlite' | 'PostgreSQL';
  readonly baseline: string;
  readonly klynge: string;
  readonly ratio: number;
  readonly n: number;
  readonly note?: string;
}

const ms = (x: number): string => `${x < 10 ? x.toFixed(1).replace('.', ',') : Math.round(x).toLocaleString('da-DK')} ms`;

const ACTIONS = ['membership.update', 'user.create', 'initiative.approve', 'actuals.import', 'allocation.run', 'session.end', 'initiative.update', 'export.download'];
const PARTIES = ['København', 'Høje-Taastrup', 'Albertslund', 'Ishøj', 'Vallensbæk', 'Brøndby', 'Glostrup', 'Hvidovre', 'Tårnby', 'Dragør', 'Rødovre'];

/** `rows` audit rows in one statement: 500 actors, 8 actions, a before and after value with a title and a party. */
async function fill(db: Database, rows: number): Promise<void> {
  // The text index built once after the rows (as CREATE INDEX did in the migration), not row by row.
  const migration = readFileSync(join(ROOT, 'src/infra/db/migrations/0014_audit_search.sql'), 'utf8');
  const createIndex = /CREATE INDEX audit_log_search[\s\S]*?\n\);/.exec(migration)?.[0];
  if (createIndex === undefined) throw new Error('no audit_log_search in 0014_audit_search.sql');
  await sql`DROP INDEX audit_log_search`.execute(db.kysely);
  await sql`SET session_replication_role = replica`.execute(db.kysely);
  const actions = sql.raw(`ARRAY[${ACTIONS.map((a) => `'${a}'`).join(',')}]`);
  const parties = sql.raw(`ARRAY[${PARTIES.map((a) => `'${a}'`).join(',')}]`);
  await sql`
    INSERT INTO audit_log (at, actor_id, actor_name, action, entity, entity_id, before, after)
    SELECT timestamptz '2022-01-01' + g * interval '1 minute', 'u' || (g % 500), 'bruger-' || (g % 500),
      (${actions})[1 + g % 8], split_part((${actions})[1 + g % 8], '.', 1), md5(g::text),
      CASE WHEN g % 3 = 0 THEN NULL ELSE jsonb_build_object('title', 'Indsats nr. ' || g, 'party', (${parties})[1 + g % 11], 'amountOre', g * 100) END,
      jsonb_build_object('title', 'Indsats nr. ' || g, 'party', (${parties})[1 + (g + 1) % 11], 'amountOre', g * 100 + 50, 'note', 'rev' || md5((g * 7)::text))
    FROM generate_series(1, ${rows}) AS g`.execute(db.kysely);
  await sql`SET session_replication_role = origin`.execute(db.kysely);
  await sql.raw(createIndex).execute(db.kysely);
  await sql`ANALYZE audit_log`.execute(db.kysely);
}

/** The database `name` kept between runs (`--keep`): created on the server when missing, never dropped. */
async function keptDatabase(serverUrl: string | null, name: string): Promise<{ db: Database; dispose: () => Promise<void> }> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`--keep=${name}: små bogstaver, cifre og _`);
  if (serverUrl === null) {
    const db = await openDatabase({ kind: 'embedded', dataDir: join(tmpdir(), `${name}.pglite`) });
    return { db, dispose: () => db.close() };
  }
  assertLocal(serverUrl);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  if (!exists) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ kind: 'server', url: url.toString() });
  return { db, dispose: () => db.close() };
}

/** The search GET /api/audit made before migration 0014: ILIKE over every column and the JSON as text. */
async function oldSearch(db: Database, q: AuditQuery): Promise<number> {
  const like = `%${q.text ?? ''}%`;
  const rows = await sql<{ id: number }>`
    SELECT id FROM audit_log
    WHERE (entity_id ILIKE ${like} OR actor_name ILIKE ${like} OR action ILIKE ${like} OR entity ILIKE ${like}
      OR cast(before AS text) ILIKE ${like} OR cast(after AS text) ILIKE ${like})
      AND (${q.action ?? null}::text IS NULL OR action = ${q.action ?? null})
      AND (${q.from ?? null}::timestamptz IS NULL OR at >= ${q.from ?? null})
      AND (${q.to ?? null}::timestamptz IS NULL OR at < ${q.to ?? null})
    ORDER BY id DESC LIMIT 100`.execute(db.kysely);
  return rows.rows.length;
}

export async function auditRows(opts: { tiny: boolean; rows?: number; serverUrl: string | null; pglite: boolean; keep?: string; log?: (line: string) => void }): Promise<AuditBenchRow[]> {
  const rows = opts.rows ?? (opts.tiny ? 1_000 : 1_000_000);
  const reps = opts.tiny ? 1 : 5;
  const out: AuditBenchRow[] = [];
  const targets: ['PGlite' | 'PostgreSQL', string | null][] = [];
  if (opts.serverUrl !== null) targets.push(['PostgreSQL', opts.serverUrl]);
  if (opts.pglite) targets.push(['PGlite', null]);
  for (const [label, url] of targets) {
    const { db, dispose } = opts.keep === undefined ? await freshDatabase(url, 'klynge_bench_audit') : await keptDatabase(url, opts.keep);
    try {
      const have = opts.keep === undefined ? 0 : Number((await sql<{ n: string }>`SELECT count(*) AS n FROM audit_log`.execute(db.kysely)).rows[0]?.n ?? 0);
      if (opts.keep !== undefined && have === rows) opts.log?.(`${label}: ${rows.toLocaleString('da-DK')} revisionsrækker fra sidst (--keep=${opts.keep})`);
      else {
        if (have !== 0) throw new Error(`${label}: databasen ${opts.keep ?? ''} har ${String(have)} revisionsrækker, ikke ${String(rows)}: slet den først`);
        const t = performance.now();
        await fill(db, rows);
        opts.log?.(`${label}: ${rows.toLocaleString('da-DK')} revisionsrækker skrevet og indekseret på ${ms(performance.now() - t)}`);
      }
      // A rare value (one row's note), a word in a tenth of the rows' text, a word beginning, nothing, a word and a filter.
      const rare = `rev${(await sql<{ h: string }>`SELECT md5(${String(Math.floor(rows / 2) * 7)}) AS h`.execute(db.kysely)).rows[0]?.h ?? ''}`;
      const cases: [string, AuditQuery][] = [
        ['én række (sjælden værdi)', { text: rare }],
        ['et ord i hver 11. række', { text: 'Vallensbæk' }],
        ['en ordbegyndelse', { text: 'bruger-49' }],
        ['ingen rækker', { text: 'findes-ikke' }],
        ['ord + handling + periode', { text: 'Dragør', action: 'initiative.approve', from: new Date('2022-06-01'), to: new Date('2022-07-01') }],
      ];
      for (const [what, q] of cases) {
        await searchAudit(db.kysely, { ...q, limit: 100 }); // warm
        const times: number[] = [];
        let found = 0;
        for (let k = 0; k < reps; k += 1) {
          const s = performance.now();
          found = (await searchAudit(db.kysely, { ...q, limit: 100 })).length;
          times.push(performance.now() - s);
        }
        // The old search once (6,5 s at 10⁶ on the server): the bound on the whole run.
        const s = performance.now();
        const oldFound = await oldSearch(db, q);
        const old = performance.now() - s;
        const klynge = median(times);
        out.push({
          what: `revisionssøgning, ${rows.toLocaleString('da-DK')} rækker: ${what} (${String(found)} fundet, første side à 100)`,
          database: label,
          baseline: `${ms(old)} (ILIKE, n=1)`,
          klynge: ms(klynge),
          ratio: klynge / old,
          n: reps,
          ...(oldFound !== found ? { note: `ILIKE fandt ${String(oldFound)}` } : {}),
        });
        opts.log?.(`${label}: ${what}: ${ms(klynge)} (før ${ms(old)})`);
      }
    } finally {
      await dispose();
    }
  }
  return out;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const rowsArg = args.find((a) => a.startsWith('--rows='));
  const keepArg = args.find((a) => a.startsWith('--keep='));
  const raw = process.env['KLYNGE_BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const result = await auditRows({
    tiny: args.includes('--tiny'),
    ...(rowsArg ? { rows: Number(rowsArg.slice(7)) } : {}),
    serverUrl: args.includes('--no-server') || raw === 'off' ? null : raw,
    pglite: !args.includes('--no-pglite'),
    ...(keepArg ? { keep: keepArg.slice(7) } : {}),
    log: (l) => console.log(l),
  });
  for (const r of result) console.log(`| ${r.what}${r.note ? ` (${r.note})` : ''} | ${r.database} | ${r.baseline} | ${r.klynge} | ${r.ratio.toFixed(3)}× | ${String(r.n)} |`);
}
