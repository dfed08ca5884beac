import type { Kysely } from 'kysely';
import { checkCadence, checkLevelFrequency, type CadenceResult } from '../../core/governance/cadence.ts';
import {
  checkClusterComposition,
  checkSsuComposition,
  type ClusterGovernance,
  type CompositionWarning,
  type Member,
  type MemberRole,
  type ParticipatingMunicipality,
  type SsuComposition,
} from '../../core/governance/composition.ts';
import { ConflictError, DomainError, NotFoundError } from '../../core/errors.ts';
import { recordChange, type Actor } from '../../infra/audit/audit.ts';
import { toJson, type JsonValue, type Schema } from '../../infra/db/schema.ts';
import { inTransaction } from '../../infra/db/unit-of-work.ts';
import { newId, now, todayInDenmark } from '../../infra/clock.ts';
import { listMeetingsOf } from './meetings.ts';
import { storedMembers } from './stored.ts';
import { jsonValue } from '../../infra/db/stored-json.ts';

/**
 * The governance register (organisering) as stored: a cluster's two levels per year and the SSU
 * per region and year. Composition is checked by the domain (src/core/governance/composition.ts)
 * on every read; deviations are warnings, never refusals, because clusters may agree local
 * variations (seed 001 §3).
 */

/** A member as the client sends it; a member without id is new and gets one. */
export interface MemberInput {
  readonly id?: string | undefined;
  readonly name: string;
  readonly organisation: string;
  readonly role: MemberRole;
}

export interface ClusterGovernanceInput {
  /** The stored version (0 when the year has no register yet). */
  readonly version: number;
  readonly politicalLevel: readonly MemberInput[];
  readonly professionalLevel: readonly MemberInput[];
  /** Indexes into politicalLevel would break on reordering, so co-chairs name member ids. */
  readonly regionChairMemberId: string | null;
  readonly mayorMemberId: string | null;
  readonly secretariatMunicipalityId: string | null;
}

export interface ClusterGovernanceView {
  readonly clusterId: string;
  readonly clusterName: string;
  readonly regionCode: string;
  readonly regionName: string;
  readonly year: number;
  readonly municipalities: readonly ParticipatingMunicipality[];
  readonly politicalLevel: readonly Member[];
  readonly professionalLevel: readonly Member[];
  readonly regionChairMemberId: string | null;
  readonly mayorMemberId: string | null;
  readonly secretariatMunicipalityId: string | null;
  readonly warnings: readonly CompositionWarning[];
  /** 0 = nothing saved for the year yet. */
  readonly version: number;
  readonly updatedAt: string | null;
  readonly updatedBy: string | null;
  /** Cadence as guidance (seed 001 §16); `levelFrequency` notices a professional level that meets less often than the political. */
  readonly cadence: { readonly political: CadenceResult; readonly professional: CadenceResult; readonly levelFrequency: string | null };
}

function checkedMembers(list: readonly MemberInput[], level: string): Member[] {
  const ids = new Set<string>();
  return list.map((m) => {
    const name = m.name.trim();
    if (name === '') throw new DomainError('governance.member-name', `Et medlem af ${level} mangler et navn.`);
    const id = m.id ?? newId();
    if (ids.has(id)) throw new DomainError('governance.member-duplicate', `${name} står to gange på ${level}.`);
    ids.add(id);
    return { id, name, organisation: m.organisation.trim(), role: m.role };
  });
}

async function clusterBasics(db: Kysely<Schema>, clusterId: string, year: number): Promise<{ name: string; regionCode: string; regionName: string; municipalities: ParticipatingMunicipality[] }> {
  const cluster = await db
    .selectFrom('clusters')
    .innerJoin('regions', 'regions.code', 'clusters.region_code')
    .select(['clusters.name', 'clusters.region_code', 'regions.name as region_name'])
    .where('clusters.id', '=', clusterId)
    .executeTakeFirst();
  if (!cluster) throw new NotFoundError('cluster.not-found', `Klyngen "${clusterId}" findes ikke.`);
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('municipalities', 'municipalities.code', 'memberships.municipality_code')
    .select(['memberships.municipality_code', 'municipalities.name', 'memberships.political'])
    .where('memberships.cluster_id', '=', clusterId)
    .where('memberships.year', '=', year)
    .orderBy('municipalities.name')
    .execute();
  return {
    name: cluster.name,
    regionCode: cluster.region_code,
    regionName: cluster.region_name,
    municipalities: rows.map((r) => ({ id: r.municipality_code, name: r.name, political: r.political })),
  };
}

