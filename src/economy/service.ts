import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ACTUALS_COLUMNS, budgetVsActual, parseActualsCsv, validateActualsRows, type Actual, type ActualsContext, type ActualsImport } from '../core/economy/actuals.ts';
import { applyCarryForward, assertYearOpen, closeYear, closingTotals, describeRow, reopenYear, type CeilingCommitment, type ClusterYearState, type YearClosing } from '../core/economy/carry-forward.ts';
import { COST_CATEGORY_LABEL, FUNDING_LABEL, categoryBarredReason, explainLineCost, forecastDifference, forecastTotals, lineCost, type CostLine } from '../core/economy/forecast.ts';
import { approveForecastRevision, approveInitiative, fundsView, payerSharesFor, type ClusterEconomy, type ClusterYearFunds } from '../core/economy/funds.ts';
import { changeStatus, editForecast, STATUS_LABEL, TARGET_GROUP_LABEL, type Decision, type InitiativeStatus } from '../core/economy/initiative.ts';
import type { EconomyParty } from '../core/economy/parties.ts';
import { postingFileCsv, settlePeriod, type PeriodSettlement, type SettlementPeriod } from '../core/economy/period-settlement.ts';
import { DomainError } from '../core/errors.ts';
import { formatOre, ore, type Øre } from '../core/money.ts';
import { clusterWorkbookBuffer, importActualsSheet, postingFileWorkbookBuffer } from '../export/cluster-workbook.ts';
import { recordChange, type Actor } from '../platform/audit/audit.ts';
import { toJson, type JsonValue, type Schema } from '../platform/db/schema.ts';
import { registerYearsInDb } from '../register/repository.ts';
import { loadPostingCharts } from './chart-of-accounts.ts';
import { fromStoredJson, toApiJson, toStoredJson } from './codec.ts';
import { createInitiative, getInitiative, listInitiatives, saveInitiative, type InitiativeInput, type StoredInitiative } from './initiatives.ts';

/** The cluster's economy as the pure core needs it, plus the year states, read from the database. */
export interface LoadedEconomy {
  clusterId: string;
  regionCode: string;
  economy: ClusterEconomy;
  states: ClusterYearState[];
  stored: StoredInitiative[];
  /** Years whose contributions come from an allocation run (others show 0 until one is computed). */
  allocatedYears: number[];
}

interface StoredAllocationResult {
  regions: { regionCode: string; region: string; clusters: { clusterId: string; regionalOre: number; municipalOre: number; populationSource: string }[] }[];
  municipalities: { code: string; name: string; byCluster: { clusterId: string; amountOre: number }[] }[];
}

/**
 * The cluster's economy: parties (its paying municipalities and its region), each register year's
 * funds (contributions from the year's latest allocation run, extra local funds, carried in from
 * the previous year's closing), initiatives and actuals.
 */
