import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';
// @ts-expect-error -- oidc-provider ships no type declarations; the little used here is typed below.
import { Provider as UntypedProvider } from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from './app.ts';
import { startServer, type RunningServer } from './server.ts';
import type { OidcSettings } from '../infra/auth/oidc.ts';

/**
 * Issue 3: OIDC sign-in, end to end. A real OpenID provider (oidc-provider, its development
 * login and consent pages) runs on loopback; Klynge runs on loopback with OIDC switched on; the
 * "browser" is plain fetch that follows redirects by hand and carries each host's cookies, so the
 * whole authorisation-code + PKCE flow with state and nonce happens over HTTP.
 */

interface ProviderInstance {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
}
type ProviderConstructor = new (issuer: string, configuration: Record<string, unknown>) => ProviderInstance;
const Provider = UntypedProvider as unknown as ProviderConstructor;

const CLIENT_ID = 'klynge';
const CLIENT_SECRET = 'hemmelig-testnoegle-til-klynge';
const ROLES_CLAIM = 'klynge_roles';

/** The provider's users: subject → claims. Mutable so a test can change the broker's roles between sign-ins. */
const accounts: Record<string, Record<string, unknown>> = {
  anne: { name: 'Anne Andersen', email: 'anne@kommune.example' },
  chef: { name: 'Carl Chef', email: 'carl@region.example', [ROLES_CLAIM]: ['national-reader', 'finance-officer:municipality:101', 'bogus-role', 'system-admin:cluster:x'] },
};

async function freePort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', resolve);
  });
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

/** Cookies per origin (the provider and Klynge share 127.0.0.1 but not the port); paths are ignored. */
class CookieJar {
  private readonly byOrigin = new Map<string, Map<string, string>>();

  store(url: URL, res: Response): void {
    const jar = this.byOrigin.get(url.origin) ?? new Map<string, string>();
    this.byOrigin.set(url.origin, jar);
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=.*1970/i.test(a));
      if (value === '' || expired) jar.delete(name);
      else jar.set(name, value);
    }
  }

  header(url: URL): string {
    return [...(this.byOrigin.get(url.origin) ?? new Map<string, string>()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  get(url: URL, name: string): string | undefined {
    return this.byOrigin.get(url.origin)?.get(name);
  }
}

async function send(jar: CookieJar | null, url: URL, init: { method?: string; form?: Record<string, string>; cookie?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  const cookie = init.cookie ?? jar?.header(url) ?? '';
  if (cookie !== '') headers['cookie'] = cookie;
  let body: string | undefined;
  if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  }
  const res = await fetch(url, { method: init.method ?? 'GET', headers, redirect: 'manual', ...(body === undefined ? {} : { body }) });
  jar?.store(url, res);
  return res;
}

/**
 * Starts sign-in at Klynge and plays the browser through the provider's login and consent pages
 * as `account`, stopping when the provider sends the browser back to Klynge's callback. Returns
 * that callback URL (code, state, iss) without calling it.
 */
async function throughProvider(klynge: RunningServer, jar: CookieJar, account: string): Promise<URL> {
  const callbackPath = '/api/auth/oidc/callback';
  let url = new URL('/api/auth/oidc/login', klynge.url);
  let res = await send(jar, url);
  for (let step = 0; step < 20; step++) {
    if (res.status >= 300 && res.status < 400) {
      const location = res.headers.get('location');
      if (location === null) throw new Error(`${String(res.status)} uden Location fra ${url.href}`);
      await res.arrayBuffer();
      url = new URL(location, url);
      if (url.origin === new URL(klynge.url).origin && url.pathname === callbackPath) return url;
      res = await send(jar, url);
      continue;
    }
    const html = await res.text();
    const prompt = /name="prompt" value="(login|consent)"/.exec(html)?.[1];
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (res.status !== 200 || prompt === undefined || action === undefined) {
      throw new Error(`uventet svar ${String(res.status)} fra ${url.href}: ${html.replace(/<style[\s\S]*<\/style>/, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 600)}`);
    }
    url = new URL(action.replaceAll('&amp;', '&'), url);
    res = await send(jar, url, { method: 'POST', form: prompt === 'login' ? { prompt, login: account, password: 'hvad-som-helst' } : { prompt } });
  }
  throw new Error('for mange omdirigeringer');
}

const sessionCookieIn = (res: Response): string | undefined => res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));

