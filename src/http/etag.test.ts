import { afterAll, beforeAll, expect, it } from 'vitest';
import { approve, createSettlement, proposeInitiative, recordActuals } from '../app/economy/index.ts';
import { seedDatabase } from '../app/seed.ts';
import { ore } from '../core/money.ts';
import { SYSTEM_ACTOR } from '../infra/audit/audit.ts';
import { describeEachDatabase } from '../infra/db/testing.ts';
import type { App } from './app.ts';
import { clientWithRoles, json, testApp, type TestClient } from './testing.ts';

/**
 * Issue 13 §7: an immutable allocation run, a settlement run and their downloads carry an ETag; a
 * client that sends it back in If-None-Match gets 304 without the body (a download is still
 * logged), and a new run — the only way the content changes — answers 200 with a new tag.
 */
describeEachDatabase('ETag and 304 for immutable runs and their exports', (getDb) => {
  let app: App;
  let admin: TestClient;
  let settlementId = '';
  beforeAll(async () => {
    await seedDatabase(getDb().kysely);
    app = await testApp(getDb());
    admin = await clientWithRoles(getDb(), [{ role: 'system-admin', scope: { kind: 'all', id: null } }], 'admin');
    const db = getDb().kysely;
    const i = await proposeInitiative(db, SYSTEM_ACTOR, 'hovedstaden-syd', {
      title: 'ETag-indsats',
      description: '',
      targetGroup: 'acute',
      startPeriod: '2022-01',
      endPeriod: '2022-12',
      executingParties: ['101'],
      forecast: { lines: [{ kind: 'other', id: 'l1', year: 2022, description: 'Afprøvning', category: 'trial', funding: 'common', party: '101', amount: ore(10_000_00) }] },
    });
    await approve(db, SYSTEM_ACTOR, i.id, i.version, { date: '2022-02-01', level: 'political', meetingReference: 'SSU 2022' });
    await recordActuals(db, SYSTEM_ACTOR, 'hovedstaden-syd', [{ initiativeId: i.id, party: '101', period: '2022-03', amountOre: 1_000_00, category: 'trial', funding: 'common', text: 'Udgift' }]);
    settlementId = (await createSettlement(db, SYSTEM_ACTOR, 'hovedstaden-syd', { from: '2022-03', to: '2022-03' })).id;
  });
  afterAll(async () => {
    if ((app as App | undefined) !== undefined) await app.close();
  });

  const get = (url: string, etag?: string) => app.inject({ url, headers: admin.headers(etag !== undefined ? { 'if-none-match': etag } : {}) });

  it("the year's allocation and the run itself: same tag, 304 when the client has it, 200 for another tag", async () => {
    const first = await get('/api/years/2022/allocation');
    expect(first.statusCode).toBe(200);
    const etag = String(first.headers['etag']);
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const run = json<{ id: string }>(first);

    const again = await get('/api/years/2022/allocation', etag);
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers['etag']).toBe(etag);
    // Also in a list of tags, and whether the client sends it weak or strong.
    expect((await get('/api/years/2022/allocation', `"nope", ${etag.replace(/^W\//, '')}`)).statusCode).toBe(304);
    expect((await get(`/api/allocation-runs/${run.id}`, etag)).statusCode).toBe(304);
    const other = await get('/api/years/2022/allocation', 'W/"an-older-run"');
    expect(other.statusCode).toBe(200);
    expect(json(other)).toEqual(json(first));
  });

  it('a new run changes the current allocation: the old tag gets 200 and the new run', async () => {
    const before = await get('/api/years/2022/allocation');
    const etag = String(before.headers['etag']);
    const created = await app.inject({ method: 'POST', url: '/api/years/2022/allocation-runs', headers: admin.headers(), payload: { note: 'ETag-test' } });
    expect(created.statusCode).toBe(201);
    const after = await get('/api/years/2022/allocation', etag);
    expect(after.statusCode).toBe(200);
    expect(json<{ id: string }>(after).id).toBe(json<{ id: string }>(created).id);
    expect(after.headers['etag']).not.toBe(etag);
    // The earlier run is still itself, with its own tag.
    expect((await get(`/api/allocation-runs/${json<{ id: string }>(before).id}`, etag)).statusCode).toBe(304);
  });

  it('an export of a run: 304 without the file for a client that has it, and the download is still logged', async () => {
    const run = json<{ id: string }>(await get('/api/years/2022/allocation'));
    const url = `/api/allocation-runs/${run.id}/export?format=csv`;
    const first = await get(url);
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toContain('text/csv');
    const etag = String(first.headers['etag']);
    const again = await get(url, etag);
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    // Each format is its own representation.
    const xlsx = await get(`/api/allocation-runs/${run.id}/export?format=xlsx`, etag);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['etag']).not.toBe(etag);
    const audit = json<{ entries: { action: string; entityId: string; after: Record<string, unknown> | null }[] }>(await app.inject({ url: `/api/audit?entity=allocation_run&entityId=${run.id}`, headers: admin.headers() }));
    const downloads = audit.entries.filter((e) => e.action === 'export.download' && e.entityId === run.id);
    expect(downloads.some((e) => e.after?.['notModified'] === true && e.after['format'] === 'csv')).toBe(true);
  });

  it('a settlement run and a posting file: 304 for a client that has them', async () => {
    const first = await get(`/api/settlements/${settlementId}`);
    expect(first.statusCode).toBe(200);
    const etag = String(first.headers['etag']);
    expect((await get(`/api/settlements/${settlementId}`, etag)).statusCode).toBe(304);
    const file = await get(`/api/settlements/${settlementId}/postings/101?format=csv`);
    expect(file.statusCode).toBe(200);
    const fileTag = String(file.headers['etag']);
    expect(fileTag).not.toBe(etag);
    const again = await get(`/api/settlements/${settlementId}/postings/101?format=csv`, fileTag);
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect((await get(`/api/settlements/${settlementId}/postings/101?format=xlsx`, fileTag)).statusCode).toBe(200);
  });
});
