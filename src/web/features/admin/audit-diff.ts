/** A readable diff of the audit trail's before/after JSON. */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

type Leaf = { path: string; value: Json };

/** Objects become dotted paths; arrays of plain values stay one value (shown as a list). */
export function flatten(value: Json, path = ''): Leaf[] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) return [{ path, value }];
    return keys.flatMap((k) => flatten(value[k] ?? null, path === '' ? k : `${path}.${k}`));
  }
  if (Array.isArray(value) && value.some((v) => v !== null && typeof v === 'object')) {
    if (value.length === 0) return [{ path, value }];
    return value.flatMap((v, i) => flatten(v, `${path}[${i + 1}]`));
  }
  return [{ path, value }];
}

export interface FieldChange {
  path: string;
  before: Json | undefined;
  after: Json | undefined;
}

/** The fields that differ between the old and new value, in the order they first appear. */
export function diff(before: Json, after: Json): FieldChange[] {
  const old = new Map(before === null ? [] : flatten(before).map((l) => [l.path, l.value]));
  const neu = new Map(after === null ? [] : flatten(after).map((l) => [l.path, l.value]));
  const paths = [...new Set([...old.keys(), ...neu.keys()])];
  return paths.filter((p) => JSON.stringify(old.get(p)) !== JSON.stringify(neu.get(p))).map((p) => ({ path: p, before: old.get(p), after: neu.get(p) }));
}