interface Me {
  user: { id: string; username: string; displayName: string; roles: { role: string; scope: { kind: string; id: string | null } }[] };
  csrfToken: string;
}

describe('OIDC sign-in against a loopback OpenID provider', () => {
  let providerServer: Server | undefined;
  let plain: RunningServer | undefined;
  let withRoles: RunningServer | undefined;

  const klynge = (s: RunningServer | undefined): RunningServer => {
    if (!s) throw new Error('Klynge er ikke startet (beforeAll fejlede?).');
    return s;
  };

  beforeAll(async () => {
    // Klynge's ports must be known before the provider registers the client's redirect URIs.
    const [plainPort, rolesPort] = [await freePort(), await freePort()];
    const redirect = (port: number): string => `http://127.0.0.1:${String(port)}/api/auth/oidc/callback`;

    const server = createServer();
    providerServer = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (typeof address !== 'object' || address === null) throw new Error('no provider port');
    const issuer = `http://127.0.0.1:${String(address.port)}`;

    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
          redirect_uris: [redirect(plainPort), redirect(rolesPort)],
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
      jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test', use: 'sig', alg: 'RS256' }] },
      cookies: { keys: ['klynge-test-cookie-key'] },
      // Refuse any authorisation request without PKCE, so the test proves Klynge sends it.
      pkce: { required: () => true },
      claims: { openid: ['sub'], profile: ['name'], email: ['email'], klynge: [ROLES_CLAIM] },
      // openid-client reads the ID token only; put the granted scopes' claims there.
      conformIdTokenClaims: false,
      features: { devInteractions: { enabled: true } },
      // Explicit lifetimes (seconds) only to keep the provider from printing a notice for each default.
      ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
      findAccount: (_ctx: unknown, sub: string) => {
        const claims = accounts[sub];
        return claims ? { accountId: sub, claims: () => Promise.resolve({ sub, ...claims }) } : undefined;
      },
    });
    server.on('request', provider.callback());

    const settings: OidcSettings = { issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUrl: '', allowInsecureHttp: true, label: 'Log ind med testbrokeren' };
    const common = { insecureCookies: true, webRoot: null, adminPassword: 'Sundheds-Oversigt-1!', loginRateLimit: { max: 1000, timeWindowMs: 60_000 } };
    [plain, withRoles] = await Promise.all([
      startServer({ ...common, port: plainPort, oidc: { ...settings, redirectUrl: redirect(plainPort) } }),
      startServer({ ...common, port: rolesPort, oidc: { ...settings, redirectUrl: redirect(rolesPort), scope: 'openid profile email klynge', rolesClaim: ROLES_CLAIM } }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([plain?.close(), withRoles?.close()]);
    if (providerServer) {
      providerServer.closeAllConnections();
      await new Promise<void>((resolve) => providerServer?.close(() => resolve()));
    }
  });

  it('tells the web app that OIDC is on, and with which label', async () => {
    const res = await send(null, new URL('/api/auth/oidc/config', klynge(plain).url));
    expect(await res.json()).toEqual({ enabled: true, label: 'Log ind med testbrokeren' });
  });

  it('signs a new broker user in with code + PKCE: a session, the user, and no roles (403 on data)', async () => {
    const server = klynge(plain);
    const base = new URL(server.url);
    const jar = new CookieJar();
    const callback = await throughProvider(server, jar, 'anne');
    expect(callback.searchParams.get('code')).toBeTruthy();
    expect(callback.searchParams.get('state')).toBeTruthy();

    const res = await send(jar, callback);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/');
    const cookie = sessionCookieIn(res);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(jar.get(base, SESSION_COOKIE)).toBeDefined();

    const me = await send(jar, new URL('/api/auth/me', base));
    expect(me.status).toBe(200);
    const body = (await me.json()) as Me;
    expect(body.user).toMatchObject({ username: 'anne@kommune.example', displayName: 'Anne Andersen', roles: [] });
    const years = await send(jar, new URL('/api/years', base));
    expect(years.status).toBe(403);
    expect(years.headers.get('content-type')).toContain('application/problem+json');

    // Signing in again finds the same user by issuer + subject.
    const again = new CookieJar();
    await send(again, await throughProvider(server, again, 'anne'));
    const meAgain = (await (await send(again, new URL('/api/auth/me', base))).json()) as Me;
    expect(meAgain.user.id).toBe(body.user.id);
  });

  it('takes roles from the configured claim at every sign-in, ignoring unknown values', async () => {
    const server = klynge(withRoles);
    const base = new URL(server.url);
    const jar = new CookieJar();
    expect((await send(jar, await throughProvider(server, jar, 'chef'))).status).toBe(302);
    const me = (await (await send(jar, new URL('/api/auth/me', base))).json()) as Me;
    expect(me.user.roles).toEqual([
      { role: 'national-reader', scope: { kind: 'all', id: null } },
      { role: 'finance-officer', scope: { kind: 'municipality', id: '101' } },
    ]);
    expect((await send(jar, new URL('/api/years', base))).status).toBe(200);

    // The broker withdraws a role: the next sign-in replaces the stored roles.
    accounts['chef'] = { ...accounts['chef'], [ROLES_CLAIM]: ['finance-officer:municipality:101'] };
    const next = new CookieJar();
    expect((await send(next, await throughProvider(server, next, 'chef'))).status).toBe(302);
    const meNext = (await (await send(next, new URL('/api/auth/me', base))).json()) as Me;
    expect(meNext.user.id).toBe(me.user.id);
    expect(meNext.user.roles).toEqual([{ role: 'finance-officer', scope: { kind: 'municipality', id: '101' } }]);
  });

  it('refuses a callback without the pending sign-in or with a wrong or missing state: problem+json, no session', async () => {
    const server = klynge(plain);
    const base = new URL(server.url);
    const jar = new CookieJar();
    const callback = await throughProvider(server, jar, 'anne');
    // The browser's signed cookie holding state, nonce and PKCE verifier, kept to replay below.
    const pendingCookie = jar.header(base);
    expect(pendingCookie).toMatch(/^klynge_oidc=/);

    const refused = async (url: URL, cookie: string, status: number, code: string): Promise<void> => {
      const res = await send(null, url, { cookie });
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.json()).toMatchObject({ status, code });
      expect(sessionCookieIn(res)).toBeUndefined();
    };
    const withState = (state: string | null): URL => {
      const u = new URL(callback);
      if (state === null) u.searchParams.delete('state');
      else u.searchParams.set('state', state);
      return u;
    };

    // No pending sign-in (another browser, or the cookie expired).
    await refused(callback, '', 400, 'auth.oidc-state');
    // A pending-sign-in cookie not signed by Klynge.
    await refused(callback, 'klynge_oidc=' + encodeURIComponent(JSON.stringify({ state: callback.searchParams.get('state'), nonce: 'n', verifier: 'v' })), 400, 'auth.oidc-state');
    // The real cookie, but the state in the URL is forged or missing.
    await refused(withState('forfalsket'), pendingCookie, 401, 'auth.oidc-failed');
    await refused(withState(null), pendingCookie, 401, 'auth.oidc-failed');
    const me = await send(null, new URL('/api/auth/me', base), { cookie: pendingCookie });
    expect(me.status).toBe(401);

    // The untouched callback still works: the refusals above were about the state alone.
    const ok = await send(null, callback, { cookie: pendingCookie });
    expect(ok.status).toBe(302);
    expect(sessionCookieIn(ok)).toBeDefined();
  });
});
