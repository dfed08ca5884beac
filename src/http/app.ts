import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { ACTIONS, authorize, type Action, type Resource } from '../infra/auth/policy.ts';
import type { OidcClient } from '../infra/auth/oidc.ts';
import { safeEqual, type AuthStore, type SessionInfo, type User } from '../infra/auth/store.ts';
import { HttpProblem, errorHandler, forbidden, notFoundHandler, problem, sendProblem, unauthenticated } from './problem.ts';
import { findBadText, securityHeaders } from './hardening.ts';
import { decodeText } from '../core/text-encoding.ts';

export const SESSION_COOKIE = 'klynge_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the route does, for the policy (src/infra/auth/policy.ts). Required on every route. */
    action?: Action;
    /**
     * The resource the route touches, resolved after validation (e.g. the cluster of a
     * membership). Without it the action is checked against { kind: 'system' }.
     */
    resource?: (request: FastifyRequest) => Promise<Resource>;
    /**
     * A public route that still reads the caller's session (sign-in replaces it). Other public
     * routes (health, static files, OpenAPI) never look the session up: no query per request.
     */
    readsSession?: boolean;
  }
  interface FastifyRequest {
    /** The signed-in user, or null. */
    principal: User | null;
    authSession: SessionInfo | null;
  }
}

export type App = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  import('fastify').FastifyBaseLogger,
  ZodTypeProvider
>;

/** A group of routes given the app and the shared context. */
export type RouteModule<C> = (app: App, ctx: C) => void | Promise<void>;

export interface AppContext {
  auth: AuthStore;
  oidc: OidcClient | null;
  /** Cookies carry `Secure` unless this is false (plain-http tests only). */
  secureCookies: boolean;
  /** Sign-in attempts per IP address per window (the per-username limit is in AuthStore). */
  loginRateLimit: { max: number; timeWindowMs: number };
}

export interface AppOptions<C extends AppContext> {
  context: C;
  routes: readonly RouteModule<C>[];
  /** The built web app (dist/web) to serve with SPA fallback; null: API only. */
  webRoot?: string | null;
  logger?: FastifyServerOptions['logger'];
  /** Signs the short-lived OIDC state cookie; random per process when not given. */
  cookieSecret?: string;
}

/** What @fastify/swagger is given (the app that makes the OpenAPI document registers it). */
const SWAGGER_OPTIONS: FastifyDynamicSwaggerOptions = {
  openapi: {
    openapi: '3.1.0',
    info: { title: 'Klynge API', description: 'Fælles økonomi og opfølgning for sundhedsklyngerne. Fejl er RFC 9457 problem+json med en dansk `detail`.', version: '0.1.0' },
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        csrf: { type: 'apiKey', in: 'header', name: CSRF_HEADER },
      },
    },
  },
  transform: jsonSchemaTransform,
  // Components (the recursive JsonValue) from zod's registry.
  transformObject: jsonSchemaTransformObject,
};

/**
 * The OpenAPI document (GET /api/openapi.json), made when first asked for: an app with the same
 * routes and @fastify/swagger registered is built, made ready (never listening), asked for the
 * document and closed. Loading and running @fastify/swagger (and yaml) in every start cost more
 * than anything else in Fastify's build; the document is for developers and `npm run gen:api`.
 */
