import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../../infra/auth/password.ts';
import { PASSWORD_MAX_LENGTH, passwordProblem } from '../../infra/auth/password-policy.ts';
import { LOGIN_MAX_FAILURES, LOGIN_MAX_SOURCE_FAILURES, type SessionInfo, type User } from '../../infra/auth/store.ts';
import type { OidcPending } from '../../infra/auth/oidc.ts';
import { DomainError } from '../../core/errors.ts';
import { HttpProblem } from '../problem.ts';
import { SESSION_COOKIE, type App, type AppContext } from '../app.ts';
import { problemSchema, userSchema } from './schemas.ts';
import { redirectResponse } from './responses/common.ts';

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

/** Refuses a password the policy does not allow, naming the field (400). */
export function assertGoodPassword(password: string, user: { username: string; displayName: string }, field: string): void {
  const why = passwordProblem(password, { username: user.username, displayName: user.displayName });
  if (why !== null) throw new DomainError('user.weak-password', why, { errors: [{ path: `body/${field}`, message: why }] });
}

const wrongLogin = (): HttpProblem => new HttpProblem(401, 'auth.invalid-credentials', 'Forkert brugernavn eller adgangskode.');

/** Local sign-in, sign-out, who am I, and OIDC sign-in. */
export function authRoutes(app: App, ctx: AppContext): void {
  app.post(
    '/api/auth/login',
    {
      config: { action: 'public', readsSession: true, rateLimit: { max: ctx.loginRateLimit.max, timeWindow: ctx.loginRateLimit.timeWindowMs } },
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
      // Sign-in attempts are recorded in the audit trail, failures too (with the name tried).
      const anonymous = { id: null, name: 'anonym' };
      const failed = async (reason: string): Promise<void> => {
        await ctx.auth.recordEvent(anonymous, { action: 'auth.login-failed', entity: 'login', entityId: username, before: null, after: { reason, ip: meta.ip } });
      };
      if ((await ctx.auth.recentFailures(username, meta.ip)) >= LOGIN_MAX_FAILURES || (await ctx.auth.sourceFailures(meta.ip)) >= LOGIN_MAX_SOURCE_FAILURES) {
        await failed('too-many-attempts');
        throw new HttpProblem(429, 'auth.too-many-attempts', 'For mange mislykkede forsøg på at logge ind herfra. Vent 15 minutter, og prøv igen.');
      }
      const found = await ctx.auth.findForLogin(username);
      // Verify against a dummy hash for unknown users so timing does not reveal which names exist.
      const ok = await verifyPassword(found?.passwordHash ?? (await dummyPasswordHash()), password);
      if (!found || !found.passwordHash || !ok || found.user.disabled) {
        await ctx.auth.recordLoginAttempt(username, meta.ip, false);
        await failed(!found ? 'unknown-user' : found.user.disabled && ok ? 'disabled' : 'wrong-password');
        throw wrongLogin();
      }
      await ctx.auth.recordLoginAttempt(username, meta.ip, true);
      // A fresh session at every sign-in (no session fixation); an old one is ended.
      if (request.authSession) await ctx.auth.deleteSession(request.authSession.id);
      const { token, session } = await ctx.auth.createSession(found.user.id, meta);
      await ctx.auth.recordEvent({ id: found.user.id, name: found.user.username }, { action: 'auth.login', entity: 'session', entityId: session.id, before: null, after: { method: 'password', ip: meta.ip } });
      setSessionCookie(reply, ctx, token, session);
      request.log.info({ userId: found.user.id }, 'signed in');
      return { user: publicUser(found.user), csrfToken: session.csrfToken };
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { action: 'self' }, schema: { tags: ['auth'], summary: 'Log ud (afslutter sessionen)', response: { 204: z.null() } } },
    async (request, reply) => {
      if (request.authSession) {
        await ctx.auth.deleteSession(request.authSession.id);
        const user = request.principal as User;
        await ctx.auth.recordEvent({ id: user.id, name: user.username }, { action: 'auth.logout', entity: 'session', entityId: request.authSession.id, before: null, after: null });
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, secure: ctx.secureCookies, sameSite: 'lax' });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/auth/password',
    {
      config: { action: 'self' },
      schema: {
        tags: ['auth'],
        summary: 'Skift egen adgangskode (kræver den nuværende); dine andre sessioner afsluttes',
        body: z.object({ currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH), newPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH) }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const user = request.principal as User;
      const session = request.authSession as SessionInfo;
      const stored = await ctx.auth.passwordHashOf(user.id);
      if (stored === null) throw new HttpProblem(400, 'auth.no-password', 'Du logger ind via OIDC og har ingen adgangskode i Klynge.');
      if (!(await verifyPassword(stored, request.body.currentPassword))) {
        await ctx.auth.recordLoginAttempt(user.username, request.ip, false);
        throw new HttpProblem(400, 'auth.wrong-current-password', 'Den nuværende adgangskode er forkert.');
      }
      assertGoodPassword(request.body.newPassword, user, 'newPassword');
      await ctx.auth.setPassword(user.id, await hashPassword(request.body.newPassword), { id: user.id, name: user.username }, { action: 'user.password-change', keepSessionId: session.id });
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
    { config: { action: 'public', rateLimit: { max: ctx.loginRateLimit.max, timeWindow: ctx.loginRateLimit.timeWindowMs } }, schema: { tags: ['auth'], summary: 'Start log ind via OIDC (302 til identitetsbrokeren)', response: { 302: redirectResponse('Videre til identitetsbrokeren (Location)') } } },
    async (_request, reply) => {
      if (!ctx.oidc) throw new HttpProblem(404, 'auth.oidc-disabled', 'Log ind via OIDC er ikke slået til.');
      const { url, pending } = await ctx.oidc.start();
      reply.setCookie(OIDC_COOKIE, JSON.stringify(pending), { path: '/api/auth/oidc', httpOnly: true, secure: ctx.secureCookies, sameSite: 'lax', signed: true, maxAge: 600 });
      return reply.redirect(url, 302);
    },
  );

  app.get(
    '/api/auth/oidc/callback',
    { config: { action: 'public', readsSession: true, rateLimit: { max: ctx.loginRateLimit.max, timeWindow: ctx.loginRateLimit.timeWindowMs } }, schema: { tags: ['auth'], summary: 'Tilbagekald fra identitetsbrokeren (302 til /)', response: { 302: redirectResponse('Logget ind: videre til forsiden (Location: /)') } } },
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
      await ctx.auth.recordEvent({ id: user.id, name: user.username }, { action: 'auth.login', entity: 'session', entityId: session.id, before: null, after: { method: 'oidc', ip: request.ip } });
      setSessionCookie(reply, ctx, token, session);
      request.log.info({ userId: user.id }, 'signed in via oidc');
      return reply.redirect('/', 302);
    },
  );
}
