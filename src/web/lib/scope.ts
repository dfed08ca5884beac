import { useEffect, useState } from 'react';
import { api, type ApiResponse, type Role } from './api.ts';
import { useSession } from './session.ts';
import { useI18n, type MessageKey } from './text/i18n.ts';

/**
 * What the signed-in user may act for, as the server decides it (GET /api/me/scope, from the
 * authorisation policy): the clusters they may read, each with its region, whether they may edit
 * it, and the parties (member municipalities and the region) they may act for there. Pickers
 * offer only these; names never stand alone ("Klynge Syd" exists in three regions).
 */
export type MyScope = ApiResponse<'/api/me/scope'>;
export type ScopeCluster = MyScope['clusters'][number];
/** A municipality code (`101`) or a region code (`1084`), as the economy names a party; canAct: may the user record its own figures. */
export type ScopeParty = ScopeCluster['parties'][number];
/** A role with the organisation it is for (`Klynge Syd (Hovedstaden)`); scopeName null for the whole country. */
export type ScopeRole = MyScope['roles'][number];

/** One request per signed-in user and page load: roles change only by an administrator. */
let cache: { userId: string; scope: Promise<MyScope> } | null = null;

export function loadMyScope(userId: string): Promise<MyScope> {
  if (cache?.userId !== userId) {
    const scope = api<MyScope>('/api/me/scope');
    cache = { userId, scope };
    // A failed request is asked again next time, not remembered.
    scope.catch(() => {
      if (cache?.scope === scope) cache = null;
    });
  }
  return cache.scope;
}

/** The user's scope, or null while it loads (or when it could not be loaded: pickers then wait). */
export function useMyScope(): MyScope | null {
  const userId = useSession().session.user.id;
  const [scope, setScope] = useState<MyScope | null>(null);
  useEffect(() => {
    let live = true;
    loadMyScope(userId).then(
      (s) => live && setScope(s),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [userId]);
  return scope;
}

/** `Region Hovedstaden` → `Hovedstaden`: the short form in a cluster's label. */
export function regionShortName(regionName: string): string {
  return regionName.replace(/^Region\s+/, '');
}

/** `Klynge Syd (Hovedstaden)`: a cluster always with its region. */
export function clusterLabel(c: { name: string; regionName: string }): string {
  return `${c.name} (${regionShortName(c.regionName)})`;
}

/** `Klyngesekretariat – Klynge Syd (Hovedstaden)`: a role with the organisation it is for. */
export function roleText(role: Role, scopeName: string | null, t: (key: MessageKey) => string): string {
  const name = t(`role.${role.role}`);
  if (role.scope.kind === 'all' || role.scope.id === null) return `${name} – ${t('roles.allScope')}`;
  return `${name} – ${scopeName ?? role.scope.id}`;
}

/** The signed-in user's roles as text; the bare scope id until the organisation names have loaded. */
export function useRoleTexts(): string[] {
  const { t } = useI18n();
  const { user } = useSession().session;
  const scope = useMyScope();
  return user.roles.map((r) => {
    const named = scope?.roles.find((s) => s.role === r.role && s.scope.kind === r.scope.kind && s.scope.id === r.scope.id);
    return roleText(r, named?.scopeName ?? null, t);
  });
}
