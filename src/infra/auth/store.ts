import type { Schema } from '../db/schema.ts';
import { inTransaction } from '../db/unit-of-work.ts';
import { cachedByAuthVersion } from '../db/data-version.ts';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { ConflictError, DomainError, NotFoundError } from '../../core/errors.ts';
import { recordChange, SYSTEM_ACTOR, type Actor } from '../audit/audit.ts';
import { ALLOWED_SCOPES, ROLES, SCOPE_KINDS, isValidAssignment, type Principal, type Role, type RoleAssignment, type ScopeKind } from './policy.ts';
import { newId, now as clockNow } from '../clock.ts';

/** A session ends after 12 hours in all, or after 2 hours without a request. */
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
/**
 * This many failed sign-ins for one username from one source (IP address) within the window →
 * 429 for that username from that source only. Per source, so that someone guessing from
 * elsewhere cannot lock the account (not even `admin`) out everywhere; they only slow themselves.
 */
export const LOGIN_MAX_FAILURES = 5;
/** This many failed sign-ins from one source, for any usernames, within the window → 429 for that source. */
export const LOGIN_MAX_SOURCE_FAILURES = 30;
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

export interface User extends Principal {
  displayName: string;
  disabled: boolean;
}

export interface SessionInfo {
  id: string;
  userId: string;
  username: string;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
const token = (): string => randomBytes(32).toString('base64url');

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** A role as the audit trail writes it: `finance-officer@municipality:101`, `system-admin@all`. */
export function roleText(r: RoleAssignment): string {
  return `${r.role}@${r.scope.kind}${r.scope.id === null ? '' : `:${r.scope.id}`}`;
}

function toRole(role: string, kind: string, id: string | null): RoleAssignment | null {
  if (!(ROLES as readonly string[]).includes(role) || !(SCOPE_KINDS as readonly string[]).includes(kind)) return null;
  return { role: role as Role, scope: { kind: kind as ScopeKind, id } };
}

/** Users, roles, sessions and login attempts in the database. The clock is passed in. */
/** Sessions kept in memory per database (least recently used dropped beyond this). */
const SESSION_CACHE_ENTRIES = 10_000;

/** A session as read, kept between requests; `lastSeenAt` follows this server's own touches. */
interface StoredSession {
  readonly row: {
    readonly id: string;
    readonly user_id: string;
    readonly csrf_token: string;
    readonly created_at: Date | string;
    readonly expires_at: Date | string;
    readonly ip: string | null;
    readonly user_agent: string | null;
    readonly username: string;
    readonly display_name: string;
    readonly disabled: boolean;
  };
  readonly roles: readonly RoleAssignment[];
  lastSeenAt: Date;
}

/** Disabled user, past the absolute end, or idle too long. */
function isEnded(s: StoredSession, now: Date): boolean {
  return s.row.disabled || now >= new Date(s.row.expires_at) || now.getTime() - s.lastSeenAt.getTime() >= SESSION_IDLE_MS;
}

export class AuthStore {
  constructor(
    private readonly db: Kysely<Schema>,
    private readonly now: () => Date = clockNow,
  ) {}

  private async rolesOf(userIds: readonly string[]): Promise<Map<string, RoleAssignment[]>> {
    const out = new Map<string, RoleAssignment[]>();
    if (userIds.length === 0) return out;
    const rows = await this.db
      .selectFrom('role_assignments')
      .select(['user_id', 'role', 'scope_kind', 'scope_id'])
      .where('user_id', 'in', userIds)
      .orderBy('id')
      .execute();
    for (const r of rows) {
      const a = toRole(r.role, r.scope_kind, r.scope_id);
      if (a === null) continue;
      const list = out.get(r.user_id) ?? [];
      list.push(a);
      out.set(r.user_id, list);
    }
    return out;
  }

