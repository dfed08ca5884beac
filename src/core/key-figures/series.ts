import { figureValue, type AggregateCell, type NationalAggregate } from './aggregate.ts';
import { cellId, suppressNational, type Visibility } from './suppression.ts';

/** A cell as a reader may see it: the figure, "<5" (hidden), or not available with the reason. */
export type ShownCell =
  | { readonly status: 'value'; readonly numerator: number; readonly denominator: number | null; readonly value: number }
  | { readonly status: 'suppressed'; readonly reason: 'small' | 'protects-small' }
  | { readonly status: 'not-available'; readonly reason: string };

export function shownCell(cell: AggregateCell, visibility: Visibility | undefined, per: number): ShownCell {
  if (cell.status === 'not-available') return cell;
  if (visibility === 'primary') return { status: 'suppressed', reason: 'small' };
  if (visibility === 'secondary') return { status: 'suppressed', reason: 'protects-small' };
  return { status: 'value', numerator: cell.numerator, denominator: cell.denominator, value: figureValue(cell, per) };
}

/** The national table as readers see it, after suppression. */
export interface ShownNational {
  readonly country: ShownCell;
  readonly regions: readonly { readonly regionCode: string; readonly name: string; readonly cell: ShownCell; readonly clusters: readonly { readonly clusterId: string; readonly name: string; readonly cell: ShownCell }[] }[];
}

export function showNational(table: NationalAggregate, per: number): ShownNational {
  const vis = suppressNational(table);
  return {
    country: shownCell(table.country, vis.get(cellId.country), per),
    regions: table.regions.map((r) => ({
      regionCode: r.regionCode,
      name: r.name,
      cell: shownCell(r.cell, vis.get(cellId.region(r.regionCode)), per),
      clusters: r.clusters.map((c) => ({ clusterId: c.clusterId, name: c.name, cell: shownCell(c.cell, vis.get(cellId.cluster(c.clusterId)), per) })),
    })),
  };
}

/** One period of a cluster's time series with the comparisons (its region and the country). */
export interface SeriesPoint {
  readonly period: string;
  readonly cluster: ShownCell;
  readonly region: ShownCell;
  readonly country: ShownCell;
}

/** A cluster's point in a suppressed national table; null when the cluster is not in it. */
export function clusterPoint(period: string, national: ShownNational, clusterId: string): SeriesPoint | null {
  for (const r of national.regions) {
    const c = r.clusters.find((x) => x.clusterId === clusterId);
    if (c) return { period, cluster: c.cell, region: r.cell, country: national.country };
  }
  return null;
}

export type Direction = 'higher-better' | 'lower-better' | 'neutral';

/** The development against a target (mål): where the cluster is now and whether it moves the right way. */
export interface TargetProgress {
  readonly targetValue: number;
  readonly targetPeriod: string;
  readonly baseline: { readonly period: string; readonly value: number } | null;
  readonly latest: { readonly period: string; readonly value: number } | null;
  /** Target − latest, in the indicator's unit. */
  readonly remaining: number | null;
  readonly status: 'reached' | 'towards' | 'away' | 'unchanged' | 'unknown';
}

/**
 * Compares a cluster's shown values with its target. Only shown values count (a "<5" period is
 * skipped rather than revealed). For a neutral indicator the target is reached when the latest
 * value equals it (rounded to the shown precision by the caller's choice of values).
 */
export function targetProgress(points: readonly SeriesPoint[], target: { value: number; period: string }, direction: Direction): TargetProgress {
  const shown = points.flatMap((p) => (p.cluster.status === 'value' ? [{ period: p.period, value: p.cluster.value }] : []));
  const baseline = shown[0] ?? null;
  const latest = shown.at(-1) ?? null;
  const base = { targetValue: target.value, targetPeriod: target.period, baseline, latest, remaining: latest ? target.value - latest.value : null };
  if (!latest || !baseline) return { ...base, status: 'unknown' };
  const reached = direction === 'lower-better' ? latest.value <= target.value : direction === 'higher-better' ? latest.value >= target.value : latest.value === target.value;
  if (reached) return { ...base, status: 'reached' };
  const before = Math.abs(target.value - baseline.value);
  const now = Math.abs(target.value - latest.value);
  return { ...base, status: shown.length < 2 || now === before ? 'unchanged' : now < before ? 'towards' : 'away' };
}
