import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../infra/auth/password.ts';
import { AuthStore, LOGIN_MAX_FAILURES } from '../infra/auth/store.ts';
import { describeEachDatabase } from '../infra/db/testing.ts';
import type { App } from './app.ts';
import { clientWithRoles, json, sessionSetCookie, testApp } from './testing.ts';

describeEachDatabase('HTTP: sign-in, sessions and CSRF', (getDb) => {
  let app: App;
  let store: AuthStore;
  const password = 'Sundhedsklynge-2022!';

  beforeAll(async () => {
    app = await testApp(getDb(), { loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
    store = new AuthStore(getDb().kysely);
    const hash = await hashPassword(password);
    await store.createUser({ username: 'sekretær', displayName: 'Sekretær Syd', passwordHash: hash, roles: [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: 'hovedstaden-syd' } }] });
    await store.createUser({ username: 'spærret-prøve', displayName: 'Prøve', passwordHash: hash, roles: [] });
  });
  afterAll(async () => {
    // beforeAll may have timed out opening the database on a busy machine.
    if ((app as App | undefined) !== undefined) await app.close();
  });

  const login = (username: string, pw: string) => app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: pw } });

  it('answers /api/health and /api/openapi.json without a session, and 401 problem+json elsewhere', async () => {
    expect(json(await app.inject({ url: '/api/health' }))).toEqual({ status: 'ok' });
    const doc = json<{ openapi: string; paths: Record<string, unknown> }>(await app.inject({ url: '/api/openapi.json' }));
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/auth/me', '/api/admin/users']));
    const me = await app.inject({ url: '/api/auth/me' });
    expect(me.statusCode).toBe(401);
    expect(me.headers['content-type']).toContain('application/problem+json');
    expect(json(me)).toMatchObject({ status: 401, code: 'auth.unauthenticated', title: 'Ikke logget ind', detail: 'Du skal logge ind for at se dette.' });
    const bogus = await app.inject({ url: '/api/auth/me', headers: { cookie: 'klynge_session=forfalsket' } });
    expect(bogus.statusCode).toBe(401);
    const missing = await app.inject({ url: '/api/findes-ikke' });
    expect(missing.statusCode).toBe(404);
    expect(json(missing)).toMatchObject({ code: 'route.not-found', detail: 'Adressen GET /api/findes-ikke findes ikke.' });
  });

  it('signs in with the right password: HttpOnly; Secure; SameSite=Lax cookie, user and CSRF token', async () => {
    const res = await login('sekretær', password);
    expect(res.statusCode).toBe(200);
    const cookie = sessionSetCookie(res);
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    const body = json<{ user: { username: string; roles: unknown[] }; csrfToken: string }>(res);
    expect(body.user).toMatchObject({ username: 'sekretær', displayName: 'Sekretær Syd', roles: [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: 'hovedstaden-syd' } }] });
    expect(body.csrfToken.length).toBeGreaterThanOrEqual(32);
    const me = await app.inject({ url: '/api/auth/me', headers: { cookie: cookie?.split(';')[0] ?? '' } });
    expect(json(me)).toMatchObject({ user: { username: 'sekretær' }, csrfToken: body.csrfToken });
    // The database holds only a hash of the cookie token.
    const token = cookie?.split(';')[0]?.split('=')[1] ?? '';
    const rows = await getDb().kysely.selectFrom('sessions').select('token_hash').execute();
    expect(rows.some((r) => r.token_hash === token)).toBe(false);
  });

  it('refuses a wrong password or unknown user with the same 401 and Danish message, and sets no cookie', async () => {
    for (const [u, p] of [['sekretær', 'forkert'], ['findes-ikke', password]] as const) {
      const res = await login(u, p);
      expect(res.statusCode).toBe(401);
      expect(json(res)).toMatchObject({ code: 'auth.invalid-credentials', detail: 'Forkert brugernavn eller adgangskode.' });
      expect(sessionSetCookie(res)).toBeUndefined();
    }
  });

  it(`rate-limits sign-in: after ${LOGIN_MAX_FAILURES} failures even the right password gets 429`, async () => {
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) expect((await login('spærret-prøve', `forkert-${i}`)).statusCode).toBe(401);
    const res = await login('spærret-prøve', password);
    expect(res.statusCode).toBe(429);
    expect(json(res)).toMatchObject({ status: 429, code: 'auth.too-many-attempts' });
    expect(sessionSetCookie(res)).toBeUndefined();
  });

  it('rate-limits sign-in per IP address too (Fastify rate limit)', async () => {
    const strict = await testApp(getDb(), { loginRateLimit: { max: 2, timeWindowMs: 60_000 } });
    try {
      expect((await strict.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x1', password: 'y' } })).statusCode).toBe(401);
      expect((await strict.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x2', password: 'y' } })).statusCode).toBe(401);
      const third = await strict.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'sekretær', password } });
      expect(third.statusCode).toBe(429);
      expect(third.headers['content-type']).toContain('application/problem+json');
      expect(json(third)).toMatchObject({ code: 'rate-limited' });
    } finally {
      await strict.close();
    }
  });

  it('CSRF: a state-changing request without or with a wrong x-csrf-token is refused (403) and changes nothing', async () => {
    const c = await clientWithRoles(getDb(), [], 'csrf');
    const none = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: c.cookie } });
    expect(none.statusCode).toBe(403);
    expect(json(none)).toMatchObject({ code: 'auth.csrf' });
    const wrong = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: c.cookie, 'x-csrf-token': 'x'.repeat(43) } });
    expect(wrong.statusCode).toBe(403);
    // Still signed in: the refused logout did nothing.
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie: c.cookie } })).statusCode).toBe(200);
    // Admin creating a user without the token: refused, and no user appears.
    const admin = await clientWithRoles(getDb(), [{ role: 'system-admin', scope: { kind: 'all', id: null } }], 'admin');
    const create = await app.inject({ method: 'POST', url: '/api/admin/users', headers: { cookie: admin.cookie }, payload: { username: 'csrf-offer', displayName: 'Offer', roles: [] } });
    expect(create.statusCode).toBe(403);
    expect(await store.usernameExists('csrf-offer')).toBe(false);
    const ok = await app.inject({ method: 'POST', url: '/api/admin/users', headers: admin.headers(), payload: { username: 'csrf-offer', displayName: 'Offer', roles: [] } });
    expect(ok.statusCode).toBe(201);
  });

  it('logout ends the session on the server: the old cookie no longer works', async () => {
    const c = await clientWithRoles(getDb(), [], 'logout');
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: c.headers() });
    expect(out.statusCode).toBe(204);
    expect(sessionSetCookie(out)).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie: c.cookie } })).statusCode).toBe(401);
  });

  it('an administrator lists sessions and ends another user’s session; others get 403', async () => {
    const admin = await clientWithRoles(getDb(), [{ role: 'system-admin', scope: { kind: 'all', id: null } }], 'admin');
    const victim = await clientWithRoles(getDb(), [{ role: 'national-reader', scope: { kind: 'all', id: null } }], 'læser');
    const list = json<{ sessions: { id: string; userId: string; current: boolean }[] }>(await app.inject({ url: '/api/admin/sessions', headers: admin.headers() }));
    const theirs = list.sessions.find((s) => s.userId === victim.userId);
    expect(theirs).toBeDefined();
    expect(list.sessions.find((s) => s.userId === admin.userId)?.current).toBe(true);
    expect((await app.inject({ url: '/api/admin/sessions', headers: victim.headers() })).statusCode).toBe(403);
    expect((await app.inject({ method: 'DELETE', url: `/api/admin/sessions/${theirs?.id ?? ''}`, headers: victim.headers() })).statusCode).toBe(403);
    const del = await app.inject({ method: 'DELETE', url: `/api/admin/sessions/${theirs?.id ?? ''}`, headers: admin.headers() });
    expect(del.statusCode).toBe(204);
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie: victim.cookie } })).statusCode).toBe(401);
    const again = await app.inject({ method: 'DELETE', url: `/api/admin/sessions/${theirs?.id ?? ''}`, headers: admin.headers() });
    expect(again.statusCode).toBe(404);
    expect(json(again)).toMatchObject({ code: 'session.not-found' });
  });

  it('an administrator creates a user with a password and roles, who can then sign in; invalid scopes are refused', async () => {
    const admin = await clientWithRoles(getDb(), [{ role: 'system-admin', scope: { kind: 'all', id: null } }], 'admin');
    const res = await app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: admin.headers(),
      payload: { username: 'okonomi-101', displayName: 'Økonomi København', password: 'Meget-hemmelig-1', roles: [{ role: 'finance-officer', scope: { kind: 'municipality', id: '101' } }] },
    });
    expect(res.statusCode).toBe(201);
    expect(json(res)).toMatchObject({ username: 'okonomi-101', roles: [{ role: 'finance-officer', scope: { kind: 'municipality', id: '101' } }] });
    expect((await login('okonomi-101', 'Meget-hemmelig-1')).statusCode).toBe(200);
    const dup = await app.inject({ method: 'POST', url: '/api/admin/users', headers: admin.headers(), payload: { username: 'okonomi-101', displayName: 'x', roles: [] } });
    expect(dup.statusCode).toBe(409);
    const bad = await app.inject({ method: 'POST', url: '/api/admin/users', headers: admin.headers(), payload: { username: 'forkert-rolle', displayName: 'x', roles: [{ role: 'ssu-member', scope: { kind: 'all', id: null } }] } });
    expect(bad.statusCode).toBe(400);
    expect(json(bad)).toMatchObject({ code: 'user.invalid-role' });
    const invalid = await app.inject({ method: 'POST', url: '/api/admin/users', headers: admin.headers(), payload: { username: '', displayName: 'x' } });
    expect(invalid.statusCode).toBe(400);
    expect(json(invalid)).toMatchObject({ code: 'request.invalid' });
    expect(invalid.body).not.toMatch(/at .*\.ts:\d+/);
  });
});
