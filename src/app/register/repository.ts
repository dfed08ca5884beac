import type { Kysely } from 'kysely';
import { ConflictError, DomainError, NotFoundError } from '../../core/errors.ts';
import * as Q from '../../core/rational.ts';
import { MARK_FLAGS, markContradictions, validateRegister, type DistributionBasis, type Membership, type Register, type TabelMark } from '../../core/register.ts';
import { recordChange, type Actor } from '../../infra/audit/audit.ts';
import { toJson, type MembershipRow, type Schema, type StoredBasis } from '../../infra/db/schema.ts';
import { inTransaction } from '../../infra/db/unit-of-work.ts';
import { cachedByDataVersion } from '../../infra/db/data-version.ts';
import { now } from '../../infra/clock.ts';

/** Basis as stored in jsonb: weights as "num/den" text, never a float. */
export function storedBasis(b: DistributionBasis): StoredBasis {
  switch (b.kind) {
    case 'full':
    case 'remainder':
    case 'none':
      return { kind: b.kind };
    case 'partial':
      return { kind: 'partial', population: b.population, label: b.label };
    case 'weight':
      return { kind: 'weight', weight: Q.toFractionString(b.weight) };
  }
}

export function basisFromStored(b: StoredBasis): DistributionBasis {
  switch (b.kind) {
    case 'full':
    case 'remainder':
    case 'none':
      return { kind: b.kind };
    case 'partial':
      return { kind: 'partial', population: b.population, label: b.label };
    case 'weight': {
      const [num = '', den = '1'] = b.weight.split('/');
      return { kind: 'weight', weight: Q.rational(BigInt(num), BigInt(den)) };
    }
  }
}

function markOf(text: string): TabelMark {
  return text === '*' || text === '**' || text === '***' ? text : '';
}

function membershipOf(row: MembershipRow): Membership {
  return {
    clusterId: row.cluster_id,
    municipalityCode: row.municipality_code,
    political: row.political,
    administrative: row.administrative,
    basis: { 'common-funds': basisFromStored(row.common_funds_basis), secretariat: basisFromStored(row.secretariat_basis) },
    mark: markOf(row.mark),
    note: row.note,
  };
}

/** The years the database holds a register for. */
export async function registerYearsInDb(db: Kysely<Schema>): Promise<number[]> {
  const rows = await db.selectFrom('memberships').select('year').distinct().orderBy('year').execute();
  return rows.map((r) => r.year);
}

/** The register of a year as the database holds it now (the source of every computation). */
export async function registerFromDb(db: Kysely<Schema>, year: number): Promise<Register> {
  const memberships = await db.selectFrom('memberships').selectAll().where('year', '=', year).orderBy('id').execute();
  if (memberships.length === 0) {
    const known = await registerYearsInDb(db);
    throw new NotFoundError('register.not-found', `Der er intet register for ${String(year)}${known.length ? `; kendte år: ${known.join(', ')}` : ''}.`, { year });
  }
  const clusterIds = new Set(memberships.map((m) => m.cluster_id));
  const [regions, municipalities, clusters] = await Promise.all([
    db.selectFrom('regions').selectAll().orderBy('code').execute(),
    db.selectFrom('municipalities').selectAll().orderBy('code').execute(),
    db.selectFrom('clusters').selectAll().orderBy('position').execute(),
  ]);
  // Tabel 1 order: regions in the order of their first cluster.
  const firstCluster = (code: string): number => clusters.find((c) => c.region_code === code)?.position ?? Number.MAX_SAFE_INTEGER;
  const ordered = [...regions].sort((a, b) => firstCluster(a.code) - firstCluster(b.code) || a.code.localeCompare(b.code));
  return {
    year,
    regions: ordered.map((r) => ({ code: r.code, name: r.name })),
    municipalities: municipalities.map((m) => ({ code: m.code, name: m.name, regionCode: m.region_code })),
    clusters: clusters.filter((c) => clusterIds.has(c.id)).map((c) => ({ id: c.id, regionCode: c.region_code, name: c.name })),
    memberships: memberships.map(membershipOf),
    provenance: [`Registret for ${String(year)} i Klynges database`],
  };
}

