import type { Kysely } from 'kysely';
import { latestAllocationRun } from '../allocation/index.ts';
import { fundsView } from '../../core/economy/funds.ts';
import { STATUS_LABEL, TARGET_GROUP_LABEL, type InitiativeStatus, type TargetGroup } from '../../core/economy/initiative.ts';
import { DomainError } from '../../core/errors.ts';
import * as Q from '../../core/rational.ts';
import { loadEconomy, settledByParty, type LoadedEconomy } from '../economy/index.ts';
import { listEvaluations } from '../follow-up/index.ts';
import { listMeetings } from '../governance/index.ts';
import type { RoleAssignment } from '../../infra/auth/policy.ts';
import type { Schema } from '../../infra/db/schema.ts';
import { now, todayInDenmark } from '../../infra/clock.ts';

/**
 * Overviews (overblik, issue 12): read-only summaries computed from the economy and follow-up
 * services — never their own money logic. Every amount is integer øre; shares and kr. per
 * inhabitant are exact fractions rounded once, here, to the two decimals the screen shows.
 */

/** One party's year: allocated → approved → spent → settled → carried forward (øre). */
export interface PartyYear {
  party: string;
  name: string;
  kind: 'municipality' | 'region';
  /** Fælles midler from the year's allocation (tildelt). */
  allocatedOre: number;
  /** Extra local funds and funds carried in from last year. */
  extraOre: number;
  /** Allocated + extra (disponibelt). */
  availableOre: number;
  /** Disposed of by approved initiatives (godkendt/disponeret). */
  approvedOre: number;
  spentOre: number;
  /** Net of the settlement runs in force (afregnet). */
  settledOre: number;
  /** Only once the year is closed (videreført); null while open. */
  carriedForwardOre: number | null;
  /** Only once the year is closed (bortfaldet); null while open. */
  lapsedOre: number | null;
}

export interface CountBy {
  key: string;
  label: string;
  count: number;
}

export interface ClusterYearOverview {
  clusterId: string;
  cluster: string;
  regionCode: string;
  regionName: string;
  year: number;
  years: number[];
  allocated: boolean;
  closed: boolean;
  parties: PartyYear[];
  total: Omit<PartyYear, 'party' | 'name' | 'kind'>;
  initiativesByStatus: CountBy[];
  initiativesByTargetGroup: CountBy[];
}

const STATUSES = Object.keys(STATUS_LABEL) as InitiativeStatus[];
const TARGET_GROUPS = Object.keys(TARGET_GROUP_LABEL) as TargetGroup[];

function countBy<K extends string>(keys: readonly K[], labels: Record<K, string>, values: readonly K[]): CountBy[] {
  return keys.map((key) => ({ key, label: labels[key], count: values.filter((v) => v === key).length }));
}

async function regionName(db: Kysely<Schema>, code: string): Promise<string> {
  return (await db.selectFrom('regions').select('name').where('code', '=', code).executeTakeFirst())?.name ?? code;
}

/** The cluster-year per party, from the economy's own funds view, settlement runs and closing. */
function partyYears(loaded: LoadedEconomy, year: number, settled: Map<string, number>): PartyYear[] {
  const { economy } = loaded;
  const funds = fundsView(economy, year);
  const state = loaded.states.find((s) => s.year === year);
  const closing = state?.status === 'closed' ? state.closing : null;
  return funds.parties.map((row) => {
    const party = economy.parties.find((p) => p.id === row.party);
    const closed = closing?.rows.find((r) => r.party === row.party);
    return {
      party: row.party,
      name: party?.name ?? row.party,
      kind: party?.kind === 'region' ? 'region' : 'municipality',
      allocatedOre: row.contribution,
      extraOre: row.extraLocal + row.carriedIn,
      availableOre: row.available,
      approvedOre: row.committed,
      spentOre: row.spent,
      settledOre: settled.get(row.party) ?? 0,
      carriedForwardOre: closing ? (closed?.carriedForward ?? 0) : null,
      lapsedOre: closing ? (closed?.lapsed ?? 0) : null,
    };
  });
}

function totalOf(rows: readonly PartyYear[], closed: boolean): ClusterYearOverview['total'] {
  const sum = (k: 'allocatedOre' | 'extraOre' | 'availableOre' | 'approvedOre' | 'spentOre' | 'settledOre'): number => rows.reduce((s, r) => s + r[k], 0);
  return {
    allocatedOre: sum('allocatedOre'),
    extraOre: sum('extraOre'),
    availableOre: sum('availableOre'),
    approvedOre: sum('approvedOre'),
    spentOre: sum('spentOre'),
    settledOre: sum('settledOre'),
    carriedForwardOre: closed ? rows.reduce((s, r) => s + (r.carriedForwardOre ?? 0), 0) : null,
    lapsedOre: closed ? rows.reduce((s, r) => s + (r.lapsedOre ?? 0), 0) : null,
  };
}

