import { z } from 'zod';
import { ROLES, SCOPE_KINDS } from '../../infra/auth/policy.ts';

export const roleAssignmentSchema = z.object({
  role: z.enum(ROLES),
  scope: z.object({ kind: z.enum(SCOPE_KINDS), id: z.string().min(1).nullable() }),
});

export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(roleAssignmentSchema),
});

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    errors: z.array(z.object({ line: z.number().int().optional(), path: z.string().optional(), message: z.string() })).optional(),
  })
  .describe('RFC 9457 problem+json med dansk detail');

export const yearParam = z.coerce.number().int().min(2000).max(2100);
