import { expect, it } from 'vitest';
import { describeEachDatabase } from '../db/testing.ts';
import { verifyAuditChain } from './chain.ts';
import { recordChange, searchAudit, searchWords, type AuditQuery } from './audit.ts';

const actor = { id: 'u1', name: 'Søren Sagsbehandler' };

it('splits the search text into words where the index splits its text', () => {
  expect(searchWords('membership.update  revision-kbh "Høje-Taastrup" 3f2a_b')).toEqual(['membership', 'update', 'revision', 'kbh', 'Høje', 'Taastrup', '3f2a', 'b']);
  expect(searchWords(' %_- ')).toEqual([]);
});

describeEachDatabase('audit search: the newest rows read directly, older rows through the text index', (getDb) => {
  it('finds the same rows, in the same order, whether they are among the newest rows or found by the index', async () => {
    const db = getDb().kysely;
    const parties = ['København', 'Høje-Taastrup', 'Dragør'];
    for (let i = 0; i < 30; i += 1) {
      await recordChange(db, actor, {
        action: i % 2 === 0 ? 'membership.update' : 'initiative.approve',
        entity: i % 2 === 0 ? 'membership' : 'initiative',
        entityId: `id-${String(i)}`,
        before: i % 3 === 0 ? null : { party: parties[i % 3] ?? '', amountOre: i * 100 },
        after: { party: parties[(i + 1) % 3] ?? '', title: `Indsats nr. ${String(i)}`, note: i === 4 ? 'sjælden-værdi' : '' },
      });
    }
    const ids = async (q: AuditQuery): Promise<number[]> => (await searchAudit(db, q)).map((e) => e.id);
    const queries: AuditQuery[] = [
      { text: 'Høje-Taastrup' },
      { text: 'dragør' },
      { text: 'sjælden' },
      { text: 'Indsats nr. 1' },
      { text: 'Søren' },
      { text: 'membership.up' },
      { text: 'Dragør', action: 'initiative.approve' },
      { text: 'Indsats', limit: 4 },
      { text: 'Indsats', limit: 4, beforeId: 20 },
      { text: 'findes ikke' },
    ];
    for (const q of queries) {
      const all = await ids({ ...q, recentWindow: 1_000 });
      for (const recentWindow of [1, 3, 10]) expect(await ids({ ...q, recentWindow }), JSON.stringify({ ...q, recentWindow })).toEqual(all);
    }
    expect((await ids({ text: 'sjælden' })).length).toBe(1);
    expect((await ids({ text: 'Indsats nr. 1' })).length).toBe(11); // 1 and 10–19
    // Searching writes nothing: the chain is whole.
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });
});