/** A cluster's year at a glance: funds per party through the year and its initiatives counted. */
export async function clusterYearOverview(db: Kysely<Schema>, clusterId: string, year: number): Promise<ClusterYearOverview> {
  const loaded = await loadEconomy(db, clusterId);
  const years = loaded.economy.years.map((y) => y.year);
  if (!years.includes(year)) throw new DomainError('economy.no-year', `${loaded.economy.clusterName} har ingen midler registreret for ${String(year)}.`, { year });
  const state = loaded.states.find((s) => s.year === year);
  const closed = state?.status === 'closed';
  const parties = partyYears(loaded, year, await settledByParty(db, clusterId, year));
  const active = loaded.economy.initiatives.filter((i) => i.startPeriod <= `${String(year)}-12` && i.endPeriod >= `${String(year)}-01`);
  return {
    clusterId,
    cluster: loaded.economy.clusterName,
    regionCode: loaded.regionCode,
    regionName: await regionName(db, loaded.regionCode),
    year,
    years,
    allocated: loaded.allocatedYears.includes(year),
    closed,
    parties,
    total: totalOf(parties, closed),
    initiativesByStatus: countBy(STATUSES, STATUS_LABEL, active.map((i) => i.status)),
    initiativesByTargetGroup: countBy(TARGET_GROUPS, TARGET_GROUP_LABEL, active.map((i) => i.targetGroup)),
  };
}

/** One cluster in a comparison of clusters (a region's or the whole country's). */
export interface ClusterComparison {
  clusterId: string;
  cluster: string;
  regionCode: string;
  regionName: string;
  /** The allocation run's population for the cluster, or null without a run. */
  population: number | null;
  allocatedOre: number;
  availableOre: number;
  approvedOre: number;
  spentOre: number;
  /** Allocated kr. per inhabitant, rounded half up to two decimals (dot decimal), or null. */
  perInhabitantKr: string | null;
  /** spent / available as a percentage with one decimal (dot decimal), or null when nothing is available. */
  spentPercent: string | null;
  initiativesByStatus: CountBy[];
  initiativesByTargetGroup: CountBy[];
}

export interface ComparisonOverview {
  scope: { kind: 'region'; regionCode: string; regionName: string } | { kind: 'national' };
  year: number;
  /** Register years that can be chosen. */
  years: number[];
  clusters: ClusterComparison[];
  total: Omit<ClusterComparison, 'clusterId' | 'cluster' | 'regionCode' | 'regionName'>;
}

const decimalText = (r: Q.Rational, digits: number): string => Q.toDecimalString(r, digits).replace(',', '.');

function perInhabitant(allocatedOre: number, population: number | null): string | null {
  if (population === null || population <= 0) return null;
  return decimalText(Q.div(Q.fromInteger(allocatedOre), Q.fromInteger(population * 100)), 2);
}

function spentPercent(spentOre: number, availableOre: number): string | null {
  if (availableOre <= 0) return null;
  return decimalText(Q.div(Q.fromInteger(spentOre * 100), Q.fromInteger(availableOre)), 1);
}

/** Each cluster's population as its year's allocation run counted it. */
async function runPopulations(db: Kysely<Schema>, year: number): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const run = await latestAllocationRun(db, year).catch(() => null);
  const result = run?.result as { regions?: { clusters?: { clusterId?: string; population?: number | string }[] }[] } | null | undefined;
  for (const region of result?.regions ?? []) {
    for (const c of region.clusters ?? []) {
      const population = typeof c.population === 'number' ? c.population : Number(c.population);
      if (typeof c.clusterId === 'string' && Number.isFinite(population)) out.set(c.clusterId, population);
    }
  }
  return out;
}

