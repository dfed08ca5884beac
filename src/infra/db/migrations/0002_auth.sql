-- Sign-in and roles (issue 3): local and OIDC users, scoped role assignments, server-side
-- sessions (only a hash of the cookie token is stored) and login attempts for rate-limiting.

CREATE TABLE users (
  id            text PRIMARY KEY,
  username      text NOT NULL UNIQUE,
  display_name  text NOT NULL,
  password_hash text,
  oidc_issuer   text,
  oidc_subject  text,
  disabled      boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT users_oidc_pair CHECK ((oidc_issuer IS NULL) = (oidc_subject IS NULL)),
  CONSTRAINT users_password_is_argon2id CHECK (password_hash IS NULL OR password_hash LIKE '$argon2id$%')
);
CREATE UNIQUE INDEX users_oidc_identity ON users (oidc_issuer, oidc_subject) WHERE oidc_issuer IS NOT NULL;

CREATE TABLE role_assignments (
  id         bigserial PRIMARY KEY,
  user_id    text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role       text NOT NULL CHECK (role IN ('system-admin', 'cluster-secretariat', 'finance-officer', 'ssu-member', 'national-reader')),
  scope_kind text NOT NULL CHECK (scope_kind IN ('all', 'cluster', 'municipality', 'region')),
  scope_id   text,
  granted_at timestamptz NOT NULL DEFAULT now(),
  granted_by text,
  CONSTRAINT role_assignments_scope CHECK ((scope_kind = 'all') = (scope_id IS NULL))
);
CREATE UNIQUE INDEX role_assignments_unique ON role_assignments (user_id, role, scope_kind, coalesce(scope_id, ''));

CREATE TABLE sessions (
  id           text PRIMARY KEY,
  token_hash   text NOT NULL UNIQUE,
  user_id      text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token   text NOT NULL,
  created_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  ip           text,
  user_agent   text
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_attempts (
  id        bigserial PRIMARY KEY,
  username  text NOT NULL,
  ip        text,
  at        timestamptz NOT NULL,
  succeeded boolean NOT NULL
);
CREATE INDEX login_attempts_username_at ON login_attempts (username, at);
