import { DomainError } from './errors.ts';

/** An exact non-float fraction `num/den` with `den > 0`, kept in lowest terms. */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 1n : x;
}

export function rational(num: bigint, den: bigint = 1n): Rational {
  if (den === 0n) throw new DomainError('rational.zero-denominator', 'Division med nul.');
  const sign = den < 0n ? -1n : 1n;
  const g = gcd(num, den);
  return { num: (sign * num) / g, den: (sign * den) / g };
}

export function fromInteger(n: number | bigint): Rational {
  return rational(BigInt(n));
}

export const add = (a: Rational, b: Rational): Rational => rational(a.num * b.den + b.num * a.den, a.den * b.den);
export const mul = (a: Rational, b: Rational): Rational => rational(a.num * b.num, a.den * b.den);
export const div = (a: Rational, b: Rational): Rational => rational(a.num * b.den, a.den * b.num);
export const compare = (a: Rational, b: Rational): number => {
  const d = a.num * b.den - b.num * a.den;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
};
export const isZero = (a: Rational): boolean => a.num === 0n;

/** Largest integer ≤ a. */
export function floor(a: Rational): bigint {
  const q = a.num / a.den;
  return a.num < 0n && q * a.den !== a.num ? q - 1n : q;
}

/** a − floor(a), in [0, 1). */
export function fractionalPart(a: Rational): Rational {
  return rational(a.num - floor(a) * a.den, a.den);
}

/**
 * Parses a non-negative decimal basis: `287181`, `287.181` (Danish thousands), `0,5`, `0.5`,
 * `20690,5` or a fraction `1/2`. Exact: `0,1` is 1/10, not a float.
 */
export function parseDecimal(input: string): Rational {
  const text = input.trim().replace(/[\s\u00a0]/g, '');
  const frac = /^([+-]?\d+)\/(\d+)$/.exec(text);
  if (frac) {
    if (BigInt(frac[2] ?? '0') === 0n) throw new DomainError('number.malformed', `"${input.trim()}" er ikke et tal.`);
    return rational(BigInt(frac[1] ?? '0'), BigInt(frac[2] ?? '1'));
  }
  let sign = 1n;
  let whole: string;
  let fraction = '';
  const danish = /^([+-]?)(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?$/.exec(text);
  const english = /^([+-]?)(\d*)\.(\d+)$/.exec(text);
  if (danish) {
    sign = danish[1] === '-' ? -1n : 1n;
    whole = (danish[2] ?? '').replace(/\./g, '');
    fraction = danish[3] ?? '';
  } else if (english) {
    sign = english[1] === '-' ? -1n : 1n;
    whole = english[2] || '0';
    fraction = english[3] ?? '';
  } else {
    throw new DomainError('number.malformed', `"${input.trim()}" er ikke et tal.`);
  }
  const den = 10n ** BigInt(fraction.length);
  return rational(sign * (BigInt(whole) * den + BigInt(fraction || '0')), den);
}

/** A rational as a plain decimal string with up to `digits` decimals (Danish comma), for explanations. */
export function toDecimalString(a: Rational, digits = 6): string {
  const negative = a.num < 0n;
  const abs = rational(negative ? -a.num : a.num, a.den);
  const scale = 10n ** BigInt(digits);
  const scaled = (abs.num * scale * 2n + abs.den) / (abs.den * 2n); // round half up, display only
  const whole = scaled / scale;
  let frac = (scaled % scale).toString().padStart(digits, '0').replace(/0+$/, '');
  if (digits === 0) frac = '';
  return `${negative && scaled !== 0n ? '-' : ''}${whole.toString()}${frac ? `,${frac}` : ''}`;
}

/** For JSON: `"287181"` or `"41382/2"`-style lowest-terms text. */
export function toFractionString(a: Rational): string {
  return a.den === 1n ? a.num.toString() : `${a.num.toString()}/${a.den.toString()}`;
}

/** Only for display or JSON of a non-money quantity (a basis); never for money. */
export function toNumber(a: Rational): number {
  return Number(a.num) / Number(a.den);
}

/**
 * A decimal text ("13.7996" or "13,7996") rounded half away from zero to `digits` decimals, as
 * text with a dot ("13.80"). Rounds the digits, never a float, so it agrees with the screen's
 * rounding of the same text (src/web/format.ts `decimal`).
 */
export function roundDecimalText(text: string, digits: number): string {
  const m = /^([+-]?)(\d+)(?:[.,](\d+))?$/.exec(text.trim());
  if (!m) throw new DomainError('number.malformed', `"${text.trim()}" er ikke et tal.`);
  const fraction = (m[3] ?? '').padEnd(digits + 1, '0');
  let scaled = BigInt((m[2] ?? '0') + fraction.slice(0, digits));
  if (Number(fraction[digits] ?? '0') >= 5) scaled += 1n;
  const body = scaled.toString().padStart(digits + 1, '0');
  const whole = body.slice(0, body.length - digits);
  const sign = m[1] === '-' && scaled !== 0n ? '-' : '';
  return digits > 0 ? `${sign}${whole}.${body.slice(body.length - digits)}` : `${sign}${whole}`;
}
