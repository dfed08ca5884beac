import { beforeAll, expect, it } from 'vitest';
import { isDomainError } from '../../core/errors.ts';
import { ore } from '../../core/money.ts';
import { SYSTEM_ACTOR } from '../../infra/audit/audit.ts';
import { describeEachDatabase } from '../../infra/db/testing.ts';
import { seedDatabase } from '../seed.ts';
import { approve, changeInitiativeStatus, closeClusterYear, createSettlement, economyView, proposeInitiative, recordActuals } from './service.ts';

/**
 * Guards that hold under concurrency (issue 9): writes that read the funds run under the
 * cluster-year's lock, so simultaneous requests behave as if they came one after the other.
 */
const CLUSTER = 'hovedstaden-syd';
const KR = 100;
const APPROVALS = 24;
const EACH = 500_000 * KR;

interface View { funds: { cluster: { available: number; committed: number } }; settlements: unknown[]; state: { status: string } }

/** Outcome of each promise: 'ok', the domain error's code, or the unexpected error itself. */
async function outcomes(tasks: readonly (() => Promise<unknown>)[]): Promise<string[]> {
  const settled = await Promise.allSettled(tasks.map((t) => t()));
  return settled.map((s) => (s.status === 'fulfilled' ? 'ok' : isDomainError(s.reason) ? s.reason.code : `unexpected: ${String(s.reason)}`));
}

describeEachDatabase('economy under concurrency (issue 9)', (getDb) => {
  beforeAll(async () => {
    await seedDatabase(getDb().kysely);
  });

  it(`${String(APPROVALS)} simultaneous approvals that together exceed the funds: the approved sum never exceeds them, the rest are refused`, async () => {
    const db = getDb().kysely;
    const ids: { id: string; version: number }[] = [];
    for (let n = 0; n < APPROVALS; n += 1) {
      const i = await proposeInitiative(db, SYSTEM_ACTOR, CLUSTER, {
        title: `Samtidig ${String(n + 1)}`,
        description: '',
        targetGroup: 'acute',
        startPeriod: '2022-01',
        endPeriod: '2022-12',
        executingParties: ['101'],
        forecast: { lines: [{ kind: 'other', id: 'l1', year: 2022, description: 'Afprøvning', category: 'trial', funding: 'common', party: '101', amount: ore(EACH) }] },
      });
      ids.push({ id: i.id, version: i.version });
    }
    const before = (await economyView(db, CLUSTER, 2022)) as unknown as View;
    const available = before.funds.cluster.available;
    expect(APPROVALS * EACH).toBeGreaterThan(available);

    const results = await outcomes(ids.map(({ id, version }) => () => approve(db, SYSTEM_ACTOR, id, version, { date: '2022-02-01', level: 'political', meetingReference: 'Samtidighed' })));
    const winners = results.filter((r) => r === 'ok').length;
    expect(results.filter((r) => r !== 'ok' && r !== 'economy.insufficient-funds')).toEqual([]);
    // Exactly as many as fit, one after the other: floor(available / each).
    expect(winners).toBe(Math.floor(available / EACH));
    const after = (await economyView(db, CLUSTER, 2022)) as unknown as View;
    expect(after.funds.cluster.committed).toBe(winners * EACH);
    expect(after.funds.cluster.committed).toBeLessThanOrEqual(available);
  });

  it('simultaneous settlements of the same period make one run; simultaneous year ends close once', async () => {
    const db = getDb().kysely;
    const view = (await economyView(db, CLUSTER, 2022)) as unknown as { initiatives: { id: string; status: string; version: number }[] };
    const approved = view.initiatives.find((i) => i.status === 'approved');
    if (!approved) throw new Error('no approved initiative');
    await changeInitiativeStatus(db, SYSTEM_ACTOR, approved.id, approved.version, 'running');
    await recordActuals(db, SYSTEM_ACTOR, CLUSTER, [{ initiativeId: approved.id, party: '101', period: '2022-03', amountOre: 90_000 * KR, category: 'Afprøvning', funding: 'Fælles midler', text: '' }]);
    const settled = await Promise.all(Array.from({ length: 20 }, () => createSettlement(db, SYSTEM_ACTOR, CLUSTER, { from: '2022-01', to: '2022-06' })));
    expect(new Set(settled.map((s) => s.id)).size).toBe(1);
    expect(settled.filter((s) => !s.existing)).toHaveLength(1);
    expect(((await economyView(db, CLUSTER, 2022)) as unknown as View).settlements).toHaveLength(1);

    const closes = await outcomes(Array.from({ length: 20 }, () => () => closeClusterYear(db, SYSTEM_ACTOR, CLUSTER, 2022, new Date('2023-01-15T10:00:00Z'))));
    expect(closes.filter((r) => r === 'ok')).toHaveLength(1);
    expect(closes.filter((r) => r !== 'ok' && r !== 'year.already-closed')).toEqual([]);
    expect(((await economyView(db, CLUSTER, 2022)) as unknown as View).state.status).toBe('closed');
  });
});
