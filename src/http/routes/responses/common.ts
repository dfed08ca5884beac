import { z } from 'zod';

/** An amount in øre (integer). */
export const oreSchema = z.number().int();

/** An exact fraction as decimal strings of numerator and denominator. */
export const fractionSchema = z.object({ num: z.string(), den: z.string() });

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

/** A file's body: text (CSV, JSON) or bytes (xlsx, PDF); the document shows it as a string. */
const fileBody = z.union([z.string(), z.instanceof(Uint8Array)]).describe('Filens indhold');

/**
 * A file download's success response: the body is the file itself (a Buffer or text, sent as is —
 * Fastify serializes neither), described per content type for the OpenAPI document.
 */
export function downloadResponse(description: string, ...types: (keyof typeof CONTENT_TYPES)[]) {
  return {
    description,
    content: Object.fromEntries(types.map((t) => [CONTENT_TYPES[t], { schema: fileBody }])),
  };
}

/** A redirect (302) with no body: `Location` says where. */
export const redirectResponse = (description: string) => z.null().describe(description);

/**
 * A compile-time check that what a service returns fits its response schema:
 * `export type _Member = Fits<typeof memberSchema, MemberView>` fails to compile when they drift.
 */
export type Fits<S extends z.ZodType, T extends DeepReadonly<z.output<S>>> = T;

/** Services return readonly data; the schema's output type is mutable — both describe the same JSON. */
type DeepReadonly<T> = T extends string | number | boolean | null | undefined ? T : T extends (infer E)[] ? readonly DeepReadonly<E>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

type DeepMutable<T> = T extends string | number | boolean | null | undefined ? T : T extends readonly (infer E)[] ? DeepMutable<E>[] : T extends object ? { -readonly [K in keyof T]: DeepMutable<T[K]> } : T;

/**
 * A service's readonly answer as the mutable JSON type the response schema infers. Only the
 * `readonly` modifiers go; every field is still checked against the schema by the compiler.
 */
export const sent = <T>(value: T): DeepMutable<T> => value as DeepMutable<T>;