  private async load(where: { id: string } | { username: string } | { issuer: string; subject: string }): Promise<(User & { passwordHash: string | null }) | null> {
    let q = this.db.selectFrom('users').selectAll();
    if ('id' in where) q = q.where('id', '=', where.id);
    else if ('username' in where) q = q.where('username', '=', where.username);
    else q = q.where('oidc_issuer', '=', where.issuer).where('oidc_subject', '=', where.subject);
    const row = await q.executeTakeFirst();
    if (!row) return null;
    const roles = (await this.rolesOf([row.id])).get(row.id) ?? [];
    return { id: row.id, username: row.username, displayName: row.display_name, disabled: row.disabled, roles, passwordHash: row.password_hash };
  }

  async findUserById(id: string): Promise<User | null> {
    const u = await this.load({ id });
    if (!u) return null;
    const { passwordHash: _p, ...user } = u;
    return user;
  }

  /** For sign-in: the user and its stored hash (null when the user does not exist). */
  async findForLogin(username: string): Promise<{ user: User; passwordHash: string | null } | null> {
    const u = await this.load({ username });
    if (!u) return null;
    const { passwordHash, ...user } = u;
    return { user, passwordHash };
  }

  async listUsers(): Promise<User[]> {
    const rows = await this.db.selectFrom('users').selectAll().orderBy('username').execute();
    const roles = await this.rolesOf(rows.map((r) => r.id));
    return rows.map((r) => ({ id: r.id, username: r.username, displayName: r.display_name, disabled: r.disabled, roles: roles.get(r.id) ?? [] }));
  }

  async usernameExists(username: string): Promise<boolean> {
    const row = await this.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
    return row !== undefined;
  }

