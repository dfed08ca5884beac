import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../infra/db/database.ts';
import { runCli } from '../test-io.ts';

describe('klynge seed', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('loads the register, population and the 2022 allocation into an empty embedded database, once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'klynge-seed-'));
    dirs.push(dir);
    const first = await runCli(['seed', '--data-dir', dir, '--format', 'json']);
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout)).toMatchObject({ seeded: true, years: [2022, 2023], populationPeriods: ['2022K1'], allocationRuns: [2022], pending: [{ year: 2023 }] });
    const again = await runCli(['seed', '--data-dir', dir, '--format', 'json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ seeded: false });
    const db = await openDatabase({ kind: 'embedded', dataDir: dir });
    try {
      const members = await db.kysely.selectFrom('memberships').select((eb) => eb.fn.countAll<string>().as('n')).where('year', '=', 2022).executeTakeFirstOrThrow();
      expect(Number(members.n)).toBeGreaterThan(98);
      const runs = await db.kysely.selectFrom('allocation_runs').select(['year']).execute();
      expect(runs).toEqual([{ year: 2022 }]);
    } finally {
      await db.close();
    }
  });
});
