/**
 * The client's one way to the server: JSON in and out, the CSRF token on every state-changing
 * request, and RFC 9457 problem+json turned into an `ApiError` whose message is the server's
 * Danish `detail` — never a stack trace.
 */

import type { paths } from './api-schema';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type Responses<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]> extends { responses: infer R } ? R : never;

/**
 * The JSON a route answers with on success (200, else 201), read from the types generated from the
 * server's OpenAPI document (`npm run gen:api`): `ApiResponse<'/api/years'>`. The web declares no
 * API shapes by hand; a server schema change shows up here as a type error.
 */
export type ApiResponse<P extends keyof paths, M extends Method = 'get'> =
  Responses<P, M> extends { 200: infer R } ? JsonOf<R> : Responses<P, M> extends { 201: infer R } ? JsonOf<R> : never;

/** The JSON body a route accepts: `ApiRequest<'/api/admin/users', 'post'>`. */
export type ApiRequest<P extends keyof paths, M extends Method> =
  NonNullable<paths[P][M]> extends { requestBody?: infer B } ? JsonOf<NonNullable<B>> : never;

/** The signed-in user and the CSRF token (GET /api/auth/me, POST /api/auth/login). */
export type Session = ApiResponse<'/api/auth/me'>;
export type User = Session['user'];
export type Role = User['roles'][number];
export type RoleName = Role['role'];

export interface LineError {
  line: number;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: LineError[];
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly problem: Problem,
  ) {
    super(message);
  }
}

/** Shown when the server's answer is not a problem document (proxy error, crash page …). */
const FALLBACK_MESSAGE = {
  network: 'Serveren kunne ikke nås. Prøv igen om lidt.',
  unexpected: 'Der opstod en uventet fejl. Prøv igen, eller kontakt support.',
};

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

let onUnauthorized: (() => void) | null = null;

/**
 * Called when the server answers 401 to a signed-in request (the session ended or expired), so
 * the app can show the sign-in page instead of an error. Sign-in requests themselves are exempt.
 */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

type Fetch = typeof fetch;
let fetchImpl: Fetch = (input, init) => fetch(input, init);

/** For tests of the wrapper. */
export function setFetch(f: Fetch): void {
  fetchImpl = f;
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'status' in value;
}

async function toError(response: Response): Promise<ApiError> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    const body: unknown = await response.json().catch(() => null);
    if (isProblem(body)) {
      const message = typeof body.detail === 'string' && body.detail !== '' ? body.detail : (body.title ?? FALLBACK_MESSAGE.unexpected);
      return new ApiError(response.status, message, body);
    }
  }
  return new ApiError(response.status, FALLBACK_MESSAGE.unexpected, { status: response.status });
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  json?: unknown;
  body?: BodyInit;
  contentType?: string;
}

export async function request(path: string, options: RequestOptions = {}): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  let body: BodyInit | undefined = options.body;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.contentType !== undefined) {
    headers['content-type'] = options.contentType;
  }
  if (method !== 'GET' && csrfToken !== null) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetchImpl(path, { method, headers, credentials: 'same-origin', ...(body === undefined ? {} : { body }) });
  } catch {
    throw new ApiError(0, FALLBACK_MESSAGE.network, { status: 0 });
  }
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith('/api/auth/')) onUnauthorized?.();
    throw await toError(response);
  }
  return response;
}

/** A JSON request; the caller states the answer's type (the server's zod schemas guarantee it). */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await request(path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** The message to show for any error: the server's Danish detail, or a plain fallback. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return FALLBACK_MESSAGE.unexpected;
}
