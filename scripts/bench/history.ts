/**
 * The history generator of `npm run bench` (issue 13): years of economy history — initiatives
 * proposed and approved, actuals recorded — built THROUGH THE SERVICES, so the rows are what the
 * product itself writes (guards, audit trail, hash chain included).
 *
 * Only the register of the earlier years is reference data, not a service: the bundled register
 * starts in 2022, so each earlier year gets 2022's memberships, allocation model and allocation
 * run copied under its own year number (as the seed loads reference years).
 */
import { sql, type Kysely } from 'kysely';
import { approve, proposeInitiative, recordActuals, type ActualInput } from '../../src/app/economy/index.ts';
import { ore } from '../../src/core/money.ts';
import { SYSTEM_ACTOR } from '../../src/infra/audit/audit.ts';
import type { Schema } from '../../src/infra/db/schema.ts';

export interface HistorySize {
  /** Clusters that get history (the first n by id). */
  readonly clusters: number;
  /** The years, ending with `lastYear` (e.g. 10 → 2013–2022). */
  readonly years: number;
  readonly lastYear: number;
  /** Initiatives per cluster-year. */
  readonly initiatives: number;
  /** Actual lines per initiative (spread over the year's months). */
  readonly actualsPerInitiative: number;
}

const KR = 100;

/** Copies the register year `from` (memberships, allocation model, latest allocation run) to `to`. */
async function copyRegisterYear(db: Kysely<Schema>, from: number, to: number): Promise<void> {
  for (const table of ['memberships', 'allocation_models', 'allocation_runs']) {
    const cols = await sql<{ column_name: string }>`
      SELECT column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = ${table}
        AND is_identity = 'NO' AND is_generated = 'NEVER' AND coalesce(column_default, '') NOT LIKE 'nextval%'
      ORDER BY ordinal_position`.execute(db);
    const names = cols.rows.map((c) => c.column_name);
    const list = sql.join(names.map((n) => sql.id(n)));
    const values = sql.join(names.map((n) => (n === 'year' ? sql.lit(to) : sql.id(n))));
    const latestOnly = table === 'allocation_runs' ? sql`AND id = (SELECT max(id) FROM allocation_runs WHERE year = ${from})` : sql``;
    await sql`INSERT INTO ${sql.table(table)} (${list}) SELECT ${values} FROM ${sql.table(table)} WHERE year = ${from} ${latestOnly}`.execute(db);
  }
}

/** The clusters the generator uses: the first `n` by id, each with one executing municipality. */
export async function historyClusters(db: Kysely<Schema>, n: number, year: number): Promise<{ clusterId: string; party: string }[]> {
  const rows = await db.selectFrom('memberships').select(['cluster_id', 'municipality_code']).where('year', '=', year).orderBy('cluster_id').orderBy('municipality_code').execute();
  const out: { clusterId: string; party: string }[] = [];
  for (const r of rows) {
    if (out.some((c) => c.clusterId === r.cluster_id)) continue;
    out.push({ clusterId: r.cluster_id, party: r.municipality_code });
    if (out.length === n) break;
  }
  return out;
}

/** One proposed and approved initiative of a cluster-year, with a forecast that fits any cluster's funds. */
export async function approvedInitiative(db: Kysely<Schema>, c: { clusterId: string; party: string }, year: number, title: string): Promise<string> {
  const i = await proposeInitiative(db, SYSTEM_ACTOR, c.clusterId, {
    title,
    description: 'Genereret historik (npm run bench)',
    targetGroup: 'acute',
    startPeriod: `${String(year)}-01`,
    endPeriod: `${String(year)}-12`,
    executingParties: [c.party],
    forecast: { lines: [{ kind: 'other', id: 'l1', year, description: 'Afprøvning', category: 'trial', funding: 'common', party: c.party, amount: ore(10_000 * KR) }] },
  });
  await approve(db, SYSTEM_ACTOR, i.id, i.version, { date: `${String(year)}-02-01`, level: 'political', meetingReference: `SSU ${String(year)}` });
  return i.id;
}

/**
 * Builds the history: for every cluster and year, `initiatives` approved initiatives and their
 * actuals (one typed-in batch per cluster-year). Returns the number of actual lines written.
 */
export async function buildHistory(db: Kysely<Schema>, size: HistorySize): Promise<{ initiatives: number; actuals: number }> {
  const firstYear = size.lastYear - size.years + 1;
  const registered = new Set((await db.selectFrom('memberships').select('year').distinct().execute()).map((r) => r.year));
  for (let y = firstYear; y <= size.lastYear; y += 1) if (!registered.has(y)) await copyRegisterYear(db, size.lastYear, y);
  const clusters = await historyClusters(db, size.clusters, size.lastYear);
  let initiatives = 0;
  let actuals = 0;
  for (const c of clusters) {
    for (let y = firstYear; y <= size.lastYear; y += 1) {
      const lines: ActualInput[] = [];
      for (let k = 0; k < size.initiatives; k += 1) {
        const id = await approvedInitiative(db, c, y, `Indsats ${String(y)}-${String(k + 1)}`);
        initiatives += 1;
        for (let a = 0; a < size.actualsPerInitiative; a += 1) {
          const month = (a % 11) + 1;
          lines.push({ initiativeId: id, party: c.party, period: `${String(y)}-${String(month).padStart(2, '0')}`, amountOre: (100 + a) * KR, category: 'trial', funding: 'common', text: `Udgift ${String(a + 1)}` });
        }
      }
      if (lines.length > 0) actuals += await recordActuals(db, SYSTEM_ACTOR, c.clusterId, lines);
    }
  }
  return { initiatives, actuals };
}
