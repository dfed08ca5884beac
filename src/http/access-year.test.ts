import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../infra/db/testing.ts';
import { seedDatabase } from '../app/seed.ts';
import type { App } from './app.ts';
import { clientWithRoles, testApp, type TestClient } from './testing.ts';

const SYD = 'hovedstaden-syd';

/**
 * Issue 11 §7: a municipality's access to a cluster follows its membership in the year in
 * question. Hvidovre (167) is a member of Klynge Syd in 2022; here the cluster continues in 2024
 * without it.
 */
describeEachDatabase('HTTP access follows the year of membership', (getDb) => {
  let app: App;
  let hvidovre: TestClient;

  beforeAll(async () => {
    const db = getDb().kysely;
    await seedDatabase(db);
    await sql`INSERT INTO memberships (year, cluster_id, municipality_code, political, administrative, common_funds_basis, secretariat_basis, mark, note, updated_by)
              SELECT 2024, cluster_id, municipality_code, political, administrative, common_funds_basis, secretariat_basis, mark, note, 'test'
              FROM memberships WHERE year = 2022 AND cluster_id = ${SYD} AND municipality_code <> '167'`.execute(db);
    app = await testApp(getDb());
    hvidovre = await clientWithRoles(getDb(), [{ role: 'finance-officer', scope: { kind: 'municipality', id: '167' } }], 'okonomi-hvidovre');
  });
  afterAll(async () => {
    if ((app as App | undefined) !== undefined) await app.close();
  });

  it('keeps a former member municipality’s access to the years it was a member and refuses later years', async () => {
    const get = (url: string) => app.inject({ method: 'GET', url, headers: hvidovre.headers() });
    expect((await get(`/api/clusters/${SYD}/economy/2022`)).statusCode).toBe(200);
    expect((await get(`/api/clusters/${SYD}/economy/2024`)).statusCode).toBe(403);
    expect((await get(`/api/clusters/${SYD}/years/2022/governance`)).statusCode).toBe(200);
    expect((await get(`/api/clusters/${SYD}/years/2024/governance`)).statusCode).toBe(403);
    // Records without a year are judged by today's (the latest year's) members.
    expect((await get(`/api/clusters/${SYD}/evaluations`)).statusCode).toBe(403);
    const extra = await app.inject({ method: 'POST', url: `/api/clusters/${SYD}/economy/2024/commitments`, headers: hvidovre.headers(), payload: { party: '167', amountOre: 1 } });
    expect(extra.statusCode).toBe(403);
  });
});
