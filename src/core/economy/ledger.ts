import { ConflictError, DomainError, NotFoundError } from '../errors.ts';
import { type Øre, ZERO, addOre, formatKr, subOre } from '../money.ts';
import { type Actual, actualPeriod, actualsOfInitiative } from './actuals.ts';
import { commonForecastForYear } from './forecast.ts';
import { type ClusterEconomy } from './funds.ts';
import type { FundsView } from './funds.ts';
import { parsePeriod } from './parties.ts';
import { type SettlementPeriod, periodLabel } from './period-settlement.ts';

/**
 * The settlement ledger's rules (afregning som bogføring):
 * - a settlement run covers a period (months) of ONE cluster-year;
 * - the periods of a cluster-year's runs in force never overlap, so no spending is charged twice;
 *   asking again for exactly a settled period answers with the run already made;
 * - a run is taken back only by a reversing run (tilbageførsel) with equal and opposite lines and a
 *   reason; after that the period may be settled again (with corrected actuals);
 * - refunds and corrections (negative actuals) settle as negative obligations;
 * - spending beyond an initiative's approved amount is settled only with a recorded reason.
 */

/** What the ledger needs to know of a stored run. */
export interface SettlementRunRef {
  readonly id: string;
  readonly kind: 'settlement' | 'reversal';
  readonly from: string;
  readonly to: string;
  /** For a reversal: the run it reverses. */
  readonly reversesId: string | null;
}

/** Months of a period as numbers (year × 12 + month), inclusive. */
function monthRange(p: SettlementPeriod): { from: number; to: number } {
  const a = parsePeriod(p.from);
  const b = parsePeriod(p.to);
  return { from: a.year * 12 + a.month, to: b.year * 12 + b.month };
}

/** Settlement runs in force: not reversals, and not reversed. */
export function runsInForce(runs: readonly SettlementRunRef[]): SettlementRunRef[] {
  const reversed = new Set(runs.filter((r) => r.kind === 'reversal').map((r) => r.reversesId));
  return runs.filter((r) => r.kind === 'settlement' && !reversed.has(r.id));
}

/**
 * Where a new settlement of `period` stands against the runs already made: 'new' when no run in
 * force touches its months, 'existing' (with the run) when one covers exactly the same months.
 * A partial overlap is refused, naming the run.
 */
export function placeSettlement(runs: readonly SettlementRunRef[], period: SettlementPeriod): { kind: 'new' } | { kind: 'existing'; run: SettlementRunRef } {
  const wanted = monthRange(period);
  for (const run of runsInForce(runs)) {
    const have = monthRange(run);
    if (have.from === wanted.from && have.to === wanted.to) return { kind: 'existing', run };
    if (have.from <= wanted.to && wanted.from <= have.to) {
      throw new ConflictError(
        'conflict.settlement-overlap',
        `Perioden ${periodLabel(period)} overlapper afregning ${run.id} (${periodLabel(run)}), som allerede er afregnet. Tilbagefør den afregning først, hvis den skal laves om.`,
        { runId: run.id },
      );
    }
  }
  return { kind: 'new' };
}

/** Checks that a run may be reversed: it is a settlement in force. */
export function assertReversible(runs: readonly SettlementRunRef[], runId: string, reason: string): void {
  const run = runs.find((r) => r.id === runId);
  if (!run) throw new NotFoundError('settlement.not-found', `Afregning ${runId} findes ikke.`);
  if (run.kind === 'reversal') throw new DomainError('settlement.reverse-reversal', `Afregning ${runId} er selv en tilbageførsel og kan ikke tilbageføres.`);
  if (runs.some((r) => r.kind === 'reversal' && r.reversesId === runId)) {
    throw new ConflictError('conflict.settlement-reversed', `Afregning ${runId} er allerede tilbageført.`);
  }
  if (reason.trim() === '') throw new DomainError('settlement.reason', 'Skriv hvorfor afregningen tilbageføres.');
}

