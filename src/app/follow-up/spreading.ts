import type { Kysely } from 'kysely';
import { parsePeriod } from '../../core/economy/parties.ts';
import { DomainError, NotFoundError } from '../../core/errors.ts';
import type { Evaluation } from '../../core/follow-up/evaluation.ts';
import type { InitiativeRef } from '../../core/follow-up/initiative-ref.ts';
import { adoptedForecastLines } from '../../core/economy/adoption.ts';
import { adoptInitiative, adoptionEligibility, lineageOf, type LineageLink } from '../../core/follow-up/spreading.ts';
import { createInitiative, getInitiative, initiativeForecastTotal, type StoredInitiative } from '../economy/index.ts';
import { recordChange, type Actor } from '../../infra/audit/audit.ts';
import type { Schema } from '../../infra/db/schema.ts';
import { inTransaction } from '../../infra/db/unit-of-work.ts';
import { initiativeSummary, type InitiativeSummary } from './evaluations.ts';
import { storedEvaluation } from './stored.ts';

/**
 * Spreading (udbredelse) as stored: an adopted initiative is created in the adopting cluster by
 * the economy (createInitiative, with originInitiativeId) from the origin's forecast, and the
 * adoption — with the SSU decision behind it — is kept in `adoptions` for the lineage.
 */

function refOf(s: StoredInitiative): InitiativeRef {
  const i = s.initiative;
  return { id: s.id, title: i.title, clusterId: s.clusterId, regionId: s.regionCode, targetGroup: i.otherTargetGroup ?? i.targetGroup, forecastTotalOre: initiativeForecastTotal(s) };
}

async function allLinks(db: Kysely<Schema>): Promise<LineageLink[]> {
  const rows = await db.selectFrom('adoptions').selectAll().orderBy('created_at').execute();
  return rows.map((r) => ({ originInitiativeId: r.origin_initiative_id, originClusterId: r.origin_cluster_id, adoptedInitiativeId: r.adopted_initiative_id, adoptedClusterId: r.adopted_cluster_id, evaluationId: r.evaluation_id }));
}

async function decidedEvaluation(db: Kysely<Schema>, evaluationId: string): Promise<Evaluation> {
  const row = await db.selectFrom('evaluations').select('document').where('id', '=', evaluationId).where('status', '=', 'decided').executeTakeFirst();
  if (!row) throw new NotFoundError('evaluation.not-found', 'Evalueringen findes ikke, eller sundhedssamarbejdsudvalget har ikke truffet beslutning om den.');
  return storedEvaluation(row.document, evaluationId);
}

export interface Adoptable {
  readonly evaluationId: string;
  readonly initiative: InitiativeSummary;
  readonly originClusterName: string;
  readonly recommendation: Evaluation['decision'];
}

/** The recommended initiatives this cluster may adopt now (the domain decides who may). */
export async function listAdoptable(db: Kysely<Schema>, clusterId: string): Promise<Adoptable[]> {
  const rows = await db
    .selectFrom('evaluations')
    .innerJoin('clusters', 'clusters.id', 'evaluations.cluster_id')
    .innerJoin('regions', 'regions.code', 'clusters.region_code')
    .select(['evaluations.id', 'evaluations.document', 'clusters.name', 'regions.name as region'])
    .where('evaluations.status', '=', 'decided')
    .where('evaluations.cluster_id', '!=', clusterId)
    .orderBy('evaluations.updated_at', 'desc')
    .execute();
  const links = await allLinks(db);
  const out: Adoptable[] = [];
  for (const r of rows) {
    const e = storedEvaluation(r.document, r.id);
    const origin = await getInitiative(db, e.initiativeId);
    if (!adoptionEligibility(refOf(origin), e, clusterId, links).allowed) continue;
    out.push({ evaluationId: e.id, initiative: await initiativeSummary(db, origin.id), originClusterName: `${r.name} (${r.region})`, recommendation: e.decision });
  }
  return out;
}

export interface AdoptionInput {
  readonly evaluationId: string;
  readonly title?: string | undefined;
  /** The adopting cluster's party that carries out the initiative (municipality or region code). */
  readonly executingParty: string;
  /** When the adopted initiative starts, `YYYY-MM`; the origin's period and forecast years move with it. */
  readonly startPeriod: string;
}