async function openApiDocument<C extends AppContext>(opts: AppOptions<C>): Promise<unknown> {
  const { default: fastifySwagger } = await import('@fastify/swagger');
  const docApp = await buildApp({ ...opts, webRoot: null, logger: false }, async (app) => {
    await app.register(fastifySwagger, SWAGGER_OPTIONS);
  });
  try {
    await docApp.ready();
    return docApp.swagger();
  } finally {
    await docApp.close();
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Never log passwords, cookies or CSRF tokens. */
export const REDACT = ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]', 'password', '*.password'];

export function defaultLogger(level = process.env['LOG_LEVEL'] ?? 'info'): FastifyServerOptions['logger'] {
  return { level, redact: { paths: REDACT, censor: '[skjult]' } };
}

/** A route as registered, for the role-matrix test and for documentation. */
export interface RegisteredRoute {
  method: string;
  url: string;
  action: Action;
  /** True when the route resolves a cluster/membership resource for the policy. */
  scoped: boolean;
}
const routeLists = new WeakMap<object, RegisteredRoute[]>();

/** The audit event a finished request stands for, or null (see the onSend hook in buildApp). */
export function auditEventOf(request: FastifyRequest, reply: FastifyReply, payload: unknown): Parameters<AuthStore['recordEvent']>[1] | null {
  const status = reply.statusCode;
  const route = `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0] ?? ''}`;
  const url = request.url.slice(0, 500);
  if (status === 403 || status === 409 || status === 422) {
    let code: string | null = null;
    if (typeof payload === 'string' && payload.startsWith('{')) {
      try {
        const parsed = JSON.parse(payload) as { code?: unknown };
        code = typeof parsed.code === 'string' ? parsed.code : null;
      } catch {
        // not a problem document
      }
    }
    return { action: status === 422 ? 'request.refused-import' : status === 409 ? 'request.conflict' : 'request.forbidden', entity: 'request', entityId: route, before: null, after: { status, code, url, ip: request.ip } };
  }
  if (status < 200 || status >= 300) return null;
  const disposition = reply.getHeader('content-disposition');
  // The allocation export records its own export.download with the run and format.
  if (typeof disposition === 'string' && disposition.startsWith('attachment') && request.routeOptions.config.action !== 'export:download') {
    return { action: 'download', entity: 'request', entityId: route, before: null, after: { url, file: /filename="?([^";]*)/.exec(disposition)?.[1] ?? null } };
  }
  if (request.routeOptions.config.action === 'audit:read' && request.method === 'GET') {
    return { action: 'audit.read', entity: 'audit_log', entityId: route, before: null, after: { url } };
  }
  if (request.method === 'POST' && request.routeOptions.url === '/api/population/imports') {
    return { action: 'population.preview', entity: 'population_import', entityId: route, before: null, after: { url } };
  }
  return null;
}

/** Every route registered on the app (HEAD routes that Fastify adds for GET included). */
export function registeredRoutes(app: App): readonly RegisteredRoute[] {
  return routeLists.get(app) ?? [];
}

/** Fastify's compiler factories typed for Ajv's schemas; at run time they are handed zod's, as with setValidatorCompiler. */
const ZOD_COMPILERS = { buildValidator: () => validatorCompiler, buildSerializer: () => serializerCompiler } as unknown as NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>;

/** `withSwagger`: only for the app that makes the OpenAPI document (openApiDocument). */
export async function buildApp<C extends AppContext>(opts: AppOptions<C>, withSwagger?: (app: App) => Promise<void>): Promise<App> {
  const app = Fastify({
    logger: opts.logger ?? false,
    trustProxy: process.env['KLYNGE_TRUST_PROXY'] === '1',
    bodyLimit: 10 * 1024 * 1024,
    // zod validates and serializes every route (below): Fastify's default compilers (Ajv,
    // fast-json-stringify) would never be used, and given these they are not even loaded.
    schemaController: { compilersFactory: ZOD_COMPILERS },
  }).withTypeProvider<ZodTypeProvider>();
  const { context: ctx } = opts;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);

  // Every route must say what it does; a route without a known action cannot even be registered.
  const routes: RegisteredRoute[] = [];
  routeLists.set(app, routes);
  app.addHook('onRoute', (route) => {
    const action = route.config?.action;
    if (action === undefined || !(ACTIONS as readonly string[]).includes(action)) {
      throw new Error(`Route ${String(route.method)} ${route.url} mangler en handling (config.action) til adgangspolitikken.`);
    }
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, action, scoped: route.config?.resource !== undefined });
  });

  // brotli or gzip for API answers (JSON, CSV) and anything else compressible that is not
  // already compressed; the web app's files are compressed once at build (see serveWeb).
  await app.register(fastifyCompress, { global: true, encodings: ['br', 'gzip'] });
  await app.register(fastifyCookie, { secret: opts.cookieSecret ?? randomBytes(32).toString('hex') });
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyMultipart, { limits: { fileSize: 10 * 1024 * 1024, files: 1 } });
  // CSV and text bodies decoded like files read by the CLI: UTF-8, or Windows-1252 when not valid UTF-8.
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'buffer' }, (_req, body, done) => done(null, decodeText(body as Buffer).text));
  // An edited workbook sent back as the raw file.
  app.addContentTypeParser(['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/octet-stream'], { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  if (withSwagger) await withSwagger(app);

  app.decorateRequest('principal', null);
  app.decorateRequest('authSession', null);

  // Security headers on every answer, errors and static files included (src/http/hardening.ts).
  app.addHook('onSend', async (request, reply) => {
    for (const [name, value] of Object.entries(securityHeaders(request.protocol === 'https'))) reply.header(name, value);
  });
  // What the audit trail must show besides changes, recorded before the answer leaves (so an
  // answer is never sent without its record): refusals (403, 409, refused imports 422),
  // downloads, reads of the trail itself and population previews. 401 (no session) is not
  // recorded: it is every expired tab and would drown the trail.
  app.addHook('onSend', async (request, reply, payload) => {
    const event = auditEventOf(request, reply, payload);
    if (event !== null) {
      const p = request.principal;
      await ctx.auth.recordEvent(p ? { id: p.id, name: p.username } : { id: null, name: 'anonym' }, event);
    }
    return payload;
  });

  // Authentication and CSRF before the body is even parsed: no session → 401, bad token → 403.
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const action = request.routeOptions.config.action;
    const raw = request.cookies[SESSION_COOKIE];
    if (raw && (action !== 'public' || request.routeOptions.config.readsSession === true)) {
      const found = await ctx.auth.resolveSession(raw);
      if (found) {
        request.principal = found.user;
        request.authSession = found.session;
      }
    }
    if (action === undefined || action === 'public') return;
    if (request.principal === null || request.authSession === null) throw unauthenticated();
    if (!SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !safeEqual(sent, request.authSession.csrfToken)) {
        throw new HttpProblem(403, 'auth.csrf', 'Sikkerhedstokenet (CSRF) mangler eller er forkert. Genindlæs siden, og prøv igen.');
      }
    }
    if (!request.routeOptions.config.resource && !authorize(request.principal, action)) throw forbidden();
  });
  // One central check of all text that reaches the handlers: no NUL and no lone surrogates (the
  // PostgreSQL server refuses both with an internal error; PGlite stores them).
  app.addHook('preValidation', (request: FastifyRequest, _reply, done) => {
    const bad = findBadText({ params: request.params, query: request.query, body: request.body });
    if (bad !== null) {
      done(new HttpProblem(400, 'request.invalid-text', `Feltet ${bad.path} indeholder et ugyldigt tegn (${bad.what}). Fjern tegnet, og prøv igen.`));
      return;
    }
    done();
  });
  // Resource-scoped checks after validation, so resolvers see typed params.
  app.addHook('preHandler', async (request: FastifyRequest) => {
    const { action, resource } = request.routeOptions.config;
    if (action === undefined || action === 'public' || !resource) return;
    if (!authorize(request.principal, action, await resource(request))) throw forbidden();
  });

  let document: Promise<unknown> | undefined;
  app.get('/api/openapi.json', { config: { action: 'public' }, schema: { hide: true } }, async () => {
    document ??= openApiDocument(opts).catch((e: unknown) => {
      document = undefined;
      throw e;
    });
    return document;
  });

  for (const routes of opts.routes) await routes(app, ctx);

  if (opts.webRoot && existsSync(resolve(opts.webRoot, 'index.html'))) await serveWeb(app, resolve(opts.webRoot));
  return app;
}