/** The domain's value for a stored (or empty) cluster-year. */
async function governanceOf(db: Kysely<Schema>, clusterId: string, year: number): Promise<{ governance: ClusterGovernance; row: { version: number; updatedAt: string; updatedBy: string } | null; basics: Awaited<ReturnType<typeof clusterBasics>> }> {
  const basics = await clusterBasics(db, clusterId, year);
  const row = await db.selectFrom('cluster_governance').selectAll().where('cluster_id', '=', clusterId).where('year', '=', year).executeTakeFirst();
  const governance: ClusterGovernance = {
    clusterId,
    clusterName: basics.name,
    year,
    municipalities: basics.municipalities,
    politicalLevel: row ? storedMembers(row.political_level, { table: 'cluster_governance', column: 'political_level', id: `${clusterId}/${String(year)}` }) : [],
    professionalLevel: row ? storedMembers(row.professional_level, { table: 'cluster_governance', column: 'professional_level', id: `${clusterId}/${String(year)}` }) : [],
    coChairs: {
      ...(row?.region_chair_member_id ? { regionChairMemberId: row.region_chair_member_id } : {}),
      ...(row?.mayor_member_id ? { mayorMemberId: row.mayor_member_id } : {}),
    },
    ...(row?.secretariat_municipality_code ? { secretariatMunicipalityId: row.secretariat_municipality_code } : {}),
  };
  return { governance, basics, row: row ? { version: row.version, updatedAt: row.updated_at.toISOString(), updatedBy: row.updated_by } : null };
}

/** A cluster's governance register for a year, with composition warnings and meeting cadence. */
export async function getClusterGovernance(db: Kysely<Schema>, clusterId: string, year: number): Promise<ClusterGovernanceView> {
  const { governance: g, basics, row } = await governanceOf(db, clusterId, year);
  const meetings = await listMeetingsOf(db, { kind: 'cluster', clusterId });
  const today = todayInDenmark();
  return {
    clusterId,
    clusterName: basics.name,
    regionCode: basics.regionCode,
    regionName: basics.regionName,
    year,
    municipalities: basics.municipalities,
    politicalLevel: g.politicalLevel,
    professionalLevel: g.professionalLevel,
    regionChairMemberId: g.coChairs.regionChairMemberId ?? null,
    mayorMemberId: g.coChairs.mayorMemberId ?? null,
    secretariatMunicipalityId: g.secretariatMunicipalityId ?? null,
    warnings: checkClusterComposition(g),
    version: row?.version ?? 0,
    updatedAt: row?.updatedAt ?? null,
    updatedBy: row?.updatedBy ?? null,
    cadence: ((): ClusterGovernanceView['cadence'] => {
      const political = checkCadence(meetings, { kind: 'cluster-political', clusterId }, year, today);
      const professional = checkCadence(meetings, { kind: 'cluster-professional', clusterId }, year, today);
      return { political, professional, levelFrequency: checkLevelFrequency(political, professional) };
    })(),
  };
}

function staleError(what: string, by: string, current: number, had: number): DomainError {
  return new ConflictError(
    'conflict.stale',
    `${what} er ændret af ${by} siden du hentede det (version ${String(current)}, du havde ${String(had)}). Hent det igen, og gentag din ændring.`,
    { currentVersion: current },
  );
}

function requireMember(list: readonly Member[], id: string | null, what: string): void {
  if (id !== null && !list.some((m) => m.id === id)) throw new DomainError('governance.unknown-member', `${what} skal være et medlem af det politiske niveau.`);
}

