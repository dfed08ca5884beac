import { DomainError, NotFoundError } from '../errors.ts';
import { type Øre, ZERO, addOre, formatKr, subOre } from '../money.ts';
import { type Actual, actualYear, actualsOfInitiative } from './actuals.ts';
import { commonForecastForYear, validateForecast } from './forecast.ts';
import { type Decision, type Initiative, canMoveTo, initiativeYears, STATUS_LABEL, validateInitiative } from './initiative.ts';
import { type EconomyParty, type PayerShare, requireParty, sharesFromContributions, splitByShares } from './parties.ts';

/** Extra local funds (lokale midler) a party agrees to add to the pool, with the decision behind it. */
export interface ExtraLocalFunds {
  readonly party: string;
  readonly amount: Øre;
  readonly decisionReference: string;
}

/** A cluster's funds for one year (klyngens midler). */
export interface ClusterYearFunds {
  readonly year: number;
  /** Each party's contribution of common funds (fælles midler) from the year's allocation run. */
  readonly contributions: readonly { readonly party: string; readonly amount: Øre }[];
  /** The cluster's allocated common funds per the allocation run; when given, contributions must add up to it. */
  readonly allocatedCommonFunds?: Øre;
  readonly extraLocalFunds: readonly ExtraLocalFunds[];
  /** Carried in (videreført) from the previous year's closing, per party. */
  readonly carriedIn: readonly { readonly party: string; readonly amount: Øre }[];
}

/** Everything the pure economy needs about one cluster. */
export interface ClusterEconomy {
  readonly clusterName: string;
  readonly parties: readonly EconomyParty[];
  readonly years: readonly ClusterYearFunds[];
  readonly initiatives: readonly Initiative[];
  readonly actuals: readonly Actual[];
}

export function yearFunds(economy: ClusterEconomy, year: number): ClusterYearFunds {
  const f = economy.years.find((y) => y.year === year);
  if (!f) throw new DomainError('economy.no-year', `Klyngen har ingen midler registreret for ${String(year)}.`, { year });
  return f;
}

export function validateYearFunds(parties: readonly EconomyParty[], f: ClusterYearFunds): void {
  for (const c of [...f.contributions, ...f.extraLocalFunds, ...f.carriedIn]) {
    requireParty(parties, c.party);
    if (c.amount < 0) throw new DomainError('economy.negative-funds', `Et bidrag til klyngens midler i ${String(f.year)} er negativt.`);
  }
  for (const e of f.extraLocalFunds) {
    if (e.decisionReference.trim() === '') {
      throw new DomainError('economy.extra-funds-decision', 'Tilførte lokale midler skal henvise til den beslutning, der tilfører dem.');
    }
  }
  const seen = new Set<string>();
  for (const c of f.contributions) {
    if (seen.has(c.party)) throw new DomainError('economy.duplicate-contribution', `Parten "${c.party}" har to bidrag i ${String(f.year)}.`);
    seen.add(c.party);
  }
  if (f.allocatedCommonFunds !== undefined) {
    const sum = addOre(ZERO, ...f.contributions.map((c) => c.amount));
    if (sum !== f.allocatedCommonFunds) {
      throw new DomainError(
        'economy.contributions-mismatch',
        `Parternes bidrag (${formatKr(sum)}) svarer ikke til klyngens tildelte fælles midler (${formatKr(f.allocatedCommonFunds)}) i ${String(f.year)}.`,
      );
    }
  }
}

/** Payer shares for an initiative in a year: the agreed ones, else the parties' shares of the year's common funds. */
export function payerSharesFor(economy: ClusterEconomy, initiative: Initiative, year: number): readonly PayerShare[] {
  return initiative.agreedShares?.shares ?? sharesFromContributions(yearFunds(economy, year).contributions);
}

/** Actual common-funds spending of an initiative in a year. */
export function actualCommon(actuals: readonly Actual[], initiativeId: string, year: number): Øre {
  return actualsOfInitiative(actuals, initiativeId)
    .filter((a) => a.funding === 'common' && actualYear(a) === year)
    .reduce((s, a) => addOre(s, a.amount), ZERO);
}

/**
 * What an initiative commits of the year's common funds: while approved or running, the larger of
 * its approved forecast and what it has spent; otherwise (proposed, rejected, ended, stopped,
 * evaluated) only what it actually spent — the rest of its forecast is released.
 */
export function committedCommon(economy: ClusterEconomy, i: Initiative, year: number): Øre {
  const spent = actualCommon(economy.actuals, i.id, year);
  if (i.status === 'approved' || i.status === 'running') {
    const forecast = commonForecastForYear(i.approvedForecast ?? i.forecast, year);
    return forecast > spent ? forecast : spent;
  }
  return spent;
}

/** One row of the funds view (midler): for a party, or the cluster in total. */
export interface FundsRow {
  readonly party: string;
  readonly contribution: Øre;
  readonly extraLocal: Øre;
  readonly carriedIn: Øre;
  /** contribution + extra local + carried in (disponibelt) */
  readonly available: Øre;
  /** disposed of by approved initiatives (disponeret); includes spent */
  readonly committed: Øre;
  /** actually spent (forbrugt) */
  readonly spent: Øre;
  /** available − committed (rest) */
  readonly remaining: Øre;
}

export interface FundsView {
  readonly year: number;
  readonly parties: readonly FundsRow[];
  readonly cluster: FundsRow;
}

/**
 * The cluster's funds for a year, for the cluster and per party. A party's committed and spent
 * amounts are its payer share of each initiative's; spent and the still-open commitment are split
 * separately (each with distribute), so a party's committed is never below its spent.
 */
