import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../infra/auth/password.ts';
import { AuthStore, LOGIN_MAX_FAILURES } from '../infra/auth/store.ts';
import { describeEachDatabase } from '../infra/db/testing.ts';
import { seedDatabase } from '../app/seed.ts';
import type { App } from './app.ts';
import { checkAdminPasswordSetting, startServer } from './server.ts';
import { clientWithRoles, json, sessionSetCookie, testApp, type TestClient } from './testing.ts';

const PASSWORD = 'Fire heste på en bro 7';
const NEW_PASSWORD = 'Grøn kaffe i Vejle 2031';

describeEachDatabase('HTTP accounts: password policy, change/reset/disable, lock-out per source, sign-in audit', (getDb) => {
  let app: App;
  let store: AuthStore;
  let admin: TestClient;
  let userId: string;

  beforeAll(async () => {
    app = await testApp(getDb(), { loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
    store = new AuthStore(getDb().kysely);
    const hash = await hashPassword(PASSWORD);
    userId = (await store.createUser({ username: 'konto-prøve', displayName: 'Konto Prøve', passwordHash: hash, roles: [{ role: 'national-reader', scope: { kind: 'all', id: null } }] })).id;
    await store.createUser({ username: 'admin', displayName: 'Systemadministrator', passwordHash: hash, roles: [{ role: 'system-admin', scope: { kind: 'all', id: null } }] });
    admin = await clientWithRoles(getDb(), [{ role: 'system-admin', scope: { kind: 'all', id: null } }], 'adm');
  });
  afterAll(async () => {
    if ((app as App | undefined) !== undefined) await app.close();
  });

  const login = (username: string, password: string, ip = '10.0.0.1') => app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip });
  const signIn = async (username: string, password: string, ip?: string): Promise<TestClient> => {
    const res = await login(username, password, ip);
    expect(res.statusCode).toBe(200);
    const cookie = sessionSetCookie(res)?.split(';')[0] ?? '';
    const csrfToken = json<{ csrfToken: string }>(res).csrfToken;
    return { userId: '', cookie, csrfToken, headers: (extra = {}) => ({ cookie, 'x-csrf-token': csrfToken, ...extra }) };
  };
  const me = (c: TestClient) => app.inject({ method: 'GET', url: '/api/auth/me', headers: c.headers() });
  const audit = async (action: string) => getDb().kysely.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();

  it('refuses weak passwords when an administrator creates a user, and KLYNGE_ADMIN_PASSWORD at start, in Danish', async () => {
    for (const password of [' '.repeat(12), 'aaaaaaaaaaaa', 'ny-bruger-42x', 'Password2024!']) {
      const res = await app.inject({ method: 'POST', url: '/api/admin/users', headers: admin.headers(), payload: { username: 'ny-bruger-42x', displayName: 'Ny', password } });
      expect(res.statusCode, password).toBe(400);
      expect(json<{ code: string }>(res).code).toBe('user.weak-password');
    }
    expect(() => checkAdminPasswordSetting('aaaaaaaaaaaa')).toThrow(/KLYNGE_ADMIN_PASSWORD kan ikke bruges/);
    expect(() => checkAdminPasswordSetting('admin-admin-admin')).toThrow(/KLYNGE_ADMIN_PASSWORD/);
    expect(() => checkAdminPasswordSetting(PASSWORD)).not.toThrow();
    await expect(startServer({ adminPassword: 'klynge123456', seed: false, webRoot: null })).rejects.toThrow(/KLYNGE_ADMIN_PASSWORD kan ikke bruges/);
  });

  it('records sign-in success and failure and sign-out in the audit trail', async () => {
    expect((await login('konto-prøve', 'forkert forkert forkert', '10.0.0.9')).statusCode).toBe(401);
    expect((await login('findes-ikke', 'forkert forkert forkert', '10.0.0.9')).statusCode).toBe(401);
    const c = await signIn('konto-prøve', PASSWORD, '10.0.0.9');
    expect((await app.inject({ method: 'POST', url: '/api/auth/logout', headers: c.headers() })).statusCode).toBe(204);
    const failed = await audit('auth.login-failed');
    expect(failed.map((r) => [r.entity_id, (r.after as { reason: string }).reason])).toEqual(expect.arrayContaining([['konto-prøve', 'wrong-password'], ['findes-ikke', 'unknown-user']]));
    expect((await audit('auth.login')).some((r) => r.actor_name === 'konto-prøve')).toBe(true);
    expect((await audit('auth.logout')).some((r) => r.actor_name === 'konto-prøve')).toBe(true);
  });

  it(`locks sign-in per account and source: ${LOGIN_MAX_FAILURES} failures for admin from one address do not lock admin out elsewhere`, async () => {
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) expect((await login('admin', `forkert-${String(i)}-xxxxxx`, '203.0.113.66')).statusCode).toBe(401);
    const attacker = await login('admin', PASSWORD, '203.0.113.66');
    expect(attacker.statusCode).toBe(429);
    expect(json<{ detail: string }>(attacker).detail).toContain('herfra');
    // The administrator at the office still gets in.
    await signIn('admin', PASSWORD, '192.0.2.10');
    expect((await audit('auth.login-failed')).some((r) => (r.after as { reason: string }).reason === 'too-many-attempts')).toBe(true);
  });

  it('changes one’s own password with the current one; other sessions end, this one stays', async () => {
    const here = await signIn('konto-prøve', PASSWORD);
    const elsewhere = await signIn('konto-prøve', PASSWORD, '10.0.0.2');
    const wrong = await app.inject({ method: 'POST', url: '/api/auth/password', headers: here.headers(), payload: { currentPassword: 'ikke den rigtige kode', newPassword: NEW_PASSWORD } });
    expect(wrong.statusCode).toBe(400);
    expect(json<{ code: string }>(wrong).code).toBe('auth.wrong-current-password');
    const weak = await app.inject({ method: 'POST', url: '/api/auth/password', headers: here.headers(), payload: { currentPassword: PASSWORD, newPassword: 'konto-prøve-1' } });
    expect(weak.statusCode).toBe(400);
    const ok = await app.inject({ method: 'POST', url: '/api/auth/password', headers: here.headers(), payload: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } });
    expect(ok.statusCode).toBe(204);
    expect((await me(here)).statusCode).toBe(200);
    expect((await me(elsewhere)).statusCode).toBe(401);
    expect((await login('konto-prøve', PASSWORD, '10.0.0.3')).statusCode).toBe(401);
    await signIn('konto-prøve', NEW_PASSWORD, '10.0.0.3');
    const rows = await audit('user.password-change');
    expect(rows.at(-1)).toMatchObject({ entity_id: 'konto-prøve', actor_name: 'konto-prøve' });
    expect(JSON.stringify(rows.at(-1))).not.toContain('argon2');
  });

  it('an administrator resets a password and disables/enables a user; a disabled user’s sessions end at once', async () => {
    const session = await signIn('konto-prøve', NEW_PASSWORD, '10.0.0.4');
    const reset = await app.inject({ method: 'PUT', url: `/api/admin/users/${userId}/password`, headers: admin.headers(), payload: { password: PASSWORD } });
    expect(reset.statusCode).toBe(204);
    expect((await me(session)).statusCode).toBe(401);
    const again = await signIn('konto-prøve', PASSWORD, '10.0.0.4');

    const off = await app.inject({ method: 'PUT', url: `/api/admin/users/${userId}/disabled`, headers: admin.headers(), payload: { disabled: true } });
    expect(off.statusCode).toBe(200);
    expect(json(off)).toMatchObject({ username: 'konto-prøve', disabled: true });
    expect((await me(again)).statusCode).toBe(401);
    expect((await login('konto-prøve', PASSWORD, '10.0.0.5')).statusCode).toBe(401);
    const list = json<{ users: { username: string; disabled: boolean }[] }>(await app.inject({ method: 'GET', url: '/api/admin/users', headers: admin.headers() }));
    expect(list.users.find((u) => u.username === 'konto-prøve')?.disabled).toBe(true);

    const on = await app.inject({ method: 'PUT', url: `/api/admin/users/${userId}/disabled`, headers: admin.headers(), payload: { disabled: false } });
    expect(on.statusCode).toBe(200);
    await signIn('konto-prøve', PASSWORD, '10.0.0.5');
    const self = await app.inject({ method: 'PUT', url: `/api/admin/users/${admin.userId}/disabled`, headers: admin.headers(), payload: { disabled: true } });
    expect(self.statusCode).toBe(400);
    const resetRow = (await audit('user.password-reset')).at(-1);
    expect(resetRow).toMatchObject({ entity_id: 'konto-prøve', actor_id: admin.userId });
    expect((resetRow?.after as { sessionsEnded: number }).sessionsEnded).toBeGreaterThanOrEqual(1);
    expect((await audit('user.disable')).at(-1)).toMatchObject({ entity_id: 'konto-prøve', after: { disabled: true, sessionsEnded: 1 } });
    expect((await audit('user.enable')).length).toBeGreaterThan(0);
  });

  it('records refusals (403), conflicts (409) and reads of the audit trail, in the same request', async () => {
    const reader = await clientWithRoles(getDb(), [{ role: 'national-reader', scope: { kind: 'all', id: null } }], 'læser');
    expect((await app.inject({ method: 'GET', url: '/api/audit', headers: reader.headers() })).statusCode).toBe(403);
    const forbidden = await audit('request.forbidden');
    expect(forbidden.at(-1)).toMatchObject({ actor_id: reader.userId, entity_id: 'GET /api/audit', after: { status: 403, code: 'auth.forbidden' } });
    const dup = await app.inject({ method: 'POST', url: '/api/admin/users', headers: admin.headers(), payload: { username: 'konto-prøve', displayName: 'x' } });
    expect(dup.statusCode).toBe(409);
    expect((await audit('request.conflict')).at(-1)).toMatchObject({ entity_id: 'POST /api/admin/users', after: { status: 409, code: 'conflict.username' } });
    expect((await app.inject({ method: 'GET', url: '/api/audit?action=auth.login', headers: admin.headers() })).statusCode).toBe(200);
    expect((await audit('audit.read')).at(-1)).toMatchObject({ actor_id: admin.userId, after: { url: '/api/audit?action=auth.login' } });
  });

  it('records downloads (the economy workbook) and population previews', async () => {
    await seedDatabase(getDb().kysely);
    const book = await app.inject({ method: 'GET', url: '/api/clusters/hovedstaden-syd/economy/2022/workbook', headers: admin.headers() });
    expect(book.statusCode).toBe(200);
    expect((await audit('download')).at(-1)).toMatchObject({ actor_id: admin.userId, entity_id: 'GET /api/clusters/:clusterId/economy/:year/workbook', after: { file: expect.stringMatching(/\.xlsx$/) as unknown } });
    const folk1a = readFileSync(new URL('../../e2e/fixtures/folk1a-2020k1.csv', import.meta.url), 'utf8');
    const valid = await app.inject({ method: 'POST', url: '/api/population/imports', headers: admin.headers({ 'content-type': 'text/csv' }), payload: folk1a });
    expect(valid.statusCode).toBe(201);
    expect((await audit('population.preview')).at(-1)).toMatchObject({ actor_id: admin.userId, entity_id: 'POST /api/population/imports' });
    const preview = await app.inject({ method: 'POST', url: '/api/population/imports', headers: admin.headers({ 'content-type': 'text/csv' }), payload: 'ikke en FOLK1A-fil' });
    expect(preview.statusCode).toBe(422);
    expect((await audit('request.refused-import')).at(-1)).toMatchObject({ actor_id: admin.userId, entity_id: 'POST /api/population/imports', after: { status: 422 } });
  });
});
