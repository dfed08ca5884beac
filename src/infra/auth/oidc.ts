import type * as OpenIdClient from 'openid-client';
import { ROLES, isValidAssignment, type RoleAssignment, type Role, type ScopeKind } from './policy.ts';

/**
 * OIDC sign-in settings (issue 3). Municipalities and regions sign in through their own broker
 * (NemLog-in/MitID Erhverv behind Entra ID, Keycloak…). Configured from the environment:
 * KLYNGE_OIDC_ISSUER, KLYNGE_OIDC_CLIENT_ID, KLYNGE_OIDC_CLIENT_SECRET, KLYNGE_OIDC_REDIRECT_URL,
 * optional KLYNGE_OIDC_LABEL, KLYNGE_OIDC_SCOPE, KLYNGE_OIDC_ROLES_CLAIM.
 */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where the broker sends the user back: https://…/api/auth/oidc/callback */
  redirectUrl: string;
  /** The text on the sign-in button, e.g. "Log ind med MitID Erhverv". */
  label?: string;
  scope?: string;
  /**
   * When set, roles are taken from this claim at every sign-in (replacing the stored ones).
   * Each value is "role" (scope all) or "role:scopeKind:scopeId", e.g. "finance-officer:municipality:101".
   * When unset, a new OIDC user gets no roles and sees nothing until an administrator grants some.
   */
  rolesClaim?: string;
  /** Only for tests against a loopback provider over plain http. */
  allowInsecureHttp?: boolean;
}

export function oidcSettingsFromEnv(env: NodeJS.ProcessEnv): OidcSettings | null {
  const issuer = env['KLYNGE_OIDC_ISSUER'];
  const clientId = env['KLYNGE_OIDC_CLIENT_ID'];
  const clientSecret = env['KLYNGE_OIDC_CLIENT_SECRET'];
  const redirectUrl = env['KLYNGE_OIDC_REDIRECT_URL'];
  if (!issuer || !clientId || !clientSecret || !redirectUrl) return null;
  const s: OidcSettings = { issuer, clientId, clientSecret, redirectUrl };
  if (env['KLYNGE_OIDC_LABEL']) s.label = env['KLYNGE_OIDC_LABEL'];
  if (env['KLYNGE_OIDC_SCOPE']) s.scope = env['KLYNGE_OIDC_SCOPE'];
  if (env['KLYNGE_OIDC_ROLES_CLAIM']) s.rolesClaim = env['KLYNGE_OIDC_ROLES_CLAIM'];
  return s;
}

/** Parses one roles-claim value; unknown or malformed values are ignored (never widen access). */
export function parseRoleClaim(value: unknown): RoleAssignment | null {
  if (typeof value !== 'string') return null;
  const [role, kind, id, ...rest] = value.split(':');
  if (rest.length > 0 || role === undefined || !(ROLES as readonly string[]).includes(role)) return null;
  const a: RoleAssignment = kind === undefined ? { role: role as Role, scope: { kind: 'all', id: null } } : { role: role as Role, scope: { kind: kind as ScopeKind, id: id ?? null } };
  return isValidAssignment(a) ? a : null;
}

export interface OidcIdentity {
  issuer: string;
  subject: string;
  preferredUsername: string | null;
  displayName: string;
  /** null: roles are not mapped from the broker. */
  roles: RoleAssignment[] | null;
}

/** The pending sign-in kept in a signed, short-lived cookie between login and callback. */
export interface OidcPending {
  state: string;
  nonce: string;
  verifier: string;
}

/** openid-client (and jose) are loaded at the first sign-in through OIDC, not at every start. */
function openIdClient(): Promise<typeof OpenIdClient> {
  return import('openid-client');
}

export class OidcClient {
  private config: Promise<OpenIdClient.Configuration> | undefined;
  constructor(readonly settings: OidcSettings) {}

  get label(): string {
    return this.settings.label ?? 'Log ind via din organisation';
  }

  private configuration(): Promise<OpenIdClient.Configuration> {
    this.config ??= openIdClient()
      .then((client) =>
        client.discovery(
          new URL(this.settings.issuer),
          this.settings.clientId,
          undefined,
          client.ClientSecretPost(this.settings.clientSecret),
          this.settings.allowInsecureHttp ? { execute: [client.allowInsecureRequests] } : undefined,
        ),
      )
      .catch((e: unknown) => {
        // Let the next sign-in try discovery again instead of caching the failure.
        this.config = undefined;
        throw e;
      });
    return this.config;
  }

  /** The broker's authorisation URL with PKCE, state and nonce. */
  async start(): Promise<{ url: string; pending: OidcPending }> {
    const [config, client] = await Promise.all([this.configuration(), openIdClient()]);
    const pending: OidcPending = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier() };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUrl,
      scope: this.settings.scope ?? 'openid profile email',
      code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, pending };
  }

  /** Exchanges the code from the callback URL and returns who signed in. */
  async finish(callbackUrl: URL, pending: OidcPending): Promise<OidcIdentity> {
    const [config, client] = await Promise.all([this.configuration(), openIdClient()]);
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error('OIDC: intet ID-token');
    const str = (k: string): string | null => (typeof claims[k] === 'string' ? (claims[k]) : null);
    let roles: RoleAssignment[] | null = null;
    if (this.settings.rolesClaim) {
      const raw = claims[this.settings.rolesClaim];
      const values: unknown[] = Array.isArray(raw) ? (raw) : raw === undefined ? [] : [raw];
      roles = values.map(parseRoleClaim).filter((r): r is RoleAssignment => r !== null);
    }
    return {
      issuer: claims.iss,
      subject: claims.sub,
      preferredUsername: str('preferred_username') ?? str('email'),
      displayName: str('name') ?? str('preferred_username') ?? claims.sub,
      roles,
    };
  }
}
