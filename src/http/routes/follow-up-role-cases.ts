import type { Database } from '../../infra/db/database.ts';
import { testInitiative } from './follow-up-testing.ts';

/**
 * The role-matrix cases of the governance and follow-up routes (issue 5), used by
 * role-matrix.test.ts. Personas as there: the secretariat is Klynge Syd's (Hovedstaden), the SSU
 * member and the regional finance officer Region Hovedstaden's (1084), the municipal finance
 * officer København's (101, in Klynge Syd). Each route is tried on Klynge Syd / Region Hovedstaden
 * and on Klynge Nord / Region Nordjylland (1081), where only administrators and national readers
 * get through. Records that do not exist answer 404 to those allowed — still "let through".
 */

type Persona = 'system-admin' | 'national-reader' | 'cluster-secretariat' | 'finance-officer (kommune)' | 'finance-officer (region)' | 'ssu-member' | 'no role';
export interface FollowUpCase {
  route: string;
  title: string;
  request: () => { method: 'GET' | 'POST' | 'PUT'; url: string; payload?: Record<string, unknown> };
  allowed: Persona[];
}

const CLUSTER_READERS: Persona[] = ['system-admin', 'national-reader', 'cluster-secretariat', 'finance-officer (kommune)', 'finance-officer (region)', 'ssu-member'];
const CLUSTER_EDITORS: Persona[] = ['system-admin', 'cluster-secretariat'];
const REGION_READERS: Persona[] = ['system-admin', 'national-reader', 'ssu-member', 'finance-officer (region)'];
const REGION_EDITORS: Persona[] = ['system-admin', 'ssu-member'];
const OTHERS_READ: Persona[] = ['system-admin', 'national-reader'];
const OTHERS_EDIT: Persona[] = ['system-admin'];

const NONE = '00000000-0000-4000-8000-000000000000';
const ids = { sydInitiative: '', nordInitiative: '' };

/** Creates the records the cases need (one initiative in each cluster). */
export async function prepareFollowUpCases(database: Database): Promise<void> {
  ids.sydInitiative = (await testInitiative(database.kysely, 'hovedstaden-syd', '167', 'Rollematrix Syd')).id;
  ids.nordInitiative = (await testInitiative(database.kysely, 'nordjylland-nord', '813', 'Rollematrix Nord')).id;
}

type Req = ReturnType<FollowUpCase['request']>;
interface RouteSpec {
  /** Route as registered, with `{scope}` for the prefix. */
  route: string;
  request: (prefix: string) => Req;
  edit: boolean;
}

const memberless = { politicalLevel: [], professionalLevel: [], regionChairMemberId: null, mayorMemberId: null, secretariatMunicipalityId: null };

/** Routes under both /api/clusters/:clusterId and /api/regions/:regionCode. */
const BOTH: RouteSpec[] = [
  { route: 'GET {scope}/meetings', request: (p) => ({ method: 'GET', url: `${p}/meetings` }), edit: false },
  { route: 'POST {scope}/meetings', request: (p) => ({ method: 'POST', url: `${p}/meetings`, payload: { level: 'political', date: '2023-09-01', title: 'Rollematrix' } }), edit: true },
  { route: 'GET {scope}/meetings/:meetingId', request: (p) => ({ method: 'GET', url: `${p}/meetings/${NONE}` }), edit: false },
  { route: 'POST {scope}/meetings/:meetingId/agenda', request: (p) => ({ method: 'POST', url: `${p}/meetings/${NONE}/agenda`, payload: { version: 1, title: 'x' } }), edit: true },
  { route: 'PUT {scope}/meetings/:meetingId/minutes', request: (p) => ({ method: 'PUT', url: `${p}/meetings/${NONE}/minutes`, payload: { version: 1, text: 'x', decisions: [] } }), edit: true },
  { route: 'POST {scope}/meetings/:meetingId/minutes/approve', request: (p) => ({ method: 'POST', url: `${p}/meetings/${NONE}/minutes/approve`, payload: { version: 1 } }), edit: true },
  { route: 'POST {scope}/meetings/:meetingId/cancel', request: (p) => ({ method: 'POST', url: `${p}/meetings/${NONE}/cancel`, payload: { version: 1 } }), edit: true },
  { route: 'POST {scope}/meetings/:meetingId/attachments', request: (p) => ({ method: 'POST', url: `${p}/meetings/${NONE}/attachments`, payload: {} }), edit: true },
  { route: 'GET {scope}/meetings/:meetingId/attachments/:attachmentId', request: (p) => ({ method: 'GET', url: `${p}/meetings/${NONE}/attachments/${NONE}` }), edit: false },
  { route: 'GET {scope}/evaluation-guide', request: (p) => ({ method: 'GET', url: `${p}/evaluation-guide` }), edit: false },
  { route: 'PUT {scope}/evaluation-guide', request: (p) => ({ method: 'PUT', url: `${p}/evaluation-guide`, payload: { version: 999, questions: [] } }), edit: true },
];

