/**
 * The part of a start that does not need the HTTP app (src/http/server.ts), so that `npm start`
 * (src/main.ts) can begin it before the app's modules are loaded: the data folder locked and, on
 * a first start, filled from the snapshot (copied in a worker thread) and the first
 * administrator's password hashed (argon2, in its own thread) while Fastify and the routes load.
 */
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../infra/auth/password.ts';
import { passwordProblem } from '../infra/auth/password-policy.ts';
import { DomainError } from '../core/errors.ts';
import { openDatabase, type Database, type DatabaseOptions } from '../infra/db/database.ts';
import { seedSnapshotKey } from '../app/seed-snapshot.ts';
import { isEmptyDataDir } from '../infra/db/snapshot.ts';

/** What openForStart needs of the start options (src/http/server.ts StartOptions). */
export interface DatabaseStartOptions {
  dataDir?: string;
  databaseUrl?: string;
  adminPassword?: string;
  seed?: boolean;
  snapshot?: boolean;
}

/** A start begun: the database opening, and on a first start the administrator's password being hashed. */
export interface OpeningDatabase {
  readonly database: Promise<Database>;
  readonly firstAdmin: Promise<FirstAdminPassword> | undefined;
}

export function databaseOptions(opts: Pick<DatabaseStartOptions, 'dataDir' | 'databaseUrl'>): DatabaseOptions {
  if (opts.databaseUrl) return { kind: 'server', url: opts.databaseUrl };
  if (opts.dataDir) return { kind: 'embedded', dataDir: opts.dataDir };
  return { kind: 'memory' };
}

/**
 * KLYNGE_ADMIN_PASSWORD is checked against the password policy at every start (also when the
 * administrator exists already): a weak value stops the start with a clear message rather than
 * becoming the password of the most powerful account.
 */
export function checkAdminPasswordSetting(password: string | undefined): void {
  if (password === undefined || password === '') return;
  const why = passwordProblem(password, { username: 'admin', displayName: 'Systemadministrator' });
  if (why !== null) throw new DomainError('config.admin-password', `KLYNGE_ADMIN_PASSWORD kan ikke bruges: ${why} Vælg en anden, eller fjern variablen for at få en tilfældig adgangskode.`);
}

export interface FirstAdminPassword {
  /** Made up here (KLYNGE_ADMIN_PASSWORD unset), to be printed once; null when given. */
  readonly generated: string | null;
  readonly hash: string;
}

/** The first administrator's password (given or generated) and its argon2 hash. */
export function firstAdminPassword(password: string | undefined): Promise<FirstAdminPassword> {
  const generated = password === undefined || password === '' ? randomBytes(18).toString('base64url') : null;
  return hashPassword(generated ?? (password as string)).then((hash) => ({ generated, hash }));
}

/**
 * Opens the database for a start (and, in an empty data folder, hashes the first administrator's
 * password meanwhile). Throws at once on a weak KLYNGE_ADMIN_PASSWORD; the promises are marked
 * handled here, their failures reach whoever awaits them.
 */
export function openForStart(opts: DatabaseStartOptions): OpeningDatabase {
  const target = databaseOptions(opts);
  const useSnapshot = opts.snapshot === true && opts.seed !== false && target.kind === 'embedded' && isEmptyDataDir(target.dataDir);
  checkAdminPasswordSetting(opts.adminPassword);
  const firstAdmin = useSnapshot ? firstAdminPassword(opts.adminPassword) : undefined;
  firstAdmin?.catch(() => {});
  const database = openDatabase(useSnapshot ? { ...target, snapshot: { key: seedSnapshotKey() } } : target);
  database.catch(() => {});
  return { database, firstAdmin };
}
