import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Q from '../rational.ts';
import type { Rational } from '../rational.ts';
import { suppress, type SumGroup, type Visibility } from './suppression.ts';

/**
 * Is the unknown `target` fixed by the sums? The unknown cells are the variables; each sum gives
 * one linear equation over them. `target` is derivable exactly when its unit vector lies in the
 * row space of the equations' coefficient matrix (exact Gaussian elimination over fractions).
 */
function derivable(target: string, unknown: readonly string[], groups: readonly SumGroup[]): boolean {
  const index = new Map(unknown.map((id, i) => [id, i]));
  const rows: Rational[][] = [];
  for (const g of groups) {
    const row = unknown.map(() => Q.fromInteger(0));
    let any = false;
    const bump = (id: string, by: number): void => {
      const i = index.get(id);
      if (i === undefined) return;
      row[i] = Q.add(row[i] ?? Q.fromInteger(0), Q.fromInteger(by));
      any = true;
    };
    bump(g.total, -1);
    for (const p of g.parts) bump(p, 1);
    if (any) rows.push(row);
  }
  // Reduced row echelon form.
  let lead = 0;
  const width = unknown.length;
  const reduced: Rational[][] = rows.map((r) => [...r]);
  for (let r = 0; r < reduced.length && lead < width; lead++) {
    const pivot = reduced.findIndex((row, i) => i >= r && !Q.isZero(row[lead] ?? Q.fromInteger(0)));
    if (pivot < 0) continue;
    [reduced[r], reduced[pivot]] = [reduced[pivot] ?? [], reduced[r] ?? []];
    const pr = reduced[r] ?? [];
    const pv = pr[lead] ?? Q.fromInteger(1);
    for (let c = 0; c < width; c++) pr[c] = Q.div(pr[c] ?? Q.fromInteger(0), pv);
    for (let i = 0; i < reduced.length; i++) {
      if (i === r) continue;
      const row = reduced[i] ?? [];
      const f = row[lead] ?? Q.fromInteger(0);
      if (Q.isZero(f)) continue;
      for (let c = 0; c < width; c++) row[c] = Q.add(row[c] ?? Q.fromInteger(0), Q.mul(Q.fromInteger(-1), Q.mul(f, pr[c] ?? Q.fromInteger(0))));
    }
    r++;
  }
  const t = index.get(target);
  // e_t is in the row space iff some reduced row is exactly e_t.
  return reduced.some((row) => row.every((v, c) => (c === t ? Q.compare(v, Q.fromInteger(1)) === 0 : Q.isZero(v))));
}

/** A country of regions of clusters; cluster figures are random, totals are true sums. */
const hierarchy = fc
  .array(
    fc.array(fc.record({ numerator: fc.integer({ min: 0, max: 40 }), unavailable: fc.boolean() }), { minLength: 1, maxLength: 5 }),
    { minLength: 1, maxLength: 4 },
  )
  .map((regions) => {
    const cells = new Map<string, { numerator: number; denominator: null } | null>();
    const groups: SumGroup[] = [];
    let country = 0;
    regions.forEach((clusters, r) => {
      let region = 0;
      const parts: string[] = [];
      clusters.forEach((c, k) => {
        const id = `c${String(r)}.${String(k)}`;
        parts.push(id);
        region += c.numerator;
        // A cluster may be "not available" (e.g. a partial member's share missing in the file).
        cells.set(id, c.unavailable && clusters.length > 1 ? null : { numerator: c.numerator, denominator: null });
      });
      country += region;
      cells.set(`r${String(r)}`, { numerator: region, denominator: null });
      groups.push({ total: `r${String(r)}`, parts });
    });
    cells.set('country', { numerator: country, denominator: null });
    groups.push({ total: 'country', parts: regions.map((_, r) => `r${String(r)}`) });
    return { cells, groups };
  });

describe('suppression of small counts', () => {
  it('hides every cell under 5 persons, and no hidden cell can be derived from the shown totals', () => {
    fc.assert(
      fc.property(hierarchy, ({ cells, groups }) => {
        const vis = suppress(cells, groups);
        const unknown = [...vis].filter(([, v]) => v !== 'shown').map(([id]) => id);
        for (const [id, f] of cells) {
          if (f !== null && f.numerator < 5) expect(vis.get(id), id).toBe('primary');
          if (f === null) expect(vis.get(id)).toBe('not-available');
        }
        for (const [id, v] of vis) {
          if (v === 'primary' || v === 'secondary') expect(derivable(id, unknown, groups), `${id} kan udledes`).toBe(false);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('hides a second cluster when one cluster of a region is under 5 (region minus the others would reveal it)', () => {
    const cells = new Map([
      ['region', { numerator: 103, denominator: null }],
      ['a', { numerator: 3, denominator: null }],
      ['b', { numerator: 40, denominator: null }],
      ['c', { numerator: 60, denominator: null }],
    ]);
    const vis = suppress(cells, [{ total: 'region', parts: ['a', 'b', 'c'] }]);
    expect(Object.fromEntries(vis)).toEqual<Record<string, Visibility>>({ region: 'shown', a: 'primary', b: 'secondary', c: 'shown' });
  });

  it('hides nothing more when two cells are already hidden, and treats a rate’s small denominator as small', () => {
    const cells = new Map([
      ['region', { numerator: 10, denominator: 200 }],
      ['a', { numerator: 3, denominator: 100 }],
      ['b', { numerator: 2, denominator: 50 }],
      ['c', { numerator: 5, denominator: 4 }],
    ]);
    const vis = suppress(cells, [{ total: 'region', parts: ['a', 'b', 'c'] }]);
    expect(Object.fromEntries(vis)).toEqual({ region: 'shown', a: 'primary', b: 'primary', c: 'primary' });
  });
});
