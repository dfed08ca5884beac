import type { FastifyServerOptions } from 'fastify';
import { OidcClient, type OidcSettings } from '../infra/auth/oidc.ts';
import { AuthStore } from '../infra/auth/store.ts';
import { projectPath } from '../infra/project-root.ts';
import type { Database } from '../infra/db/database.ts';
import { seedDatabase, type SeedReport } from '../app/seed.ts';
import { seedReportOf } from '../app/seed-snapshot.ts';
import { verifyAuditChain, type AuditVerification } from '../infra/audit/chain.ts';
import { buildApp, type App } from './app.ts';
import { allRoutes, type ApiContext } from './routes/index.ts';
import { checkAdminPasswordSetting, firstAdminPassword, openForStart, type FirstAdminPassword, type OpeningDatabase } from './start-database.ts';

export { checkAdminPasswordSetting, databaseOptions } from './start-database.ts';

/** The built web app: dist/web at the project root. */
export const DEFAULT_WEB_ROOT = `${projectPath('dist', 'web')}/`;

export interface StartOptions {
  /** 0 (default for tests): any free port. */
  port?: number;
  /** Default 127.0.0.1 (tests); `npm start` uses HOST or localhost. */
  host?: string;
  /** Embedded database in this folder. */
  dataDir?: string;
  /** PostgreSQL server (wins over dataDir). Neither: an in-memory database. */
  databaseUrl?: string;
  /** The first administrator's password (`admin`); generated when unset. */
  adminPassword?: string;
  oidc?: OidcSettings | null;
  webRoot?: string | null;
  logger?: FastifyServerOptions['logger'];
  /** Sign-in attempts per IP per window; tests that sign in often may raise it. */
  loginRateLimit?: { max: number; timeWindowMs: number };
  /** Cookies without `Secure` — only for plain-http deployments behind nothing; default false. */
  insecureCookies?: boolean;
  /** Load the reference register, population and allocation into an empty database (default true). */
  seed?: boolean;
  /**
   * Fill an empty data folder from the database made at install time (dist/pgdata: migrated and
   * seeded) instead of initdb + migrations + seeding, when it matches the code (`npm start`; default false).
   */
  snapshot?: boolean;
  /** The database already being opened by openForStart with these options (`npm start` begins it early). */
  opening?: OpeningDatabase;
}

export interface RunningServer {
  url: string;
  app: App;
  database: Database;
  /** Set only when the administrator was created now with a generated password (print it once). */
  generatedAdminPassword: string | null;
  /** What seeding did at start (null when seeding was switched off). */
  seed: SeedReport | null;
  /**
   * The audit chain as checked at start, in the background a second after the server listens
   * (the walk covers the whole trail, so waiting for it would make every start as slow as the
   * trail is long). A broken chain does not stop the server (the municipalities' work goes on);
   * it is logged as an error and printed by `npm start`, and `klynge audit verify` names the row.
   * Rejects when the check could not run (logged) or the server closed before it finished.
   */
  audit: Promise<AuditVerification>;
  close(): Promise<void>;
}

/**
 * Creates the first administrator `admin` when no user exists yet. Returns the generated password
 * when one had to be made up (the caller prints it once; it is never logged).
 */
export async function ensureFirstAdmin(auth: AuthStore, password: string | undefined, prepared?: Promise<FirstAdminPassword>): Promise<string | null> {
  checkAdminPasswordSetting(password);
  if ((await auth.countUsers()) > 0) return null;
  const { generated, hash } = await (prepared ?? firstAdminPassword(password));
  await auth.createUser({
    username: 'admin',
    displayName: 'Systemadministrator',
    passwordHash: hash,
    roles: [{ role: 'system-admin', scope: { kind: 'all', id: null } }],
    grantedBy: 'system',
  });
  return generated;
}

/** Builds the whole app on an open database (used by startServer and by inject() tests). */
export async function buildServerApp(database: Database, opts: Omit<StartOptions, 'port' | 'host' | 'dataDir' | 'databaseUrl' | 'adminPassword' | 'seed'> = {}): Promise<App> {
  const ctx: ApiContext = {
    database,
    auth: new AuthStore(database.kysely),
    oidc: opts.oidc ? new OidcClient(opts.oidc) : null,
    secureCookies: opts.insecureCookies !== true,
    loginRateLimit: opts.loginRateLimit ?? { max: 20, timeWindowMs: 60_000 },
  };
  return buildApp({ context: ctx, routes: allRoutes, webRoot: opts.webRoot === undefined ? DEFAULT_WEB_ROOT : opts.webRoot, logger: opts.logger ?? false });
}

/** How long after listening the audit chain check starts (RunningServer.audit). */
const AUDIT_CHECK_DELAY_MS = 1000;

/** Starts Klynge: database, first admin, seed data, HTTP. For `npm start` and browser tests. */
export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const opening = opts.opening ?? openForStart(opts);
  const database = await opening.database;
  try {
    const auth = new AuthStore(database.kysely);
    const generatedAdminPassword = await ensureFirstAdmin(auth, opts.adminPassword, opening.firstAdmin);
    // Restored from the snapshot: seeding was done at install time; its report is the snapshot's.
    const restoredSeed = database.restored ? seedReportOf(database.restored.meta) : null;
    const seed = opts.seed === false ? null : (restoredSeed ?? (await seedDatabase(database.kysely)));
    const app = await buildServerApp(database, opts);
    const host = opts.host ?? '127.0.0.1';
    await app.listen({ port: opts.port ?? 0, host });
    const stopAudit = new AbortController();
    // A moment after listening: PGlite runs its queries on this thread, so a check started at
    // once would hold up the first answers (the browser's first page) by its first batch.
    const audit = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, AUDIT_CHECK_DELAY_MS);
      timer.unref();
      stopAudit.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    })
      .then(() => verifyAuditChain(database.kysely, { signal: stopAudit.signal }))
      .then(
        (result) => {
          if (!result.ok) app.log.error({ audit: result.firstBroken }, 'audit chain broken');
          return result;
        },
        (e: unknown) => {
          if (!stopAudit.signal.aborted) app.log.error({ err: e }, 'audit chain check failed');
          throw e;
        },
      );
    // Whoever reads `audit` sees the rejection; an unread one must not crash the process.
    audit.catch(() => {});
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : (opts.port ?? 0);
    const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
    return {
      url: `http://${shownHost}:${port}`,
      app,
      database,
      generatedAdminPassword,
      seed,
      audit,
      close: async () => {
        stopAudit.abort();
        try {
          await app.close();
        } finally {
          // The check's current batch finishes before the database closes under it.
          await audit.catch(() => {});
          await database.close();
        }
      },
    };
  } catch (e) {
    await database.close();
    throw e;
  }
}

