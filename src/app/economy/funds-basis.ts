import type { Kysely } from 'kysely';
import { validateMonths, type FundsDecision, type MidYearRule } from '../../core/economy/funds-basis.ts';
import { ConflictError, DomainError, NotFoundError } from '../../core/errors.ts';
import { formatKr, negOre } from '../../core/money.ts';
import { fundsView } from '../../core/economy/funds.ts';
import * as Q from '../../core/rational.ts';
import { recordChange, type Actor } from '../../infra/audit/audit.ts';
import { toJson, type JsonValue, type Schema } from '../../infra/db/schema.ts';
import { inTransaction, lockClusterYears } from '../../infra/db/unit-of-work.ts';
import { basisFor, clusterRow, fundsBasisView, memberRows, publishedAmounts } from './funds-source.ts';
import { loadEconomy } from './service.ts';
import { now } from '../../infra/clock.ts';

/** The cluster's decisions about its funds basis (agreed shares, published Tabel 1, default) and
 * members' months; split from funds-source.ts so that module (read by loadEconomy) does not need
 * loadEconomy back — the decision checks the decided funds still cover what is committed. */

/** A decision on the cluster-year's funds basis as the API takes it. */
export type FundsBasisDecisionInput =
  | { kind: 'default'; version: number; midYearRule: MidYearRule; decisionReference: string }
  | { kind: 'agreed-shares'; version: number; midYearRule: MidYearRule; decisionReference: string; shares: { party: string; basis: string }[] }
  | { kind: 'published'; version: number; midYearRule: MidYearRule; decisionReference: string };

async function assertOpen(db: Kysely<Schema>, clusterId: string, year: number): Promise<void> {
  const state = await db.selectFrom('cluster_years').select('status').where('cluster_id', '=', clusterId).where('year', '=', year).executeTakeFirst();
  if (state?.status === 'closed') throw new DomainError('year.closed', `${String(year)} er afsluttet; en administrator skal genåbne året før ændringer.`);
}

/**
 * Records the cluster's decision on its funds basis for a year (agreed shares, adopt Tabel 1, or
 * back to the default), when `version` is the stored one (0: none yet), else `conflict.stale`.
 * The decision is checked by computing the funds with it; a decision that cannot apply changes
 * nothing. One transaction with its audit record.
 */
