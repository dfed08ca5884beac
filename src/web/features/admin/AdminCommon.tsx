import './admin.css';
import type { ReactNode } from 'react';
import { api, type ApiResponse, type Role, type RoleName } from '../../lib/api.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useLoad } from '../../lib/query.ts';
import { useI18n, type MessageKey } from '../../lib/text/i18n.ts';
import { href, type AdminPageName } from '../../lib/router.ts';
import { isAdmin, useSession } from '../../lib/session.ts';
import { clusterLabel } from '../../lib/scope.ts';

/** The roles an administrator can grant, in the order the role select lists them. */
export const ROLE_NAMES: readonly RoleName[] = ['finance-officer', 'cluster-secretariat', 'ssu-member', 'national-reader', 'system-admin'];

/** Names of the register's scopes (the newest register year), for choosing and showing roles. */
export interface ScopeNames {
  regions: { code: string; name: string }[];
  clusters: { id: string; name: string; regionName: string }[];
  municipalities: { code: string; name: string }[];
  cluster: Map<string, string>;
  municipality: Map<string, string>;
  region: Map<string, string>;
}

export async function loadScopeNames(): Promise<ScopeNames> {
  const { years, current } = await api<ApiResponse<'/api/years'>>('/api/years');
  const year = current ?? years.at(-1);
  const names: ScopeNames = { regions: [], clusters: [], municipalities: [], cluster: new Map(), municipality: new Map(), region: new Map() };
  if (year === undefined) return names;
  const register = await api<ApiResponse<'/api/years/{year}/register'>>(`/api/years/${year}/register`);
  for (const region of register.regions) {
    names.regions.push({ code: region.code, name: region.name });
    names.region.set(region.code, region.name);
    for (const cluster of region.clusters) {
      names.clusters.push({ id: cluster.id, name: cluster.name, regionName: region.name });
      // Role labels and the audit trail name a cluster with its region: "Klynge Syd" exists three times.
      names.cluster.set(cluster.id, clusterLabel({ name: cluster.name, regionName: region.name }));
      for (const m of cluster.members) {
        if (!names.municipality.has(m.municipalityCode)) {
          names.municipality.set(m.municipalityCode, m.municipalityName);
          names.municipalities.push({ code: m.municipalityCode, name: m.municipalityName });
        }
      }
    }
  }
  names.municipalities.sort((a, b) => a.name.localeCompare(b.name, 'da'));
  return names;
}

export function useScopeNames() {
  return useLoad(loadScopeNames, ['years', 'newest', 'register', 'scope-names']);
}

/** `Økonomimedarbejder – København Kommune`; the bare id when the register does not know it. */
export function roleLabel(role: Role, t: (key: MessageKey) => string, names: ScopeNames | null): string {
  const name = t(`role.${role.role}`);
  if (role.scope.kind === 'all' || role.scope.id === null) return `${name} – ${t('roles.allScope')}`;
  const id = role.scope.id;
  const scopeName = names?.[role.scope.kind].get(id);
  return `${name} – ${scopeName ?? id}`;
}

export const roleKey = (r: Role): string => `${r.role}@${r.scope.kind}${r.scope.id === null ? '' : `:${r.scope.id}`}`;

/** The audit trail's role text (`finance-officer@municipality:101`) back to a role, or null. */
export function parseRoleText(text: string): Role | null {
  const m = /^([a-z-]+)@(all|cluster|municipality|region)(?::(.+))?$/.exec(text);
  if (!m?.[1] || !m[2] || !(ROLE_NAMES as readonly string[]).includes(m[1])) return null;
  return { role: m[1] as RoleName, scope: { kind: m[2] as Role['scope']['kind'], id: m[3] ?? null } };
}

const ADMIN_PAGES: readonly { page: AdminPageName; label: MessageKey }[] = [
  { page: 'users', label: 'nav.users' },
  { page: 'sessions', label: 'nav.sessions' },
  { page: 'audit', label: 'nav.audit' },
];

/** The administration's own menu, above each administration page. */
export function AdminNav(props: { current: AdminPageName }) {
  const { t } = useI18n();
  return (
    <nav className="admin-nav" aria-label={t('nav.adminLabel')}>
      <ul className="nobullet-list">
        {ADMIN_PAGES.map((p) => (
          <li key={p.page} className={p.page === props.current ? 'active' : undefined}>
            <a href={href(p.page)} aria-current={p.page === props.current ? 'page' : undefined}>
              {t(p.label)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Administration is for system administrators; others get a plain refusal (the server refuses them too). */
export function AdminOnly(props: { title: string; children: ReactNode }) {
  const { t } = useI18n();
  const { user } = useSession().session;
  if (isAdmin(user)) return <>{props.children}</>;
  return (
    <>
      <h1>{props.title}</h1>
      <ErrorAlert message={t('error.forbidden')} />
    </>
  );
}