export async function loadEconomy(db: Kysely<Schema>, clusterId: string): Promise<LoadedEconomy> {
  const cluster = await db.selectFrom('clusters').innerJoin('regions', 'regions.code', 'clusters.region_code').select(['clusters.id', 'clusters.name', 'clusters.region_code', 'regions.name as region_name']).where('clusters.id', '=', clusterId).executeTakeFirst();
  if (!cluster) throw new DomainError('cluster.not-found', `Klyngen "${clusterId}" findes ikke.`);
  const years = await registerYearsInDb(db);
  const members = await db
    .selectFrom('memberships')
    .innerJoin('municipalities', 'municipalities.code', 'memberships.municipality_code')
    .select(['memberships.year', 'memberships.municipality_code', 'municipalities.name', 'memberships.common_funds_basis'])
    .where('memberships.cluster_id', '=', clusterId)
    .orderBy('memberships.id')
    .execute();
  const parties: EconomyParty[] = [];
  for (const m of members) {
    if (m.common_funds_basis.kind === 'none' || parties.some((p) => p.id === m.municipality_code)) continue;
    parties.push({ id: m.municipality_code, name: m.name, kind: 'municipality' });
  }
  parties.push({ id: cluster.region_code, name: cluster.region_name, kind: 'region' });

  const [extra, stateRows, stored, actualRows] = await Promise.all([
    db.selectFrom('extra_local_funds').selectAll().where('cluster_id', '=', clusterId).orderBy('id').execute(),
    db.selectFrom('cluster_years').selectAll().where('cluster_id', '=', clusterId).execute(),
    listInitiatives(db, { clusterId }),
    db.selectFrom('actuals').selectAll().where('cluster_id', '=', clusterId).orderBy('period').orderBy('id').execute(),
  ]);
  const states: ClusterYearState[] = years.map((year) => {
    const row = stateRows.find((s) => s.year === year);
    return row?.status === 'closed' && row.closing !== null ? { year, status: 'closed', closing: fromStoredJson(row.closing) as YearClosing } : { year, status: 'open' };
  });
  const allocatedYears: number[] = [];
  const fundYears: ClusterYearFunds[] = [];
  for (const year of years) {
    const run = await db.selectFrom('allocation_runs').select(['result']).where('year', '=', year).orderBy('id', 'desc').limit(1).executeTakeFirst();
    let contributions: { party: string; amount: Øre }[] = [];
    let allocated: Øre | undefined;
    if (run) {
      const result = run.result as unknown as StoredAllocationResult;
      const c = result.regions.flatMap((r) => r.clusters).find((x) => x.clusterId === clusterId);
      if (c) {
        if (c.populationSource === 'cluster-level') {
          throw new DomainError(
            'economy.contributions-unknown',
            `${cluster.name}: kommunernes bidrag pr. kommune kendes ikke for ${String(year)}, fordi fordelingen brugte klyngens samlede indbyggertal. Indlæs FOLK1A for alle kommuner, og beregn fordelingen igen.`,
          );
        }
        contributions = result.municipalities.flatMap((m) => m.byCluster.filter((b) => b.clusterId === clusterId && b.amountOre !== 0).map((b) => ({ party: m.code, amount: ore(b.amountOre) })));
        contributions.push({ party: cluster.region_code, amount: ore(c.regionalOre) });
        allocated = ore(c.municipalOre + c.regionalOre);
        allocatedYears.push(year);
      }
    }
    const previous = states.find((s) => s.year === year - 1);
    const carriedIn = previous?.status === 'closed' ? previous.closing.rows.filter((r) => r.carriedForward > 0).map((r) => ({ party: r.party, amount: r.carriedForward })) : [];
    fundYears.push({
      year,
      contributions,
      ...(allocated !== undefined ? { allocatedCommonFunds: allocated } : {}),
      extraLocalFunds: extra.filter((e) => e.year === year).map((e) => ({ party: e.party, amount: ore(e.amount_ore), decisionReference: e.decision_reference })),
      carriedIn,
    });
  }
  const actuals: Actual[] = actualRows.map((a) => ({
    initiativeId: a.initiative_id,
    party: a.party,
    period: a.period,
    amount: ore(a.amount_ore),
    category: a.category as Actual['category'],
    funding: a.funding === 'own' ? 'own' : 'common',
    text: a.text,
  }));
  return {
    clusterId,
    regionCode: cluster.region_code,
    economy: { clusterName: cluster.name, parties, years: fundYears, initiatives: stored.map((s) => s.initiative), actuals },
    states,
    stored,
    allocatedYears,
  };
}