function shiftPeriod(period: string, months: number): string {
  const p = parsePeriod(period);
  const total = p.year * 12 + (p.month - 1) + months;
  return `${String(Math.floor(total / 12))}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/**
 * Adopts a recommended initiative into `clusterId`: a new proposed initiative with the origin's
 * target group, duration and forecast as a starting point, all lines carried out by the chosen
 * party of the adopting cluster and moved to the new start, spread over the new period's years. Returns the new initiative's id.
 */
export async function adoptRecommended(outer: Kysely<Schema>, actor: Actor, clusterId: string, input: AdoptionInput): Promise<{ initiativeId: string }> {
  // One transaction: the new initiative and its adoption link are made together or not at all.
  return inTransaction(outer, async (db) => {
    const evaluation = await decidedEvaluation(db, input.evaluationId);
    // Locking the origin serialises adoptions of it, so the eligibility read below sees any
    // adoption committed meanwhile (a double click is refused, not a half-made second initiative).
    await db.selectFrom('initiatives').select('id').where('id', '=', evaluation.initiativeId).forUpdate().executeTakeFirst();
    const origin = await getInitiative(db, evaluation.initiativeId);
    const links = await allLinks(db);
    const cluster = await db.selectFrom('clusters').select(['id', 'region_code']).where('id', '=', clusterId).executeTakeFirst();
    if (!cluster) throw new NotFoundError('cluster.not-found', `Klyngen "${clusterId}" findes ikke.`);
    const eligibility = adoptionEligibility(refOf(origin), evaluation, clusterId, links);
    if (!eligibility.allowed) throw new DomainError('spreading.not-allowed', eligibility.reason);

    const party = input.executingParty;
    const isMember = await db.selectFrom('memberships').select('id').where('cluster_id', '=', clusterId).where('municipality_code', '=', party).executeTakeFirst();
    if (!isMember && party !== cluster.region_code) throw new DomainError('spreading.party', 'Den udførende part skal være en af klyngens kommuner eller regionen.');

    const o = origin.initiative;
    const start = parsePeriod(input.startPeriod);
    const originStart = parsePeriod(o.startPeriod);
    const shiftMonths = start.year * 12 + start.month - (originStart.year * 12 + originStart.month);
    const created = await createInitiative(
      db,
      actor,
      clusterId,
      {
        title: input.title?.trim() || o.title,
        description: o.description,
        targetGroup: o.targetGroup,
        ...(o.otherTargetGroup !== undefined ? { otherTargetGroup: o.otherTargetGroup } : {}),
        startPeriod: shiftPeriod(o.startPeriod, shiftMonths),
        endPeriod: shiftPeriod(o.endPeriod, shiftMonths),
        executingParties: [party],
        // The lines follow their months into the new period's years (a year may become two).
        forecast: { lines: adoptedForecastLines(o.forecast.lines, { startPeriod: originStart, endPeriod: parsePeriod(o.endPeriod) }, shiftMonths, party) },
      },
      { originInitiativeId: origin.id },
    );
    // The domain builds the lineage link (and checks eligibility once more against the new id).
    const { link } = adoptInitiative(refOf(origin), evaluation, { clusterId, regionId: cluster.region_code, newInitiativeId: created.id }, links);
    await db
      .insertInto('adoptions')
      .values({ adopted_initiative_id: link.adoptedInitiativeId, adopted_cluster_id: link.adoptedClusterId, origin_initiative_id: link.originInitiativeId, origin_cluster_id: link.originClusterId, evaluation_id: link.evaluationId, created_by: actor.name })
      .execute();
    await recordChange(db, actor, { action: 'initiative.adopt', entity: 'initiative', entityId: created.id, before: null, after: { ...link } });
    return { initiativeId: created.id };
  });
}

export interface LineageEntry {
  readonly initiativeId: string;
  readonly title: string;
  readonly clusterId: string;
  readonly clusterName: string;
  readonly evaluationId: string;
}

export interface LineageView {
  /** Where this initiative came from, nearest first. */
  readonly ancestors: readonly LineageEntry[];
  /** Initiatives adopted from it, directly or further on. */
  readonly descendants: readonly LineageEntry[];
}

/** The lineage of an initiative, both ways, named for people. */
export async function lineageFor(db: Kysely<Schema>, initiativeId: string): Promise<LineageView> {
  const lineage = lineageOf(initiativeId, await allLinks(db));
  const ids = [...new Set([...lineage.ancestors.map((l) => l.originInitiativeId), ...lineage.descendants.map((l) => l.adoptedInitiativeId)])];
  const rows =
    ids.length === 0
      ? []
      : await db
          .selectFrom('initiatives')
          .innerJoin('clusters', 'clusters.id', 'initiatives.cluster_id')
          .innerJoin('regions', 'regions.code', 'clusters.region_code')
          .select(['initiatives.id', 'initiatives.title', 'initiatives.cluster_id', 'clusters.name', 'regions.name as region'])
          .where('initiatives.id', 'in', ids)
          .execute();
  const entry = (id: string, evaluationId: string): LineageEntry => {
    const r = rows.find((x) => x.id === id);
    return { initiativeId: id, title: r?.title ?? id, clusterId: r?.cluster_id ?? '', clusterName: r ? `${r.name} (${r.region})` : '', evaluationId };
  };
  return {
    ancestors: lineage.ancestors.map((l) => entry(l.originInitiativeId, l.evaluationId)),
    descendants: lineage.descendants.map((l) => entry(l.adoptedInitiativeId, l.evaluationId)),
  };
}