const CLUSTER_ONLY: RouteSpec[] = [
  { route: 'GET {scope}/years/:year/governance', request: (p) => ({ method: 'GET', url: `${p}/years/2023/governance` }), edit: false },
  { route: 'PUT {scope}/years/:year/governance', request: (p) => ({ method: 'PUT', url: `${p}/years/2023/governance`, payload: { version: 999, ...memberless } }), edit: true },
  { route: 'GET {scope}/follow-up/initiatives', request: (p) => ({ method: 'GET', url: `${p}/follow-up/initiatives` }), edit: false },
  { route: 'GET {scope}/evaluations', request: (p) => ({ method: 'GET', url: `${p}/evaluations` }), edit: false },
  { route: 'POST {scope}/evaluations', request: (p) => ({ method: 'POST', url: `${p}/evaluations`, payload: { initiativeId: 'findes-ikke' } }), edit: true },
  { route: 'GET {scope}/evaluations/:evaluationId', request: (p) => ({ method: 'GET', url: `${p}/evaluations/${NONE}` }), edit: false },
  { route: 'POST {scope}/evaluations/:evaluationId/commands', request: (p) => ({ method: 'POST', url: `${p}/evaluations/${NONE}/commands`, payload: { version: 1, command: { type: 'submit' } } }), edit: true },
  { route: 'POST {scope}/evaluations/:evaluationId/attachments', request: (p) => ({ method: 'POST', url: `${p}/evaluations/${NONE}/attachments?version=1`, payload: {} }), edit: true },
  { route: 'GET {scope}/evaluations/:evaluationId/attachments/:attachmentId', request: (p) => ({ method: 'GET', url: `${p}/evaluations/${NONE}/attachments/${NONE}` }), edit: false },
  { route: 'GET {scope}/adoptable', request: (p) => ({ method: 'GET', url: `${p}/adoptable` }), edit: false },
  { route: 'POST {scope}/adoptions', request: (p) => ({ method: 'POST', url: `${p}/adoptions`, payload: { evaluationId: NONE, executingParty: '101', startPeriod: '2024-01' } }), edit: true },
];

const REGION_ONLY: RouteSpec[] = [
  { route: 'GET {scope}/years/:year/ssu', request: (p) => ({ method: 'GET', url: `${p}/years/2023/ssu` }), edit: false },
  { route: 'PUT {scope}/years/:year/ssu', request: (p) => ({ method: 'PUT', url: `${p}/years/2023/ssu`, payload: { version: 999, members: [], chairMemberId: null, viceChairMemberId: null } }), edit: true },
  { route: 'GET {scope}/evaluations', request: (p) => ({ method: 'GET', url: `${p}/evaluations` }), edit: false },
  { route: 'GET {scope}/evaluations/:evaluationId', request: (p) => ({ method: 'GET', url: `${p}/evaluations/${NONE}` }), edit: false },
  {
    route: 'POST {scope}/evaluations/:evaluationId/commands',
    request: (p) => ({ method: 'POST', url: `${p}/evaluations/${NONE}/commands`, payload: { version: 1, command: { type: 'record-discussion', meetingId: NONE } } }),
    edit: true,
  },
  { route: 'GET {scope}/evaluations/:evaluationId/attachments/:attachmentId', request: (p) => ({ method: 'GET', url: `${p}/evaluations/${NONE}/attachments/${NONE}` }), edit: false },
];

