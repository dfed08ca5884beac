import { DomainError } from '../errors.ts';
import type { Øre } from '../money.ts';
import { fromInteger, type Rational } from '../rational.ts';
import { distribute, type KeyEntry } from '../distribution.ts';

import type { PartyKind } from '../settlement.ts';

export type { PartyKind };

export interface EconomyParty {
  /** Official code as text: municipality 3 digits (e.g. "101"), region 1081–1085. */
  readonly id: string;
  readonly name: string;
  readonly kind: PartyKind;
}

/** An agreed share of a cost (betalingsandel): a non-negative basis per party. */
export interface PayerShare {
  readonly party: string;
  readonly basis: Rational;
}

/** A cluster-year as `YYYY`; periods within it as `YYYY-MM` (month) — strings, no clock in the core. */
export function parsePeriod(text: string): { year: number; month: number } {
  const m = /^(\d{4})-(\d{2})$/.exec(text.trim());
  const month = Number(m?.[2]);
  if (!m || month < 1 || month > 12) {
    throw new DomainError('economy.period-malformed', `"${text}" er ikke en periode (skriv år og måned som 2023-04).`);
  }
  return { year: Number(m[1]), month };
}

export function partyName(parties: readonly EconomyParty[], id: string): string {
  return parties.find((p) => p.id === id)?.name ?? id;
}

export function requireParty(parties: readonly EconomyParty[], id: string): EconomyParty {
  const party = parties.find((p) => p.id === id);
  if (!party) throw new DomainError('economy.unknown-party', `Parten "${id}" er ikke med i klyngens økonomi.`, { party: id });
  return party;
}

/**
 * Splits an amount over payer shares with THE distribution mechanism (øre). Returns one amount per
 * party in key order; always sums to `amount`.
 */
export function splitByShares(amount: Øre, shares: readonly PayerShare[]): Map<string, Øre> {
  const key: KeyEntry[] = shares.map((s) => ({ party: s.party, basis: s.basis }));
  const d = distribute(amount, key, 'øre');
  return new Map(d.rows.map((r) => [r.party, r.amount]));
}

/** Default payer shares: each party's contribution of common funds as basis (its share of the pool). */
export function sharesFromContributions(contributions: readonly { party: string; amount: Øre }[]): PayerShare[] {
  return contributions.map((c) => ({ party: c.party, basis: fromInteger(c.amount) }));
}