/** A membership as the API shows it. */
export interface MemberView {
  membershipId: string;
  municipalityCode: string;
  municipalityName: string;
  political: boolean;
  administrative: boolean;
  commonFundsBasis: StoredBasis;
  secretariatBasis: StoredBasis;
  mark: string;
  note: string | null;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

export interface RegisterView {
  year: number;
  regions: { code: string; name: string; clusters: { id: string; name: string; members: MemberView[] }[] }[];
}

/** Regions → clusters (Tabel 1 order) → members, for one year. */
export async function registerView(db: Kysely<Schema>, year: number): Promise<RegisterView> {
  // Kept until the data changes (migration 0013's data version).
  return cachedByDataVersion(db, 'register-view', String(year), () => computeRegisterView(db, year));
}

async function computeRegisterView(db: Kysely<Schema>, year: number): Promise<RegisterView> {
  const register = await registerFromDb(db, year);
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('municipalities', 'municipalities.code', 'memberships.municipality_code')
    .selectAll('memberships')
    .select('municipalities.name as municipality_name')
    .where('year', '=', year)
    .orderBy('memberships.id')
    .execute();
  // Regions in the order their first cluster appears in Tabel 1.
  const regionOrder = [...new Set(register.clusters.map((c) => c.regionCode))];
  return {
    year,
    regions: regionOrder.map((code) => ({
      code,
      name: register.regions.find((r) => r.code === code)?.name ?? code,
      clusters: register.clusters
        .filter((c) => c.regionCode === code)
        .map((c) => ({
          id: c.id,
          name: c.name,
          members: rows
            .filter((r) => r.cluster_id === c.id)
            .map((r) => ({
              membershipId: String(r.id),
              municipalityCode: r.municipality_code,
              municipalityName: r.municipality_name,
              political: r.political,
              administrative: r.administrative,
              commonFundsBasis: r.common_funds_basis,
              secretariatBasis: r.secretariat_basis,
              mark: r.mark,
              note: r.note === '' ? null : r.note,
              version: r.version,
              updatedAt: r.updated_at.toISOString(),
              updatedBy: r.updated_by,
            })),
        })),
    })),
  };
}

/** The cluster and region of a membership, for the authorisation policy. */
export async function membershipScope(db: Kysely<Schema>, id: number): Promise<{ clusterId: string; regionCode: string; municipalityCode: string; year: number } | null> {
  const row = await db
    .selectFrom('memberships')
    .innerJoin('clusters', 'clusters.id', 'memberships.cluster_id')
    .select(['memberships.cluster_id', 'clusters.region_code', 'memberships.municipality_code', 'memberships.year'])
    .where('memberships.id', '=', id)
    .executeTakeFirst();
  return row ? { clusterId: row.cluster_id, regionCode: row.region_code, municipalityCode: row.municipality_code, year: row.year } : null;
}

/**
 * The municipalities that are members of a cluster in a year (for the policy's ClusterFacts):
 * access follows the year, so a municipality that leaves a cluster keeps access to the years it
 * was a member and loses it for later ones. A resource without a year (an initiative, an
 * evaluation) is judged by the cluster's latest registered year — today's members — never by
 * the union of all years.
 */
export async function clusterFacts(db: Kysely<Schema>, clusterId: string, year: number | null): Promise<{ clusterId: string; regionCode: string; municipalityCodes: string[] } | null> {
  // Asked on every cluster request (the policy): kept until the data changes (migration 0013).
  return cachedByDataVersion(db, 'cluster-facts', `${clusterId}:${String(year)}`, () => readClusterFacts(db, clusterId, year));
}

async function readClusterFacts(db: Kysely<Schema>, clusterId: string, year: number | null): Promise<{ clusterId: string; regionCode: string; municipalityCodes: string[] } | null> {
  if (year !== null) {
    // One round trip: the cluster and its members of the year (none: one row with null).
    const rows = await db
      .selectFrom('clusters')
      .leftJoin('memberships', (j) => j.onRef('memberships.cluster_id', '=', 'clusters.id').on('memberships.year', '=', year))
      .select(['clusters.id', 'clusters.region_code', 'memberships.municipality_code'])
      .where('clusters.id', '=', clusterId)
      .execute();
    const first = rows[0];
    if (first === undefined) return null;
    const codes = [...new Set(rows.flatMap((r) => (r.municipality_code === null ? [] : [r.municipality_code])))];
    return { clusterId: first.id, regionCode: first.region_code, municipalityCodes: codes };
  }
  const cluster = await db.selectFrom('clusters').select(['id', 'region_code']).where('id', '=', clusterId).executeTakeFirst();
  if (!cluster) return null;
  // No year: the cluster's latest registered year.
  const latest = await db.selectFrom('memberships').select((eb) => eb.fn.max('year').as('year')).where('cluster_id', '=', clusterId).executeTakeFirst();
  const inYear = latest?.year ?? null;
  const members = inYear === null ? [] : await db.selectFrom('memberships').select('municipality_code').distinct().where('cluster_id', '=', clusterId).where('year', '=', inYear).execute();
  return { clusterId: cluster.id, regionCode: cluster.region_code, municipalityCodes: members.map((m) => m.municipality_code) };
}

export interface MembershipChanges {
  /** The Tabel 2 mark; its flags follow unless the same edit sets them (MARK_FLAGS). */
  mark?: TabelMark;
  political?: boolean;
  administrative?: boolean;
  commonFundsBasis?: DistributionBasis;
  secretariatBasis?: DistributionBasis;
  note?: string;
}

function auditedFields(row: MembershipRow): Record<string, string | boolean | number | StoredBasis> {
  return {
    mark: row.mark,
    political: row.political,
    administrative: row.administrative,
    commonFundsBasis: row.common_funds_basis,
    secretariatBasis: row.secretariat_basis,
    note: row.note,
    version: row.version,
  };
}

/**
 * Changes a membership when `expectedVersion` is the stored version (optimistic locking);
 * otherwise DomainError `conflict.stale` and nothing changes. The register must still be valid
 * afterwards. The change and its audit record are one transaction.
 */
export async function updateMembership(db: Kysely<Schema>, actor: Actor, id: number, expectedVersion: number, changes: MembershipChanges): Promise<MemberView> {
  await inTransaction(db, async (trx) => {
    const current = await trx.selectFrom('memberships').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!current) throw new NotFoundError('membership.not-found', `Medlemskab ${String(id)} findes ikke.`, { id });
    if (current.version !== expectedVersion) {
      throw new ConflictError(
        'conflict.stale',
        `Medlemskabet er ændret af ${current.updated_by} siden du hentede det (version ${String(current.version)}, du havde ${String(expectedVersion)}). Hent det igen, og gentag din ændring.`,
        { currentVersion: current.version },
      );
    }
    // A membership's mark and its flags must agree (seed 000 Tabel 2): a new mark brings its flags
    // unless the edit sets them; an edit whose flags contradict the mark is refused, naming both.
    const mark = changes.mark ?? markOf(current.mark);
    const implied = changes.mark !== undefined && changes.mark !== current.mark ? MARK_FLAGS[changes.mark] : null;
    const political = changes.political ?? implied?.political ?? current.political;
    const administrative = changes.administrative ?? implied?.administrative ?? current.administrative;
    const currentBasis = basisFromStored(current.common_funds_basis);
    const commonFundsBasis: DistributionBasis = changes.commonFundsBasis ?? (implied && !implied.contributes ? { kind: 'none' } : currentBasis);
    const municipality = await trx.selectFrom('municipalities').select('name').where('code', '=', current.municipality_code).executeTakeFirst();
    const cluster = await trx.selectFrom('clusters').select('name').where('id', '=', current.cluster_id).executeTakeFirst();
    const who = `${municipality?.name ?? current.municipality_code} i ${cluster?.name ?? current.cluster_id}`;
    const problems = markContradictions({ mark, political, administrative, commonFundsBasis }, who);
    if (problems.length > 0) {
      throw new DomainError('membership.mark-contradiction', `${problems.join('\n')}\nRet mærket samtidig, eller lad deltagelsen svare til mærket.`, { mark });
    }
    const updated = await trx
      .updateTable('memberships')
      .set({
        ...(changes.mark !== undefined ? { mark: changes.mark } : {}),
        ...(political !== current.political ? { political } : {}),
        ...(administrative !== current.administrative ? { administrative } : {}),
        ...(changes.commonFundsBasis !== undefined || commonFundsBasis !== currentBasis ? { common_funds_basis: toJson(storedBasis(commonFundsBasis)) } : {}),
        ...(changes.secretariatBasis !== undefined ? { secretariat_basis: toJson(storedBasis(changes.secretariatBasis)) } : {}),
        ...(changes.note !== undefined ? { note: changes.note } : {}),
        version: current.version + 1,
        updated_at: now(),
        updated_by: actor.name,
      })
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .returningAll()
      .executeTakeFirstOrThrow();
    validateRegister(await registerFromDb(trx, current.year));
    await recordChange(trx, actor, { action: 'membership.update', entity: 'membership', entityId: String(id), before: auditedFields(current), after: auditedFields(updated) });
  });
  const view = await registerView(db, (await membershipScope(db, id))?.year ?? 0);
  const member = view.regions.flatMap((r) => r.clusters.flatMap((c) => c.members)).find((m) => m.membershipId === String(id));
  if (!member) throw new NotFoundError('membership.not-found', `Medlemskab ${String(id)} findes ikke.`, { id });
  return member;
}
