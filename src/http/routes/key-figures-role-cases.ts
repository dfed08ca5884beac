/**
 * The role-matrix cases of the cluster-scoped key-figure routes (issue 14), used by
 * role-matrix.test.ts. Personas as there: the secretariat is Klynge Syd's (Hovedstaden), the SSU
 * member and the regional finance officer Region Hovedstaden's, the municipal finance officer
 * København's. A cluster's series (with its region and the country) is read by everyone with a
 * role in the cluster; Klynge Nord (Nordjylland) only by administrators and national readers.
 * Targets are set by the cluster's own secretariat and administrators.
 */
type Persona = 'system-admin' | 'national-reader' | 'cluster-secretariat' | 'finance-officer (kommune)' | 'finance-officer (region)' | 'ssu-member' | 'no role';
export interface KeyFigureCase {
  route: string;
  title: string;
  request: () => { method: 'GET' | 'PUT'; url: string; payload?: Record<string, unknown> };
  allowed: Persona[];
}

const READERS: Persona[] = ['system-admin', 'national-reader', 'cluster-secretariat', 'finance-officer (kommune)', 'finance-officer (region)', 'ssu-member'];
const series = 'GET /api/clusters/:clusterId/key-figures';
const target = 'PUT /api/clusters/:clusterId/key-figures/:indicatorId/target';
const body = { value: '10', period: '2025', note: 'rollematrix', version: 999 };
const cofinancing = 'GET /api/scenarios/:id/clusters/:clusterId/cofinancing';
const NO_SCENARIO = '00000000-0000-4000-8000-000000000000';

export const KEY_FIGURE_SCOPED_CASES: KeyFigureCase[] = [
  { route: series, title: 'Klynge Syd’s key figures', request: () => ({ method: 'GET', url: '/api/clusters/hovedstaden-syd/key-figures?indicator=population' }), allowed: READERS },
  { route: series, title: 'Klynge Nord (Nordjylland)’s key figures', request: () => ({ method: 'GET', url: '/api/clusters/nordjylland-nord/key-figures?indicator=population' }), allowed: ['system-admin', 'national-reader'] },
  { route: target, title: 'a target for Klynge Syd', request: () => ({ method: 'PUT', url: '/api/clusters/hovedstaden-syd/key-figures/population/target', payload: body }), allowed: ['system-admin', 'cluster-secretariat'] },
  { route: target, title: 'a target for Klynge Nord (Nordjylland)', request: () => ({ method: 'PUT', url: '/api/clusters/nordjylland-nord/key-figures/population/target', payload: body }), allowed: ['system-admin'] },
  // A scenario's secretariat co-financing is a cluster's own figures (a missing scenario answers 404 to those allowed).
  { route: cofinancing, title: 'a scenario’s co-financing for Klynge Syd', request: () => ({ method: 'GET', url: `/api/scenarios/${NO_SCENARIO}/clusters/hovedstaden-syd/cofinancing?costOre=100` }), allowed: READERS },
  { route: cofinancing, title: 'a scenario’s co-financing for Klynge Nord (Nordjylland)', request: () => ({ method: 'GET', url: `/api/scenarios/${NO_SCENARIO}/clusters/nordjylland-nord/cofinancing?costOre=100` }), allowed: ['system-admin', 'national-reader'] },
];