function cases(specs: RouteSpec[], routePrefix: string, own: { prefix: string; name: string }, other: { prefix: string; name: string }, roles: { read: Persona[]; edit: Persona[] }): FollowUpCase[] {
  return specs.flatMap((s) => [
    { route: s.route.replace('{scope}', routePrefix), title: `${s.route.replace('{scope}', '')} (${own.name})`, request: () => s.request(own.prefix), allowed: s.edit ? roles.edit : roles.read },
    { route: s.route.replace('{scope}', routePrefix), title: `${s.route.replace('{scope}', '')} (${other.name})`, request: () => s.request(other.prefix), allowed: s.edit ? OTHERS_EDIT : OTHERS_READ },
  ]);
}

const syd = { prefix: '/api/clusters/hovedstaden-syd', name: 'Klynge Syd, Hovedstaden' };
const nord = { prefix: '/api/clusters/nordjylland-nord', name: 'Klynge Nord, Nordjylland' };
const hovedstaden = { prefix: '/api/regions/1084', name: 'SSU Hovedstaden' };
const nordjylland = { prefix: '/api/regions/1081', name: 'SSU Nordjylland' };

/** Issue 15: history entered afterwards is the administrators' alone, in every region. */
const historyCase = (r: { prefix: string; name: string }): FollowUpCase => ({
  route: 'POST /api/regions/:regionCode/evaluations/:evaluationId/history',
  title: `history entered afterwards (${r.name})`,
  request: () => ({ method: 'POST', url: `${r.prefix}/evaluations/${NONE}/history`, payload: { version: 1, command: { type: 'record-discussion', meetingId: NONE } } }),
  allowed: ['system-admin'],
});

/** Issue 15: the decided secretariat co-financing of a cluster-year. */
const coFinancingCases = (c: { prefix: string; name: string }, own: boolean): FollowUpCase[] => {
  const url = `${c.prefix}/years/2022/secretariat-cofinancing/decision`;
  return [
    { route: 'GET /api/clusters/:clusterId/years/:year/secretariat-cofinancing/decision', title: `decided co-financing (${c.name})`, request: () => ({ method: 'GET', url }), allowed: own ? CLUSTER_READERS : OTHERS_READ },
    {
      route: 'PUT /api/clusters/:clusterId/years/:year/secretariat-cofinancing/decision',
      title: `deciding the co-financing (${c.name})`,
      request: () => ({ method: 'PUT', url, payload: { version: 999, costOre: 100, decisionReference: 'Rollematrix', decidedOn: '2022-09-01' } }),
      allowed: own ? CLUSTER_EDITORS : OTHERS_EDIT,
    },
    { route: 'GET /api/clusters/:clusterId/years/:year/secretariat-cofinancing/decision/export', title: `co-financing download (${c.name})`, request: () => ({ method: 'GET', url: `${url}/export?format=csv` }), allowed: own ? CLUSTER_READERS : OTHERS_READ },
  ];
};

export const FOLLOW_UP_SCOPED_CASES: FollowUpCase[] = [
  ...coFinancingCases(syd, true),
  ...coFinancingCases(nord, false),
  historyCase(hovedstaden),
  historyCase(nordjylland),
  ...cases([...BOTH, ...CLUSTER_ONLY], '/api/clusters/:clusterId', syd, nord, { read: CLUSTER_READERS, edit: CLUSTER_EDITORS }),
  ...cases([...BOTH, ...REGION_ONLY], '/api/regions/:regionCode', hovedstaden, nordjylland, { read: REGION_READERS, edit: REGION_EDITORS }),
  {
    route: 'GET /api/follow-up/initiatives/:initiativeId',
    title: 'follow-up of a Klynge Syd initiative',
    request: () => ({ method: 'GET', url: `/api/follow-up/initiatives/${ids.sydInitiative}` }),
    allowed: CLUSTER_READERS,
  },
  {
    route: 'GET /api/follow-up/initiatives/:initiativeId',
    title: 'follow-up of a Klynge Nord (Nordjylland) initiative',
    request: () => ({ method: 'GET', url: `/api/follow-up/initiatives/${ids.nordInitiative}` }),
    allowed: OTHERS_READ,
  },
];
