import { expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../infra/audit/audit.ts';
import { describeEachDatabase } from '../../infra/db/testing.ts';
import { createMeeting } from '../governance/index.ts';
import { seedDatabase } from '../seed.ts';
import { startOverview } from './service.ts';

const SYD = 'hovedstaden-syd';
const secretariat = [{ role: 'cluster-secretariat' as const, scope: { kind: 'cluster' as const, id: SYD } }];

describeEachDatabase('start page: the next meeting by the Danish calendar day', (getDb) => {
  it('at 00:30 Danish time (23:30 UTC the day before) yesterday’s meeting is past, today’s is next', async () => {
    const db = getDb().kysely;
    await seedDatabase(db);
    await createMeeting(db, SYSTEM_ACTOR, { kind: 'cluster', clusterId: SYD }, { level: 'political', date: '2026-03-02', title: 'Mandagsmøde' });
    await createMeeting(db, SYSTEM_ACTOR, { kind: 'cluster', clusterId: SYD }, { level: 'political', date: '2026-03-03', title: 'Tirsdagsmøde' });
    const justAfterMidnight = new Date('2026-03-02T23:30:00Z'); // 3 March, 00:30 in Copenhagen
    const late = await startOverview(db, secretariat, justAfterMidnight, 2022);
    expect(late.clusters.find((c) => c.clusterId === SYD)?.nextMeeting?.title).toBe('Tirsdagsmøde');
    const evening = await startOverview(db, secretariat, new Date('2026-03-02T20:00:00Z'), 2022);
    expect(evening.clusters.find((c) => c.clusterId === SYD)?.nextMeeting?.title).toBe('Mandagsmøde');
  });
});
