import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { dummyPasswordHash, verifyPassword } from '../../auth/password.ts';
import { LOGIN_MAX_FAILURES, type SessionInfo, type User } from '../../auth/store.ts';
import type { OidcPending } from '../../auth/oidc.ts';
import { HttpProblem } from '../problem.ts';
import { SESSION_COOKIE, type App, type AppContext } from '../app.ts';
import { problemSchema, userSchema } from './schemas.ts';

const OIDC_COOKIE = 'klynge_oidc';

export function publicUser(u: User): z.infer<typeof userSchema> {
  return { id: u.id, username: u.username, displayName: u.displayName, roles: u.roles.map((r) => ({ role: r.role, scope: { kind: r.scope.kind, id: r.scope.id } })) };
}

function setSessionCookie(reply: FastifyReply, ctx: AppContext, token: string, session: SessionInfo): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    secure: ctx.secureCookies,
    sameSite: 'lax',
    expires: session.expiresAt,
  });
}

function clientMeta(request: FastifyRequest): { ip: string | null; userAgent: string | null } {
  return { ip: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null };
}

const wrongLogin = (): HttpProblem => new HttpProblem(401, 'auth.invalid-credentials', 'Forkert brugernavn eller adgangskode.');

/** Local sign-in, sign-out, who am I, and OIDC sign-in. */
export function authRoutes(app: App, ctx: AppContext): void {
  app.post(
    '/api/auth/login',
    {
      config: { action: 'public', rateLimit: { max: ctx.loginRateLimit.max, timeWindow: ctx.loginRateLimit.timeWindowMs } },
      schema: {
        tags: ['auth'],
        summary: 'Log ind med brugernavn og adgangskode',
        body: z.object({ username: z.string().min(1).max(200), password: z.string().min(1).max(1000) }),
        response: { 200: z.object({ user: userSchema, csrfToken: z.string() }), 401: problemSchema, 429: problemSchema },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const meta = clientMeta(request);
      if ((await ctx.auth.recentFailures(username)) >= LOGIN_MAX_FAILURES) {
        throw new HttpProblem(429, 'auth.too-many-attempts', 'For mange mislykkede forsøg på at logge ind. Vent 15 minutter, og prøv igen.');
      }
      const found = await ctx.auth.findForLogin(username);
      // Verify against a dummy hash for unknown users so timing does not reveal which names exist.
      const ok = await verifyPassword(found?.passwordHash ?? (await dummyPasswordHash()), password);
      if (!found || !found.passwordHash || !ok || found.user.disabled) {
        await ctx.auth.recordLoginAttempt(username, meta.ip, false);
        throw wrongLogin();
      }
      await ctx.auth.recordLoginAttempt(username, meta.ip, true);
      // A fresh session at every sign-in (no session fixation); an old one is ended.
      if (request.authSession) await ctx.auth.deleteSession(request.authSession.id);
      const { token, session } = await ctx.auth.createSession(found.user.id, meta);
      setSessionCookie(reply, ctx, token, session);
      request.log.info({ userId: found.user.id }, 'signed in');
      return { user: publicUser(found.user), csrfToken: session.csrfToken };
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { action: 'self' }, schema: { tags: ['auth'], summary: 'Log ud (afslutter sessionen)', response: { 204: z.null() } } },
    async (request, reply) => {
      if (request.authSession) await ctx.auth.deleteSession(request.authSession.id);
      reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, secure: ctx.secureCookies, sameSite: 'lax' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    { config: { action: 'self' }, schema: { tags: ['auth'], summary: 'Den indloggede bruger og CSRF-tokenet', response: { 200: z.object({ user: userSchema, csrfToken: z.string() }) } } },
    (request) => {
      // onRequest has guaranteed both for a non-public route.
      const user = request.principal as User;
      const session = request.authSession as SessionInfo;
      return { user: publicUser(user), csrfToken: session.csrfToken };
    },
  );

  app.get(
    '/api/auth/oidc/config',
    { config: { action: 'public' }, schema: { tags: ['auth'], summary: 'Om log ind via OIDC er slået til', response: { 200: z.object({ enabled: z.boolean(), label: z.string() }) } } },
    () => ({ enabled: ctx.oidc !== null, label: ctx.oidc?.label ?? '' }),
  );

  app.get(
    '/api/auth/oidc/login',
    { config: { action: 'public', rateLimit: { max: ctx.loginRateLimit.max, timeWindow: ctx.loginRateLimit.timeWindowMs } }, schema: { tags: ['auth'], summary: 'Start log ind via OIDC (302 til identitetsbrokeren)' } },
    async (_request, reply) => {
      if (!ctx.oidc) throw new HttpProblem(404, 'auth.oidc-disabled', 'Log ind via OIDC er ikke slået til.');
      const { url, pending } = await ctx.oidc.start();
      reply.setCookie(OIDC_COOKIE, JSON.stringify(pending), { path: '/api/auth/oidc', httpOnly: true, secure: ctx.secureCookies, sameSite: 'lax', signed: true, maxAge: 600 });
      return reply.redirect(url, 302);
    },
  );

  app.get(
    '/api/auth/oidc/callback',
    { config: { action: 'public', rateLimit: { max: ctx.loginRateLimit.max, timeWindow: ctx.loginRateLimit.timeWindowMs } }, schema: { tags: ['auth'], summary: 'Tilbagekald fra identitetsbrokeren (302 til /)' } },
    async (request, reply) => {
      if (!ctx.oidc) throw new HttpProblem(404, 'auth.oidc-disabled', 'Log ind via OIDC er ikke slået til.');
      const raw = request.cookies[OIDC_COOKIE];
      const unsigned = raw ? request.unsignCookie(raw) : null;
      reply.clearCookie(OIDC_COOKIE, { path: '/api/auth/oidc' });
      if (!unsigned?.valid || unsigned.value === null) throw new HttpProblem(400, 'auth.oidc-state', 'Log ind via OIDC kunne ikke fuldføres (udløbet eller ugyldig). Prøv igen.');
      const pending = JSON.parse(unsigned.value) as OidcPending;
      const callback = new URL(ctx.oidc.settings.redirectUrl);
      callback.search = new URL(request.url, 'http://x').search;
      let identity;
      try {
        identity = await ctx.oidc.finish(callback, pending);
      } catch (e) {
        request.log.warn({ err: e }, 'oidc callback failed');
        throw new HttpProblem(401, 'auth.oidc-failed', 'Log ind via OIDC mislykkedes. Prøv igen, eller kontakt en administrator.');
      }
      const user = await ctx.auth.userForOidc(identity);
      if (user.disabled) throw new HttpProblem(403, 'auth.disabled', 'Brugeren er spærret.');
      if (request.authSession) await ctx.auth.deleteSession(request.authSession.id);
      const { token, session } = await ctx.auth.createSession(user.id, clientMeta(request));
      setSessionCookie(reply, ctx, token, session);
      request.log.info({ userId: user.id }, 'signed in via oidc');
      return reply.redirect('/', 302);
    },
  );
}
