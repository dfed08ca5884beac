import { z } from 'zod';
import { userScope } from '../../app/register/index.ts';
import { ROLES, SCOPE_KINDS } from '../../infra/auth/policy.ts';
import { HttpProblem } from '../problem.ts';
import type { App } from '../app.ts';
import type { ApiContext } from './context.ts';

const partySchema = z.object({ id: z.string(), kind: z.enum(['municipality', 'region']), name: z.string(), canAct: z.boolean() });
const clusterSchema = z.object({ id: z.string(), name: z.string(), regionCode: z.string(), regionName: z.string(), label: z.string(), canEdit: z.boolean(), parties: z.array(partySchema) });
const scopeSchema = z.object({
  year: z.number().int().nullable(),
  roles: z.array(z.object({ role: z.enum(ROLES), scope: z.object({ kind: z.enum(SCOPE_KINDS), id: z.string().nullable() }), scopeName: z.string().nullable() })),
  clusters: z.array(clusterSchema),
});

/** The signed-in user's own scope: what pickers offer them and how their roles are named. */
export function meRoutes(app: App, ctx: ApiContext): void {
  const db = ctx.database.kysely;
  app.get(
    '/api/me/scope',
    {
      config: { action: 'self' },
      schema: {
        tags: ['auth'],
        summary: 'De klynger (med region) og parter, den indloggede må handle for, og rollernes organisationer',
        response: { 200: scopeSchema },
      },
    },
    async (request) => {
      const user = request.principal;
      if (!user) throw new HttpProblem(401, 'auth.required', 'Du skal være logget ind.');
      return userScope(db, user);
    },
  );
}
