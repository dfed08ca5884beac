import { z } from 'zod';
import type { Rational } from '../../../core/rational.ts';
import type { JsonValue } from '../../../infra/db/schema.ts';

/**
 * Response schemas shared by the route files (issue 10 §5). The serializer validates every JSON
 * answer against its route's schema (a wrong schema answers 500; keys not in it are dropped), and
 * the OpenAPI document — and through it the web's generated types — is built from them.
 */

/** Øre (or any whole amount) as sent: an integer, negative where the domain allows it. */
export const oreSchema = z.number().int();
export const intSchema = z.number().int();
/** An exact fraction as `toApiJson` sends it: numerator and denominator as decimal strings. */
export const fractionSchema = z.object({ num: z.string().regex(/^-?\d+$/), den: z.string().regex(/^\d+$/) });
/** A count of lines written by an import or a registration. */
export const countSchema = z.object({ count: z.number().int().min(0) });

/** A file's body: text (CSV) or bytes (xlsx, PDF, attachments), documented as a binary string. */
const fileBody = z.string().meta({ format: 'binary' });

/**
 * A download's success response: its content type(s) with the file as body. Fastify sends a string
 * or Buffer payload as is (the serializer runs only for objects), so the schema only documents the
 * answer in the OpenAPI document; it is typed to take the Buffer a route sends.
 */
export function downloadResponse(description: string, ...contentTypes: [string, ...string[]]): { description: string; content: Record<string, { schema: z.ZodType<string | Buffer> }> } {
  return { description, content: Object.fromEntries(contentTypes.map((t) => [t, { schema: fileBody }])) };
}

/**
 * What `toApiJson` (app/economy/codec.ts) makes of a domain value, as a type: fractions become
 * `{num, den}` strings, bigints strings, branded øre plain numbers, readonly arrays arrays. A Map
 * has no own enumerable keys, so it is sent as `{}`. Used to check at compile time that a schema
 * accepts what a service sends (`Fits`).
 */
export type ApiJson<T> = T extends number
  ? number
  : T extends string | boolean | null | undefined
    ? T
    : T extends bigint
      ? string
      : T extends Rational
        ? { num: string; den: string }
        : T extends ReadonlyMap<unknown, unknown>
          ? Record<string, never>
          : T extends readonly (infer E)[]
            ? ApiJson<E>[]
            : { -readonly [K in keyof T]: ApiJson<T[K]> };

/** Compile-time check: a value of type `T` passes schema `S` (its output type accepts `T`). */
export type Fits<S extends z.ZodType, T extends z.output<S>> = [S, T];

/**
 * A service that answers `JsonValue` (the economy's views are built as plain JSON) typed as its
 * route's schema. Nothing is converted here: the serializer checks the value against the same
 * schema on every answer, and the `Fits` checks in the responses files tie the schema to the
 * domain types the view is built from.
 */
export function sentAs<S extends z.ZodType>(_schema: S, value: JsonValue): z.output<S> {
  return value as z.output<S>;
}

/** 304 to a conditional GET of an immutable thing (ETag matched `If-None-Match`): no body. */
export const notModifiedResponse = z.null().describe('Uændret: klienten har allerede denne udgave (ETag)');

/** A timestamp as sent: ISO 8601 text. */
export const timestampSchema = z.string();

/**
 * Any JSON value (an audit entry's old/new value, whose shape depends on what changed). It is
 * recursive, so the OpenAPI document holds it once, as the component `JsonValue`, and refers to it.
 */
export const jsonValueSchema = z.json();
z.globalRegistry.add(jsonValueSchema, { id: 'JsonValue' });

export const CONTENT_TYPES = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json',
  pdf: 'application/pdf',
  octet: 'application/octet-stream',
  /** An attachment: PDF, Office, OpenDocument, PNG, JPEG, CSV or text, as it was uploaded. */
  any: '*/*',
} as const;


/** `downloadResponse` by the short names of CONTENT_TYPES: `fileResponse('Fordelingen', 'csv', 'xlsx')`. */
export function fileResponse(description: string, ...types: [keyof typeof CONTENT_TYPES, ...(keyof typeof CONTENT_TYPES)[]]): ReturnType<typeof downloadResponse> {
  const [first, ...rest] = types;
  return downloadResponse(description, CONTENT_TYPES[first], ...rest.map((t) => CONTENT_TYPES[t]));
}

/** A redirect (302) with no body: `Location` says where. */
export const redirectResponse = (description: string) => z.null().describe(description);

/**
 * A compile-time check that what a service returns (readonly) fits its response schema:
 * `export type _Member = FitsReadonly<typeof memberSchema, MemberView>` fails to compile when they drift.
 */
export type FitsReadonly<S extends z.ZodType, T extends DeepReadonly<z.output<S>>> = T;

/** Services return readonly data; the schema's output type is mutable — both describe the same JSON. */
type DeepReadonly<T> = T extends string | number | boolean | null | undefined ? T : T extends (infer E)[] ? readonly DeepReadonly<E>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

type DeepMutable<T> = T extends string | number | boolean | null | undefined ? T : T extends readonly (infer E)[] ? DeepMutable<E>[] : T extends object ? { -readonly [K in keyof T]: DeepMutable<T[K]> } : T;

/**
 * A service's readonly answer as the mutable JSON type the response schema infers. Only the
 * `readonly` modifiers go; every field is still checked against the schema by the compiler.
 */
export const sent = <T>(value: T): DeepMutable<T> => value as DeepMutable<T>;
