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

/** The amount in whole units (kroner or øre); refused when it is not a whole number of them. */
export function totalUnitsOf(amount: Øre, unit: DistributionUnit): bigint {
  const perUnit = ORE_PER_UNIT[unit];
  const amountOre = BigInt(amount);
  if (amountOre % perUnit !== 0n) {
    throw new DomainError(
      'distribution.amount-not-whole-units',
      'Beløbet er ikke et helt antal kroner; fordel i øre i stedet.',
    );
  }
  return amountOre / perUnit;
}

/** The least common denominator of the given denominators (the L that makes every basis an integer b_i / L). */
export function commonDenominator(dens: Iterable<bigint>): bigint {
  let l = 1n;
  for (const d of dens) l = lcm(l, d);
  return l;
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
  const totalUnits = totalUnitsOf(amount, unit);

  // Integers throughout: with every basis over one common denominator L, basis_i = b_i / L, and
  // every exact quotient is totalUnits × b_i / Σb — all remainders share the denominator Σb, so
  // they compare as integer numerators (no fraction arithmetic per party; issue 13).
  const commonDen = commonDenominator(key.map((e) => e.basis.den));
  const scaled = key.map((e) => e.basis.num * (commonDen / e.basis.den));
  const allocation = largestRemainder(totalUnits, compactWeights(scaled));
  const sumScaled = allocation.sum;
  const totalBasis = Q.rational(sumScaled, commonDen);
  const { floors, rank, leftoverUnits } = allocation;

  const rows = key.map((entry, i): DistributionRow<P> => {
    const b = scaled[i] ?? 0n;
    const remainderRank = rank[i] ?? Number.MAX_SAFE_INTEGER;
    const receivedRemainderUnit = BigInt(remainderRank) <= leftoverUnits;
    const floorUnits = BigInt(floors[i] ?? 0);
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

/**
 * Integer weights (bases over one common denominator) in the most compact exact form: a
 * Float64Array when every weight is a safe integer, else the bigints themselves.
 */
export function compactWeights(weights: readonly bigint[]): Float64Array | readonly bigint[] {
  const out = new Float64Array(weights.length);
  for (let i = 0; i < weights.length; i += 1) {
    const w = weights[i] ?? 0n;
    if (w > MAX_SAFE || w < 0n) return weights;
    out[i] = Number(w);
  }
  return out;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** The largest-remainder step over integer weights: floors, leftover units and each party's rank. */
export interface UnitAllocation {
  /** Σ weights: the common denominator of every remainder. */
  readonly sum: bigint;
  /** Units handed out by the largest-remainder step (0 ≤ leftover < parties). */
  readonly leftoverUnits: bigint;
  /** floor(totalUnits × w_i / Σw) per party: numbers (exact) on the fast path, else bigints. */
  readonly floors: Float64Array | readonly bigint[];
  /** 1-based rank by the tie-break order; a party gets a leftover unit when rank ≤ leftoverUnits. */
  readonly rank: Uint32Array;
}

/**
 * Largest remainder over non-negative integer weights (the numerators of every basis over one
 * common denominator). Every remainder is an integer numerator over Σw, so the tie-break order
 * (larger remainder, larger weight, earlier party) sorts indices with a numeric comparator.
 * When |totalUnits|·Σw fits in a double's 53 bits the arithmetic is plain numbers (exact: every
 * product and difference is an integer below 2^53); otherwise bigints. Same results either way.
 */
export function largestRemainder(totalUnits: bigint, weights: Float64Array | readonly bigint[]): UnitAllocation {
  const n = weights.length;
  let sum = 0n;
  if (weights instanceof Float64Array) {
    let s = 0;
    for (let i = 0; i < n; i += 1) s += weights[i] ?? 0;
    // A float sum of safe integers is exact while it stays below 2^53; beyond, recount in bigints.
    if (s <= Number.MAX_SAFE_INTEGER) sum = BigInt(s);
    else for (let i = 0; i < n; i += 1) sum += BigInt(weights[i] ?? 0);
  } else {
    for (const w of weights) sum += w;
  }
  if (sum === 0n) {
    throw new DomainError('distribution.zero-basis', 'Alle parter har grundlag 0; der er intet at fordele efter.');
  }
  const absUnits = totalUnits < 0n ? -totalUnits : totalUnits;
  if (weights instanceof Float64Array && (absUnits + 1n) * sum <= MAX_SAFE) {
    return largestRemainderNumbers(Number(totalUnits), weights, Number(sum));
  }
  const big = weights instanceof Float64Array ? Array.from(weights, (w) => BigInt(w)) : weights;
  const floors = new Array<bigint>(n);
  const remainders = new Array<bigint>(n);
  let floorsSum = 0n;
  for (let i = 0; i < n; i += 1) {
    const p = totalUnits * (big[i] ?? 0n);
    const f = floorDiv(p, sum);
    floors[i] = f;
    remainders[i] = p - f * sum;
    floorsSum += f;
  }
  // Negative amounts: floors sum to ≤ amount as well, so leftover is always 0 ≤ n < parties.
  const order = indices(n);
  order.sort((a, b) => cmp(remainders[b] ?? 0n, remainders[a] ?? 0n) || cmp(big[b] ?? 0n, big[a] ?? 0n) || a - b);
  return { sum, leftoverUnits: totalUnits - floorsSum, floors, rank: ranks(order) };
}

function indices(n: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i += 1) order[i] = i;
  return order;
}

function ranks(order: Uint32Array): Uint32Array {
  const rank = new Uint32Array(order.length);
  for (let r = 0; r < order.length; r += 1) rank[order[r] ?? 0] = r + 1;
  return rank;
}

/** The fast path: (|units| + 1) · Σw ≤ 2^53 − 1, so every product below is an exact integer. */
function largestRemainderNumbers(units: number, weights: Float64Array, sum: number): UnitAllocation {
  const n = weights.length;
  const floors = new Float64Array(n);
  const remainders = new Float64Array(n);
  let floorsSum = 0;
  for (let i = 0; i < n; i += 1) {
    const p = units * (weights[i] ?? 0);
    // The float quotient may be off by one next to an integer; the exact remainder corrects it.
    let f = Math.floor(p / sum);
    let r = p - f * sum;
    if (r < 0) {
      f -= 1;
      r += sum;
    } else if (r >= sum) {
      f += 1;
      r -= sum;
    }
    floors[i] = f;
    remainders[i] = r;
    floorsSum += f;
  }
  const order = indices(n);
  order.sort((a, b) => (remainders[b] ?? 0) - (remainders[a] ?? 0) || (weights[b] ?? 0) - (weights[a] ?? 0) || a - b);
  return { sum: BigInt(sum), leftoverUnits: BigInt(units - floorsSum), floors, rank: ranks(order) };
}

/**
 * `100 × w / Σw` as Danish decimal text rounded half up to `digits` decimals — exactly what
 * `toDecimalString(share × 100, digits)` gives, without a fraction per party.
 */
export function percentText(weight: bigint | number, sum: bigint, digits = 4): string {
  const scale = 10 ** digits;
  const s = Number(sum);
  const num = 200 * scale * Number(weight) + s;
  const den = 2 * s;
  if (!(Number(weight) >= 0 && num + den <= Number.MAX_SAFE_INTEGER)) {
    return Q.toDecimalString(Q.rational(100n * BigInt(weight), sum), digits);
  }
  // round half up = floor((2·100·scale·w + Σw) / (2·Σw)), corrected by the exact remainder.
  let scaled = Math.floor(num / den);
  const r = num - scaled * den;
  if (r < 0) scaled -= 1;
  else if (r >= den) scaled += 1;
  const whole = Math.floor(scaled / scale);
  const frac = digits === 0 ? '' : String(scaled % scale).padStart(digits, '0').replace(/0+$/, '');
  return `${String(whole)}${frac ? `,${frac}` : ''}`;
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
