import { z } from 'zod';
import type { User } from '../../infra/auth/store.ts';
import { hashPassword } from '../../infra/auth/password.ts';
import { DomainError } from '../../core/errors.ts';
import type { App, AppContext } from '../app.ts';
import { PASSWORD_MAX_LENGTH } from '../../infra/auth/password-policy.ts';
import { assertGoodPassword, publicUser } from './auth.ts';
import { actorOf } from './context.ts';
import { roleAssignmentSchema, userSchema } from './schemas.ts';

const sessionSchema = z.object({
  id: z.string(),
  userId: z.string(),
  username: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});

/** Administration: users with roles, and live sessions (system-admin only, by policy). */
export function adminRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/api/admin/users',
    { config: { action: 'admin:users' }, schema: { tags: ['admin'], summary: 'Alle brugere med roller', response: { 200: z.object({ users: z.array(userSchema.extend({ disabled: z.boolean() })) }) } } },
    async () => ({ users: (await ctx.auth.listUsers()).map((u) => ({ ...publicUser(u), disabled: u.disabled })) }),
  );

  app.post(
    '/api/admin/users',
    {
      config: { action: 'admin:users' },
      schema: {
        tags: ['admin'],
        summary: 'Opret en lokal bruger med roller',
        body: z.object({
          username: z.string().trim().min(1).max(100).regex(/^[\p{L}\p{N}._@-]+$/u, 'kun bogstaver, tal og . _ @ -'),
          displayName: z.string().trim().min(1).max(200),
          password: z.string().min(1).max(PASSWORD_MAX_LENGTH).optional(),
          roles: z.array(roleAssignmentSchema).default([]),
        }),
        response: { 201: userSchema },
      },
    },
    async (request, reply) => {
      const { username, displayName, password, roles } = request.body;
      if (password !== undefined) assertGoodPassword(password, { username, displayName }, 'password');
      const created = await ctx.auth.createUser({
        username,
        displayName,
        passwordHash: password === undefined ? null : await hashPassword(password),
        roles,
        grantedBy: (request.principal as User).id,
        actor: actorOf(request),
      });
      request.log.info({ userId: created.id, by: request.principal?.id }, 'user created');
      return reply.code(201).send(publicUser(created));
    },
  );

  app.put(
    '/api/admin/users/:id/roles',
    {
      config: { action: 'admin:users' },
      schema: { tags: ['admin'], summary: 'Erstat en brugers roller', params: z.object({ id: z.string() }), body: z.object({ roles: z.array(roleAssignmentSchema) }), response: { 200: userSchema } },
    },
    async (request) => {
      await ctx.auth.setRoles(request.params.id, request.body.roles, (request.principal as User).id, actorOf(request));
      const u = await ctx.auth.findUserById(request.params.id);
      if (!u) throw new DomainError('user.not-found', 'Brugeren findes ikke.');
      return publicUser(u);
    },
  );

  app.put(
    '/api/admin/users/:id/password',
    {
      config: { action: 'admin:users' },
      schema: {
        tags: ['admin'],
        summary: 'Nulstil en brugers adgangskode (brugerens sessioner afsluttes)',
        params: z.object({ id: z.string().max(100) }),
        body: z.object({ password: z.string().min(1).max(PASSWORD_MAX_LENGTH) }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const u = await ctx.auth.findUserById(request.params.id);
      if (!u) throw new DomainError('user.not-found', 'Brugeren findes ikke.');
      assertGoodPassword(request.body.password, u, 'password');
      await ctx.auth.setPassword(u.id, await hashPassword(request.body.password), actorOf(request), { action: 'user.password-reset' });
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/api/admin/users/:id/disabled',
    {
      config: { action: 'admin:users' },
      schema: {
        tags: ['admin'],
        summary: 'Spær eller genåbn en bruger (spærring afslutter brugerens sessioner)',
        params: z.object({ id: z.string().max(100) }),
        body: z.object({ disabled: z.boolean() }),
        response: { 200: userSchema.extend({ disabled: z.boolean() }) },
      },
    },
    async (request) => {
      // An administrator cannot lock themselves out by mistake; another administrator can.
      if (request.body.disabled && request.params.id === (request.principal as User).id) {
        throw new DomainError('user.disable-self', 'Du kan ikke spærre din egen bruger.');
      }
      const u = await ctx.auth.setDisabled(request.params.id, request.body.disabled, actorOf(request));
      return { ...publicUser(u), disabled: u.disabled };
    },
  );

  app.get(
    '/api/admin/sessions',
    { config: { action: 'admin:sessions' }, schema: { tags: ['admin'], summary: 'Aktive sessioner', response: { 200: z.object({ sessions: z.array(sessionSchema) }) } } },
    async (request) => ({
      sessions: (await ctx.auth.listSessions()).map((s) => ({
        id: s.id,
        userId: s.userId,
        username: s.username,
        createdAt: s.createdAt.toISOString(),
        lastSeenAt: s.lastSeenAt.toISOString(),
        expiresAt: s.expiresAt.toISOString(),
        ip: s.ip,
        userAgent: s.userAgent,
        current: s.id === request.authSession?.id,
      })),
    }),
  );

  app.delete(
    '/api/admin/sessions/:id',
    { config: { action: 'admin:sessions' }, schema: { tags: ['admin'], summary: 'Afslut en session', params: z.object({ id: z.string() }), response: { 204: z.null() } } },
    async (request, reply) => {
      if (!(await ctx.auth.endSession(request.params.id, actorOf(request)))) throw new DomainError('session.not-found', 'Sessionen findes ikke (eller er allerede afsluttet).');
      return reply.code(204).send(null);
    },
  );
}

/** GET /api/health: answers without sign-in. */
export function healthRoutes(app: App): void {
  app.get(
    '/api/health',
    { config: { action: 'public' }, schema: { tags: ['system'], summary: 'Sundhedstjek', response: { 200: z.object({ status: z.literal('ok') }) } } },
    () => ({ status: 'ok' as const }),
  );
}
