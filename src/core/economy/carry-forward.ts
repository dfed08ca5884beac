import { DomainError, ForbiddenError } from '../errors.ts';
import { type Øre, ZERO, addOre, formatKr, subOre } from '../money.ts';
import { type ClusterEconomy, fundsView } from './funds.ts';
import { partyName } from './parties.ts';

/**
 * A party's commitment to room under its expenditure ceiling (udgiftsloft/serviceramme) for the
 * next year — the condition for carrying its unused contribution forward (seed 000 D, seed 002).
 */
export interface CeilingCommitment {
  readonly party: string;
  /** The room committed for the carry-forward; at most the unused part is carried. */
  readonly amount: Øre;
  readonly recordedBy: string;
  /** ISO timestamp, passed in (no clock in the core). */
  readonly recordedAt: string;
}

export interface CarryForwardRow {
  readonly party: string;
  /** Contributed to the year's pool: contribution + extra local + carried in (bidrag). */
  readonly contributed: Øre;
  /** Its share of the year's actual common-funds spending (forbrug). */
  readonly spent: Øre;
  /** contributed − spent; negative means it paid more than it put in (uforbrugt). */
  readonly unused: Øre;
  /** Carried into next year (videreført). */
  readonly carriedForward: Øre;
  /** Unused but not carried (bortfaldet). */
  readonly lapsed: Øre;
  readonly commitment?: CeilingCommitment;
}

export interface YearClosing {
  readonly year: number;
  readonly closedBy: string;
  readonly closedAt: string;
  readonly rows: readonly CarryForwardRow[];
}

/** A cluster-year is open for changes or closed (årsafslutning). */
export type ClusterYearState = { readonly year: number; readonly status: 'open' } | { readonly year: number; readonly status: 'closed'; readonly closing: YearClosing };

/** Who acts; only an administrator may reopen a closed year. */
export interface Actor {
  readonly name: string;
  readonly role: 'administrator' | 'secretariat' | 'finance' | 'reader';
}

/**
 * Closes a cluster-year: per party contributed − spent = unused. The unused part is carried into
 * the next year only as far as the party's ceiling commitment is recorded; the rest lapses.
 */
export function closeYear(
  economy: ClusterEconomy,
  state: ClusterYearState,
  commitments: readonly CeilingCommitment[],
  actor: Actor,
  at: string,
): { state: ClusterYearState; closing: YearClosing } {
  if (state.status === 'closed') throw new DomainError('year.already-closed', `${String(state.year)} er allerede afsluttet.`);
  if (actor.role === 'reader') throw new ForbiddenError('year.forbidden', 'Du har ikke ret til at afslutte et år.');
  const view = fundsView(economy, state.year);
  for (const c of commitments) {
    if (!view.parties.some((p) => p.party === c.party)) {
      throw new DomainError('economy.unknown-party', `Parten "${c.party}" er ikke med i klyngens økonomi.`);
    }
    if (c.amount < 0) throw new DomainError('year.negative-commitment', 'Et tilsagn om råderum kan ikke være negativt.');
    if (c.recordedBy.trim() === '' || c.recordedAt.trim() === '') {
      throw new DomainError('year.commitment-who-when', `Tilsagnet fra ${partyName(economy.parties, c.party)} skal have hvem og hvornår.`);
    }
  }
  const rows = view.parties.map((p): CarryForwardRow => {
    const unused = subOre(p.available, p.spent);
    const carriable = unused > 0 ? unused : ZERO;
    const commitment = commitments.find((c) => c.party === p.party);
    const carriedForward = commitment ? (commitment.amount < carriable ? commitment.amount : carriable) : ZERO;
    const base = { party: p.party, contributed: p.available, spent: p.spent, unused, carriedForward, lapsed: subOre(carriable, carriedForward) };
    return commitment ? { ...base, commitment } : base;
  });
  const closing: YearClosing = { year: state.year, closedBy: actor.name, closedAt: at, rows };
  return { state: { year: state.year, status: 'closed', closing }, closing };
}

/** The next year's funds with what was carried in from the closing (replacing any earlier carry-in from that year). */
export function applyCarryForward(economy: ClusterEconomy, closing: YearClosing): ClusterEconomy {
  const next = closing.year + 1;
  if (!economy.years.some((y) => y.year === next)) {
    throw new DomainError('economy.no-year', `Klyngen har ingen midler registreret for ${String(next)}; opret året før videreførelse.`);
  }
  const carriedIn = closing.rows.filter((r) => r.carriedForward > 0).map((r) => ({ party: r.party, amount: r.carriedForward }));
  return { ...economy, years: economy.years.map((y) => (y.year === next ? { ...y, carriedIn } : y)) };
}

/** Reopens a closed year — administrators only — and takes back what it carried into the next year. */
export function reopenYear(economy: ClusterEconomy, state: ClusterYearState, actor: Actor): { state: ClusterYearState; economy: ClusterEconomy } {
  if (state.status !== 'closed') throw new DomainError('year.not-closed', `${String(state.year)} er ikke afsluttet.`);
  if (actor.role !== 'administrator') {
    throw new ForbiddenError('year.reopen-forbidden', `Kun en administrator kan genåbne et afsluttet år (${String(state.year)}).`);
  }
  const next = state.year + 1;
  return {
    state: { year: state.year, status: 'open' },
    economy: { ...economy, years: economy.years.map((y) => (y.year === next ? { ...y, carriedIn: [] } : y)) },
  };
}

/** Changes to a closed year are refused. */
export function assertYearOpen(states: readonly ClusterYearState[], year: number): void {
  if (states.some((s) => s.year === year && s.status === 'closed')) {
    throw new DomainError('year.closed', `${String(year)} er afsluttet; en administrator skal genåbne året før ændringer.`);
  }
}

export function closingTotals(closing: YearClosing): Omit<CarryForwardRow, 'party' | 'commitment'> {
  const sum = (k: 'contributed' | 'spent' | 'unused' | 'carriedForward' | 'lapsed'): Øre => addOre(ZERO, ...closing.rows.map((r) => r[k]));
  return { contributed: sum('contributed'), spent: sum('spent'), unused: sum('unused'), carriedForward: sum('carriedForward'), lapsed: sum('lapsed') };
}

export function describeRow(economy: ClusterEconomy, r: CarryForwardRow): string {
  const name = partyName(economy.parties, r.party);
  if (r.unused <= 0) return `${name}: intet uforbrugt (${formatKr(r.unused)}).`;
  if (!r.commitment) return `${name}: ${formatKr(r.unused)} uforbrugt bortfalder, fordi der ikke er registreret tilsagn om råderum under udgiftsloftet.`;
  return `${name}: ${formatKr(r.carriedForward)} videreføres (tilsagn registreret af ${r.commitment.recordedBy} ${r.commitment.recordedAt}); ${formatKr(r.lapsed)} bortfalder.`;
}