/** Everything the economy screen shows for a cluster-year, every amount in øre. */
export async function economyView(db: Kysely<Schema>, clusterId: string, year: number): Promise<JsonValue> {
  const loaded = await loadEconomy(db, clusterId);
  const { economy } = loaded;
  const funds = fundsView(economy, year);
  const bva = budgetVsActual(economy.initiatives.filter((i) => i.status !== 'proposed' && i.status !== 'rejected'), economy.actuals, year);
  const state = loaded.states.find((s) => s.year === year) ?? { year, status: 'open' as const };
  const yearFunds = economy.years.find((y) => y.year === year);
  return toApiJson({
    clusterId,
    cluster: economy.clusterName,
    regionCode: loaded.regionCode,
    year,
    years: economy.years.map((y) => y.year),
    allocated: loaded.allocatedYears.includes(year),
    parties: economy.parties,
    funds,
    extraLocalFunds: yearFunds?.extraLocalFunds ?? [],
    carriedIn: yearFunds?.carriedIn ?? [],
    budgetVsActual: bva,
    state: state.status === 'closed' ? { status: 'closed', closing: state.closing, totals: closingTotals(state.closing), lines: state.closing.rows.map((r) => describeRow(economy, r)) } : { status: 'open' },
    commitments: await db.selectFrom('ceiling_commitments').selectAll().where('cluster_id', '=', clusterId).where('year', '=', year).execute().then((rows) => rows.map((c) => ({ party: c.party, amountOre: c.amount_ore, recordedBy: c.recorded_by, recordedAt: c.recorded_at.toISOString() }))),
    initiatives: loaded.stored.map((s) => initiativeSummary(loaded, s, year)),
    settlements: (await db.selectFrom('settlement_runs').select(['id', 'period_from', 'period_to', 'created_by', 'created_at']).where('cluster_id', '=', clusterId).orderBy('id', 'desc').execute()).map((r) => ({
      id: String(r.id),
      from: r.period_from,
      to: r.period_to,
      createdBy: r.created_by,
      createdAt: r.created_at.toISOString(),
    })),
    labels: { status: STATUS_LABEL, targetGroup: TARGET_GROUP_LABEL, category: COST_CATEGORY_LABEL, funding: FUNDING_LABEL },
  });
}

function initiativeSummary(loaded: LoadedEconomy, s: StoredInitiative, year: number): Record<string, unknown> {
  const i = s.initiative;
  const shares = payerSharesSafe(loaded, s, year);
  // Without payer shares for the year (no allocation yet), the per-party split cannot be shown.
  const totals = shares.length > 0 ? forecastTotals({ lines: i.forecast.lines.filter((l) => l.year === year) }, shares) : null;
  return {
    id: s.id,
    title: i.title,
    status: i.status,
    targetGroup: i.targetGroup,
    startPeriod: i.startPeriod,
    endPeriod: i.endPeriod,
    version: s.version,
    forecastTotalOre: i.forecast.lines.reduce((sum, l) => sum + lineCost(l), 0),
    totals,
  };
}

function payerSharesSafe(loaded: LoadedEconomy, s: StoredInitiative, year: number): ReturnType<typeof payerSharesFor> {
  try {
    return payerSharesFor(loaded.economy, s.initiative, year);
  } catch {
    return [];
  }
}

/** One initiative with its forecast lines explained, totals per year and party, and the approved difference. */
export async function initiativeView(db: Kysely<Schema>, id: string): Promise<JsonValue> {
  const s = await getInitiative(db, id);
  const loaded = await loadEconomy(db, s.clusterId);
  const i = s.initiative;
  const years = [...new Set(i.forecast.lines.map((l) => l.year))].sort();
  const origin = s.originInitiativeId ? await getInitiative(db, s.originInitiativeId).catch(() => null) : null;
  const adoptedBy = await db.selectFrom('initiatives').select(['id', 'cluster_id', 'title']).where('origin_initiative_id', '=', id).execute();
  return toApiJson({
    ...s,
    initiative: undefined,
    ...i,
    lines: i.forecast.lines.map((l: CostLine) => ({ ...l, costOre: lineCost(l), explanation: explainLineCost(l), barredReason: l.funding === 'common' ? categoryBarredReason(l.category) : null })),
    totalsByYear: years.map((y) => {
      const shares = payerSharesSafe(loaded, s, y);
      return { year: y, totals: shares.length > 0 ? forecastTotals({ lines: i.forecast.lines.filter((l) => l.year === y) }, shares) : null };
    }),
    difference: i.approvedForecast ? forecastDifference(i.approvedForecast, i.forecast) : null,
    parties: loaded.economy.parties,
    origin: origin ? { id: origin.id, clusterId: origin.clusterId, title: origin.initiative.title } : null,
    adoptedBy: adoptedBy.map((a) => ({ id: a.id, clusterId: a.cluster_id, title: a.title })),
  });
}

