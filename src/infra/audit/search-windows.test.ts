import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { toJson } from '../db/schema.ts';
import { describeEachDatabase } from '../db/testing.ts';
import { searchAudit, type AuditQuery } from './audit.ts';

const ACTIONS = ['membership.update', 'initiative.approve', 'user.create'];
const HOUR = 3_600_000;
const START = Date.UTC(2024, 0, 1);

// searchAudit reads the newest rows in steps (a fifth of the window, the rest when the matches so
// far promise a full page), sorts a period's rows from the filter indexes when `to` is given, and
// asks the text index for the older rows. For text that starts a word, whichever way a row is
// found, the pages are those of the exact text over every row: the same rows, newest first.
describeEachDatabase('audit search: every step gives the pages of the exact text over every row', (getDb) => {
  it('pages through words common, rarer and rare, with and without filters, for several windows and page sizes', async () => {
    const db = getDb().kysely;
    await db
      .insertInto('audit_log')
      .values(
        Array.from({ length: 300 }, (_, i) => ({
          at: new Date(START + i * HOUR),
          actor_id: null,
          actor_name: `bruger-${String(i % 7)}`,
          action: ACTIONS[i % 3] ?? '',
          entity: 'initiative',
          entity_id: `id-${String(i)}`,
          before: null,
          after: toJson({ party: i % 2 === 0 ? 'Dragør' : 'Ishøj', note: i % 29 === 0 ? 'sjælden' : '', title: `Indsats nr. ${String(i)}` }),
        })),
      )
      .execute();

    // The reference: the exact text over every row, newest first.
    const reference = async (q: AuditQuery): Promise<number[]> => {
      const like = `%${q.text ?? ''}%`;
      let query = db.selectFrom('audit_log').select('id');
      if (q.action !== undefined) query = query.where('action', '=', q.action);
      if (q.from !== undefined) query = query.where('at', '>=', q.from);
      if (q.to !== undefined) query = query.where('at', '<', q.to);
      const rows = await query
        .where((eb) => eb.or([eb('entity_id', 'ilike', like), eb('actor_name', 'ilike', like), eb('action', 'ilike', like), eb('entity', 'ilike', like), eb(sql<string>`cast(before as text)`, 'ilike', like), eb(sql<string>`cast(after as text)`, 'ilike', like)]))
        .orderBy('id', 'desc')
        .execute();
      return rows.map((r) => r.id);
    };

    // More rows after this period than in it: its newest rows are sorted from the filter's indexes.
    const period = { from: new Date(START + 40 * HOUR), to: new Date(START + 120 * HOUR) };
    const queries: AuditQuery[] = [
      { text: 'Dragør' }, // every second row: the first page among the newest rows
      { text: 'bruger-3' }, // every seventh
      { text: 'sjælden' }, // every 29th
      { text: 'Indsats nr. 1' }, // 1, 10–19, 100–199: old rows
      { text: 'findes ikke' },
      { text: 'Dragør', action: 'initiative.approve', ...period },
      { text: 'bruger-3', to: period.to },
      { text: 'Ishøj', from: period.from, to: new Date(START + 1_000 * HOUR) }, // a period past the newest row: walked
      { text: 'Dragør', to: new Date(START + 250 * HOUR) }, // fewer rows after the period than in it: walked
      { text: 'Dragør', from: new Date(START + 1_000 * HOUR) }, // no row in the period
      { text: 'Indsats nr. 1', from: period.from },
    ];
    for (const q of queries) {
      const all = await reference(q);
      for (const recentWindow of [5, 50, 5_000]) {
        for (const limit of [3, 10, 100]) {
          const pages: number[] = [];
          let beforeId: number | undefined;
          for (let page = 0; page < 4; page += 1) {
            const ids = (await searchAudit(db, { ...q, limit, recentWindow, ...(beforeId !== undefined ? { beforeId } : {}) })).map((e) => e.id);
            pages.push(...ids);
            if (ids.length < limit) break;
            beforeId = ids[ids.length - 1];
          }
          expect(pages, JSON.stringify({ ...q, recentWindow, limit })).toEqual(all.slice(0, Math.min(all.length, 4 * limit)));
        }
      }
    }
  });
});
