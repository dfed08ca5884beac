import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../core/errors.ts';
import type { Actor } from '../../infra/audit/audit.ts';
import type { Database } from '../../infra/db/database.ts';
import type { AppContext } from '../app.ts';

/** What every route module gets: the database and the auth services. */
export interface ApiContext extends AppContext {
  database: Database;
}

/** The signed-in user as the audit trail names them (routes with an action always have one). */
export function actorOf(request: FastifyRequest): Actor {
  const p = request.principal;
  if (!p) throw new DomainError('auth.required', 'Du skal være logget ind.');
  return { id: p.id, name: p.username };
}