/** Saves a cluster-year's register as a whole (optimistic version; audited in the same transaction). */
export async function saveClusterGovernance(db: Kysely<Schema>, actor: Actor, clusterId: string, year: number, input: ClusterGovernanceInput): Promise<ClusterGovernanceView> {
  const politicalLevel = checkedMembers(input.politicalLevel, 'det politiske niveau');
  const professionalLevel = checkedMembers(input.professionalLevel, 'det faglige/strategiske niveau');
  requireMember(politicalLevel, input.regionChairMemberId, 'Den regionale medformand');
  requireMember(politicalLevel, input.mayorMemberId, 'Den kommunale medformand');
  await inTransaction(db, async (trx) => {
    const basics = await clusterBasics(trx, clusterId, year);
    if (basics.municipalities.length === 0) throw new DomainError('governance.no-register', `Klyngen har ingen kommuner i registret for ${String(year)}.`);
    if (input.secretariatMunicipalityId !== null && !basics.municipalities.some((m) => m.id === input.secretariatMunicipalityId)) {
      throw new DomainError('governance.secretariat-not-member', 'Sekretariatskommunen skal være en af klyngens kommuner.');
    }
    const current = await trx.selectFrom('cluster_governance').selectAll().where('cluster_id', '=', clusterId).where('year', '=', year).forUpdate().executeTakeFirst();
    const had = current?.version ?? 0;
    if (had !== input.version) throw staleError('Klyngens organisering', current?.updated_by ?? 'en anden', had, input.version);
    const values = {
      political_level: toJson(politicalLevel),
      professional_level: toJson(professionalLevel),
      region_chair_member_id: input.regionChairMemberId,
      mayor_member_id: input.mayorMemberId,
      secretariat_municipality_code: input.secretariatMunicipalityId,
      updated_at: now(),
      updated_by: actor.name,
    };
    if (current) {
      await trx.updateTable('cluster_governance').set({ ...values, version: had + 1 }).where('cluster_id', '=', clusterId).where('year', '=', year).execute();
    } else {
      await trx.insertInto('cluster_governance').values({ cluster_id: clusterId, year, ...values }).execute();
    }
    const audited = (p: JsonValue, f: JsonValue, rc: string | null, mc: string | null, sec: string | null): JsonValue => ({ politicalLevel: p, professionalLevel: f, regionChairMemberId: rc, mayorMemberId: mc, secretariatMunicipalityId: sec });
    await recordChange(trx, actor, {
      action: 'governance.save',
      entity: 'cluster_governance',
      entityId: `${clusterId}/${String(year)}`,
      before: current ? audited(current.political_level, current.professional_level, current.region_chair_member_id, current.mayor_member_id, current.secretariat_municipality_code) : null,
      after: audited(jsonValue(politicalLevel), jsonValue(professionalLevel), input.regionChairMemberId, input.mayorMemberId, input.secretariatMunicipalityId),
    });
  });
  return getClusterGovernance(db, clusterId, year);
}

export interface SsuInput {
  readonly version: number;
  readonly members: readonly MemberInput[];
  readonly chairMemberId: string | null;
  readonly viceChairMemberId: string | null;
}

export interface SsuView {
  readonly regionCode: string;
  readonly regionName: string;
  readonly year: number;
  readonly members: readonly Member[];
  readonly chairMemberId: string | null;
  readonly viceChairMemberId: string | null;
  readonly warnings: readonly CompositionWarning[];
  readonly version: number;
  readonly updatedAt: string | null;
  readonly updatedBy: string | null;
  readonly cadence: CadenceResult;
  /** The region's clusters (for links and for naming co-chairs). */
  readonly clusters: readonly { readonly id: string; readonly name: string }[];
  /** The region's municipalities (for a mayor member's municipality). */
  readonly municipalities: readonly { readonly id: string; readonly name: string }[];
}

