import { sql, type Kysely } from 'kysely';
import type { Schema } from './schema.ts';

/**
 * The one unit of work: runs `fn` in a transaction, or inside the caller's transaction when `db`
 * already is one. Services call this instead of opening their own, so a service called from
 * another (the minutes that approve an initiative) commits or rolls back with its caller.
 */
export function inTransaction<T>(db: Kysely<Schema>, fn: (trx: Kysely<Schema>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

/**
 * Locks cluster-years (rækkelås på klyngeåret) until the transaction ends, so that reading the
 * funds and writing what depends on them (approval, forecast revision, local funds, actuals,
 * commitments, settlement, year end) cannot interleave with another such write — on PGlite and
 * across connections and app instances on a PostgreSQL server. A missing row is created open.
 * Years are locked in ascending order, so two writers never wait for each other in a cycle.
 */
export async function lockClusterYears(trx: Kysely<Schema>, clusterId: string, years: Iterable<number>): Promise<void> {
  if (!trx.isTransaction) throw new Error('lockClusterYears needs a transaction');
  const sorted = [...new Set(years)].sort((a, b) => a - b);
  for (const year of sorted) {
    await trx
      .insertInto('cluster_years')
      .values({ cluster_id: clusterId, year, status: 'open', updated_by: 'system' })
      .onConflict((oc) => oc.columns(['cluster_id', 'year']).doNothing())
      .execute();
    await sql`SELECT 1 FROM cluster_years WHERE cluster_id = ${clusterId} AND year = ${year} FOR UPDATE`.execute(trx);
  }
}
