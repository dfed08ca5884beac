import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ACTUALS_COLUMNS, budgetVsActual, parseActualsCsv, validateActualsRows, type Actual, type ActualsContext, type ActualsImport } from '../../core/economy/actuals.ts';
import { applyCarryForward, assertYearOpen, closeYear, closingTotals, describeRow, reopenYear, type CeilingCommitment, type ClusterYearState, type YearClosing } from '../../core/economy/carry-forward.ts';
import { COST_CATEGORY_LABEL, FUNDING_LABEL, categoryBarredReason, explainLineCost, forecastDifference, forecastTotals, lineCost, type CostLine } from '../../core/economy/forecast.ts';
import { approveForecastRevision, approveInitiative, fundsView, payerSharesFor, type ClusterEconomy, type ClusterYearFunds } from '../../core/economy/funds.ts';
import { changeStatus, editForecast, STATUS_LABEL, TARGET_GROUP_LABEL, type Decision, type InitiativeStatus } from '../../core/economy/initiative.ts';
import { assertOverspendConfirmed, assertReversible, describeOverspend, overdrawnParties, overspending, placeSettlement, reconcileActuals, runsInForce, type SettlementRunRef } from '../../core/economy/ledger.ts';
import { initiativeYears } from '../../core/economy/initiative.ts';
import { parsePeriod } from '../../core/economy/parties.ts';
import { POSTING_ORE_COLUMN, postingFileRows, reversePeriodSettlement, type PartyPostingFile, settlePeriod, type PeriodSettlement, type SettlementPeriod } from '../../core/economy/period-settlement.ts';
import { ConflictError, DomainError, InvalidFileError, NotFoundError } from '../../core/errors.ts';
import { formatOre, negOre, ore } from '../../core/money.ts';
import { clusterWorkbookBuffer, importActualsSheet, postingFileWorkbookBuffer } from './cluster-workbook.ts';
import { recordChange, type Actor } from '../../infra/audit/audit.ts';
import { toJson, type JsonValue, type Schema } from '../../infra/db/schema.ts';
import { cachedByDataVersion, immutableCache } from '../../infra/db/data-version.ts';
import { inTransaction, lockClusterYears } from '../../infra/db/unit-of-work.ts';
import { csvFigure, readCsv, writeCsv } from '../../infra/csv.ts';
import { loadPostingCharts } from './chart-of-accounts.ts';
import { fromStoredJson, toApiJson, toStoredJson } from './codec.ts';
import { loadFundsSource } from './funds-source.ts';
import { createInitiative, getInitiative, listInitiatives, saveInitiative, type InitiativeInput, type StoredInitiative } from './initiatives.ts';
import { newId } from '../../infra/clock.ts';

/** The cluster's economy as the pure core needs it, plus the year states, read from the database. */
export interface LoadedEconomy {
  clusterId: string;
  regionCode: string;
  economy: ClusterEconomy;
  states: ClusterYearState[];
  stored: StoredInitiative[];
  /** Years whose contributions come from an allocation run (others show 0 until one is computed). */
  allocatedYears: number[];
  /** The actual lines as stored, in the order of `economy.actuals` (same index). */
  actualLines: StoredActualLine[];
  /** Every register year, also those outside the scope that was loaded. */
  registerYears: number[];
}

/**
 * What to read of a cluster's economy. `years`: only these cluster-years (their funds, the
 * initiatives running in them, their actuals, and the previous year's closing for what is carried
 * in) — every view and write of a cluster-year passes its year(s), so its cost does not grow with
 * the cluster's history. Without `years`, everything. `actuals: false` skips the actual lines.
 */
export interface EconomyScope {
  readonly years?: readonly number[];
  readonly actuals?: boolean;
}

/** An actual line in the ledger: who entered it, when, from where, and which line it corrects. */
export interface StoredActualLine {
  id: string;
  source: 'typed' | 'csv' | 'workbook';
  correctsId: string | null;
  createdBy: string;
  createdAt: string;
}

/**
 * The cluster's economy: parties (every member municipality, also those that do not contribute,
 * and its region), each register year's funds (contributions by the year's funds basis — see
 * funds-source.ts —, extra local funds, carried in from the previous year's closing), initiatives
 * and actuals.
 */