  async countUsers(): Promise<number> {
    const row = await this.db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Creates a user with the given roles in one transaction; refuses a taken username or an invalid scope. */
  async createUser(input: {
    username: string;
    displayName: string;
    passwordHash: string | null;
    roles: readonly RoleAssignment[];
    oidc?: { issuer: string; subject: string };
    grantedBy?: string | null;
    /** Who creates the user, for the audit trail (default: the system). */
    actor?: Actor;
  }): Promise<User> {
    for (const r of input.roles) {
      if (!isValidAssignment(r)) {
        throw new DomainError(
          'user.invalid-role',
          `Rollen ${r.role} kan ikke gives med omfanget ${r.scope.kind}${r.scope.id === null ? '' : ` ${r.scope.id}`} (tilladt: ${ALLOWED_SCOPES[r.role].join(', ')}).`,
        );
      }
    }
    if (await this.usernameExists(input.username)) {
      throw new ConflictError('conflict.username', `Brugernavnet »${input.username}« er allerede i brug.`);
    }
    const id = newId();
    const at = this.now();
    await inTransaction(this.db, async (trx) => {
      await trx
        .insertInto('users')
        .values({
          id,
          username: input.username,
          display_name: input.displayName,
          password_hash: input.passwordHash,
          oidc_issuer: input.oidc?.issuer ?? null,
          oidc_subject: input.oidc?.subject ?? null,
          created_at: at,
        })
        .execute();
      if (input.roles.length > 0) {
        await trx
          .insertInto('role_assignments')
          .values(input.roles.map((r) => ({ user_id: id, role: r.role, scope_kind: r.scope.kind, scope_id: r.scope.id, granted_at: at, granted_by: input.grantedBy ?? null })))
          .execute();
      }
      await recordChange(trx, input.actor ?? SYSTEM_ACTOR, {
        action: 'user.create',
        entity: 'user',
        entityId: input.username,
        before: null,
        after: {
          username: input.username,
          displayName: input.displayName,
          signIn: input.oidc ? `oidc ${input.oidc.issuer}` : input.passwordHash === null ? 'none' : 'password',
          roles: input.roles.map(roleText),
        },
      });
    });
    return { id, username: input.username, displayName: input.displayName, disabled: false, roles: [...input.roles] };
  }

  /** Replaces a user's roles (admin). */
  async setRoles(userId: string, roles: readonly RoleAssignment[], grantedBy: string | null, actor: Actor = SYSTEM_ACTOR): Promise<void> {
    for (const r of roles) if (!isValidAssignment(r)) throw new DomainError('user.invalid-role', `Rollen ${r.role} kan ikke gives med omfanget ${r.scope.kind}.`);
    const at = this.now();
    await inTransaction(this.db, async (trx) => {
      const u = await trx.selectFrom('users').select(['id', 'username']).where('id', '=', userId).executeTakeFirst();
      if (!u) throw new NotFoundError('user.not-found', 'Brugeren findes ikke.');
      const old = await trx.selectFrom('role_assignments').select(['role', 'scope_kind', 'scope_id']).where('user_id', '=', userId).orderBy('id').execute();
      const before = old.flatMap((r) => {
        const a = toRole(r.role, r.scope_kind, r.scope_id);
        return a === null ? [] : [roleText(a)];
      });
      const after = roles.map(roleText);
      // An unchanged set of roles (e.g. an OIDC sign-in mapping the same roles again) is no change.
      if (before.length !== after.length || before.some((r, i) => r !== after[i])) {
        await recordChange(trx, actor, { action: 'user.roles', entity: 'user', entityId: u.username, before: { roles: before }, after: { roles: after } });
      }
      await trx.deleteFrom('role_assignments').where('user_id', '=', userId).execute();
      if (roles.length > 0) {
        await trx
          .insertInto('role_assignments')
          .values(roles.map((r) => ({ user_id: userId, role: r.role, scope_kind: r.scope.kind, scope_id: r.scope.id, granted_at: at, granted_by: grantedBy })))
          .execute();
      }
    });
  }

  /** The local user for an OIDC identity, created with no roles (or the mapped ones) the first time. */
  async userForOidc(input: { issuer: string; subject: string; preferredUsername: string | null; displayName: string; roles: readonly RoleAssignment[] | null }): Promise<User> {
    const existing = await this.load({ issuer: input.issuer, subject: input.subject });
    if (existing) {
      const { passwordHash: _p, ...user } = existing;
      if (input.roles !== null) {
        await this.setRoles(user.id, input.roles, 'oidc', { id: null, name: 'oidc' });
        return { ...user, roles: [...input.roles] };
      }
      return user;
    }
    // Usernames are unique; an OIDC user whose preferred name is taken gets issuer-qualified one.
    let username = input.preferredUsername ?? `oidc-${input.subject}`;
    if (await this.usernameExists(username)) username = `${username}@${new URL(input.issuer).host}:${input.subject}`;
    return this.createUser({ username, displayName: input.displayName, passwordHash: null, roles: input.roles ?? [], oidc: { issuer: input.issuer, subject: input.subject }, grantedBy: 'oidc', actor: { id: null, name: 'oidc' } });
  }

  // ── sessions ───────────────────────────────────────────────────────────────────────────────

  /** Starts a session; returns the cookie token (only its hash is stored) and the CSRF token. */
  async createSession(userId: string, meta: { ip: string | null; userAgent: string | null }): Promise<{ token: string; session: SessionInfo }> {
    const t = token();
    const at = this.now();
    const row = {
      id: newId(),
      token_hash: sha256(t),
      user_id: userId,
      csrf_token: token(),
      created_at: at,
      last_seen_at: at,
      expires_at: new Date(at.getTime() + SESSION_ABSOLUTE_MS),
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    };
    await this.db.insertInto('sessions').values(row).execute();
    const user = await this.db.selectFrom('users').select('username').where('id', '=', userId).executeTakeFirstOrThrow();
    return { token: t, session: { id: row.id, userId, username: user.username, csrfToken: row.csrf_token, createdAt: at, lastSeenAt: at, expiresAt: row.expires_at, ip: row.ip, userAgent: row.user_agent } };
  }

  /** The live session and user for a cookie token, or null; an expired or idle session is deleted. */
  /**
   * The session of a cookie with its user and roles, or null (unknown, expired, idle too long,
   * user disabled). The row is kept in memory while no sign-in change has committed (migration
   * 0016: ending or changing a session, changing a user or roles raises the sign-in version), so a
   * signed-in request costs no query of its own; the shared read of the versions tells whether the
   * copy still holds. Expiry is judged at every request; a copy that looks expired or idle is read
   * again first, because another instance may have touched the session since.
   */
  async resolveSession(cookieToken: string): Promise<{ session: SessionInfo; user: User } | null> {
    const tokenHash = sha256(cookieToken);
    const now = this.now();
    let found = await cachedByAuthVersion(this.db, 'session', tokenHash, () => this.readSession(tokenHash), SESSION_CACHE_ENTRIES);
    if (found && isEnded(found, now)) found = await this.readSession(tokenHash);
    if (!found) return null;
    const { row } = found;
    if (isEnded(found, now)) {
      await this.deleteSession(row.id);
      return null;
    }
    // Touch at most once a minute to keep writes down (the touch does not raise the sign-in version).
    if (now.getTime() - found.lastSeenAt.getTime() > 60_000) {
      await this.db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', row.id).execute();
      found.lastSeenAt = now;
    }
    return {
      user: { id: row.user_id, username: row.username, displayName: row.display_name, disabled: row.disabled, roles: [...found.roles] },
      session: { id: row.id, userId: row.user_id, username: row.username, csrfToken: row.csrf_token, createdAt: new Date(row.created_at), lastSeenAt: now, expiresAt: new Date(row.expires_at), ip: row.ip, userAgent: row.user_agent },
    };
  }

  /** One query: the session, its user and the user's roles (aggregated as JSON). */
  private async readSession(tokenHash: string): Promise<StoredSession | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['sessions.id', 'sessions.user_id', 'sessions.csrf_token', 'sessions.created_at', 'sessions.last_seen_at', 'sessions.expires_at', 'sessions.ip', 'sessions.user_agent', 'users.username', 'users.display_name', 'users.disabled'])
      .select(sql<[string, string, string | null][] | string>`(SELECT coalesce(json_agg(json_build_array(r.role, r.scope_kind, r.scope_id) ORDER BY r.id), '[]'::json) FROM role_assignments r WHERE r.user_id = users.id)`.as('roles'))
      .where('sessions.token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (!row) return undefined;
    const rawRoles = typeof row.roles === 'string' ? (JSON.parse(row.roles) as [string, string, string | null][]) : row.roles;
    const roles: RoleAssignment[] = [];
    for (const [role, kind, id] of rawRoles) {
      const a = toRole(role, kind, id);
      if (a !== null) roles.push(a);
    }
    return { row, roles, lastSeenAt: new Date(row.last_seen_at) };
  }

