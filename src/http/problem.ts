import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { isDomainError, type DomainError } from '../core/errors.ts';

/** RFC 9457 problem details as this API answers them; `detail` is Danish and meant for people. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: { line?: number; path?: string; message: string }[];
}

/**
 * An HTTP-level refusal (not signed in, not allowed, bad CSRF token…). Business logic throws
 * DomainError; only the HTTP and auth edges throw this.
 */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
  ) {
    super(detail);
  }
}

export const unauthenticated = (): HttpProblem =>
  new HttpProblem(401, 'auth.unauthenticated', 'Du skal logge ind for at se dette.');
export const forbidden = (): HttpProblem =>
  new HttpProblem(403, 'auth.forbidden', 'Du har ikke adgang til dette.');

const TITLES: Record<number, string> = {
  400: 'Ugyldig forespørgsel',
  401: 'Ikke logget ind',
  403: 'Ingen adgang',
  404: 'Findes ikke',
  405: 'Metoden er ikke tilladt',
  409: 'Konflikt',
  413: 'For stor forespørgsel',
  415: 'Ukendt indholdstype',
  422: 'Data kan ikke behandles',
  429: 'For mange forsøg',
  500: 'Intern fejl',
};

/** Which HTTP status a domain error's stable code maps to (issue: stale → 409, not-found → 404, imports → 422). */
export function statusForDomainCode(code: string): number {
  if (code === 'conflict.stale' || code.startsWith('conflict.')) return 409;
  if (code.endsWith('.not-found') || code === 'not-found') return 404;
  if (code.startsWith('import.') || code.startsWith('population.import') || code.endsWith('.import')) return 422;
  return 400;
}

export function problem(status: number, code: string, detail: string, errors?: Problem['errors']): Problem {
  const p: Problem = {
    type: `https://klynge.dk/problemer/${code}`,
    title: TITLES[status] ?? 'Fejl',
    status,
    detail,
    code,
  };
  if (errors && errors.length > 0) p.errors = errors;
  return p;
}

/** A domain error's details may carry line errors (imports); expose them as `errors`. */
function lineErrors(e: DomainError): Problem['errors'] {
  const raw = e.details['errors'];
  if (!Array.isArray(raw)) return undefined;
  const out: NonNullable<Problem['errors']> = [];
  for (const item of raw as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const rec = item as Record<string, unknown>;
    const message = typeof rec['message'] === 'string' ? rec['message'] : JSON.stringify(rec['message'] ?? '');
    const entry: { line?: number; path?: string; message: string } = { message };
    if (typeof rec['line'] === 'number') entry.line = rec['line'];
    if (typeof rec['path'] === 'string') entry.path = rec['path'];
    out.push(entry);
  }
  return out;
}

/**
 * A database refusal that is the user's situation rather than a fault, by SQLSTATE (same codes
 * from the PostgreSQL server and PGlite): two writers creating the same thing at once (unique or
 * exclusion violation), a serialization failure or deadlock between two writers, and text the
 * server cannot store. Anything else from the database stays a 500.
 */
export function databaseProblem(error: unknown): Problem | null {
  if (typeof error !== 'object' || error === null) return null;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return null;
  if (code === '23505' || code === '23P01') {
    return problem(409, 'conflict.duplicate', 'Det, du prøver at gemme, findes allerede – sandsynligvis gemte en anden det samme samtidig. Genindlæs siden, og prøv igen.');
  }
  if (code === '40001' || code === '40P01') {
    return problem(409, 'conflict.concurrent', 'En anden ændrede de samme data samtidig. Genindlæs siden, og prøv igen.');
  }
  if (code === '22P05' || code === '22021') {
    return problem(400, 'request.invalid-text', 'Teksten indeholder et tegn, der ikke kan gemmes (fx NUL eller ugyldig Unicode). Fjern tegnet, og prøv igen.');
  }
  return null;
}

/** Turns anything thrown into a problem; unknown errors become a 500 with no internals. */
export function toProblem(error: unknown): Problem {
  if (error instanceof HttpProblem) return problem(error.status, error.code, error.message);
  if (isDomainError(error)) return problem(statusForDomainCode(error.code), error.code, error.message, lineErrors(error));
  const fromDatabase = databaseProblem(error);
  if (fromDatabase) return fromDatabase;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.map((v) => ({
      path: `${error.validationContext ?? ''}${v.instancePath}`,
      message: v.message ?? 'ugyldig værdi',
    }));
    return problem(400, 'request.invalid', 'Forespørgslen er ugyldig. Se feltet errors.', errors);
  }
  if (isResponseSerializationError(error)) return problem(500, 'internal', 'Der opstod en intern fejl. Prøv igen senere.');
  const fe = error as Partial<FastifyError> | null;
  const status = typeof fe?.statusCode === 'number' ? fe.statusCode : 500;
  if (status === 429) return problem(429, 'rate-limited', 'For mange forsøg. Vent lidt, og prøv igen.');
  if (status === 413) return problem(413, 'request.too-large', 'Forespørgslen er for stor.');
  if (status === 415) return problem(415, 'request.unsupported-media-type', 'Indholdstypen understøttes ikke.');
  if (status >= 400 && status < 500) {
    return problem(status, 'request.invalid', 'Forespørgslen er ugyldig.');
  }
  return problem(500, 'internal', 'Der opstod en intern fejl. Prøv igen senere.');
}

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.code(p.status).header('content-type', 'application/problem+json; charset=utf-8').send(p);
}

/** Fastify error handler: logs server faults (never request bodies), answers problem+json. */
export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const p = toProblem(error);
  if (p.status >= 500) request.log.error({ err: error }, 'request failed');
  return sendProblem(reply, p);
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendProblem(reply, problem(404, 'route.not-found', `Adressen ${request.method} ${request.url.split('?')[0] ?? ''} findes ikke.`));
}