export async function getSsu(db: Kysely<Schema>, regionCode: string, year: number): Promise<SsuView> {
  const region = await db.selectFrom('regions').selectAll().where('code', '=', regionCode).executeTakeFirst();
  if (!region) throw new NotFoundError('region.not-found', `Regionen "${regionCode}" findes ikke.`);
  const row = await db.selectFrom('ssu_composition').selectAll().where('region_code', '=', regionCode).where('year', '=', year).executeTakeFirst();
  const clusterRows = await db.selectFrom('clusters').select(['id', 'name']).where('region_code', '=', regionCode).orderBy('position').execute();
  // The co-chair mayors of the region's clusters come from the clusters' own registers.
  const clusters: ClusterGovernance[] = [];
  for (const c of clusterRows) clusters.push((await governanceOf(db, c.id, year)).governance);
  const ssu: SsuComposition = {
    regionId: regionCode,
    regionName: region.name,
    year,
    members: row ? storedMembers(row.members, { table: 'ssu_composition', column: 'members', id: `${regionCode}/${String(year)}` }) : [],
    ...(row?.chair_member_id ? { chairMemberId: row.chair_member_id } : {}),
    ...(row?.vice_chair_member_id ? { viceChairMemberId: row.vice_chair_member_id } : {}),
  };
  const meetings = await listMeetingsOf(db, { kind: 'ssu', regionCode });
  return {
    regionCode,
    regionName: region.name,
    year,
    members: ssu.members,
    chairMemberId: ssu.chairMemberId ?? null,
    viceChairMemberId: ssu.viceChairMemberId ?? null,
    warnings: checkSsuComposition(ssu, clusters),
    version: row?.version ?? 0,
    updatedAt: row ? row.updated_at.toISOString() : null,
    updatedBy: row?.updated_by ?? null,
    cadence: checkCadence(meetings, { kind: 'ssu', regionId: regionCode }, year, todayInDenmark()),
    clusters: clusterRows,
    municipalities: (await db.selectFrom('municipalities').select(['code', 'name']).where('region_code', '=', regionCode).orderBy('name').execute()).map((m) => ({ id: m.code, name: m.name })),
  };
}

export async function saveSsu(db: Kysely<Schema>, actor: Actor, regionCode: string, year: number, input: SsuInput): Promise<SsuView> {
  const list = checkedMembers(input.members, 'sundhedssamarbejdsudvalget');
  const known = (id: string | null, what: string): void => {
    if (id !== null && !list.some((m) => m.id === id)) throw new DomainError('governance.unknown-member', `${what} skal være medlem af sundhedssamarbejdsudvalget.`);
  };
  known(input.chairMemberId, 'Formanden');
  known(input.viceChairMemberId, 'Næstformanden');
  await inTransaction(db, async (trx) => {
    const region = await trx.selectFrom('regions').select('code').where('code', '=', regionCode).executeTakeFirst();
    if (!region) throw new NotFoundError('region.not-found', `Regionen "${regionCode}" findes ikke.`);
    const current = await trx.selectFrom('ssu_composition').selectAll().where('region_code', '=', regionCode).where('year', '=', year).forUpdate().executeTakeFirst();
    const had = current?.version ?? 0;
    if (had !== input.version) throw staleError('Sundhedssamarbejdsudvalgets sammensætning', current?.updated_by ?? 'en anden', had, input.version);
    const values = { members: toJson(list), chair_member_id: input.chairMemberId, vice_chair_member_id: input.viceChairMemberId, updated_at: now(), updated_by: actor.name };
    if (current) await trx.updateTable('ssu_composition').set({ ...values, version: had + 1 }).where('region_code', '=', regionCode).where('year', '=', year).execute();
    else await trx.insertInto('ssu_composition').values({ region_code: regionCode, year, ...values }).execute();
    await recordChange(trx, actor, {
      action: 'ssu.save',
      entity: 'ssu_composition',
      entityId: `${regionCode}/${String(year)}`,
      before: current ? { members: current.members, chairMemberId: current.chair_member_id, viceChairMemberId: current.vice_chair_member_id } : null,
      after: { members: jsonValue(list), chairMemberId: input.chairMemberId, viceChairMemberId: input.viceChairMemberId },
    });
  });
  return getSsu(db, regionCode, year);
}
