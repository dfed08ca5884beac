import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../infra/audit/audit.ts';
import { migrate, MIGRATIONS_DIR, readMigrations } from '../../infra/db/migrate.ts';
import { describeEachDatabase, openThrowawayDatabase, testTargets } from '../../infra/db/testing.ts';
import { seedDatabase } from '../seed.ts';
import { createInitiative, getInitiative, type InitiativeInput } from './initiatives.ts';

/** Initiative numbers (indsatsnummer, issue 9): 1, 2, 3 … per cluster, never a duplicate. */
const input = (title: string): InitiativeInput => ({
  title, description: '', targetGroup: 'acute', startPeriod: '2022-01', endPeriod: '2022-12', executingParties: ['101'], forecast: { lines: [] },
});

describeEachDatabase('initiative numbers', (getDb) => {
  it('numbers initiatives 1, 2, 3 … per cluster, also when created at the same moment', async () => {
    const db = getDb().kysely;
    await seedDatabase(db);
    const syd = await Promise.all(Array.from({ length: 6 }, (_, k) => createInitiative(db, SYSTEM_ACTOR, 'hovedstaden-syd', input(`Syd ${String(k)}`))));
    expect(syd.map((s) => s.initiative.number).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([1, 2, 3, 4, 5, 6]);
    const by = await createInitiative(db, SYSTEM_ACTOR, 'hovedstaden-by', input('By'));
    expect(by.initiative.number).toBe(1);
    // The number is the database's, whatever the stored JSON says.
    await sql`UPDATE initiatives SET data = jsonb_set(data, '{number}', '99') WHERE id = ${by.id}`.execute(db);
    expect((await getInitiative(db, by.id)).initiative.number).toBe(1);
  });
});

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

for (const target of testTargets()) {
  it(`migration 0007 numbers existing initiatives per cluster in order of creation [${target.label}]`, async () => {
    // A database as it was before 0007, with initiatives in two clusters.
    const dir = mkdtempSync(join(tmpdir(), 'klynge-0007-'));
    dirs.push(dir);
    for (const m of readMigrations().filter((f) => f.name < '0007')) copyFileSync(join(MIGRATIONS_DIR, m.name), join(dir, m.name));
    const t = await openThrowawayDatabase(target, dir);
    try {
      const db = t.database.kysely;
      await sql`INSERT INTO regions (code, name) VALUES ('1084', 'Region Hovedstaden')`.execute(db);
      await sql`INSERT INTO clusters (id, region_code, name, position) VALUES ('a', '1084', 'A', 1), ('b', '1084', 'B', 2)`.execute(db);
      const rows: [string, string, string][] = [['x3', 'a', '2022-03-01'], ['x1', 'a', '2022-01-01'], ['y1', 'b', '2022-02-01'], ['x2', 'a', '2022-02-01']];
      for (const [id, cluster, at] of rows) {
        await sql`INSERT INTO initiatives (id, cluster_id, title, status, target_group, start_period, end_period, data, created_by, created_at, updated_by)
          VALUES (${id}, ${cluster}, ${id}, 'proposed', 'acute', '2022-01', '2022-12', '{}'::jsonb, 'test', ${at}::timestamptz, 'test')`.execute(db);
      }
      await migrate(db, readMigrations());
      const numbered = await db.selectFrom('initiatives').select(['id', 'number']).orderBy('id').execute();
      expect(numbered.map((r) => [r.id, r.number])).toEqual([['x1', 1], ['x2', 2], ['x3', 3], ['y1', 1]]);
    } finally {
      await t.dispose();
    }
  }, 120_000);
}
