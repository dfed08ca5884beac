import { z } from 'zod';
import type { User } from '../../auth/store.ts';
import { hashPassword } from '../../auth/password.ts';
import { DomainError } from '../../../core/errors.ts';
import type { App, AppContext } from '../app.ts';
import { publicUser } from './auth.ts';
import { actorOf } from './data.ts';
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
    { config: { action: 'admin:users' }, schema: { tags: ['admin'], summary: 'Alle brugere med roller', response: { 200: z.object({ users: z.array(userSchema) }) } } },
    async () => ({ users: (await ctx.auth.listUsers()).map(publicUser) }),
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
          password: z.string().min(12, 'mindst 12 tegn').max(1000).optional(),
          roles: z.array(roleAssignmentSchema).default([]),
        }),
        response: { 201: userSchema },
      },
    },
    async (request, reply) => {
      const { username, displayName, password, roles } = request.body;
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
