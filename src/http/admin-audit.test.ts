import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../infra/db/testing.ts';
import type { App } from './app.ts';
import { clientWithRoles, json, testApp, type TestClient } from './testing.ts';

interface Entry {
  id: number;
  actorName: string;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

describeEachDatabase('HTTP: administration writes the audit trail (users, roles, sessions)', (getDb) => {
  let app: App;
  let admin: TestClient;

  beforeAll(async () => {
    app = await testApp(getDb());
    admin = await clientWithRoles(getDb(), [{ role: 'system-admin', scope: { kind: 'all', id: null } }], 'admin');
  });
  afterAll(async () => {
    if ((app as App | undefined) !== undefined) await app.close();
  });

  const audit = async (query: string): Promise<Entry[]> => json<{ entries: Entry[] }>(await app.inject({ url: `/api/audit?${query}`, headers: admin.headers() })).entries;

  it('records who created a user, who changed its roles (old → new) and who ended its session; free text finds them all', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: admin.headers(),
      payload: { username: 'revision-kbh', displayName: 'Revision København', password: 'Lang-nok-adgangskode', roles: [{ role: 'finance-officer', scope: { kind: 'municipality', id: '101' } }] },
    });
    expect(created.statusCode).toBe(201);
    const userId = json<{ id: string }>(created).id;

    const roles = [
      { role: 'finance-officer', scope: { kind: 'municipality', id: '101' } },
      { role: 'ssu-member', scope: { kind: 'region', id: '1084' } },
    ];
    expect((await app.inject({ method: 'PUT', url: `/api/admin/users/${userId}/roles`, headers: admin.headers(), payload: { roles } })).statusCode).toBe(200);
    // The same roles again change nothing, so the trail says nothing.
    expect((await app.inject({ method: 'PUT', url: `/api/admin/users/${userId}/roles`, headers: admin.headers(), payload: { roles } })).statusCode).toBe(200);

    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'revision-kbh', password: 'Lang-nok-adgangskode' } });
    expect(login.statusCode).toBe(200);
    const sessions = json<{ sessions: { id: string; username: string }[] }>(await app.inject({ url: '/api/admin/sessions', headers: admin.headers() })).sessions;
    const session = sessions.find((s) => s.username === 'revision-kbh');
    expect(session).toBeDefined();
    expect((await app.inject({ method: 'DELETE', url: `/api/admin/sessions/${session?.id ?? ''}`, headers: admin.headers() })).statusCode).toBe(204);

    const all = await audit('q=revision-kbh');
    // The user's own sign-in is in the trail too (issue 11), by the user.
    expect(all.filter((e) => e.action === 'auth.login').map((e) => e.actorName)).toEqual(['revision-kbh']);
    const entries = all.filter((e) => e.action !== 'auth.login');
    expect(entries.map((e) => e.action)).toEqual(['session.end', 'user.roles', 'user.create']);
    expect(entries.every((e) => e.actorName.startsWith('admin-'))).toBe(true);
    // The page shows names, not UUIDs: the answer names the ids its entries hold (issue 12, item 5).
    const named = json<{ names: Record<string, string> }>(await app.inject({ url: '/api/audit?q=revision-kbh', headers: admin.headers() })).names;
    expect(named['revision-kbh']).toBe('Revision København (revision-kbh)');
    expect(entries[2]).toMatchObject({
      entity: 'user',
      entityId: 'revision-kbh',
      before: null,
      after: { username: 'revision-kbh', displayName: 'Revision København', signIn: 'password', roles: ['finance-officer@municipality:101'] },
    });
    // No password or hash in the trail.
    expect(JSON.stringify(entries)).not.toMatch(/Lang-nok|argon2/);
    expect(entries[1]).toMatchObject({
      entity: 'user',
      entityId: 'revision-kbh',
      before: { roles: ['finance-officer@municipality:101'] },
      after: { roles: ['finance-officer@municipality:101', 'ssu-member@region:1084'] },
    });
    expect(entries[0]).toMatchObject({ entity: 'session', entityId: session?.id, before: { username: 'revision-kbh', ip: '127.0.0.1' }, after: null });

    // The filters narrow the same search.
    expect((await audit('entity=user&action=user.roles&q=revision-kbh')).map((e) => e.action)).toEqual(['user.roles']);
    expect(await audit('q=revision-kbh&from=2000-01-01&to=2000-01-02')).toEqual([]);
  });

  it('refuses an invalid role scope in Danish and records nothing', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: admin.headers(),
      payload: { username: 'forkert-omfang', displayName: 'Forkert', password: 'Lang-nok-adgangskode', roles: [{ role: 'ssu-member', scope: { kind: 'all', id: null } }] },
    });
    expect(res.statusCode).toBe(400);
    expect(json<{ detail: string }>(res).detail).toMatch(/^Rollen ssu-member kan ikke gives med omfanget all/);
    expect(await audit('q=forkert-omfang')).toEqual([]);
  });

  it('finds words and word beginnings anywhere in the entry (index), exactly as typed (substring), page by page', async () => {
    for (const username of ['sogning-alfa', 'sogning-beta', 'sogning-gamma']) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/admin/users',
        headers: admin.headers(),
        payload: { username, displayName: `Søgeprøve ${username}`, password: 'Lang-nok-adgangskode', roles: [] },
      });
      expect(res.statusCode).toBe(201);
    }
    const names = async (query: string): Promise<string[]> =>
      (await audit(query)).map((e) => (e.after as { username?: string } | null)?.username ?? '');
    expect(await names('q=sogning')).toEqual(['sogning-gamma', 'sogning-beta', 'sogning-alfa']);
    // A word after punctuation, a word beginning, a phrase across the hyphen, a Danish letter.
    expect(await names('q=beta')).toEqual(['sogning-beta']);
    expect(await names('q=gam')).toEqual(['sogning-gamma']);
    expect(await names('q=sogning-al')).toEqual(['sogning-alfa']);
    expect(await names('q=S%C3%B8gepr%C3%B8ve%20sogning-b')).toEqual(['sogning-beta']);
    // Both words, but not as typed together: the exact text is checked on what the index finds.
    expect(await names('q=alfa%20sogning')).toEqual([]);
    // Keyset paging: each page continues below the last id of the one before (reading the trail is
    // itself recorded, with the search text, so the pages ask for the creations only).
    const first = await audit('q=sogning&action=user.create&limit=2');
    expect(first).toHaveLength(2);
    const rest = await audit(`q=sogning&action=user.create&limit=2&beforeId=${String(first[1]?.id)}`);
    expect([...first, ...rest].map((e) => (e.after as { username: string }).username)).toEqual(['sogning-gamma', 'sogning-beta', 'sogning-alfa']);
    expect(await audit('q=sogning&action=user.create&entity=user')).toHaveLength(3);
  });
});
