import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../infra/db/testing.ts';
import { seedDatabase } from '../seed.ts';
import { loadFundsSource } from './funds-source.ts';

describeEachDatabase('funds source: the provisional split uses the latest complete municipal population', (getDb) => {
  beforeAll(async () => {
    await seedDatabase(getDb().kysely);
  });

  it('uses the bundled FOLK1A 2020K1 until a later complete period is in the database, never one after the run’s', async () => {
    const db = getDb().kysely;
    const before = (await loadFundsSource(db, 'midtjylland-aarhus')).years.find((y) => y.year === 2022);
    expect(before?.status).toBe('provisional');
    expect(before?.explanation).toContain('2020K1');
    // A complete 2021K1 for Aarhusklyngen's members (Aarhus, Samsø) is imported: it is later, so it is used.
    // A 2023K1 is also there, but it is after the run's 2022K1 and must not be used for 2022.
    for (const [period, aarhus, samsoe] of [['2021K1', 352_000, 4_000], ['2023K1', 360_000, 1]] as const) {
      await db.insertInto('population_periods').values({ period, source: `Test ${period}`, imported_by: 'test' }).execute();
      await db.insertInto('population_figures').values([{ period, municipality_code: '751', population: aarhus, source: 'test' }, { period, municipality_code: '741', population: samsoe, source: 'test' }]).execute();
    }
    const after = (await loadFundsSource(db, 'midtjylland-aarhus')).years.find((y) => y.year === 2022);
    expect(after?.explanation).toContain('FOLK1A 2021K1 i databasen');
    const samsoe = after?.rows.find((r) => r.party === '741');
    const municipal = after?.municipal ?? 0;
    // 4.000 of 356.000 inhabitants: Samsø's share of the municipal amount, largest remainder in whole kroner.
    expect(Math.abs((samsoe?.amount ?? 0) - (municipal * 4_000) / 356_000)).toBeLessThanOrEqual(100);
    expect(after?.rows.reduce((s, r) => s + r.amount, 0)).toBe(after?.allocated);
  });
});
