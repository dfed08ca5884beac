import type { ColumnType } from 'kysely';

/** Column types shared by every table definition (schema.ts and its per-capability parts). */

/** A timestamptz column: read as Date, written as Date or ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamptz column with a database default (now()). */
export type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A jsonb column holding T: read parsed, written as JSON text. */
export type Jsonb<T> = ColumnType<T, string, string>;
/** A nullable jsonb column. */
export type NullableJsonb<T> = ColumnType<T | null, string | null, string | null>;
/** An optimistic-locking version (version): starts at 1, +1 on every change. */
export type Version = ColumnType<number, number | undefined, number>;

/** JSON as stored in jsonb columns. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

