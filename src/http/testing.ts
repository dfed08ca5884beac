import type { LightMyRequestResponse } from 'fastify';
import type { RoleAssignment } from '../infra/auth/policy.ts';
import { AuthStore } from '../infra/auth/store.ts';
import type { Database } from '../infra/db/database.ts';
import { SESSION_COOKIE, type App } from './app.ts';
import { buildServerApp } from './server.ts';

/** A signed-in client for inject() tests: cookie + CSRF token. */
export interface TestClient {
  userId: string;
  cookie: string;
  csrfToken: string;
  headers(extra?: Record<string, string>): Record<string, string>;
}

let counter = 0;

/**
 * A user with these roles and a live session, made directly in the store (no password hashing:
 * argon2 takes a second per hash on a busy machine, and sign-in itself has its own tests).
 */
export async function clientWithRoles(database: Database, roles: readonly RoleAssignment[], name = 'bruger'): Promise<TestClient> {
  const store = new AuthStore(database.kysely);
  counter += 1;
  const user = await store.createUser({ username: `${name}-${counter}-${Date.now()}`, displayName: name, passwordHash: null, roles });
  const { token, session } = await store.createSession(user.id, { ip: '127.0.0.1', userAgent: 'test' });
  const cookie = `${SESSION_COOKIE}=${token}`;
  return {
    userId: user.id,
    cookie,
    csrfToken: session.csrfToken,
    headers: (extra = {}) => ({ cookie, 'x-csrf-token': session.csrfToken, ...extra }),
  };
}

export async function testApp(database: Database, opts: Parameters<typeof buildServerApp>[1] = {}): Promise<App> {
  const app = await buildServerApp(database, { webRoot: null, ...opts });
  await app.ready();
  return app;
}

export function json<T = Record<string, unknown>>(res: LightMyRequestResponse): T {
  return res.json();
}

/** The `klynge_session` Set-Cookie header of a response (undefined when none). */
export function sessionSetCookie(res: LightMyRequestResponse): string | undefined {
  const raw = res.headers['set-cookie'];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [String(raw)];
  return list.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
}