export async function recordFundsBasis(db: Kysely<Schema>, actor: Actor, clusterId: string, year: number, input: FundsBasisDecisionInput): Promise<JsonValue> {
  const reference = input.decisionReference.trim();
  if (reference === '') throw new DomainError('funds-basis.decision', 'Skriv hvilken beslutning (møde og dato) grundlaget bygger på.');
  await inTransaction(db, async (trx) => {
    const cluster = await clusterRow(trx, clusterId);
    // The same cluster-year lock as approvals: the funds check below cannot interleave with one.
    await lockClusterYears(trx, clusterId, [year]);
    await assertOpen(trx, clusterId, year);
    const current = await trx.selectFrom('cluster_funds_basis').selectAll().where('cluster_id', '=', clusterId).where('year', '=', year).forUpdate().executeTakeFirst();
    const currentVersion = current?.version ?? 0;
    if (currentVersion !== input.version) {
      throw new ConflictError('conflict.stale', `Grundlaget for ${cluster.name}s midler i ${String(year)} er ændret af ${current?.updated_by ?? 'en anden'} siden du hentede det. Hent det igen, og gentag din ændring.`, { currentVersion });
    }
    const members = await memberRows(trx, clusterId);
    if (!members.some((m) => m.year === year)) throw new DomainError('economy.no-year', `${cluster.name} har intet register for ${String(year)}.`);
    let decision: FundsDecision;
    let shares: Record<string, string> | null = null;
    if (input.kind === 'agreed-shares') {
      const parsed = input.shares.map((s, i) => {
        try {
          return { party: s.party, basis: Q.parseDecimal(s.basis) };
        } catch {
          throw new DomainError('funds-basis.shares', `Andel nr. ${String(i + 1)} (${s.party}): "${s.basis}" er ikke et tal eller en brøk (skriv fx 1/3 eller 0,25).`);
        }
      });
      shares = Object.fromEntries(parsed.map((s) => [s.party, Q.toFractionString(s.basis)]));
      decision = { kind: 'agreed-shares', shares: parsed, midYearRule: input.midYearRule, decisionReference: reference };
    } else if (input.kind === 'published') {
      decision = { kind: 'published', ...publishedAmounts(clusterId, year), midYearRule: input.midYearRule, decisionReference: reference };
    } else {
      decision = { kind: 'default', midYearRule: input.midYearRule, decisionReference: reference };
    }
    const basis = await basisFor(trx, cluster, members, year, decision);
    if (basis.status === 'not-allocated' && input.kind !== 'default') {
      throw new DomainError('funds-basis.no-allocation', `Der er ingen fordeling for ${String(year)} endnu; beregn årets fordeling, før klyngen beslutter grundlaget for sine midler.`);
    }
    const values = { kind: input.kind, shares: shares === null ? null : toJson(shares), mid_year_rule: input.midYearRule, decision_reference: reference, updated_by: actor.name };
    if (current) {
      await trx.updateTable('cluster_funds_basis').set({ ...values, version: current.version + 1, updated_at: now() }).where('cluster_id', '=', clusterId).where('year', '=', year).execute();
    } else {
      // Two first decisions at once: the second finds the row taken and is told to reload (409).
      const inserted = await trx.insertInto('cluster_funds_basis').values({ cluster_id: clusterId, year, ...values }).onConflict((oc) => oc.columns(['cluster_id', 'year']).doNothing()).returning('version').executeTakeFirst();
      if (!inserted) throw new ConflictError('conflict.stale', `Grundlaget for ${cluster.name}s midler i ${String(year)} er netop besluttet af en anden. Hent det igen, og gentag din ændring.`);
    }
    // The decided funds must still cover what the cluster has committed (read in this transaction).
    const after = fundsView((await loadEconomy(trx, clusterId, { years: [year] })).economy, year).cluster;
    if (after.remaining < 0) {
      throw new DomainError(
        'funds-basis.insufficient-funds',
        `Grundlaget kan ikke bruges: klyngens midler i ${String(year)} ville blive ${formatKr(after.available)}, men ${formatKr(after.committed)} er allerede disponeret (der mangler ${formatKr(negOre(after.remaining))}). Intet er ændret.`,
      );
    }
    await recordChange(trx, actor, {
      action: 'economy.funds-basis',
      entity: 'cluster_funds_basis',
      entityId: `${clusterId}/${String(year)}`,
      before: current ? { kind: current.kind, shares: current.shares, midYearRule: current.mid_year_rule, decisionReference: current.decision_reference, version: current.version } : null,
      after: { kind: input.kind, shares, midYearRule: input.midYearRule, decisionReference: reference, allocatedOre: basis.allocated, contributions: basis.rows.map((r) => ({ party: r.party, amountOre: r.amount, deviationOre: r.deviation })) },
    });
  });
  return fundsBasisView(db, clusterId, year);
}

/**
 * Sets the months of the year a municipality is a member of the cluster (joins/leaves mid-year),
 * with the decision behind it; versioned like every membership edit, audited.
 */
export async function setMembershipValidity(db: Kysely<Schema>, actor: Actor, clusterId: string, year: number, municipalityCode: string, input: { version: number; fromMonth: number; toMonth: number; decisionReference: string }): Promise<JsonValue> {
  validateMonths(input.fromMonth, input.toMonth);
  const reference = input.decisionReference.trim();
  if (reference === '') throw new DomainError('membership.validity-decision', 'Skriv hvilken beslutning ind- eller udtrædelsen bygger på.');
  await inTransaction(db, async (trx) => {
    await lockClusterYears(trx, clusterId, [year]);
    await assertOpen(trx, clusterId, year);
    const current = await trx.selectFrom('memberships').selectAll().where('cluster_id', '=', clusterId).where('year', '=', year).where('municipality_code', '=', municipalityCode).forUpdate().executeTakeFirst();
    if (!current) throw new NotFoundError('membership.not-found', `Kommune ${municipalityCode} er ikke medlem af klyngen i ${String(year)}.`);
    if (current.version !== input.version) {
      throw new ConflictError('conflict.stale', `Medlemskabet er ændret af ${current.updated_by} siden du hentede det (version ${String(current.version)}, du havde ${String(input.version)}). Hent det igen, og gentag din ændring.`, { currentVersion: current.version });
    }
    await trx
      .updateTable('memberships')
      .set({ valid_from_month: input.fromMonth, valid_to_month: input.toMonth, version: current.version + 1, updated_at: now(), updated_by: actor.name })
      .where('id', '=', current.id)
      .where('version', '=', input.version)
      .execute();
    await recordChange(trx, actor, {
      action: 'membership.validity',
      entity: 'membership',
      entityId: String(current.id),
      before: { fromMonth: current.valid_from_month, toMonth: current.valid_to_month, version: current.version },
      after: { fromMonth: input.fromMonth, toMonth: input.toMonth, decisionReference: reference, version: current.version + 1 },
    });
  });
  return fundsBasisView(db, clusterId, year);
}