/** Extra local funds (lokale midler) a party adds to the cluster-year, with the decision behind it. */
export async function addExtraLocalFunds(db: Kysely<Schema>, actor: Actor, clusterId: string, year: number, input: { party: string; amountOre: number; decisionReference: string }): Promise<void> {
  const loaded = await loadEconomy(db, clusterId);
  assertYearOpen(loaded.states, year);
  if (!loaded.economy.years.some((y) => y.year === year)) throw new DomainError('economy.no-year', `Klyngen har ingen midler for ${String(year)}.`);
  const party = loaded.economy.parties.find((p) => p.id === input.party);
  if (!party) throw new DomainError('economy.unknown-party', `Parten "${input.party}" er ikke med i ${loaded.economy.clusterName}.`);
  if (input.amountOre <= 0) throw new DomainError('economy.extra-amount', 'Beløbet skal være større end 0 kr.');
  if (input.decisionReference.trim() === '') throw new DomainError('economy.extra-decision', 'Skriv hvilken beslutning de lokale midler bygger på.');
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('extra_local_funds')
      .values({ cluster_id: clusterId, year, party: input.party, amount_ore: input.amountOre, decision_reference: input.decisionReference.trim(), created_by: actor.name })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordChange(trx, actor, { action: 'economy.extra-local-funds', entity: 'extra_local_funds', entityId: String(row.id), before: null, after: { clusterId, year, party: input.party, amountOre: input.amountOre, decisionReference: input.decisionReference } });
  });
}

/** Creates a proposed initiative after checking its parties belong to the cluster. */
export async function proposeInitiative(db: Kysely<Schema>, actor: Actor, clusterId: string, input: InitiativeInput, opts: { originInitiativeId?: string } = {}): Promise<StoredInitiative> {
  const loaded = await loadEconomy(db, clusterId);
  const known = new Set(loaded.economy.parties.map((p) => p.id));
  for (const p of [...input.executingParties, ...(input.agreedShares?.shares.map((s) => s.party) ?? [])]) {
    if (!known.has(p)) throw new DomainError('economy.unknown-party', `Parten "${p}" er ikke med i ${loaded.economy.clusterName}.`);
  }
  return createInitiative(db, actor, clusterId, input, opts);
}

async function withInitiative(db: Kysely<Schema>, id: string): Promise<{ loaded: LoadedEconomy; stored: StoredInitiative }> {
  const stored = await getInitiative(db, id);
  return { loaded: await loadEconomy(db, stored.clusterId), stored };
}

/** Edits the forecast; after approval the approved version is kept and the difference shown. */
export async function updateForecast(db: Kysely<Schema>, actor: Actor, id: string, expectedVersion: number, lines: readonly CostLine[]): Promise<StoredInitiative> {
  const { loaded, stored } = await withInitiative(db, id);
  for (const y of new Set(lines.map((l) => l.year))) assertYearOpen(loaded.states, y);
  const known = new Set(loaded.economy.parties.map((p) => p.id));
  for (const l of lines) if (!known.has(l.party)) throw new DomainError('economy.unknown-party', `Parten "${l.party}" er ikke med i klyngen.`);
  const next = editForecast(stored.initiative, { lines });
  await db.transaction().execute((trx) => saveInitiative(trx, actor, stored, next, 'initiative.forecast', expectedVersion));
  return getInitiative(db, id);
}

/** Approval with the decision, under the approval guard (refused with the shortfall; nothing changes). */
export async function approve(db: Kysely<Schema>, actor: Actor, id: string, expectedVersion: number, decision: Decision): Promise<StoredInitiative> {
  const { loaded, stored } = await withInitiative(db, id);
  const next = stored.initiative.status === 'proposed' ? approveInitiative(loaded.economy, id, decision) : approveForecastRevision(loaded.economy, id, decision);
  await db.transaction().execute((trx) => saveInitiative(trx, actor, stored, next, 'initiative.approve', expectedVersion));
  return getInitiative(db, id);
}