export async function loadEconomy(db: Kysely<Schema>, clusterId: string, scope: EconomyScope = {}): Promise<LoadedEconomy> {
  // Parties and per-year contributions (computed, provisional, agreed or published): funds-source.ts.
  const source = await loadFundsSource(db, clusterId, scope.years);
  const years = source.years.map((b) => b.year);
  const parties = source.parties;
  const cluster = { name: source.clusterName, region_code: source.regionCode };
  // A cluster-year reads its own year (and the previous year's closing for what is carried in), not
  // the cluster's history: initiatives whose period overlaps the years, actuals of those months.
  const span = scope.years === undefined || scope.years.length === 0 ? null : { from: Math.min(...scope.years), to: Math.max(...scope.years) };
  let extraQ = db.selectFrom('extra_local_funds').selectAll().where('cluster_id', '=', clusterId);
  let stateQ = db.selectFrom('cluster_years').selectAll().where('cluster_id', '=', clusterId);
  let actualQ = db.selectFrom('actuals').selectAll().where('cluster_id', '=', clusterId);
  if (span !== null) {
    extraQ = extraQ.where('year', '>=', span.from).where('year', '<=', span.to);
    stateQ = stateQ.where('year', '>=', span.from - 1).where('year', '<=', span.to);
    actualQ = actualQ.where('period', '>=', `${String(span.from)}-01`).where('period', '<=', `${String(span.to)}-12`);
  }
  const [extra, stateRows, stored, actualRows] = await Promise.all([
    extraQ.orderBy('id').execute(),
    stateQ.execute(),
    listInitiatives(db, { clusterId, ...(span !== null ? { overlapping: span } : {}) }),
    scope.actuals === false ? Promise.resolve([]) : actualQ.orderBy('period').orderBy('id').execute(),
  ]);
  const states: ClusterYearState[] = years.map((year) => {
    const row = stateRows.find((s) => s.year === year);
    return row?.status === 'closed' && row.closing !== null ? { year, status: 'closed', closing: fromStoredJson(row.closing) as YearClosing } : { year, status: 'open' };
  });
  const allocatedYears: number[] = [];
  const fundYears: ClusterYearFunds[] = [];
  for (const basis of source.years) {
    const year = basis.year;
    const contributions = basis.contributions;
    const allocated = basis.allocated ?? undefined;
    if (basis.status !== 'not-allocated') allocatedYears.push(year);
    const previousRow = stateRows.find((s) => s.year === year - 1);
    const previous = previousRow?.status === 'closed' && previousRow.closing !== null ? { closing: fromStoredJson(previousRow.closing) as YearClosing } : null;
    const carriedIn = previous !== null ? previous.closing.rows.filter((r) => r.carriedForward > 0).map((r) => ({ party: r.party, amount: r.carriedForward })) : [];
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
    registerYears: source.registerYears,
    actualLines: actualRows.map((a) => ({ id: String(a.id), source: a.source, correctsId: a.corrects_id === null ? null : String(a.corrects_id), createdBy: a.created_by, createdAt: a.created_at.toISOString() })),
  };
}

/** Everything the economy screen shows for a cluster-year, every amount in øre. */
export async function economyView(db: Kysely<Schema>, clusterId: string, year: number): Promise<JsonValue> {
  // Kept until the data changes (migration 0013's data version): the view reads only the database.
  return cachedByDataVersion(db, 'economy-view', `${clusterId}:${String(year)}`, () => computeEconomyView(db, clusterId, year));
}

async function computeEconomyView(db: Kysely<Schema>, clusterId: string, year: number): Promise<JsonValue> {
  const loaded = await loadEconomy(db, clusterId, { years: [year] });
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
    years: loaded.registerYears,
    allocated: loaded.allocatedYears.includes(year),
    parties: economy.parties,
    funds,
    extraLocalFunds: yearFunds?.extraLocalFunds ?? [],
    carriedIn: yearFunds?.carriedIn ?? [],
    budgetVsActual: bva,
    state: state.status === 'closed' ? { status: 'closed', closing: state.closing, totals: closingTotals(state.closing), lines: state.closing.rows.map((r) => describeRow(economy, r)) } : { status: 'open' },
    commitments: await db.selectFrom('ceiling_commitments').selectAll().where('cluster_id', '=', clusterId).where('year', '=', year).execute().then((rows) => rows.map((c) => ({ party: c.party, amountOre: c.amount_ore, recordedBy: c.recorded_by, recordedAt: c.recorded_at.toISOString() }))),
    initiatives: loaded.stored.map((s) => initiativeSummary(loaded, s, year)),
    settlements: await settlementsView(db, loaded, year),
    actuals: actualsView(loaded, year),
    overspending: overspending(economy, year).map((o) => ({ ...o, text: describeOverspend(o) })),
    overdrawn: overdrawnParties(funds).map((o) => ({ ...o, text: `${economy.parties.find((p) => p.id === o.party)?.name ?? o.party} har brugt eller disponeret ${formatOre(negOre(o.remaining))} kr. mere, end parten har.` })),
    stateVersion: (await db.selectFrom('cluster_years').select('version').where('cluster_id', '=', clusterId).where('year', '=', year).executeTakeFirst())?.version ?? null,
    labels: { status: STATUS_LABEL, targetGroup: TARGET_GROUP_LABEL, category: COST_CATEGORY_LABEL, funding: FUNDING_LABEL },
  });
}

/** The year's actual lines by month (then entry), each with its source, who/when and what it corrects. */
function actualsView(loaded: LoadedEconomy, year: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  // Titles by id once, not a search of the initiatives per line (the first of an id, as find gave).
  const titles = new Map<string, string>();
  for (const x of loaded.economy.initiatives) if (!titles.has(x.id)) titles.set(x.id, x.title);
  const prefix = `${String(year)}-`;
  loaded.economy.actuals.forEach((a, i) => {
    const line = loaded.actualLines[i];
    if (!line || !a.period.startsWith(prefix)) return;
    const title = titles.get(a.initiativeId) ?? a.initiativeId;
    out.push({ ...line, initiativeId: a.initiativeId, initiative: title, party: a.party, period: a.period, amountOre: a.amount, category: a.category, funding: a.funding, text: a.text });
  });
  return out;
}

/**
 * The year's settlement runs with their obligations and each party's posting file (for the list of
 * runs and its downloads), whether a run is in force or reversed, and actual lines entered after a
 * run for a month it settled (they wait for a reversal and a new run).
 */
