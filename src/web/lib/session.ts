import { createContext, useContext } from 'react';
import type { RoleName, Session, User } from './api.ts';

export interface SessionContextValue {
  session: Session;
  logout: () => void;
}

export const SessionContext = createContext<SessionContextValue | null>(null);

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside a signed-in page');
  return value;
}

export function hasRole(user: User, ...roles: RoleName[]): boolean {
  return user.roles.some((r) => roles.includes(r.role));
}

/** Only administrators change the register and import population (issue 3). */
export function isAdmin(user: User): boolean {
  return hasRole(user, 'system-admin');
}

/** The cluster a secretariat user works for, if any. */
export function ownClusterId(user: User): string | null {
  return user.roles.find((r) => r.role === 'cluster-secretariat' && r.scope.kind === 'cluster')?.scope.id ?? null;
}

/** The cluster a user works for: a secretariat's own, else the first it may read. */
export function defaultClusterId(user: User): string {
  return user.roles.find((r) => r.role === 'cluster-secretariat')?.scope.id ?? 'hovedstaden-syd';
}

export function defaultRegionCode(user: User): string {
  return user.roles.find((r) => r.role === 'ssu-member' || (r.role === 'finance-officer' && r.scope.kind === 'region'))?.scope.id ?? '1084';
}

export function canEditCluster(user: User, clusterId: string): boolean {
  return user.roles.some((r) => r.role === 'system-admin' || (r.role === 'cluster-secretariat' && r.scope.id === clusterId));
}

export function canEditSsu(user: User, regionCode: string): boolean {
  return user.roles.some((r) => r.role === 'system-admin' || (r.role === 'ssu-member' && r.scope.id === regionCode));
}