/** What a missing file is asked for as (never a page of the app): answered 404, not index.html. */
const FILE_LIKE = /\.(?:js|mjs|css|map|ico|png|svg|jpe?g|gif|webp|woff2?|ttf|eot|txt|json|xml)$/i;
/** Hashed by Vite (name-HASH.ext under assets/): the content never changes under that name. */
const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * The built React app with SPA fallback: unknown non-API paths get index.html. Files are sent
 * pre-compressed (the .br/.gz the build writes next to each, see vite.config.ts) when the
 * browser accepts it; hashed assets are cacheable for a year and immutable, everything else
 * (index.html, favicon) is revalidated.
 */
async function serveWeb(app: App, root: string): Promise<void> {
  await app.register(fastifyStatic, { root, serve: false, preCompressed: true });
  const send = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const path = (request.url.split('?')[0] ?? '/').replace(/^\/+/, '');
    if (path.startsWith('api/') || path === 'api') {
      return sendProblem(reply, problem(404, 'route.not-found', `Adressen ${request.method} /${path} findes ikke.`));
    }
    const file = path === '' ? null : resolve(root, path);
    // The answer depends on Accept-Encoding (a .br, .gz or the plain file): caches must know.
    reply.header('vary', 'accept-encoding');
    if (file && file.startsWith(root + '/') && existsSync(file) && !file.endsWith('/')) {
      const immutable = path.startsWith('assets/');
      if (!immutable) reply.header('cache-control', 'no-cache');
      return reply.sendFile(path, immutable ? { maxAge: ONE_YEAR_MS, immutable } : { cacheControl: false });
    }
    if (FILE_LIKE.test(path)) {
      return sendProblem(reply, problem(404, 'route.not-found', `Filen /${path} findes ikke.`));
    }
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html', { cacheControl: false });
  };
  app.get('/', { config: { action: 'public' }, schema: { hide: true } }, send);
  app.get('/*', { config: { action: 'public' }, schema: { hide: true } }, send);
}
