/**
 * THE authorisation policy: one pure function decides every request. Every HTTP route declares
 * an action (route config `action`) and the resource it touches; nothing else grants access.
 * Roles are scoped (DOMAIN §5, issue 3): a user with no role sees nothing.
 */

export const ROLES = ['system-admin', 'cluster-secretariat', 'finance-officer', 'ssu-member', 'national-reader'] as const;
/** systemadministrator, klyngesekretariat, økonomimedarbejder (kommune/region), SSU-medlem, national læser. */
export type Role = (typeof ROLES)[number];

export const SCOPE_KINDS = ['all', 'cluster', 'municipality', 'region'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

export interface RoleAssignment {
  role: Role;
  scope: { kind: ScopeKind; id: string | null };
}

export interface Principal {
  id: string;
  username: string;
  roles: readonly RoleAssignment[];
}

/** Which scopes each role may carry; anything else is refused when roles are granted. */
export const ALLOWED_SCOPES: Record<Role, readonly ScopeKind[]> = {
  'system-admin': ['all'],
  'national-reader': ['all'],
  'cluster-secretariat': ['cluster'],
  'finance-officer': ['municipality', 'region'],
  'ssu-member': ['region'],
};

export function isValidAssignment(a: RoleAssignment): boolean {
  if (!ALLOWED_SCOPES[a.role].includes(a.scope.kind)) return false;
  return a.scope.kind === 'all' ? a.scope.id === null : typeof a.scope.id === 'string' && a.scope.id !== '';
}

/**
 * A cluster as the policy needs to know it: its id, its region (code 1081–1085) and the
 * municipalities (3-digit codes) that are members of it in the year in question.
 */
export interface ClusterFacts {
  clusterId: string;
  regionCode: string;
  municipalityCodes: readonly string[];
}

export type Resource =
  /** Not tied to a cluster: administration, national data, public reference tables. */
  | { kind: 'system' }
  /** A region's own records: its SSU (regional committee), its meetings and decisions. */
  | { kind: 'region'; regionCode: string }
  | ({ kind: 'cluster' } & ClusterFacts)
  /** A municipality's membership of a cluster (its figures). */
  | ({ kind: 'membership'; municipalityCode: string } & ClusterFacts);

export const ACTIONS = [
  /** Anyone, also without signing in (health, sign-in, OpenAPI document). */
  'public',
  /** Any signed-in user (their own profile, sign-out). */
  'self',
  /** Lists that are filtered per cluster afterwards, and national reference data (years, population, allocation). */
  'reference:read',
  'cluster:read',
  'membership:edit',
  /** A cluster's economy: funds, initiatives, forecasts, settlements, year end (issue 4). */
  'economy:edit',
  /** A party's own figures in a cluster: actuals it spent, its carry-forward commitment. */
  'party:edit',
  /** Reopen a closed cluster-year (administrators only). */
  'year:reopen',
  /** Change the installation's charts of accounts for posting files (kontoplaner; administrators only). */
  'chart:edit',
  /** A cluster's evaluations, governance bodies and meetings (issue 5). */
  'followup:edit',
  /** Read a region's SSU and its meetings. */
  'region:read',
  /** The SSU's own work: its questions, meetings, decisions on evaluations. */
  'ssu:edit',
  /** Enter past discussions and decisions afterwards with their real dates (administrators only). */
  'history:enter',
  'population:import',
  /** Key figures of every cluster side by side (issue 14): national readers and administrators. */
  'keyfigures:national',
  /** The national overview comparing every cluster's economy (issue 12): national readers and administrators. */
  'overview:national',
  /** Save a what-if allocation scenario (never changes a run; promoting one is allocation:compute). */
  'scenario:edit',
  'allocation:compute',
  'export:download',
  'audit:read',
  'admin:users',
  'admin:sessions',
] as const;
export type Action = (typeof ACTIONS)[number];

function hasRole(user: Principal, role: Role): boolean {
  return user.roles.some((r) => r.role === role);
}

/** Can any of the user's roles read this cluster? */
function canReadCluster(user: Principal, c: ClusterFacts): boolean {
  return user.roles.some((r) => {
    switch (r.role) {
      case 'system-admin':
      case 'national-reader':
        return true;
      case 'cluster-secretariat':
        return r.scope.kind === 'cluster' && r.scope.id === c.clusterId;
      case 'finance-officer':
        if (r.scope.kind === 'municipality') return r.scope.id !== null && c.municipalityCodes.includes(r.scope.id);
        return r.scope.kind === 'region' && r.scope.id === c.regionCode;
      case 'ssu-member':
        return r.scope.kind === 'region' && r.scope.id === c.regionCode;
    }
  });
}

/** Can the user change this municipality's figures in this cluster? */
function canEditMembership(user: Principal, m: ClusterFacts & { municipalityCode: string }): boolean {
  return user.roles.some((r) => {
    switch (r.role) {
      case 'system-admin':
        return true;
      case 'cluster-secretariat':
        return r.scope.kind === 'cluster' && r.scope.id === m.clusterId;
      case 'finance-officer':
        // Its own organisation's figures only; a regional officer has no municipal membership to edit.
        return r.scope.kind === 'municipality' && r.scope.id === m.municipalityCode;
      case 'ssu-member':
      case 'national-reader':
        return false;
    }
  });
}

function asCluster(resource: Resource): ClusterFacts | null {
  return resource.kind === 'system' || resource.kind === 'region' ? null : resource;
}

/** The cluster's own secretariat (or an administrator) works on its cluster. */
function isClusterSecretariat(user: Principal, c: ClusterFacts): boolean {
  return user.roles.some((r) => r.role === 'system-admin' || (r.role === 'cluster-secretariat' && r.scope.kind === 'cluster' && r.scope.id === c.clusterId));
}

/** A finance officer of one of the cluster's parties (a member municipality or the cluster's region). */
function isPartyOfficer(user: Principal, c: ClusterFacts): boolean {
  return user.roles.some(
    (r) =>
      r.role === 'finance-officer' &&
      ((r.scope.kind === 'municipality' && r.scope.id !== null && c.municipalityCodes.includes(r.scope.id)) || (r.scope.kind === 'region' && r.scope.id === c.regionCode)),
  );
}

/**
 * May the user record this party's own figures in the cluster (actuals, ceiling commitments)?
 * A party is a member municipality (its code) or the cluster's region (its code). The cluster's
 * secretariat and administrators act for every party; a finance officer for its own organisation
 * only. Routes check it per line; GET /api/me/scope tells the pickers the same.
 */
export function mayActForParty(user: Principal | null, c: ClusterFacts, party: string): boolean {
  if (user === null) return false;
  const isMunicipality = c.municipalityCodes.includes(party);
  if (!isMunicipality && party !== c.regionCode) return false;
  if (isClusterSecretariat(user, c)) return true;
  return user.roles.some((r) => r.role === 'finance-officer' && r.scope.id === party && r.scope.kind === (isMunicipality ? 'municipality' : 'region'));
}

function canReadRegion(user: Principal, regionCode: string): boolean {
  return user.roles.some(
    (r) => r.role === 'system-admin' || r.role === 'national-reader' || (r.role === 'ssu-member' && r.scope.id === regionCode) || (r.role === 'finance-officer' && r.scope.kind === 'region' && r.scope.id === regionCode),
  );
}

/** True when `user` (null: not signed in) may perform `action` on `resource`. */
export function authorize(user: Principal | null, action: Action, resource: Resource = { kind: 'system' }): boolean {
  if (action === 'public') return true;
  if (user === null) return false;
  switch (action) {
    case 'self':
      return true;
    case 'reference:read':
    case 'export:download':
      return user.roles.length > 0;
    case 'cluster:read': {
      const c = asCluster(resource);
      return c !== null && canReadCluster(user, c);
    }
    case 'membership:edit':
      return resource.kind === 'membership' && canEditMembership(user, resource);
    case 'economy:edit':
    case 'followup:edit': {
      const c = asCluster(resource);
      return c !== null && isClusterSecretariat(user, c);
    }
    case 'party:edit': {
      const c = asCluster(resource);
      return c !== null && (isClusterSecretariat(user, c) || isPartyOfficer(user, c));
    }
    case 'region:read':
      if (resource.kind === 'region') return canReadRegion(user, resource.regionCode);
      return false;
    case 'ssu:edit':
      return resource.kind === 'region' && user.roles.some((r) => r.role === 'system-admin' || (r.role === 'ssu-member' && r.scope.id === resource.regionCode));
    case 'keyfigures:national':
    case 'overview:national':
      return hasRole(user, 'system-admin') || hasRole(user, 'national-reader');
    case 'scenario:edit':
      return hasRole(user, 'system-admin') || hasRole(user, 'cluster-secretariat') || hasRole(user, 'finance-officer');
    case 'history:enter':
    case 'year:reopen':
    case 'chart:edit':
    case 'population:import':
    case 'allocation:compute':
    case 'audit:read':
    case 'admin:users':
    case 'admin:sessions':
      return hasRole(user, 'system-admin');
  }
}