/** An initiative whose common-funds spending goes beyond what was approved for the year (overforbrug). */
export interface Overspend {
  readonly initiativeId: string;
  readonly title: string;
  readonly year: number;
  /** The approved common-funds forecast for the year (0 when never approved). */
  readonly approved: Øre;
  readonly spent: Øre;
  readonly over: Øre;
}

function commonSpent(actuals: readonly Actual[], initiativeId: string, year: number, toMonth: number): Øre {
  let sum = ZERO;
  for (const a of actualsOfInitiative(actuals, initiativeId)) {
    if (a.funding !== 'common') continue;
    const p = actualPeriod(a);
    if (p.year === year && p.month <= toMonth) sum = addOre(sum, a.amount);
  }
  return sum;
}

/**
 * Initiatives whose common-funds spending in `year`, up to and including month `toMonth` (12 for the
 * whole year), exceeds their approved common-funds forecast for that year.
 */
export function overspending(economy: ClusterEconomy, year: number, toMonth = 12): Overspend[] {
  const out: Overspend[] = [];
  for (const i of economy.initiatives) {
    const spent = commonSpent(economy.actuals, i.id, year, toMonth);
    if (spent <= 0) continue;
    const approved = i.approvedForecast ? commonForecastForYear(i.approvedForecast, year) : ZERO;
    if (spent > approved) out.push({ initiativeId: i.id, title: i.title, year, approved, spent, over: subOre(spent, approved) });
  }
  return out;
}

/** Danish text for an overspend, e.g. on the screen and in the workbook. */
export function describeOverspend(o: Overspend): string {
  return `Forbruget af fælles midler (${formatKr(o.spent)}) er ${formatKr(o.over)} over det godkendte beløb (${formatKr(o.approved)}) for ${String(o.year)}.`;
}

/** Parties that have spent or committed more than they have (rest under 0 kr.). */
export function overdrawnParties(view: FundsView): { party: string; remaining: Øre }[] {
  return view.parties.filter((r) => r.remaining < 0).map((r) => ({ party: r.party, remaining: r.remaining }));
}

/**
 * The settlement of a period that includes spending beyond the approved amount needs the user's
 * explicit confirmation with a reason; without it the settlement is refused, naming the initiatives.
 */
export function assertOverspendConfirmed(economy: ClusterEconomy, period: SettlementPeriod, overspendReason: string | undefined): Overspend[] {
  const year = parsePeriod(period.from).year;
  const found = overspending(economy, year, parsePeriod(period.to).month);
  if (found.length > 0 && (overspendReason ?? '').trim() === '') {
    throw new DomainError(
      'settlement.overspend-unconfirmed',
      `Afregningen omfatter forbrug ud over det godkendte: ${found.map((o) => `"${o.title}" ${formatKr(o.over)} over`).join('; ')}. Bekræft med en begrundelse, hvis det skal afregnes.`,
      { overspend: found.map((o) => ({ initiativeId: o.initiativeId, title: o.title, overOre: o.over })) },
    );
  }
  return found;
}

/**
 * What must be added to the ledger so the year's actuals become those of an edited sheet: for each
 * initiative, party, month, category and funding whose sum differs, one correcting line with the
 * difference. Nothing is removed; a line deleted from the sheet is taken back by a negative line.
 */
export function reconcileActuals(existing: readonly Actual[], sheet: readonly Actual[], year: number, text: string): Actual[] {
  const key = (a: Actual): string => [a.initiativeId, a.party, a.period, a.category, a.funding].join('\u0000');
  const sums = new Map<string, { sample: Actual; have: Øre; want: Øre }>();
  for (const a of existing) {
    if (actualPeriod(a).year !== year) continue;
    const e = sums.get(key(a)) ?? { sample: a, have: ZERO, want: ZERO };
    sums.set(key(a), { ...e, have: addOre(e.have, a.amount) });
  }
  for (const a of sheet) {
    const e = sums.get(key(a)) ?? { sample: a, have: ZERO, want: ZERO };
    sums.set(key(a), { ...e, want: addOre(e.want, a.amount) });
  }
  const out: Actual[] = [];
  for (const { sample, have, want } of sums.values()) {
    if (have !== want) out.push({ ...sample, amount: subOre(want, have), text });
  }
  return out;
}