/** Clusters of a region (or all) compared for a year: kr. per inhabitant, share spent, initiatives. */
export async function comparisonOverview(db: Kysely<Schema>, scope: { kind: 'region'; regionCode: string } | { kind: 'national' }, year: number): Promise<ComparisonOverview> {
  let q = db.selectFrom('clusters').innerJoin('regions', 'regions.code', 'clusters.region_code').select(['clusters.id', 'clusters.name', 'clusters.region_code', 'regions.name as region_name']);
  if (scope.kind === 'region') q = q.where('clusters.region_code', '=', scope.regionCode);
  const clusters = await q.orderBy('clusters.region_code').orderBy('clusters.position').execute();
  const populations = await runPopulations(db, year);
  const years = (await db.selectFrom('memberships').select('year').distinct().orderBy('year').execute()).map((r) => r.year);
  const rows: ClusterComparison[] = [];
  for (const c of clusters) {
    const loaded = await loadEconomy(db, c.id);
    const hasYear = loaded.economy.years.some((y) => y.year === year);
    const funds = hasYear ? fundsView(loaded.economy, year).cluster : null;
    const active = loaded.economy.initiatives.filter((i) => i.startPeriod <= `${String(year)}-12` && i.endPeriod >= `${String(year)}-01`);
    const population = populations.get(c.id) ?? null;
    const allocatedOre = funds?.contribution ?? 0;
    const availableOre = funds?.available ?? 0;
    const spentOre = funds?.spent ?? 0;
    rows.push({
      clusterId: c.id,
      cluster: c.name,
      regionCode: c.region_code,
      regionName: c.region_name,
      population,
      allocatedOre,
      availableOre,
      approvedOre: funds?.committed ?? 0,
      spentOre,
      perInhabitantKr: perInhabitant(allocatedOre, population),
      spentPercent: spentPercent(spentOre, availableOre),
      initiativesByStatus: countBy(STATUSES, STATUS_LABEL, active.map((i) => i.status)),
      initiativesByTargetGroup: countBy(TARGET_GROUPS, TARGET_GROUP_LABEL, active.map((i) => i.targetGroup)),
    });
  }
  const sum = (k: 'allocatedOre' | 'availableOre' | 'approvedOre' | 'spentOre'): number => rows.reduce((s, r) => s + r[k], 0);
  const population = rows.every((r) => r.population !== null) && rows.length > 0 ? rows.reduce((s, r) => s + (r.population ?? 0), 0) : null;
  const sumCounts = (pick: (r: ClusterComparison) => CountBy[]): CountBy[] =>
    (rows[0] ? pick(rows[0]) : []).map((c, i) => ({ ...c, count: rows.reduce((s, r) => s + (pick(r)[i]?.count ?? 0), 0) }));
  return {
    scope: scope.kind === 'region' ? { kind: 'region', regionCode: scope.regionCode, regionName: await regionName(db, scope.regionCode) } : { kind: 'national' },
    year,
    years,
    clusters: rows,
    total: {
      population,
      allocatedOre: sum('allocatedOre'),
      availableOre: sum('availableOre'),
      approvedOre: sum('approvedOre'),
      spentOre: sum('spentOre'),
      perInhabitantKr: perInhabitant(sum('allocatedOre'), population),
      spentPercent: spentPercent(sum('spentOre'), sum('availableOre')),
      initiativesByStatus: sumCounts((r) => r.initiativesByStatus),
      initiativesByTargetGroup: sumCounts((r) => r.initiativesByTargetGroup),
    },
  };
}

/** Something that waits for the user (a task on the start page). */
export interface Task {
  kind: 'approve-initiative' | 'evaluation-to-ssu' | 'approve-minutes' | 'close-year';
  clusterId: string | null;
  regionCode: string | null;
  /** The thing's own name: the initiative's or evaluated initiative's title, the meeting's title, the year. */
  text: string;
  /** The initiative's number (an initiative to approve); the screen writes "Nr. 2" or "No. 2" in its language. */
  number: number | null;
  /** The meeting's date (minutes to approve), yyyy-mm-dd; the screen formats it. */
  date: string | null;
  /** The record it is about (initiative, evaluation, meeting id, or the year). A region's task (its SSU's) has a regionCode. */
  ref: string;
}

export interface StartOverview {
  year: number;
  clusters: { clusterId: string; cluster: string; regionCode: string; regionName: string; nextMeeting: { id: string; date: string; title: string } | null }[];
  regions: { regionCode: string; regionName: string }[];
  national: boolean;
  tasks: Task[];
}

/** The default year of the overviews: the latest register year with an allocation run, else the latest year. */
export async function defaultYear(db: Kysely<Schema>): Promise<number> {
  const run = await db.selectFrom('allocation_runs').select((eb) => eb.fn.max('year').as('year')).executeTakeFirst();
  if (run?.year !== null && run?.year !== undefined) return run.year;
  const latest = await db.selectFrom('memberships').select((eb) => eb.fn.max('year').as('year')).executeTakeFirst();
  return latest?.year ?? now().getUTCFullYear();
}