  async deleteSession(id: string): Promise<boolean> {
    const res = await this.db.deleteFrom('sessions').where('id', '=', id).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  /** An administrator ends someone's session; the audit trail records whose and from where. */
  async endSession(id: string, actor: Actor): Promise<boolean> {
    return inTransaction(this.db, async (trx) => {
      const row = await trx
        .deleteFrom('sessions')
        .where('id', '=', id)
        .returning(['user_id', 'created_at', 'last_seen_at', 'ip'])
        .executeTakeFirst();
      if (!row) return false;
      const user = await trx.selectFrom('users').select('username').where('id', '=', row.user_id).executeTakeFirst();
      await recordChange(trx, actor, {
        action: 'session.end',
        entity: 'session',
        entityId: id,
        before: { username: user?.username ?? row.user_id, createdAt: new Date(row.created_at).toISOString(), lastSeenAt: new Date(row.last_seen_at).toISOString(), ip: row.ip },
        after: null,
      });
      return true;
    });
  }

  async listSessions(): Promise<SessionInfo[]> {
    const now = this.now();
    const rows = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select(['sessions.id', 'sessions.user_id', 'sessions.csrf_token', 'sessions.created_at', 'sessions.last_seen_at', 'sessions.expires_at', 'sessions.ip', 'sessions.user_agent', 'users.username'])
      .where('sessions.expires_at', '>', now)
      .orderBy('sessions.created_at', 'desc')
      .execute();
    return rows.map((r) => ({ id: r.id, userId: r.user_id, username: r.username, csrfToken: r.csrf_token, createdAt: new Date(r.created_at), lastSeenAt: new Date(r.last_seen_at), expiresAt: new Date(r.expires_at), ip: r.ip, userAgent: r.user_agent }));
  }

  // ── login attempts ─────────────────────────────────────────────────────────────────────────

  async recordLoginAttempt(username: string, ip: string | null, succeeded: boolean): Promise<void> {
    await this.db.insertInto('login_attempts').values({ username, ip, at: this.now(), succeeded }).execute();
  }

  /**
   * Failed sign-ins for this username from this source (IP address) since the last success from
   * it, within the window. Kept in the database, so the count is shared by every app instance.
   */
  async recentFailures(username: string, ip: string | null): Promise<number> {
    const since = new Date(this.now().getTime() - LOGIN_WINDOW_MS);
    let lastOkQuery = this.db.selectFrom('login_attempts').select('at').where('username', '=', username).where('succeeded', '=', true).where('at', '>=', since);
    lastOkQuery = ip === null ? lastOkQuery.where('ip', 'is', null) : lastOkQuery.where('ip', '=', ip);
    const lastOk = await lastOkQuery.orderBy('at', 'desc').limit(1).executeTakeFirst();
    const from = lastOk ? new Date(lastOk.at) : since;
    let count = this.db.selectFrom('login_attempts').select((eb) => eb.fn.countAll<string>().as('n')).where('username', '=', username).where('succeeded', '=', false).where('at', '>', from);
    count = ip === null ? count.where('ip', 'is', null) : count.where('ip', '=', ip);
    return Number((await count.executeTakeFirstOrThrow()).n);
  }

  /** Failed sign-ins from this source for any username within the window. */
  async sourceFailures(ip: string | null): Promise<number> {
    if (ip === null) return 0;
    const since = new Date(this.now().getTime() - LOGIN_WINDOW_MS);
    const row = await this.db.selectFrom('login_attempts').select((eb) => eb.fn.countAll<string>().as('n')).where('ip', '=', ip).where('succeeded', '=', false).where('at', '>', since).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  // ── account administration ─────────────────────────────────────────────────────────────────

  /** An event for the audit trail that is not a change of data (sign-in, refusal, download). */
  async recordEvent(actor: Actor, change: Parameters<typeof recordChange>[2]): Promise<void> {
    await recordChange(this.db, actor, change);
  }

  /**
   * Sets a user's password hash and ends the user's sessions (all of them, or all but the one
   * the user changes it from), in one transaction with the audit record (never the hash).
   */
  async setPassword(userId: string, passwordHash: string, actor: Actor, opts: { action: 'user.password-change' | 'user.password-reset'; keepSessionId?: string }): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      const u = await trx.selectFrom('users').select(['username']).where('id', '=', userId).forUpdate().executeTakeFirst();
      if (!u) throw new NotFoundError('user.not-found', 'Brugeren findes ikke.');
      await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
      let del = trx.deleteFrom('sessions').where('user_id', '=', userId);
      if (opts.keepSessionId !== undefined) del = del.where('id', '<>', opts.keepSessionId);
      const ended = await del.executeTakeFirst();
      await recordChange(trx, actor, { action: opts.action, entity: 'user', entityId: u.username, before: null, after: { sessionsEnded: Number(ended.numDeletedRows) } });
    });
  }

  /** Disables or enables a user; disabling ends all the user's sessions at once. */
  async setDisabled(userId: string, disabled: boolean, actor: Actor): Promise<User> {
    await inTransaction(this.db, async (trx) => {
      const u = await trx.selectFrom('users').select(['username', 'disabled']).where('id', '=', userId).forUpdate().executeTakeFirst();
      if (!u) throw new NotFoundError('user.not-found', 'Brugeren findes ikke.');
      await trx.updateTable('users').set({ disabled }).where('id', '=', userId).execute();
      const ended = disabled ? Number((await trx.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst()).numDeletedRows) : 0;
      await recordChange(trx, actor, { action: disabled ? 'user.disable' : 'user.enable', entity: 'user', entityId: u.username, before: { disabled: u.disabled }, after: { disabled, sessionsEnded: ended } });
    });
    const user = await this.findUserById(userId);
    if (!user) throw new NotFoundError('user.not-found', 'Brugeren findes ikke.');
    return user;
  }

  /** The stored hash of a user (for changing one's own password), or null. */
  async passwordHashOf(userId: string): Promise<string | null> {
    const row = await this.db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst();
    return row?.password_hash ?? null;
  }
}
