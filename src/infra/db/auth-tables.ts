import type { ColumnType, Generated } from 'kysely';

/** A timestamptz column: read as Date, written as Date or ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** Brugere: local accounts (password_hash) and OIDC accounts (issuer + subject). */
export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  /** Argon2id PHC string; null for users who only sign in through OIDC. */
  password_hash: string | null;
  oidc_issuer: string | null;
  oidc_subject: string | null;
  disabled: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
}

/** Rolletildelinger: one role in one scope (kind all has scope_id null). */
export interface RoleAssignmentsTable {
  id: Generated<number>;
  user_id: string;
  role: string;
  scope_kind: string;
  scope_id: string | null;
  granted_at: Timestamp;
  granted_by: string | null;
}

/** Sessioner: server-side sessions; only a SHA-256 of the cookie token is stored. */
export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

/** Loginforsøg: for rate-limiting failed sign-ins per username. */
export interface LoginAttemptsTable {
  id: Generated<number>;
  username: string;
  ip: string | null;
  at: Timestamp;
  succeeded: boolean;
}

/** The auth part of the database schema (migration 0002_auth.sql). */
export interface AuthTables {
  users: UsersTable;
  role_assignments: RoleAssignmentsTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
}
