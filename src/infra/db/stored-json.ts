import { z } from 'zod';
import { isInstant, isIsoDate, type Instant, type IsoDate } from '../../core/calendar.ts';
import type { Øre } from '../../core/money.ts';
import { InfrastructureError } from '../errors.ts';
import type { JsonValue } from './column-types.ts';

/**
 * JSON documents read from jsonb columns are parsed by their schema at the repository edge
 * (issue 10 §5), so a document that does not have the shape the code expects (written by an
 * older version, edited by hand, truncated) stops here with an InfrastructureError naming the
 * table, the column and the row — not as a TypeError deep inside a service.
 */

/** Where a stored document came from, for the error message. */
export interface StoredAt {
  readonly table: string;
  readonly column: string;
  readonly id?: string | number;
}

export function parseStored<T>(schema: z.ZodType<T>, value: unknown, at: StoredAt): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(roden)';
  const row = at.id === undefined ? '' : ` (række ${String(at.id)})`;
  throw new InfrastructureError(
    'db.malformed-document',
    `Det gemte dokument i ${at.table}.${at.column}${row} har ikke den forventede form: ${path}: ${issue?.message ?? 'ugyldig'}.`,
    { table: at.table, column: at.column, ...(at.id === undefined ? {} : { id: at.id }), path },
  );
}

/**
 * A value as JSON for an audit record or a jsonb column: domain documents are readonly
 * interfaces, which TypeScript does not see as `JsonValue`; a JSON round trip makes them one
 * (and drops `undefined` fields exactly as storing them does).
 */
export function jsonValue(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value ?? null)) as JsonValue;
}

/** A stored calendar date (ÅÅÅÅ-MM-DD). */
export const storedIsoDate = z.custom<IsoDate>((v) => typeof v === 'string' && isIsoDate(v), 'ikke en dato (ÅÅÅÅ-MM-DD)');
/** A stored UTC instant. */
export const storedInstant = z.custom<Instant>((v) => typeof v === 'string' && isInstant(v), 'ikke et UTC-tidspunkt');
/** A stored amount in whole øre. */
export const storedOre = z.custom<Øre>((v) => typeof v === 'number' && Number.isSafeInteger(v), 'ikke et helt antal øre');

/** `jsonValue` of a value known to be an object (a command, a record), as a JSON object. */
export function jsonObject(value: object): { [key: string]: JsonValue } {
  return JSON.parse(JSON.stringify(value)) as { [key: string]: JsonValue };
}
