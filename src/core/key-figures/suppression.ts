import type { Figure, NationalAggregate } from './aggregate.ts';

/**
 * Discretion (diskretionering) of small counts. Primary: a cell whose count — the numerator, or
 * a rate's denominator — is under 5 persons is shown as "<5". Secondary: where a total is the sum
 * of parts (the country of its regions, a region of its clusters), a single hidden cell could be
 * found by subtraction, so every such sum must have no unknown cell or at least two; while one has
 * exactly one hidden cell, the smallest shown part (else the total) is hidden as well. In a
 * hierarchy of sums (each cell is a part of at most one sum and the total of at most one) this
 * leaves every hidden cell free to move, so none can be derived (property-tested). Pure.
 */

/** Cells under this many persons are hidden. */
export const SMALL_COUNT_LIMIT = 5;

export type Visibility = 'shown' | 'primary' | 'secondary' | 'not-available';

/** A sum relation between cells: total = Σ parts. */
export interface SumGroup {
  readonly total: string;
  readonly parts: readonly string[];
}

export function isSmall(f: Figure): boolean {
  return f.numerator < SMALL_COUNT_LIMIT || (f.denominator !== null && f.denominator < SMALL_COUNT_LIMIT);
}

/**
 * Decides which cells are shown. `cells` maps every cell id to its figure, or null when it is not
 * available (unknown to everyone, so it also protects a hidden cell in its sum).
 */
export function suppress(cells: ReadonlyMap<string, Figure | null>, groups: readonly SumGroup[]): Map<string, Visibility> {
  const vis = new Map<string, Visibility>();
  for (const [id, f] of cells) vis.set(id, f === null ? 'not-available' : isSmall(f) ? 'primary' : 'shown');
  const unknown = (id: string): boolean => vis.get(id) !== 'shown';
  const hidden = (id: string): boolean => vis.get(id) === 'primary' || vis.get(id) === 'secondary';
  const size = (id: string): number => cells.get(id)?.numerator ?? Number.POSITIVE_INFINITY;
  for (let changed = true; changed; ) {
    changed = false;
    for (const g of groups) {
      const members = [g.total, ...g.parts].filter((id) => cells.has(id));
      const unknowns = members.filter(unknown);
      if (unknowns.length !== 1 || !hidden(unknowns[0] ?? '')) continue;
      // The smallest shown part loses least information; ties by id so the result is stable.
      const candidates = g.parts.filter((id) => vis.get(id) === 'shown').sort((a, b) => size(a) - size(b) || a.localeCompare(b));
      const pick = candidates[0] ?? (vis.get(g.total) === 'shown' ? g.total : undefined);
      if (pick === undefined) continue;
      vis.set(pick, 'secondary');
      changed = true;
    }
  }
  return vis;
}

/** Cell ids of a national table: `country`, `region:1084`, `cluster:hovedstaden-syd`. */
export const cellId = {
  country: 'country',
  region: (code: string): string => `region:${code}`,
  cluster: (id: string): string => `cluster:${id}`,
};

/** Suppression of a national table: the country is the sum of the regions, each region of its clusters. */
export function suppressNational(table: NationalAggregate): Map<string, Visibility> {
  const cells = new Map<string, Figure | null>();
  const figure = (c: NationalAggregate['country']): Figure | null => (c.status === 'value' ? { numerator: c.numerator, denominator: c.denominator } : null);
  cells.set(cellId.country, figure(table.country));
  const groups: SumGroup[] = [{ total: cellId.country, parts: table.regions.map((r) => cellId.region(r.regionCode)) }];
  for (const r of table.regions) {
    cells.set(cellId.region(r.regionCode), figure(r.cell));
    for (const c of r.clusters) cells.set(cellId.cluster(c.clusterId), figure(c.cell));
    groups.push({ total: cellId.region(r.regionCode), parts: r.clusters.map((c) => cellId.cluster(c.clusterId)) });
  }
  return suppress(cells, groups);
}