export async function changeInitiativeStatus(db: Kysely<Schema>, actor: Actor, id: string, expectedVersion: number, status: InitiativeStatus): Promise<StoredInitiative> {
  const stored = await getInitiative(db, id);
  const next = changeStatus(stored.initiative, status);
  await db.transaction().execute((trx) => saveInitiative(trx, actor, stored, next, 'initiative.status', expectedVersion));
  return getInitiative(db, id);
}

/** A typed-in actual as the API takes it. */
export interface ActualInput {
  initiativeId: string;
  party: string;
  period: string;
  amountOre: number;
  category: string;
  funding: string;
  text: string;
}

function actualsContext(loaded: LoadedEconomy, year?: number): ActualsContext {
  return { parties: loaded.economy.parties, initiatives: loaded.economy.initiatives, ...(year !== undefined ? { year } : {}) };
}

function requireImport(result: ActualsImport): readonly Actual[] {
  if (result.ok) return result.actuals;
  throw new DomainError('import.actuals', `Forbruget er afvist, og intet er ændret: ${String(result.errors.length)} linje(r) har fejl.`, { errors: result.errors });
}

async function storeActuals(db: Kysely<Schema>, actor: Actor, loaded: LoadedEconomy, actuals: readonly Actual[], mode: { kind: 'append' } | { kind: 'replace-year'; year: number }, source: string): Promise<number> {
  for (const y of new Set(actuals.map((a) => Number(a.period.slice(0, 4))))) assertYearOpen(loaded.states, y);
  if (mode.kind === 'replace-year') assertYearOpen(loaded.states, mode.year);
  const importId = randomUUID();
  await db.transaction().execute(async (trx) => {
    let removed = 0;
    if (mode.kind === 'replace-year') {
      const res = await trx.deleteFrom('actuals').where('cluster_id', '=', loaded.clusterId).where('period', 'like', `${String(mode.year)}-%`).executeTakeFirst();
      removed = Number(res.numDeletedRows);
    }
    if (actuals.length > 0) {
      await trx
        .insertInto('actuals')
        .values(actuals.map((a) => ({ cluster_id: loaded.clusterId, initiative_id: a.initiativeId, party: a.party, period: a.period, amount_ore: a.amount, category: a.category, funding: a.funding, text: a.text, import_id: importId, created_by: actor.name })))
        .execute();
    }
    await recordChange(trx, actor, {
      action: 'economy.actuals',
      entity: 'actuals_import',
      entityId: importId,
      before: mode.kind === 'replace-year' ? { replacedYear: mode.year, removedLines: removed } : null,
      after: { clusterId: loaded.clusterId, source, lines: actuals.length, totalOre: actuals.reduce((s, a) => s + a.amount, 0) },
    });
  });
  return actuals.length;
}

/** Typed-in actuals: validated line by line like an import; all-or-nothing. */
export async function recordActuals(db: Kysely<Schema>, actor: Actor, clusterId: string, lines: readonly ActualInput[]): Promise<number> {
  const loaded = await loadEconomy(db, clusterId);
  const records = [
    { line: 1, cells: [...ACTUALS_COLUMNS] },
    ...lines.map((l, i) => ({ line: i + 2, cells: [l.initiativeId, l.party, l.period, formatOre(ore(l.amountOre)), l.category, l.funding, l.text] })),
  ];
  const result = validateActualsRows(records, actualsContext(loaded));
  // Typed-in lines are numbered from 1 in the UI, not by a file's header.
  return storeActuals(db, actor, loaded, requireImport(result.ok ? result : { ok: false, errors: result.errors.map((e) => ({ line: e.line - 1, message: e.message.replace(/^Linje \d+/, `Linje ${String(e.line - 1)}`) })) }), { kind: 'append' }, 'indtastet');
}

/** A ledger extract (CSV) from the executing party: appended, all-or-nothing. */
export async function importActualsCsv(db: Kysely<Schema>, actor: Actor, clusterId: string, text: string, filename: string): Promise<number> {
  const loaded = await loadEconomy(db, clusterId);
  return storeActuals(db, actor, loaded, requireImport(parseActualsCsv(text, actualsContext(loaded))), { kind: 'append' }, `CSV: ${filename}`);
}