export function fundsView(economy: ClusterEconomy, year: number): FundsView {
  const f = yearFunds(economy, year);
  validateYearFunds(economy.parties, f);
  const acc = new Map<string, { contribution: Øre; extraLocal: Øre; carriedIn: Øre; committed: Øre; spent: Øre }>();
  for (const p of economy.parties) acc.set(p.id, { contribution: ZERO, extraLocal: ZERO, carriedIn: ZERO, committed: ZERO, spent: ZERO });
  const row = (id: string): { contribution: Øre; extraLocal: Øre; carriedIn: Øre; committed: Øre; spent: Øre } => {
    const r = acc.get(id);
    if (!r) throw new DomainError('economy.unknown-party', `Parten "${id}" er ikke med i klyngens økonomi.`);
    return r;
  };
  for (const c of f.contributions) row(c.party).contribution = addOre(row(c.party).contribution, c.amount);
  for (const c of f.extraLocalFunds) row(c.party).extraLocal = addOre(row(c.party).extraLocal, c.amount);
  for (const c of f.carriedIn) row(c.party).carriedIn = addOre(row(c.party).carriedIn, c.amount);
  for (const i of economy.initiatives) {
    const committed = committedCommon(economy, i, year);
    if (committed === 0) continue;
    const spent = actualCommon(economy.actuals, i.id, year);
    const shares = payerSharesFor(economy, i, year);
    const spentSplit = splitByShares(spent, shares);
    const openSplit = splitByShares(subOre(committed, spent), shares);
    for (const s of shares) {
      const r = row(s.party);
      const sp = spentSplit.get(s.party) ?? ZERO;
      r.spent = addOre(r.spent, sp);
      r.committed = addOre(r.committed, sp, openSplit.get(s.party) ?? ZERO);
    }
  }
  const parties = economy.parties.map((p): FundsRow => {
    const r = row(p.id);
    const available = addOre(r.contribution, r.extraLocal, r.carriedIn);
    return { party: p.id, ...r, available, remaining: subOre(available, r.committed) };
  });
  const sum = (k: keyof Omit<FundsRow, 'party'>): Øre => addOre(ZERO, ...parties.map((r) => r[k]));
  const cluster: FundsRow = {
    party: '',
    contribution: sum('contribution'),
    extraLocal: sum('extraLocal'),
    carriedIn: sum('carriedIn'),
    available: sum('available'),
    committed: sum('committed'),
    spent: sum('spent'),
    remaining: sum('remaining'),
  };
  return { year, parties, cluster };
}

function withInitiative(economy: ClusterEconomy, i: Initiative): ClusterEconomy {
  return { ...economy, initiatives: economy.initiatives.map((x) => (x.id === i.id ? i : x)) };
}

/**
 * Approval guard: for every year the initiative spans, its common-funds forecast must fit in the
 * cluster's remaining funds (not counting the initiative itself); otherwise the shortfall is shown.
 */
function assertFits(economy: ClusterEconomy, candidate: Initiative, what: string): void {
  const others = { ...economy, initiatives: economy.initiatives.filter((x) => x.id !== candidate.id) };
  const shortfalls: string[] = [];
  for (const year of initiativeYears(candidate)) {
    const need = commonForecastForYear(candidate.forecast, year);
    if (need === 0) continue;
    // `others` does not count the candidate at all, so its own spending (if any) is added back here.
    const spent = actualCommon(economy.actuals, candidate.id, year);
    const commitment = need > spent ? need : spent;
    const remaining = fundsView(others, year).cluster.remaining;
    if (commitment > remaining) {
      shortfalls.push(`${String(year)}: prognosen er ${formatKr(need)}, klyngen har ${formatKr(remaining)} tilbage, der mangler ${formatKr(subOre(commitment, remaining))}`);
    }
  }
  if (shortfalls.length > 0) {
    throw new DomainError('economy.insufficient-funds', `${what} kan ikke godkendes, fordi klyngens midler ikke rækker (${shortfalls.join('; ')}).`, { shortfalls });
  }
}

/** Approves a proposed initiative (with the decision) under the approval guard; the forecast is frozen as approved. */
export function approveInitiative(economy: ClusterEconomy, initiativeId: string, decision: Decision): Initiative {
  const i = economy.initiatives.find((x) => x.id === initiativeId);
  if (!i) throw new NotFoundError('initiative.unknown', `Indsatsen "${initiativeId}" findes ikke.`);
  if (!canMoveTo(i.status, 'approved')) {
    throw new DomainError('initiative.status-transition', `En indsats med status "${STATUS_LABEL[i.status]}" kan ikke godkendes.`);
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(decision.date) || decision.meetingReference.trim() === '') {
    throw new DomainError('initiative.decision', 'Godkendelsen skal have en dato (ÅÅÅÅ-MM-DD) og en henvisning til mødet.');
  }
  validateInitiative(i);
  assertFits(economy, i, `Indsatsen "${i.title}"`);
  return { ...i, status: 'approved', approval: decision, approvedForecast: i.forecast };
}

/** Approves an edited forecast of an approved/running initiative, under the same guard. */
export function approveForecastRevision(economy: ClusterEconomy, initiativeId: string, decision: Decision): Initiative {
  const i = economy.initiatives.find((x) => x.id === initiativeId);
  if (!i) throw new NotFoundError('initiative.unknown', `Indsatsen "${initiativeId}" findes ikke.`);
  if (i.status !== 'approved' && i.status !== 'running') {
    throw new DomainError('initiative.status-transition', 'Kun en godkendt eller igangværende indsats kan få en ændret prognose godkendt.');
  }
  validateForecast(i.forecast);
  assertFits(withInitiative(economy, i), i, `Den ændrede prognose for "${i.title}"`);
  return { ...i, approval: decision, approvedForecast: i.forecast };
}
