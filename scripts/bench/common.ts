// What every bench module shares: the median of timed runs and a throwaway database on the target.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/infra/db/database.ts';

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] ?? NaN) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

/** The bench sends traffic only to this machine. */
export function assertLocal(url: string): void {
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost') throw new Error(`npm run bench sends traffic only to 127.0.0.1, not ${host}`);
}

/** A fresh database: PGlite in memory, or (serverUrl) a throwaway database `<prefix>_<random>` on the server. */
export async function freshDatabase(serverUrl: string | null, prefix = 'klynge_bench'): Promise<{ db: Database; dispose: () => Promise<void> }> {
  if (serverUrl === null) {
    const db = await openDatabase({ kind: 'memory' });
    return { db, dispose: () => db.close() };
  }
  assertLocal(serverUrl);
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ kind: 'server', url: url.toString() });
  return {
    db,
    dispose: async () => {
      await db.close();
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
