import { DomainError } from '../../core/errors.ts';
import type { Initiative } from '../../core/economy/initiative.ts';
import * as Q from '../../core/rational.ts';
import type { JsonValue } from '../../infra/db/schema.ts';

/**
 * The domain's values hold exact fractions (bigint numerator/denominator), which JSON cannot.
 * Stored JSON writes a fraction as `{"$q": "num/den"}` and reads it back exactly.
 */
function isRational(v: unknown): v is Q.Rational {
  return typeof v === 'object' && v !== null && typeof (v as { num?: unknown }).num === 'bigint' && typeof (v as { den?: unknown }).den === 'bigint';
}

export function toStoredJson(value: unknown): JsonValue {
  if (isRational(value)) return { $q: Q.toFractionString(value) };
  if (Array.isArray(value)) return value.map(toStoredJson);
  if (typeof value === 'bigint') throw new DomainError('economy.codec', 'Et heltal uden for JSON kan ikke gemmes.');
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toStoredJson(v);
    return out;
  }
  if (value === undefined) return null;
  return value as JsonValue;
}

export function fromStoredJson(value: JsonValue): unknown {
  if (Array.isArray(value)) return value.map(fromStoredJson);
  if (typeof value === 'object' && value !== null) {
    const q = value['$q'];
    if (typeof q === 'string' && Object.keys(value).length === 1) {
      const [num = '', den = '1'] = q.split('/');
      return Q.rational(BigInt(num), BigInt(den));
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromStoredJson(v)]));
  }
  return value;
}

export function initiativeFromStored(data: JsonValue): Initiative {
  // Written only by initiativeToStored after validateInitiative, so the shape is the domain's.
  return fromStoredJson(data) as Initiative;
}

export function initiativeToStored(i: Initiative): JsonValue {
  return toStoredJson(i);
}

/** A fraction for the API: `{num, den}` as decimal strings (exact), as the allocation API does. */
export function apiFraction(r: Q.Rational): { num: string; den: string } {
  return { num: r.num.toString(), den: r.den.toString() };
}

/** For API responses: fractions become `{num, den}` strings. */
export function toApiJson(value: unknown): JsonValue {
  if (isRational(value)) return apiFraction(value);
  if (Array.isArray(value)) return value.map(toApiJson);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toApiJson(v);
    return out;
  }
  if (value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  return value as JsonValue;
}