/** The workbook's actuals sheet, edited in a spreadsheet: replaces the year's actuals, all-or-nothing. */
export async function importWorkbookActuals(db: Kysely<Schema>, actor: Actor, clusterId: string, year: number, xlsx: Buffer): Promise<number> {
  const loaded = await loadEconomy(db, clusterId);
  return storeActuals(db, actor, loaded, requireImport(await importActualsSheet(xlsx, actualsContext(loaded, year))), { kind: 'replace-year', year }, 'regneark');
}

/** Settles a period and stores the run (what each party owes and books). */
export async function createSettlement(db: Kysely<Schema>, actor: Actor, clusterId: string, period: SettlementPeriod): Promise<{ id: string; settlement: PeriodSettlement }> {
  const loaded = await loadEconomy(db, clusterId);
  const settlement = settlePeriod(loaded.economy, period, { charts: await loadPostingCharts(db) });
  if (settlement.settlements.length === 0) throw new DomainError('settlement.nothing', `Der er intet forbrug af fælles midler at afregne i ${period.from}–${period.to}.`);
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('settlement_runs').values({ cluster_id: clusterId, period_from: period.from, period_to: period.to, result: toJson(toStoredJson(settlement)), created_by: actor.name }).returning('id').executeTakeFirstOrThrow();
    await recordChange(trx, actor, { action: 'economy.settlement', entity: 'settlement_run', entityId: String(row.id), before: null, after: { clusterId, from: period.from, to: period.to, obligations: settlement.obligations.length, files: settlement.files.length } });
    return String(row.id);
  });
  return { id, settlement };
}

