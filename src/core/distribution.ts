import { DomainError } from './errors.ts';
import { type Øre, oreFromBigInt } from './money.ts';
import * as Q from './rational.ts';
import type { Rational } from './rational.ts';

/**
 * The one distribution mechanism of the product (fordelingsnøgle): an amount distributed over
 * parties in proportion to a non-negative basis, by the largest-remainder (Hamilton) method.
 *
 * 1. Each party's exact quotient is amount × basis / Σ basis, in the chosen unit (øre or whole kroner).
 * 2. Each party gets the floor of its quotient.
 * 3. The units left over go one each to the largest fractional remainders.
 *    Tie-break: larger remainder, then larger basis, then the earlier party in the key.
 *
 * Exact rational arithmetic throughout; the result always sums to the amount.
 */

/** The rounding unit: whole kroner (published tables) or øre (bookkeeping). */
export type DistributionUnit = 'krone' | 'øre';

export const ORE_PER_UNIT: Record<DistributionUnit, bigint> = { krone: 100n, øre: 1n };

export interface KeyEntry<P extends string = string> {
  readonly party: P;
  /** Population, partial population, or a weighted population (e.g. ½ × 41.382). Non-negative. */
  readonly basis: Rational;
}

export interface DistributionRow<P extends string = string> {
  readonly party: P;
  readonly basis: Rational;
  /** basis / Σ basis */
  readonly shareOfTotal: Rational;
  /** amount × share, in units — before rounding. */
  readonly exactQuotient: Rational;
  /** floor(exactQuotient), in units. */
  readonly floorUnits: bigint;
  /** true when this party received one of the leftover units. */
  readonly receivedRemainderUnit: boolean;
  /** 1-based rank among all parties by the tie-break order (1 = first in line for a leftover unit). */
  readonly remainderRank: number;
  readonly units: bigint;
  readonly amount: Øre;
}

export interface Distribution<P extends string = string> {
  readonly amount: Øre;
  readonly unit: DistributionUnit;
  readonly totalBasis: Rational;
  /** Units handed out by the largest-remainder step. */
  readonly leftoverUnits: bigint;
  /** Rows in key order. */
  readonly rows: readonly DistributionRow<P>[];
}

export const TIE_BREAK_RULE =
  'Største brøkrest først; ved lighed det største grundlag; derefter den part, der står først i nøglen.';

export function distribute<P extends string>(
  amount: Øre,
  key: readonly KeyEntry<P>[],
  unit: DistributionUnit = 'øre',
): Distribution<P> {
  if (key.length === 0) throw new DomainError('distribution.empty-key', 'Fordelingsnøglen er tom.');
  const seen = new Set<string>();
  for (const entry of key) {
    if (seen.has(entry.party)) {
      throw new DomainError('distribution.duplicate-party', `Parten "${entry.party}" står mere end én gang i nøglen.`, {
        party: entry.party,
      });
    }
    seen.add(entry.party);
    if (entry.basis.num < 0n) {
      throw new DomainError('distribution.negative-basis', `Parten "${entry.party}" har et negativt grundlag.`, {
        party: entry.party,
      });
    }
  }
  const perUnit = ORE_PER_UNIT[unit];
  const amountOre = BigInt(amount);
  if (amountOre % perUnit !== 0n) {
    throw new DomainError(
      'distribution.amount-not-whole-units',
      'Beløbet er ikke et helt antal kroner; fordel i øre i stedet.',
    );
  }
  const totalUnits = amountOre / perUnit;
  const totalBasis = key.reduce((sum, e) => Q.add(sum, e.basis), Q.fromInteger(0));
  if (Q.isZero(totalBasis)) {
    throw new DomainError('distribution.zero-basis', 'Alle parter har grundlag 0; der er intet at fordele efter.');
  }

  const provisional = key.map((entry, index) => {
    const shareOfTotal = Q.div(entry.basis, totalBasis);
    const exactQuotient = Q.mul(Q.fromInteger(totalUnits), shareOfTotal);
    const floorUnits = Q.floor(exactQuotient);
    return { entry, index, shareOfTotal, exactQuotient, floorUnits, remainder: Q.fractionalPart(exactQuotient) };
  });
  const floorsSum = provisional.reduce((s, p) => s + p.floorUnits, 0n);
  // Negative amounts: floors sum to ≤ amount as well, so leftover is always 0 ≤ n < parties.
  const leftoverUnits = totalUnits - floorsSum;

  const order = [...provisional].sort(
    (a, b) =>
      Q.compare(b.remainder, a.remainder) || Q.compare(b.entry.basis, a.entry.basis) || a.index - b.index,
  );
  const rankOf = new Map(order.map((p, i) => [p.index, i + 1]));

  const rows = provisional.map((p): DistributionRow<P> => {
    const rank = rankOf.get(p.index) ?? Number.MAX_SAFE_INTEGER;
    const receivedRemainderUnit = BigInt(rank) <= leftoverUnits;
    const units = p.floorUnits + (receivedRemainderUnit ? 1n : 0n);
    return {
      party: p.entry.party,
      basis: p.entry.basis,
      shareOfTotal: p.shareOfTotal,
      exactQuotient: p.exactQuotient,
      floorUnits: p.floorUnits,
      receivedRemainderUnit,
      remainderRank: rank,
      units,
      amount: oreFromBigInt(units * perUnit),
    };
  });
  return { amount, unit, totalBasis, leftoverUnits, rows };
}

/** Convenience: an integer basis (a population). */
export function populationKey<P extends string>(entries: readonly { party: P; population: number }[]): KeyEntry<P>[] {
  return entries.map((e) => ({ party: e.party, basis: Q.fromInteger(e.population) }));
}

/** One row's explanation in Danish, e.g. for a tooltip or the CLI. */
export function explainRow(row: DistributionRow, d: Distribution): string {
  const unitLabel = d.unit === 'krone' ? 'kr.' : 'øre';
  return [
    `Grundlag ${Q.toDecimalString(row.basis, 2)} af i alt ${Q.toDecimalString(d.totalBasis, 2)}`,
    `andel ${Q.toDecimalString(Q.mul(row.shareOfTotal, Q.fromInteger(100)), 4)} %`,
    `eksakt ${Q.toDecimalString(row.exactQuotient, 4)} ${unitLabel}`,
    `nedrundet ${row.floorUnits.toString()} ${unitLabel}`,
    row.receivedRemainderUnit ? `+1 ${unitLabel} (restfordeling nr. ${String(row.remainderRank)})` : 'ingen restenhed',
    `= ${row.units.toString()} ${unitLabel}`,
  ].join('; ');
}
