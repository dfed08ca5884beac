import type { Kysely } from 'kysely';
import type { Schema } from '../../infra/db/schema.ts';
import { authorize, mayActForParty, type ClusterFacts, type Principal } from '../../infra/auth/policy.ts';
import { registerFromDb, registerYearsInDb } from './repository.ts';

/**
 * What a user may act for (issue 12, item 5): pickers offer only these clusters and parties, and
 * roles are shown with the organisation's name. Decided by the authorisation policy itself
 * (cluster:read, economy:edit, mayActForParty), so a picker never offers what a route refuses.
 */
export interface ScopeParty {
  /** A municipality code or the region's code, as the economy names a party. */
  id: string;
  kind: 'municipality' | 'region';
  name: string;
  canAct: boolean;
}

export interface ScopeCluster {
  id: string;
  name: string;
  regionCode: string;
  regionName: string;
  /** "Klynge Syd (Hovedstaden)": three clusters are called Klynge Syd, Nord or Midt. */
  label: string;
  canEdit: boolean;
  parties: ScopeParty[];
}

export interface UserScope {
  /** The register year the clusters and parties come from (the newest); null without a register. */
  year: number | null;
  roles: { role: Principal['roles'][number]['role']; scope: { kind: Principal['roles'][number]['scope']['kind']; id: string | null }; scopeName: string | null }[];
  clusters: ScopeCluster[];
}

/** "Region Hovedstaden" → "Hovedstaden". */
export function regionShortName(name: string): string {
  return name.replace(/^Region\s+/, '');
}

export function clusterLabel(name: string, regionName: string): string {
  return `${name} (${regionShortName(regionName)})`;
}

export async function userScope(db: Kysely<Schema>, user: Principal): Promise<UserScope> {
  const year = (await registerYearsInDb(db)).at(-1) ?? null;
  const register = year === null ? null : await registerFromDb(db, year);
  const regionName = new Map(register?.regions.map((r) => [r.code, r.name]) ?? []);
  const municipalityName = new Map(register?.municipalities.map((m) => [m.code, m.name]) ?? []);
  const clusters: ScopeCluster[] = [];
  for (const c of register?.clusters ?? []) {
    const members = [...new Set(register?.memberships.filter((m) => m.clusterId === c.id).map((m) => m.municipalityCode))];
    const facts: ClusterFacts = { clusterId: c.id, regionCode: c.regionCode, municipalityCodes: members };
    if (!authorize(user, 'cluster:read', { kind: 'cluster', ...facts })) continue;
    const region = regionName.get(c.regionCode) ?? c.regionCode;
    const parties: ScopeParty[] = [
      ...members
        .map((code) => ({ id: code, kind: 'municipality' as const, name: municipalityName.get(code) ?? code }))
        .sort((a, b) => a.name.localeCompare(b.name, 'da')),
      { id: c.regionCode, kind: 'region' as const, name: region },
    ].map((p) => ({ ...p, canAct: mayActForParty(user, facts, p.id) }));
    clusters.push({ id: c.id, name: c.name, regionCode: c.regionCode, regionName: region, label: clusterLabel(c.name, region), canEdit: authorize(user, 'economy:edit', { kind: 'cluster', ...facts }), parties });
  }
  const clusterById = new Map(register?.clusters.map((c) => [c.id, clusterLabel(c.name, regionName.get(c.regionCode) ?? c.regionCode)]) ?? []);
  const roles = user.roles.map((r) => {
    const id = r.scope.id;
    const scopeName = id === null ? null : r.scope.kind === 'cluster' ? (clusterById.get(id) ?? null) : r.scope.kind === 'municipality' ? (municipalityName.get(id) ?? null) : r.scope.kind === 'region' ? (regionName.get(id) ?? null) : null;
    return { role: r.role, scope: { kind: r.scope.kind, id }, scopeName };
  });
  return { year, roles, clusters };
}
