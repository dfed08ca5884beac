import { DomainError } from './errors.ts';

/**
 * An exact amount of Danish money in øre (1 kr. = 100 øre). Always a safe integer, never a
 * float fraction. Create one with `ore()`, `kroner()` or `parseDanishAmount()`.
 */
export type Øre = number & { readonly __brand: 'Øre' };

/** Largest amount we accept: 100 mia. kr. — far above any cluster budget, far below 2^53 øre. */
export const MAX_ABS_ORE = 100_000_000_000_00;

export function ore(value: number): Øre {
  if (!Number.isSafeInteger(value)) {
    throw new DomainError('money.not-integer', `Beløbet ${String(value)} øre er ikke et helt antal øre.`);
  }
  if (Math.abs(value) > MAX_ABS_ORE) {
    throw new DomainError('money.out-of-range', `Beløbet ${String(value)} øre er uden for det tilladte område.`);
  }
  return value as Øre;
}

export function oreFromBigInt(value: bigint): Øre {
  if (value > BigInt(MAX_ABS_ORE) || value < -BigInt(MAX_ABS_ORE)) {
    throw new DomainError('money.out-of-range', `Beløbet ${value.toString()} øre er uden for det tilladte område.`);
  }
  return Number(value) as Øre;
}

export function kroner(whole: number): Øre {
  if (!Number.isSafeInteger(whole)) {
    throw new DomainError('money.not-integer', `${String(whole)} er ikke et helt antal kroner.`);
  }
  return ore(whole * 100);
}

export const ZERO = 0 as Øre;

export function addOre(...amounts: readonly Øre[]): Øre {
  return ore(amounts.reduce<number>((sum, a) => sum + a, 0));
}

export function subOre(a: Øre, b: Øre): Øre {
  return ore(a - b);
}

export function negOre(a: Øre): Øre {
  return ore(a === 0 ? 0 : 0 - a);
}

/**
 * Parses an amount as Danes write it: `1.234.567,89`, `1234567,89`, `-370.000`, optionally with
 * `kr.` or `kr`. A dot is a thousands separator only in groups of three; a comma is the decimal
 * mark; at most two decimals. Also accepts a plain `1234.5` (one dot, not grouped as thousands)
 * because spreadsheets and programs write that.
 */
export function parseDanishAmount(input: string): Øre {
  const text = input.trim().replace(/\s*kr\.?$/i, '').replace(/[\s\u00a0]/g, '');
  if (text === '') throw new DomainError('money.empty', 'Beløbet mangler.');
  const m = /^([+-]?)(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?$/.exec(text);
  const plainDot = /^([+-]?)(\d+)\.(\d+)$/.exec(text);
  let sign: string;
  let whole: string;
  let fraction: string;
  if (m) {
    sign = m[1] ?? '';
    whole = (m[2] ?? '').replace(/\./g, '');
    fraction = m[3] ?? '';
  } else if (plainDot && (plainDot[3] ?? '').length !== 3) {
    sign = plainDot[1] ?? '';
    whole = plainDot[2] ?? '';
    fraction = plainDot[3] ?? '';
  } else {
    throw new DomainError('money.malformed', `"${input.trim()}" er ikke et beløb (skriv fx 1.234.567,89).`);
  }
  if (fraction.length > 2) {
    throw new DomainError('money.too-many-decimals', `"${input.trim()}" har mere end to decimaler.`);
  }
  const value = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0') || '0');
  return oreFromBigInt(sign === '-' ? -value : value);
}

/** Parses a whole number written the Danish way (`287.181`), e.g. a population or a kroner cell. */
export function parseDanishInteger(input: string): number {
  const text = input.trim().replace(/[\s\u00a0]/g, '');
  if (!/^[+-]?(\d{1,3}(\.\d{3})+|\d+)$/.test(text)) {
    throw new DomainError('number.malformed', `"${input.trim()}" er ikke et helt tal.`);
  }
  const n = Number(text.replace(/\./g, ''));
  if (!Number.isSafeInteger(n)) throw new DomainError('number.out-of-range', `"${input.trim()}" er for stort.`);
  return n;
}

function groupThousands(digits: string): string {
  // Slices, not a look-ahead regex: a table of 10⁶ parties formats millions of numbers.
  if (digits.length <= 3) return digits;
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let k = out.length; k < digits.length; k += 3) out += `.${digits.slice(k, k + 3)}`;
  return out;
}

/** `123456789` øre → `1.234.567,89` (no unit). */
export function formatOre(amount: Øre): string {
  const negative = amount < 0;
  const abs = Math.abs(amount);
  const whole = Math.floor(abs / 100);
  const cents = abs % 100;
  return `${negative ? '-' : ''}${groupThousands(String(whole))},${String(cents).padStart(2, '0')}`;
}

/** `123456789` øre → `1.234.567,89 kr.` */
export function formatKr(amount: Øre): string {
  return `${formatOre(amount)} kr.`;
}

/**
 * Whole kroner as published tables print them: `1.234.568`. The amount must be whole kroner —
 * rounding happens in the distribution, never silently here.
 */
export function formatWholeKroner(amount: Øre): string {
  if (amount % 100 !== 0) {
    throw new DomainError('money.not-whole-kroner', `${formatKr(amount)} er ikke et helt antal kroner.`);
  }
  const kr = amount / 100;
  return `${kr < 0 ? '-' : ''}${groupThousands(String(Math.abs(kr)))}`;
}

/** A plain integer with Danish thousands separators: `287181` → `287.181`. */
export function formatInteger(n: number): string {
  return `${n < 0 ? '-' : ''}${groupThousands(String(Math.abs(n)))}`;
}