export async function getSettlement(db: Kysely<Schema>, id: number): Promise<{ id: string; clusterId: string; createdAt: string; createdBy: string; settlement: PeriodSettlement }> {
  const row = await db.selectFrom('settlement_runs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new DomainError('settlement.not-found', `Afregning ${String(id)} findes ikke.`);
  return { id: String(row.id), clusterId: row.cluster_id, createdAt: row.created_at.toISOString(), createdBy: row.created_by, settlement: fromStoredJson(row.result) as PeriodSettlement };
}

/** A party's posting file of a settlement as CSV or xlsx. */
export async function postingFile(db: Kysely<Schema>, id: number, party: string, format: 'csv' | 'xlsx'): Promise<{ filename: string; contentType: string; body: string | Buffer }> {
  const s = await getSettlement(db, id);
  const file = s.settlement.files.find((f) => f.party === party);
  if (!file) throw new DomainError('settlement.party-not-found', `Parten "${party}" har ingen konteringer i afregning ${s.id}.`);
  const base = `konteringer-${s.clusterId}-afregning-${s.id}-${party}`;
  return format === 'csv'
    ? { filename: `${base}.csv`, contentType: 'text/csv; charset=utf-8', body: postingFileCsv(file, s.settlement.clusterName) }
    : { filename: `${base}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: await postingFileWorkbookBuffer(file, s.settlement.clusterName) };
}

/** A party's commitment to room under its expenditure ceiling, so its unused funds may be carried forward. */
export async function recordCommitment(db: Kysely<Schema>, actor: Actor, clusterId: string, year: number, party: string, amountOre: number): Promise<void> {
  const loaded = await loadEconomy(db, clusterId);
  assertYearOpen(loaded.states, year);
  if (!loaded.economy.parties.some((p) => p.id === party)) throw new DomainError('economy.unknown-party', `Parten "${party}" er ikke med i klyngen.`);
  if (!Number.isSafeInteger(amountOre) || amountOre < 0) throw new DomainError('year.negative-commitment', 'Et tilsagn om råderum kan ikke være negativt.');
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('ceiling_commitments').selectAll().where('cluster_id', '=', clusterId).where('year', '=', year).where('party', '=', party).executeTakeFirst();
    if (before) await trx.deleteFrom('ceiling_commitments').where('cluster_id', '=', clusterId).where('year', '=', year).where('party', '=', party).execute();
    await trx.insertInto('ceiling_commitments').values({ cluster_id: clusterId, year, party, amount_ore: amountOre, recorded_by: actor.name }).execute();
    await recordChange(trx, actor, { action: 'economy.commitment', entity: 'ceiling_commitment', entityId: `${clusterId}/${String(year)}/${party}`, before: before ? { amountOre: before.amount_ore, recordedBy: before.recorded_by } : null, after: { amountOre, recordedBy: actor.name } });
  });
}

/** Closes the cluster-year: unused funds carried forward where a commitment is recorded, else lapsed. */
export async function closeClusterYear(db: Kysely<Schema>, actor: Actor, clusterId: string, year: number, now: Date): Promise<YearClosing> {
  const loaded = await loadEconomy(db, clusterId);
  const state = loaded.states.find((s) => s.year === year) ?? { year, status: 'open' as const };
  const rows = await db.selectFrom('ceiling_commitments').selectAll().where('cluster_id', '=', clusterId).where('year', '=', year).execute();
  const commitments: CeilingCommitment[] = rows.map((c) => ({ party: c.party, amount: ore(c.amount_ore), recordedBy: c.recorded_by, recordedAt: c.recorded_at.toISOString().slice(0, 10) }));
  const { closing } = closeYear(loaded.economy, state, commitments, { name: actor.name, role: 'secretariat' }, now.toISOString());
  // The next year must exist to receive what is carried (the domain checks it).
  if (closing.rows.some((r) => r.carriedForward > 0)) applyCarryForward(loaded.economy, closing);
  await db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('cluster_years').selectAll().where('cluster_id', '=', clusterId).where('year', '=', year).executeTakeFirst();
    if (existing) {
      await trx.updateTable('cluster_years').set({ status: 'closed', closing: toJson(toStoredJson(closing)), version: existing.version + 1, updated_by: actor.name, updated_at: now }).where('cluster_id', '=', clusterId).where('year', '=', year).execute();
    } else {
      await trx.insertInto('cluster_years').values({ cluster_id: clusterId, year, status: 'closed', closing: toJson(toStoredJson(closing)), updated_by: actor.name }).execute();
    }
    await recordChange(trx, actor, { action: 'economy.close-year', entity: 'cluster_year', entityId: `${clusterId}/${String(year)}`, before: { status: 'open' }, after: { status: 'closed', ...(toApiJson(closingTotals(closing)) as Record<string, JsonValue>) } });
  });
  return closing;
}

/** Reopens a closed year (administrators only, by route policy) and takes back what it carried. */
export async function reopenClusterYear(db: Kysely<Schema>, actor: Actor, clusterId: string, year: number): Promise<void> {
  const loaded = await loadEconomy(db, clusterId);
  const state = loaded.states.find((s) => s.year === year) ?? { year, status: 'open' as const };
  reopenYear(loaded.economy, state, { name: actor.name, role: 'administrator' });
  if (loaded.states.find((s) => s.year === year + 1)?.status === 'closed') {
    throw new DomainError('year.next-closed', `${String(year + 1)} er også afsluttet; genåbn det først.`);
  }
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('cluster_years').set({ status: 'open', closing: null, updated_by: actor.name, updated_at: new Date() }).where('cluster_id', '=', clusterId).where('year', '=', year).execute();
    await recordChange(trx, actor, { action: 'economy.reopen-year', entity: 'cluster_year', entityId: `${clusterId}/${String(year)}`, before: { status: 'closed' }, after: { status: 'open' } });
  });
}

/** The cluster-year as the Klyngebudget og -regnskab workbook (formulas for totals). */
export async function economyWorkbook(db: Kysely<Schema>, clusterId: string, year: number): Promise<{ filename: string; body: Buffer }> {
  const loaded = await loadEconomy(db, clusterId);
  const state = loaded.states.find((s) => s.year === year);
  const body = await clusterWorkbookBuffer({ economy: loaded.economy, year, charts: await loadPostingCharts(db), ...(state?.status === 'closed' ? { closing: state.closing } : {}) });
  return { filename: `klyngebudget-${clusterId}-${String(year)}.xlsx`, body };
}