/** The clusters, regions and country a user's roles reach (for the start page, never for access). */
async function scopeOf(db: Kysely<Schema>, roles: readonly RoleAssignment[], year: number): Promise<{ clusterIds: string[]; regionCodes: string[]; national: boolean }> {
  const clusterIds = new Set<string>();
  const regionCodes = new Set<string>();
  let national = false;
  for (const r of roles) {
    if (r.role === 'system-admin' || r.role === 'national-reader') national = true;
    else if (r.role === 'cluster-secretariat' && r.scope.id !== null) clusterIds.add(r.scope.id);
    else if (r.scope.kind === 'municipality' && r.scope.id !== null) {
      const rows = await db.selectFrom('memberships').select('cluster_id').distinct().where('municipality_code', '=', r.scope.id).where('year', '=', year).execute();
      for (const m of rows) clusterIds.add(m.cluster_id);
    } else if (r.scope.kind === 'region' && r.scope.id !== null) regionCodes.add(r.scope.id);
  }
  return { clusterIds: [...clusterIds], regionCodes: [...regionCodes], national };
}

/**
 * The signed-in user's start: their clusters (a secretariat's own, a municipality's clusters),
 * regions or the country, and what waits for them — initiatives to approve, evaluations with the
 * SSU, minutes to approve, a year to close.
 */
export async function startOverview(db: Kysely<Schema>, roles: readonly RoleAssignment[], now: Date, requestedYear?: number): Promise<StartOverview> {
  const year = requestedYear ?? (await defaultYear(db));
  const scope = await scopeOf(db, roles, year);
  // The calendar day in Denmark: between midnight and 01:00/02:00 Danish time the UTC date is still yesterday's.
  const today = todayInDenmark(now);
  const tasks: Task[] = [];
  const clusterRows = scope.clusterIds.length === 0 ? [] : await db.selectFrom('clusters').innerJoin('regions', 'regions.code', 'clusters.region_code').select(['clusters.id', 'clusters.name', 'clusters.region_code', 'regions.name as region_name']).where('clusters.id', 'in', scope.clusterIds).orderBy('clusters.region_code').orderBy('clusters.position').execute();
  const clusters: StartOverview['clusters'] = [];
  for (const c of clusterRows) {
    const loaded = await loadEconomy(db, c.id);
    for (const s of loaded.stored) {
      if (s.initiative.status === 'proposed') tasks.push({ kind: 'approve-initiative', clusterId: c.id, regionCode: null, text: s.initiative.title, number: s.initiative.number ?? null, date: null, ref: s.id });
    }
    for (const e of await listEvaluations(db, { kind: 'cluster', clusterId: c.id })) {
      if (e.status === 'submitted' || e.status === 'discussed') tasks.push({ kind: 'evaluation-to-ssu', clusterId: c.id, regionCode: null, text: e.initiativeTitle, number: null, date: null, ref: e.id });
    }
    const meetings = await listMeetings(db, { kind: 'cluster', clusterId: c.id });
    for (const m of meetings) if (m.minutesStatus === 'draft') tasks.push({ kind: 'approve-minutes', clusterId: c.id, regionCode: null, text: m.title, number: null, date: m.date, ref: m.id });
    // A year is due for closing once it is over, while it is still open and has its funds.
    for (const st of loaded.states) {
      if (st.status === 'open' && st.year < Number(today.slice(0, 4)) && loaded.allocatedYears.includes(st.year)) tasks.push({ kind: 'close-year', clusterId: c.id, regionCode: null, text: String(st.year), number: null, date: null, ref: String(st.year) });
    }
    const next = meetings.find((m) => !m.cancelled && m.date >= today);
    clusters.push({ clusterId: c.id, cluster: c.name, regionCode: c.region_code, regionName: c.region_name, nextMeeting: next ? { id: next.id, date: next.date, title: next.title } : null });
  }
  const regions: StartOverview['regions'] = [];
  for (const code of scope.regionCodes) {
    regions.push({ regionCode: code, regionName: await regionName(db, code) });
    for (const e of await listEvaluations(db, { kind: 'ssu', regionCode: code })) {
      if (e.status === 'submitted' || e.status === 'discussed') tasks.push({ kind: 'evaluation-to-ssu', clusterId: e.clusterId, regionCode: code, text: `${e.initiativeTitle} (${e.clusterName})`, number: null, date: null, ref: e.id });
    }
  }
  return { year, clusters, regions, national: scope.national, tasks };
}