async function settlementsView(db: Kysely<Schema>, loaded: LoadedEconomy, year: number): Promise<Record<string, unknown>[]> {
  const runs = await settlementRuns(db, loaded.clusterId, year);
  const inForce = new Set(runsInForce(runs).map((r) => r.id));
  const results = await settlementResults(db, runs.map((r) => r.id));
  const out: Record<string, unknown>[] = [];
  for (const r of [...runs].reverse()) {
    const full = { settlement: results.get(r.id) ?? (await getSettlement(db, Number(r.id))).settlement };
    const reversedBy = runs.find((x) => x.kind === 'reversal' && x.reversesId === r.id)?.id ?? null;
    out.push({
      ...r,
      inForce: inForce.has(r.id),
      reversedBy,
      obligations: full.settlement.obligations,
      files: full.settlement.files.filter((f) => f.lineCount > 0).map((f) => ({ party: f.party, partyName: loaded.economy.parties.find((p) => p.id === f.party)?.name ?? f.party, lineCount: f.lineCount, controlTotalOre: f.controlTotalOre })),
      unsettledLines: inForce.has(r.id) ? unsettledLineCount(loaded, r.createdAt, r) : 0,
    });
  }
  return out;
}

/**
 * What each party has been settled for the year (afregnet): the sum of its posting files' control
 * totals (its net frame impact) over the runs in force. Reversed runs and their reversals are left
 * out together, so a period settled, reversed and settled again counts once.
 */
export async function settledByParty(db: Kysely<Schema>, clusterId: string, year: number): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const runs = runsInForce(await settlementRuns(db, clusterId, year));
  const results = await settlementResults(db, runs.map((r) => r.id));
  for (const run of runs) {
    const full = { settlement: results.get(run.id) ?? (await getSettlement(db, Number(run.id))).settlement };
    for (const f of full.settlement.files) out.set(f.party, (out.get(f.party) ?? 0) + f.controlTotalOre);
  }
  return out;
}

