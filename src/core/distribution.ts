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

function gcdBig(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function lcm(a: bigint, b: bigint): bigint {
  return a === b ? a : (a / gcdBig(a, b)) * b;
}

/** Largest integer ≤ n / d, for d > 0. */
function floorDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n < 0n && q * d !== n ? q - 1n : q;
}

function cmp(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

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

  // Integers throughout: with every basis over one common denominator L, basis_i = b_i / L, and
  // every exact quotient is totalUnits × b_i / Σb — all remainders share the denominator Σb, so
  // they compare as integer numerators (no fraction arithmetic per party; issue 13).
  let commonDen = 1n;
  for (const e of key) commonDen = lcm(commonDen, e.basis.den);
  const scaled = key.map((e) => e.basis.num * (commonDen / e.basis.den));
  let sumScaled = 0n;
  for (const b of scaled) sumScaled += b;
  if (sumScaled === 0n) {
    throw new DomainError('distribution.zero-basis', 'Alle parter har grundlag 0; der er intet at fordele efter.');
  }
  const totalBasis = Q.rational(sumScaled, commonDen);
  const floors = new Array<bigint>(key.length);
  const remainders = new Array<bigint>(key.length);
  let floorsSum = 0n;
  for (let i = 0; i < key.length; i += 1) {
    const n = totalUnits * (scaled[i] ?? 0n);
    const f = floorDiv(n, sumScaled);
    floors[i] = f;
    remainders[i] = n - f * sumScaled;
    floorsSum += f;
  }
  // Negative amounts: floors sum to ≤ amount as well, so leftover is always 0 ≤ n < parties.
  const leftoverUnits = totalUnits - floorsSum;

  const order = key.map((_, i) => i);
  order.sort((a, b) => cmp(remainders[b] ?? 0n, remainders[a] ?? 0n) || cmp(scaled[b] ?? 0n, scaled[a] ?? 0n) || a - b);
  const rank = new Array<number>(key.length);
  order.forEach((index, r) => {
    rank[index] = r + 1;
  });

  const rows = key.map((entry, i): DistributionRow<P> => {
    const b = scaled[i] ?? 0n;
    const remainderRank = rank[i] ?? Number.MAX_SAFE_INTEGER;
    const receivedRemainderUnit = BigInt(remainderRank) <= leftoverUnits;
    const floorUnits = floors[i] ?? 0n;
    const units = floorUnits + (receivedRemainderUnit ? 1n : 0n);
    return {
      party: entry.party,
      basis: entry.basis,
      // The fractions only when asked for (explanations), so a large key costs no gcd per party.
      get shareOfTotal() {
        return Q.rational(b, sumScaled);
      },
      get exactQuotient() {
        return Q.rational(totalUnits * b, sumScaled);
      },
      floorUnits,
      receivedRemainderUnit,
      remainderRank,
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
