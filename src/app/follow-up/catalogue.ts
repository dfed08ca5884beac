import type { Kysely } from 'kysely';
import { TARGET_GROUP_LABEL } from '../../core/economy/initiative.ts';
import { parsePeriod } from '../../core/economy/parties.ts';
import { resultsByCriterion, type Evaluation } from '../../core/follow-up/evaluation.ts';
import { searchCatalogue, type CatalogueEntry, type CatalogueFilter, type Reader, type ReaderRole } from '../../core/follow-up/catalogue.ts';
import { formatDanishDate } from '../../core/calendar.ts';
import { initiativeForecastTotal, listInitiatives } from '../economy/index.ts';
import type { Principal } from '../../infra/auth/policy.ts';
import type { Schema } from '../../infra/db/schema.ts';
import { storedEvaluation } from './stored.ts';

/**
 * The knowledge catalogue (vidensbank) fed from the stored initiatives and their latest
 * evaluations; who sees what is the domain's rule (src/core/follow-up/catalogue.ts `canSee`).
 */

/** The catalogue's reader for a signed-in user: a finance officer reads the clusters its organisation is a party of. */
export async function readerOf(db: Kysely<Schema>, user: Principal): Promise<Reader> {
  const roles: ReaderRole[] = [];
  for (const r of user.roles) {
    switch (r.role) {
      case 'system-admin':
      case 'national-reader':
        roles.push({ role: r.role });
        break;
      case 'ssu-member':
        if (r.scope.id !== null) roles.push({ role: 'ssu-member', regionId: r.scope.id });
        break;
      case 'cluster-secretariat':
        if (r.scope.id !== null) roles.push({ role: 'cluster-secretariat', clusterId: r.scope.id });
        break;
      case 'finance-officer': {
        if (r.scope.id === null) break;
        const rows =
          r.scope.kind === 'region'
            ? await db.selectFrom('clusters').select('id').where('region_code', '=', r.scope.id).execute()
            : await db.selectFrom('memberships').select('cluster_id as id').distinct().where('municipality_code', '=', r.scope.id).execute();
        roles.push({ role: 'finance-officer', clusterIds: rows.map((x) => x.id) });
        break;
      }
    }
  }
  return { roles };
}

function months(start: string, end: string): number {
  const a = parsePeriod(start);
  const b = parsePeriod(end);
  return b.year * 12 + b.month - (a.year * 12 + a.month) + 1;
}

/** Every initiative with its latest evaluation, as catalogue entries. */
export async function catalogueEntries(db: Kysely<Schema>): Promise<CatalogueEntry[]> {
  const [initiatives, clusters, evaluations] = await Promise.all([
    listInitiatives(db),
    db.selectFrom('clusters').innerJoin('regions', 'regions.code', 'clusters.region_code').select(['clusters.id', 'clusters.name', 'regions.code', 'regions.name as region']).execute(),
    db.selectFrom('evaluations').select(['id', 'initiative_id', 'document']).orderBy('created_at').execute(),
  ]);
  const latest = new Map<string, Evaluation>();
  for (const e of evaluations) latest.set(e.initiative_id, storedEvaluation(e.document, e.id));
  return initiatives.map((s) => {
    const i = s.initiative;
    const c = clusters.find((x) => x.id === s.clusterId);
    const e = latest.get(s.id);
    return {
      initiativeId: s.id,
      title: i.title,
      description: i.description,
      clusterId: s.clusterId,
      clusterName: c?.name ?? s.clusterId,
      regionId: s.regionCode,
      regionName: c?.region ?? s.regionCode,
      targetGroup: i.targetGroup === 'other' ? (i.otherTargetGroup ?? TARGET_GROUP_LABEL.other) : TARGET_GROUP_LABEL[i.targetGroup],
      status: i.status,
      startYear: parsePeriod(i.startPeriod).year,
      endYear: parsePeriod(i.endPeriod).year,
      durationMonths: months(i.startPeriod, i.endPeriod),
      costOre: initiativeForecastTotal(s),
      ...(e
        ? {
            evaluation: {
              id: e.id,
              status: e.status,
              results: resultsByCriterion(e).map(({ criterion, results }) => {
                const last = results.at(-1);
                return `${criterion.description}: ${last ? `${last.value} (målt ${formatDanishDate(last.measuredOn)})` : 'ikke målt endnu'}${criterion.target !== '' ? `; mål: ${criterion.target}` : ''}`;
              }),
              conclusion: e.status === 'draft' ? '' : e.conclusion,
              ...(e.decision ? { decision: e.decision } : {}),
            },
          }
        : {}),
      ...(s.originInitiativeId !== null ? { originInitiativeId: s.originInitiativeId } : {}),
    };
  });
}

export async function searchCatalogueFor(db: Kysely<Schema>, user: Principal, filter: CatalogueFilter): Promise<CatalogueEntry[]> {
  return searchCatalogue(await catalogueEntries(db), await readerOf(db, user), filter);
}
