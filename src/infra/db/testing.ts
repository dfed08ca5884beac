import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { openDatabase, type Database } from './database.ts';

/**
 * Test harness: the same suite on every database the product runs on. Always PGlite in memory;
 * also the PostgreSQL server when KLYNGE_TEST_DATABASE_URL is set
 * (e.g. postgres://postgres@127.0.0.1:5432/test). Each suite gets a fresh throwaway database.
 */

export type TestTarget = { readonly label: 'pglite' } | { readonly label: 'server'; readonly adminUrl: string };

export function testTargets(env: Readonly<Record<string, string | undefined>> = process.env): TestTarget[] {
  const adminUrl = env['KLYNGE_TEST_DATABASE_URL']?.trim();
  return adminUrl ? [{ label: 'pglite' }, { label: 'server', adminUrl }] : [{ label: 'pglite' }];
}

/** A fresh, empty database on the server (CREATE DATABASE klynge_t_<random>) and how to drop it. */
export async function createServerDatabase(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `klynge_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

export interface ThrowawayDatabase {
  readonly database: Database;
  /** Closes the database and, on the server, drops it. */
  dispose(): Promise<void>;
}

/** Opens a fresh, migrated database on the target. `migrationsDir` replaces the checked-in migrations. */
export async function openThrowawayDatabase(target: TestTarget, migrationsDir?: string): Promise<ThrowawayDatabase> {
  const extra = migrationsDir === undefined ? {} : { migrationsDir };
  if (target.label === 'pglite') {
    const database = await openDatabase({ kind: 'memory', ...extra });
    return { database, dispose: () => database.close() };
  }
  const server = await createServerDatabase(target.adminUrl);
  let database: Database;
  try {
    database = await openDatabase({ kind: 'server', url: server.url, ...extra });
  } catch (e) {
    await server.drop();
    throw e;
  }
  return {
    database,
    dispose: async () => {
      try {
        await database.close();
      } finally {
        await server.drop();
      }
    },
  };
}

/**
 * `describeEachDatabase('register', (getDb) => { it(…, async () => { const db = getDb(); … }) })`
 * runs the body once per target, as `register [pglite]` and `register [server]`. The database is
 * shared by the tests of one suite (opened in beforeAll, disposed in afterAll), so tests should
 * create the rows they need rather than rely on each other's.
 */
export function describeEachDatabase(title: string, body: (getDb: () => Database) => void): void {
  for (const target of testTargets()) {
    describe(`${title} [${target.label}]`, () => {
      let current: ThrowawayDatabase | undefined;
      beforeAll(async () => {
        current = await openThrowawayDatabase(target);
      });
      afterAll(async () => {
        await current?.dispose();
      });
      body(() => {
        if (!current) throw new Error('Testdatabasen er ikke åbnet (beforeAll fejlede?).');
        return current.database;
      });
    });
  }
}