/** Lines entered after a run for months that run settled. */
function unsettledLineCount(loaded: LoadedEconomy, settledAt: string, period: SettlementPeriod): number {
  const from = parsePeriod(period.from);
  const to = parsePeriod(period.to);
  return loaded.economy.actuals.filter((a, i) => {
    const p = parsePeriod(a.period);
    const line = loaded.actualLines[i];
    return a.funding === 'common' && line !== undefined && line.createdAt > settledAt && p.year === from.year && p.month >= from.month && p.month <= to.month;
  }).length;
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
  const loaded = await loadEconomy(db, s.clusterId, { years: initiativeYears(s.initiative), actuals: false });
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

/**
 * Runs `fn` in one transaction (joining the caller's) with the cluster-years locked, and with the
 * cluster's economy read AFTER the lock — so a guard's read of the funds and the write it permits
 * cannot interleave with another writer (see lockClusterYears).
 */
async function withLockedEconomy<T>(db: Kysely<Schema>, clusterId: string, years: readonly number[], fn: (trx: Kysely<Schema>, loaded: LoadedEconomy) => Promise<T>): Promise<T> {
  return inTransaction(db, async (trx) => {
    await requireCluster(trx, clusterId);
    await lockClusterYears(trx, clusterId, years);
    return fn(trx, await loadEconomy(trx, clusterId, { years: [...years] }));
  });
}

async function requireCluster(db: Kysely<Schema>, clusterId: string): Promise<void> {
  const row = await db.selectFrom('clusters').select('id').where('id', '=', clusterId).executeTakeFirst();
  if (!row) throw new NotFoundError('cluster.not-found', `Klyngen "${clusterId}" findes ikke.`);
}

/** Extra local funds (lokale midler) a party adds to the cluster-year, with the decision behind it. */
export async function addExtraLocalFunds(db: Kysely<Schema>, actor: Actor, clusterId: string, year: number, input: { party: string; amountOre: number; decisionReference: string }): Promise<void> {
  await withLockedEconomy(db, clusterId, [year], async (trx, loaded) => {
    assertYearOpen(loaded.states, year);
    if (!loaded.economy.years.some((y) => y.year === year)) throw new DomainError('economy.no-year', `Klyngen har ingen midler for ${String(year)}.`);
    const party = loaded.economy.parties.find((p) => p.id === input.party);
    if (!party) throw new DomainError('economy.unknown-party', `Parten "${input.party}" er ikke med i ${loaded.economy.clusterName}.`);
    if (input.amountOre <= 0) throw new DomainError('economy.extra-amount', 'Beløbet skal være større end 0 kr.');
    if (input.decisionReference.trim() === '') throw new DomainError('economy.extra-decision', 'Skriv hvilken beslutning de lokale midler bygger på.');
    const row = await trx
      .insertInto('extra_local_funds')
      .values({ cluster_id: clusterId, year, party: input.party, amount_ore: input.amountOre, decision_reference: input.decisionReference.trim(), created_by: actor.name })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordChange(trx, actor, { action: 'economy.extra-local-funds', entity: 'extra_local_funds', entityId: String(row.id), before: null, after: { clusterId, year, party: input.party, amountOre: input.amountOre, decisionReference: input.decisionReference } });
  });
}

/** The years an initiative input runs in (its period), for scoping what is read. */
function initiativeYearsOfInput(input: InitiativeInput): number[] {
  try {
    return initiativeYears({ ...input, id: '', number: 0, status: 'proposed' });
  } catch {
    // A malformed period is refused by the domain's validation in createInitiative.
    return [];
  }
}

/** Creates a proposed initiative after checking its parties belong to the cluster. */
export async function proposeInitiative(db: Kysely<Schema>, actor: Actor, clusterId: string, input: InitiativeInput, opts: { originInitiativeId?: string } = {}): Promise<StoredInitiative> {
  return inTransaction(db, async (trx) => {
    // Only the parties are checked: no initiatives' or actuals' history is needed.
    const loaded = await loadEconomy(trx, clusterId, { years: initiativeYearsOfInput(input), actuals: false });
    const known = new Set(loaded.economy.parties.map((p) => p.id));
    for (const p of [...input.executingParties, ...(input.agreedShares?.shares.map((s) => s.party) ?? [])]) {
      if (!known.has(p)) throw new DomainError('economy.unknown-party', `Parten "${p}" er ikke med i ${loaded.economy.clusterName}.`);
    }
    return createInitiative(trx, actor, clusterId, input, opts);
  });
}

/**
 * Runs `fn` on an initiative with its cluster-years locked (the years of the stored initiative and
 * any `extraYears`), re-reading the initiative after the lock so its version is the current one.
 */
async function withLockedInitiative<T>(db: Kysely<Schema>, id: string, extraYears: readonly number[], fn: (trx: Kysely<Schema>, loaded: LoadedEconomy, stored: StoredInitiative) => Promise<T>): Promise<T> {
  return inTransaction(db, async (trx) => {
    const first = await getInitiative(trx, id);
    const years = [...new Set([...initiativeYears(first.initiative), ...extraYears])];
    return withLockedEconomy(trx, first.clusterId, years, async (t, loaded) => fn(t, loaded, await getInitiative(t, id)));
  });
}

/** Edits the forecast; after approval the approved version is kept and the difference shown. */
export async function updateForecast(db: Kysely<Schema>, actor: Actor, id: string, expectedVersion: number, lines: readonly CostLine[]): Promise<StoredInitiative> {
  return withLockedInitiative(db, id, lines.map((l) => l.year), async (trx, loaded, stored) => {
    for (const y of new Set(lines.map((l) => l.year))) assertYearOpen(loaded.states, y);
    const known = new Set(loaded.economy.parties.map((p) => p.id));
    for (const l of lines) if (!known.has(l.party)) throw new DomainError('economy.unknown-party', `Parten "${l.party}" er ikke med i klyngen.`);
    const next = editForecast(stored.initiative, { lines });
    await saveInitiative(trx, actor, stored, next, 'initiative.forecast', expectedVersion);
    return getInitiative(trx, id);
  });
}

/**
 * Approval with the decision, under the approval guard (refused with the shortfall; nothing
 * changes). The funds are read and the approval written under the cluster-years' lock, so
 * concurrent approvals can never together exceed the funds.
 */
export async function approve(db: Kysely<Schema>, actor: Actor, id: string, expectedVersion: number, decision: Decision): Promise<StoredInitiative> {
  return withLockedInitiative(db, id, [], async (trx, loaded, stored) => {
    const next = stored.initiative.status === 'proposed' ? approveInitiative(loaded.economy, id, decision) : approveForecastRevision(loaded.economy, id, decision);
    await saveInitiative(trx, actor, stored, next, 'initiative.approve', expectedVersion);
    return getInitiative(trx, id);
  });
}

export async function changeInitiativeStatus(db: Kysely<Schema>, actor: Actor, id: string, expectedVersion: number, status: InitiativeStatus): Promise<StoredInitiative> {
  return withLockedInitiative(db, id, [], async (trx, _loaded, stored) => {
    await saveInitiative(trx, actor, stored, changeStatus(stored.initiative, status), 'initiative.status', expectedVersion);
    return getInitiative(trx, id);
  });
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
  throw new InvalidFileError('import.actuals', `Forbruget er afvist, og intet er ændret: ${String(result.errors.length)} linje(r) har fejl.`, { errors: result.errors });
}

type ActualSource = StoredActualLine['source'];
const ACTUALS_BATCH = 1_000;
/** Throws when the caller may not record figures for one of these parties (checked by the HTTP edge). */
export type PartyCheck = (parties: readonly string[]) => void;
const SOURCE_LABEL: Record<ActualSource, string> = { typed: 'indtastet', csv: 'CSV-udtræk', workbook: 'regneark' };

/**
 * Appends actual lines to the ledger (never changes or removes one), under the lock of the years
 * they fall in, so a year cannot be closed or settled halfway through.
 */
interface AppendOptions {
  /** Line index → the id of the line it corrects. */
  readonly corrects?: ReadonlyMap<number, string>;
  readonly authorizeParties?: PartyCheck | undefined;
  /** Checks run after authorisation, before anything is written (e.g. a file imported before). */
  readonly vet?: (actuals: readonly Actual[], loaded: LoadedEconomy, trx: Kysely<Schema>) => Promise<void>;
  readonly fileHash?: string;
  /** The years the lines can fall in, when known before parsing (the workbook's year). */
  readonly parseYears?: readonly number[];
}

async function appendActuals(db: Kysely<Schema>, actor: Actor, clusterId: string, parse: (loaded: LoadedEconomy) => Promise<readonly Actual[]>, source: ActualSource, detail: Record<string, JsonValue>, opts: AppendOptions = {}): Promise<number> {
  const corrects = opts.corrects ?? new Map<number, string>();
  const fileHash = opts.fileHash ?? null;
  return inTransaction(db, async (trx) => {
    await requireCluster(trx, clusterId);
    // Parsing matches lines to the cluster's initiatives (any year); the ledger is read after the lock.
    const first = await loadEconomy(trx, clusterId, opts.parseYears !== undefined ? { years: opts.parseYears } : { actuals: false });
    const actuals = await parse(first);
    // Authorisation on what was parsed: the party every line resolved to, not the file's text.
    opts.authorizeParties?.(actuals.map((a) => a.party));
    const years = new Set(actuals.map((a) => parsePeriod(a.period).year));
    await lockClusterYears(trx, clusterId, years);
    const loaded = await loadEconomy(trx, clusterId, { years: [...years] });
    await opts.vet?.(actuals, loaded, trx);
    for (const y of years) {
      assertYearOpen(loaded.states, y);
      if (actuals.some((a) => a.funding === 'common' && parsePeriod(a.period).year === y) && !loaded.allocatedYears.includes(y)) {
        throw new DomainError('economy.no-allocation', `${String(y)} har endnu ingen fordeling af fælles midler, så der kan ikke registreres forbrug af fælles midler i ${String(y)}.`);
      }
    }
    const importId = newId();
    // In batches: one INSERT may carry at most 65.535 parameters (still one transaction: all or nothing).
    for (let start = 0; start < actuals.length; start += ACTUALS_BATCH) {
      await trx
        .insertInto('actuals')
        .values(actuals.slice(start, start + ACTUALS_BATCH).map((a, k) => ({ cluster_id: clusterId, initiative_id: a.initiativeId, party: a.party, period: a.period, amount_ore: a.amount, category: a.category, funding: a.funding, text: a.text, import_id: importId, source, corrects_id: corrects.has(start + k) ? Number(corrects.get(start + k)) : null, file_hash: fileHash, created_by: actor.name })))
        .execute();
    }
    await recordChange(trx, actor, {
      action: 'economy.actuals',
      entity: 'actuals_import',
      entityId: importId,
      before: null,
      after: { clusterId, source: SOURCE_LABEL[source], ...detail, lines: actuals.map((a) => ({ initiativeId: a.initiativeId, party: a.party, period: a.period, amountOre: a.amount, category: a.category, funding: a.funding, text: a.text })), totalOre: actuals.reduce((s, a) => s + a.amount, 0) },
    });
    return actuals.length;
  });
}

/** Typed-in actuals: validated line by line like an import; all-or-nothing. */
export async function recordActuals(db: Kysely<Schema>, actor: Actor, clusterId: string, lines: readonly ActualInput[], authorizeParties?: PartyCheck): Promise<number> {
  return appendActuals(db, actor, clusterId, (loaded) => {
    const records = [
      { line: 1, cells: [...ACTUALS_COLUMNS] },
      ...lines.map((l, i) => ({ line: i + 2, cells: [l.initiativeId, l.party, l.period, formatOre(ore(l.amountOre)), l.category, l.funding, l.text] })),
    ];
    const result = validateActualsRows(records, actualsContext(loaded));
    // Typed-in lines are numbered from 1 in the UI, not by a file's header.
    return Promise.resolve(requireImport(result.ok ? result : { ok: false, errors: result.errors.map((e) => ({ line: e.line - 1, message: e.message.replace(/^Linje \d+/, `Linje ${String(e.line - 1)}`) })) }));
  }, 'typed', {}, { authorizeParties });
}

/**
 * Corrects an actual line (rettelse): a new line with the same initiative, party, month, category
 * and funding carrying the difference to the corrected amount. The corrected line stays as it was.
 */
export async function correctActual(db: Kysely<Schema>, actor: Actor, clusterId: string, lineId: number, input: { amountOre: number; text: string }): Promise<number> {
  const original = await db.selectFrom('actuals').selectAll().where('id', '=', lineId).where('cluster_id', '=', clusterId).executeTakeFirst();
  if (!original) throw new NotFoundError('actuals.not-found', `Forbrugslinje ${String(lineId)} findes ikke i klyngen.`);
  if (input.text.trim() === '') throw new DomainError('actuals.correction-text', 'Skriv hvorfor forbruget rettes.');
  // The line's amount as it stands now: the original plus every correction of it.
  const corrections = await db.selectFrom('actuals').select('amount_ore').where('corrects_id', '=', lineId).execute();
  const current = corrections.reduce((s, c) => s + c.amount_ore, original.amount_ore);
  const difference = input.amountOre - current;
  if (difference === 0) throw new DomainError('actuals.correction-none', 'Det rettede beløb er det samme som det nuværende; intet er ændret.');
  return appendActuals(db, actor, clusterId, () => Promise.resolve([{ initiativeId: original.initiative_id, party: original.party, period: original.period, amount: ore(difference), category: original.category as Actual['category'], funding: original.funding === 'own' ? 'own' : 'common', text: input.text.trim() }]), 'typed', { correctsLine: String(lineId), fromOre: current, toOre: input.amountOre }, { corrects: new Map([[0, String(lineId)]]) });
}

/** Same lines (initiative, party, month, amount, category, funding, text) as a key. */
function lineKey(a: Actual): string {
  return [a.initiativeId, a.party, a.period, String(a.amount), a.category, a.funding, a.text].join('\u0000');
}

/**
 * A ledger extract (CSV) from the executing party: appended, all-or-nothing. The same file
 * imported again, or lines identical to lines already recorded (or repeated within the file), are
 * not counted twice without a question: refused with 409 unless `confirmDuplicates` is given.
 */
export async function importActualsCsv(db: Kysely<Schema>, actor: Actor, clusterId: string, text: string, filename: string, authorizeParties?: PartyCheck, opts: { confirmDuplicates?: boolean } = {}): Promise<number> {
  const fileHash = createHash('sha256').update(text.replace(/\r\n?/g, '\n')).digest('hex');
  const vet = async (actuals: readonly Actual[], loaded: LoadedEconomy, trx: Kysely<Schema>): Promise<void> => {
    if (opts.confirmDuplicates === true) return;
    const before = await trx.selectFrom('actuals').select(['created_by', 'created_at']).where('cluster_id', '=', clusterId).where('file_hash', '=', fileHash).orderBy('id').limit(1).executeTakeFirst();
    if (before) {
      throw new ConflictError('conflict.actuals-file-again', `Filen "${filename}" er allerede indlæst (af ${before.created_by}, ${before.created_at.toISOString().slice(0, 10)}). Indlæs den kun igen, hvis forbruget virkelig skal registreres to gange.`, { duplicate: 'file' });
    }
    const existing = new Set(loaded.economy.actuals.map(lineKey));
    const seen = new Set<string>();
    const repeated = actuals.filter((a) => {
      const k = lineKey(a);
      const again = existing.has(k) || seen.has(k);
      seen.add(k);
      return again;
    }).length;
    if (repeated > 0) {
      throw new ConflictError('conflict.actuals-lines-again', `${String(repeated)} linje(r) i filen er magen til linjer, der allerede er registreret eller står to gange i filen. Indlæs kun, hvis de virkelig skal tælles med igen.`, { duplicate: 'lines', lines: repeated });
    }
  };
  return appendActuals(db, actor, clusterId, (loaded) => Promise.resolve(requireImport(parseActualsCsv(text, actualsContext(loaded), readCsv))), 'csv', { filename, fileHash, ...(opts.confirmDuplicates === true ? { duplicatesConfirmed: true } : {}) }, { authorizeParties, vet, fileHash });
}

/**
 * The workbook's actuals sheet, edited in a spreadsheet: the year's actuals become the sheet's, by
 * correcting lines for every difference (nothing is overwritten), all-or-nothing.
 */
export async function importWorkbookActuals(db: Kysely<Schema>, actor: Actor, clusterId: string, year: number, xlsx: Buffer): Promise<number> {
  return appendActuals(db, actor, clusterId, async (loaded) => {
    const sheet = requireImport(await importActualsSheet(xlsx, actualsContext(loaded, year)));
    assertYearOpen(loaded.states, year);
    return reconcileActuals(loaded.economy.actuals, sheet, year, 'Rettet fra regnearket');
  }, 'workbook', { year }, { parseYears: [year] });
}

async function settlementRuns(db: Kysely<Schema>, clusterId: string, year: number): Promise<(SettlementRunRef & { createdBy: string; createdAt: string; reason: string | null; overspendReason: string | null })[]> {
  const rows = await db.selectFrom('settlement_runs').select(['id', 'kind', 'period_from', 'period_to', 'reverses_id', 'reason', 'overspend_reason', 'created_by', 'created_at']).where('cluster_id', '=', clusterId).where('year', '=', year).orderBy('id').execute();
  return rows.map((r) => ({ id: String(r.id), kind: r.kind, from: r.period_from, to: r.period_to, reversesId: r.reverses_id === null ? null : String(r.reverses_id), reason: r.reason, overspendReason: r.overspend_reason, createdBy: r.created_by, createdAt: r.created_at.toISOString() }));
}

/**
 * Settles a period of one cluster-year and stores the run (what each party owes and books). Asking
 * again for a settled period answers with the run already made (`existing: true`); a partial
 * overlap, a closed year and unconfirmed overspending are refused. Refunds settle as negative
 * obligations.
 */
export async function createSettlement(db: Kysely<Schema>, actor: Actor, clusterId: string, period: SettlementPeriod & { overspendReason?: string }): Promise<{ id: string; existing: boolean; settlement: PeriodSettlement }> {
  const year = parsePeriod(period.from).year;
  return withLockedEconomy(db, clusterId, [year], async (trx, loaded) => {
    assertYearOpen(loaded.states, year);
    const place = placeSettlement(await settlementRuns(trx, clusterId, year), period);
    if (place.kind === 'existing') {
      const run = await getSettlement(trx, Number(place.run.id));
      return { id: run.id, existing: true, settlement: run.settlement };
    }
    const settlement = settlePeriod(loaded.economy, { from: period.from, to: period.to }, { charts: await loadPostingCharts(trx) });
    if (settlement.settlements.length === 0) throw new DomainError('settlement.nothing', `Der er intet forbrug af fælles midler at afregne i ${period.from}–${period.to}.`);
    const overspend = assertOverspendConfirmed(loaded.economy, period, period.overspendReason);
    const overspendReason = overspend.length > 0 ? (period.overspendReason ?? '').trim() : null;
    const row = await trx
      .insertInto('settlement_runs')
      .values({ cluster_id: clusterId, period_from: period.from, period_to: period.to, result: toJson(toStoredJson(settlement)), overspend_reason: overspendReason, created_by: actor.name })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordChange(trx, actor, {
      action: 'economy.settlement',
      entity: 'settlement_run',
      entityId: String(row.id),
      before: null,
      after: {
        clusterId,
        from: period.from,
        to: period.to,
        obligations: settlement.obligations.map((o) => ({ payer: o.payer, executing: o.executing, amountOre: o.amountOre })),
        files: settlement.files.length,
        ...(overspendReason !== null ? { overspendConfirmed: { reason: overspendReason, initiatives: overspend.map((o) => ({ initiativeId: o.initiativeId, title: o.title, overOre: o.over })) } } : {}),
      },
    });
    return { id: String(row.id), existing: false, settlement };
  });
}

/** Reverses a settlement run by a reversing run with equal and opposite lines, with the reason. */
export async function reverseSettlement(db: Kysely<Schema>, actor: Actor, runId: number, reason: string): Promise<{ id: string; settlement: PeriodSettlement }> {
  const original = await getSettlement(db, runId);
  const year = parsePeriod(original.settlement.period.from).year;
  return withLockedEconomy(db, original.clusterId, [year], async (trx, loaded) => {
    assertYearOpen(loaded.states, year);
    assertReversible(await settlementRuns(trx, original.clusterId, year), String(runId), reason);
    const reversal = reversePeriodSettlement(original.settlement, `Tilbageførsel af afregning ${String(runId)}: `);
    const row = await trx
      .insertInto('settlement_runs')
      .values({ cluster_id: original.clusterId, period_from: original.settlement.period.from, period_to: original.settlement.period.to, kind: 'reversal', reverses_id: runId, reason: reason.trim(), result: toJson(toStoredJson(reversal)), created_by: actor.name })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordChange(trx, actor, { action: 'economy.settlement-reverse', entity: 'settlement_run', entityId: String(row.id), before: { runId: String(runId), inForce: true }, after: { reverses: String(runId), reason: reason.trim(), obligations: reversal.obligations.map((o) => ({ payer: o.payer, executing: o.executing, amountOre: o.amountOre })) } });
    return { id: String(row.id), settlement: reversal };
  });
}

export async function getSettlement(db: Kysely<Schema>, id: number): Promise<{ id: string; clusterId: string; kind: 'settlement' | 'reversal'; reversesId: string | null; reason: string | null; overspendReason: string | null; createdAt: string; createdBy: string; settlement: PeriodSettlement }> {
  const row = await db.selectFrom('settlement_runs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('settlement.not-found', `Afregning ${String(id)} findes ikke.`);
  return {
    id: String(row.id),
    clusterId: row.cluster_id,
    kind: row.kind,
    reversesId: row.reverses_id === null ? null : String(row.reverses_id),
    reason: row.reason,
    overspendReason: row.overspend_reason,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    settlement: parsedSettlement(db, row.id, row.result),
  };
}

/** A posting file as CSV through the adapter; its formatted amounts are figures, its text escaped. */
function postingCsv(file: PartyPostingFile, clusterName = ''): string {
  const rows = postingFileRows(file, clusterName).map((r, i) => (i === 0 ? r : r.map((v, c) => (c === POSTING_ORE_COLUMN + 1 && typeof v === 'string' ? csvFigure(v) : v))));
  return writeCsv(rows, { bom: true });
}

/** A run's stored result, parsed once per database (runs are immutable: a trigger refuses changes). */
function parsedSettlement(db: Kysely<Schema>, id: number | string, result: JsonValue): PeriodSettlement {
  const cache = immutableCache<PeriodSettlement>(db, 'settlement-run');
  const hit = cache.get(String(id));
  if (hit !== undefined) return hit;
  const parsed = fromStoredJson(result) as PeriodSettlement;
  cache.set(String(id), parsed);
  return parsed;
}

/** The results of the given runs in one query (those parsed before are not read again). */
async function settlementResults(db: Kysely<Schema>, ids: readonly string[]): Promise<Map<string, PeriodSettlement>> {
  const cache = immutableCache<PeriodSettlement>(db, 'settlement-run');
  const out = new Map<string, PeriodSettlement>();
  const missing: number[] = [];
  for (const id of ids) {
    const hit = cache.get(id);
    if (hit !== undefined) out.set(id, hit);
    else missing.push(Number(id));
  }
  if (missing.length > 0) {
    const rows = await db.selectFrom('settlement_runs').select(['id', 'result']).where('id', 'in', missing).execute();
    for (const r of rows) out.set(String(r.id), parsedSettlement(db, r.id, r.result));
  }
  return out;
}

/** A party's posting file of a settlement as CSV or xlsx. */
export async function postingFile(db: Kysely<Schema>, id: number, party: string, format: 'csv' | 'xlsx'): Promise<{ filename: string; contentType: string; body: string | Buffer }> {
  const s = await getSettlement(db, id);
  const file = s.settlement.files.find((f) => f.party === party);
  if (!file || file.lineCount === 0) throw new NotFoundError('settlement.party-not-found', `Parten "${party}" har ingen konteringer i afregning ${s.id}.`);
  const base = `konteringer-${s.clusterId}-${s.kind === 'reversal' ? 'tilbagefoersel' : 'afregning'}-${s.id}-${party}`;
  return format === 'csv'
    ? { filename: `${base}.csv`, contentType: 'text/csv; charset=utf-8', body: postingCsv(file, s.settlement.clusterName) }
    : { filename: `${base}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: await postingFileWorkbookBuffer(file, s.settlement.clusterName) };
}

/** A party's commitment to room under its expenditure ceiling, so its unused funds may be carried forward. */
export async function recordCommitment(db: Kysely<Schema>, actor: Actor, clusterId: string, year: number, party: string, amountOre: number): Promise<void> {
  await withLockedEconomy(db, clusterId, [year], async (trx, loaded) => {
    assertYearOpen(loaded.states, year);
    if (!loaded.economy.parties.some((p) => p.id === party)) throw new DomainError('economy.unknown-party', `Parten "${party}" er ikke med i klyngen.`);
    if (!Number.isSafeInteger(amountOre) || amountOre < 0) throw new DomainError('year.negative-commitment', 'Et tilsagn om råderum kan ikke være negativt.');
    const before = await trx.selectFrom('ceiling_commitments').selectAll().where('cluster_id', '=', clusterId).where('year', '=', year).where('party', '=', party).executeTakeFirst();
    if (before) await trx.deleteFrom('ceiling_commitments').where('cluster_id', '=', clusterId).where('year', '=', year).where('party', '=', party).execute();
    await trx.insertInto('ceiling_commitments').values({ cluster_id: clusterId, year, party, amount_ore: amountOre, recorded_by: actor.name }).execute();
    await recordChange(trx, actor, { action: 'economy.commitment', entity: 'ceiling_commitment', entityId: `${clusterId}/${String(year)}/${party}`, before: before ? { amountOre: before.amount_ore, recordedBy: before.recorded_by } : null, after: { amountOre, recordedBy: actor.name } });
  });
}

/**
 * Closes the cluster-year: unused funds carried forward where a commitment is recorded, else
 * lapsed. Locks the year and the next (which receives what is carried); `expectedVersion`, when
 * given, must be the year's version the user saw.
 */
export async function closeClusterYear(db: Kysely<Schema>, actor: Actor, clusterId: string, year: number, now: Date, expectedVersion?: number): Promise<YearClosing> {
  return withLockedEconomy(db, clusterId, [year, year + 1], async (trx, loaded) => {
    const existing = await trx.selectFrom('cluster_years').selectAll().where('cluster_id', '=', clusterId).where('year', '=', year).executeTakeFirstOrThrow();
    if (expectedVersion !== undefined && existing.version !== expectedVersion) {
      throw new ConflictError('conflict.stale', `${String(year)} er ændret af en anden, siden du hentede det. Hent siden igen.`);
    }
    const state = loaded.states.find((s) => s.year === year) ?? { year, status: 'open' as const };
    const rows = await trx.selectFrom('ceiling_commitments').selectAll().where('cluster_id', '=', clusterId).where('year', '=', year).execute();
    const commitments: CeilingCommitment[] = rows.map((c) => ({ party: c.party, amount: ore(c.amount_ore), recordedBy: c.recorded_by, recordedAt: c.recorded_at.toISOString().slice(0, 10) }));
    const { closing } = closeYear(loaded.economy, state, commitments, { name: actor.name, role: 'secretariat' }, now.toISOString());
    // The next year must exist to receive what is carried (the domain checks it).
    if (closing.rows.some((r) => r.carriedForward > 0)) applyCarryForward(loaded.economy, closing);
    await trx.updateTable('cluster_years').set({ status: 'closed', closing: toJson(toStoredJson(closing)), version: existing.version + 1, updated_by: actor.name, updated_at: now }).where('cluster_id', '=', clusterId).where('year', '=', year).execute();
    await recordChange(trx, actor, { action: 'economy.close-year', entity: 'cluster_year', entityId: `${clusterId}/${String(year)}`, before: { status: 'open' }, after: { status: 'closed', ...(toApiJson(closingTotals(closing)) as Record<string, JsonValue>) } });
    return closing;
  });
}

/** Reopens a closed year (administrators only, by route policy) and takes back what it carried. */
export async function reopenClusterYear(db: Kysely<Schema>, actor: Actor, clusterId: string, year: number, now: Date): Promise<void> {
  await withLockedEconomy(db, clusterId, [year, year + 1], async (trx, loaded) => {
    const state = loaded.states.find((s) => s.year === year) ?? { year, status: 'open' as const };
    reopenYear(loaded.economy, state, { name: actor.name, role: 'administrator' });
    if (loaded.states.find((s) => s.year === year + 1)?.status === 'closed') {
      throw new DomainError('year.next-closed', `${String(year + 1)} er også afsluttet; genåbn det først.`);
    }
    await trx.updateTable('cluster_years').set((eb) => ({ status: 'open', closing: null, version: eb('version', '+', 1), updated_by: actor.name, updated_at: now })).where('cluster_id', '=', clusterId).where('year', '=', year).execute();
    // The closing that the reopening removes is kept in the trail (old values for every replacement).
    const closing = state.status === 'closed' ? { ...(toApiJson(closingTotals(state.closing)) as Record<string, JsonValue>), closing: toApiJson(state.closing) } : {};
    await recordChange(trx, actor, { action: 'economy.reopen-year', entity: 'cluster_year', entityId: `${clusterId}/${String(year)}`, before: { status: 'closed', ...closing }, after: { status: 'open' } });
  });
}

/** The cluster-year as the Klyngebudget og -regnskab workbook (formulas for totals). */
export async function economyWorkbook(db: Kysely<Schema>, clusterId: string, year: number): Promise<{ filename: string; body: Buffer }> {
  const loaded = await loadEconomy(db, clusterId, { years: [year] });
  const state = loaded.states.find((s) => s.year === year);
  const body = await clusterWorkbookBuffer({ economy: loaded.economy, year, charts: await loadPostingCharts(db), ...(state?.status === 'closed' ? { closing: state.closing } : {}) });
  return { filename: `klyngebudget-${clusterId}-${String(year)}.xlsx`, body };
}
