import { describe, expect, it } from 'vitest';
import { authorize, isValidAssignment, type ClusterFacts, type Principal, type RoleAssignment } from './policy.ts';

// Klynge Syd (Region Hovedstaden 1084) with København (101) and Rødovre (175); Klynge Nord
// (Nordjylland 1081) with Aalborg (851). Codes are DST's official ones (DOMAIN §6).
const syd: ClusterFacts = { clusterId: 'hovedstaden-syd', regionCode: '1084', municipalityCodes: ['101', '175'] };
const nord: ClusterFacts = { clusterId: 'nordjylland-aalborg', regionCode: '1081', municipalityCodes: ['851'] };

const user = (...roles: RoleAssignment[]): Principal => ({ id: 'u', username: 'u', roles });
const admin = user({ role: 'system-admin', scope: { kind: 'all', id: null } });
const national = user({ role: 'national-reader', scope: { kind: 'all', id: null } });
const secretariatSyd = user({ role: 'cluster-secretariat', scope: { kind: 'cluster', id: 'hovedstaden-syd' } });
const financeKbh = user({ role: 'finance-officer', scope: { kind: 'municipality', id: '101' } });
const financeRegionH = user({ role: 'finance-officer', scope: { kind: 'region', id: '1084' } });
const ssuH = user({ role: 'ssu-member', scope: { kind: 'region', id: '1084' } });
const nobody = user();

describe('authorize (the one policy)', () => {
  it('lets nobody but public routes through without a session', () => {
    expect(authorize(null, 'public')).toBe(true);
    expect(authorize(null, 'self')).toBe(false);
    expect(authorize(null, 'reference:read')).toBe(false);
    expect(authorize(null, 'cluster:read', { kind: 'cluster', ...syd })).toBe(false);
  });

  it('a signed-in user with no role sees nothing but themself', () => {
    expect(authorize(nobody, 'self')).toBe(true);
    for (const a of ['reference:read', 'export:download', 'population:import', 'allocation:compute', 'audit:read', 'admin:users', 'admin:sessions'] as const) {
      expect(authorize(nobody, a)).toBe(false);
    }
    expect(authorize(nobody, 'cluster:read', { kind: 'cluster', ...syd })).toBe(false);
  });

  it('reading a cluster follows the scope of each role', () => {
    const read = (p: Principal, c: ClusterFacts): boolean => authorize(p, 'cluster:read', { kind: 'cluster', ...c });
    expect([read(admin, syd), read(admin, nord)]).toEqual([true, true]);
    expect([read(national, syd), read(national, nord)]).toEqual([true, true]);
    expect([read(secretariatSyd, syd), read(secretariatSyd, nord)]).toEqual([true, false]);
    expect([read(financeKbh, syd), read(financeKbh, nord)]).toEqual([true, false]);
    expect([read(financeRegionH, syd), read(financeRegionH, nord)]).toEqual([true, false]);
    expect([read(ssuH, syd), read(ssuH, nord)]).toEqual([true, false]);
    // A cluster resource is needed: 'system' is not a cluster.
    expect(authorize(national, 'cluster:read')).toBe(false);
  });

  it('editing a membership: admin, the cluster’s secretariat and the municipality’s own finance officer only', () => {
    const kbhInSyd = { kind: 'membership' as const, municipalityCode: '101', ...syd };
    const rodovreInSyd = { kind: 'membership' as const, municipalityCode: '175', ...syd };
    const edit = (p: Principal, r: typeof kbhInSyd): boolean => authorize(p, 'membership:edit', r);
    expect(edit(admin, kbhInSyd)).toBe(true);
    expect(edit(secretariatSyd, kbhInSyd)).toBe(true);
    expect(edit(financeKbh, kbhInSyd)).toBe(true);
    expect(edit(financeKbh, rodovreInSyd)).toBe(false);
    expect(edit(financeRegionH, kbhInSyd)).toBe(false);
    expect(edit(ssuH, kbhInSyd)).toBe(false);
    expect(edit(national, kbhInSyd)).toBe(false);
    expect(authorize(secretariatSyd, 'membership:edit', { kind: 'membership', municipalityCode: '851', ...nord })).toBe(false);
  });

  it('administration, imports, runs and the audit trail are for the system administrator only', () => {
    // history:enter (issue 15): past SSU discussions and decisions entered afterwards with their real dates.
    for (const a of ['population:import', 'allocation:compute', 'audit:read', 'admin:users', 'admin:sessions', 'history:enter'] as const) {
      expect(authorize(admin, a)).toBe(true);
      for (const p of [national, secretariatSyd, financeKbh, financeRegionH, ssuH]) expect(authorize(p, a)).toBe(false);
    }
  });

  it('a cluster’s economy and follow-up: its secretariat edits; its parties’ finance officers edit their own figures', () => {
    const on = (c: ClusterFacts) => ({ kind: 'cluster' as const, ...c });
    for (const a of ['economy:edit', 'followup:edit'] as const) {
      expect([authorize(admin, a, on(syd)), authorize(secretariatSyd, a, on(syd)), authorize(secretariatSyd, a, on(nord))]).toEqual([true, true, false]);
      for (const p of [national, financeKbh, financeRegionH, ssuH, nobody]) expect(authorize(p, a, on(syd))).toBe(false);
      expect(authorize(admin, a)).toBe(false);
    }
    expect([authorize(financeKbh, 'party:edit', on(syd)), authorize(financeRegionH, 'party:edit', on(syd)), authorize(financeKbh, 'party:edit', on(nord))]).toEqual([true, true, false]);
    expect([authorize(secretariatSyd, 'party:edit', on(syd)), authorize(ssuH, 'party:edit', on(syd)), authorize(national, 'party:edit', on(syd))]).toEqual([true, false, false]);
    expect(authorize(admin, 'year:reopen')).toBe(true);
    expect(authorize(secretariatSyd, 'year:reopen')).toBe(false);
  });

  it('a region’s SSU: its members decide; readers of the region read', () => {
    const h = { kind: 'region' as const, regionCode: '1084' };
    const n = { kind: 'region' as const, regionCode: '1081' };
    expect([authorize(ssuH, 'ssu:edit', h), authorize(ssuH, 'ssu:edit', n), authorize(admin, 'ssu:edit', h)]).toEqual([true, false, true]);
    for (const p of [national, secretariatSyd, financeKbh, financeRegionH, nobody]) expect(authorize(p, 'ssu:edit', h)).toBe(false);
    expect([authorize(ssuH, 'region:read', h), authorize(ssuH, 'region:read', n), authorize(national, 'region:read', n), authorize(financeRegionH, 'region:read', h)]).toEqual([true, false, true, true]);
    expect([authorize(secretariatSyd, 'region:read', h), authorize(nobody, 'region:read', h)]).toEqual([false, false]);
  });

  it('roles can only be given in their own kind of scope', () => {
    expect(isValidAssignment({ role: 'system-admin', scope: { kind: 'all', id: null } })).toBe(true);
    expect(isValidAssignment({ role: 'system-admin', scope: { kind: 'cluster', id: 'x' } })).toBe(false);
    expect(isValidAssignment({ role: 'ssu-member', scope: { kind: 'region', id: '1084' } })).toBe(true);
    expect(isValidAssignment({ role: 'ssu-member', scope: { kind: 'region', id: null } })).toBe(false);
    expect(isValidAssignment({ role: 'finance-officer', scope: { kind: 'cluster', id: 'x' } })).toBe(false);
    expect(isValidAssignment({ role: 'national-reader', scope: { kind: 'all', id: 'x' } })).toBe(false);
  });
});
