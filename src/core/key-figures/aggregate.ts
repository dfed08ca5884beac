import type { ClusterId, MunicipalityCode, RegionCode, Register } from '../register.ts';

/**
 * Aggregation of key figures (nøgletal) from the figures a file gives to clusters, regions and
 * the country. Rates are always Σ numerator / Σ denominator over the parts — never an average of
 * the parts' rates — so a large municipality weighs as much as its population. Pure.
 */

/** A figure as a file gives it: a count (denominator null) or a rate's numerator and denominator. */
export interface Figure {
  readonly numerator: number;
  readonly denominator: number | null;
}

/** An aggregated cell: a figure, or "not available" with the reason (ikke tilgængelig). */
export type AggregateCell = ({ readonly status: 'value' } & Figure) | { readonly status: 'not-available'; readonly reason: string };

export interface ClusterAggregate {
  readonly clusterId: ClusterId;
  readonly name: string;
  readonly cell: AggregateCell;
}

export interface RegionAggregate {
  readonly regionCode: RegionCode;
  readonly name: string;
  readonly cell: AggregateCell;
  readonly clusters: readonly ClusterAggregate[];
}

/** One indicator in one period for the whole country (the national table). */
export interface NationalAggregate {
  readonly country: AggregateCell;
  readonly regions: readonly RegionAggregate[];
}

/** Σ numerator and Σ denominator of the parts; null when any part is missing. */
export function sumFigures(parts: readonly Figure[]): Figure {
  let numerator = 0;
  let denominator: number | null = parts.length > 0 && parts.every((p) => p.denominator !== null) ? 0 : null;
  for (const p of parts) {
    numerator += p.numerator;
    if (denominator !== null && p.denominator !== null) denominator += p.denominator;
  }
  return { numerator, denominator };
}

/** The figure's value: the count, or numerator / denominator × per (e.g. per 1.000). */
export function figureValue(f: Figure, per: number): number {
  return f.denominator === null ? f.numerator : (f.numerator * per) / f.denominator;
}

function sumOrMissing(parts: readonly { label: string; figure: Figure | undefined }[], what: string): AggregateCell {
  const missing = parts.filter((p) => p.figure === undefined).map((p) => p.label);
  if (parts.length === 0) return { status: 'not-available', reason: `${what}: ingen tal.` };
  if (missing.length > 0) return { status: 'not-available', reason: `${what}: mangler tal for ${missing.slice(0, 6).join(', ')}${missing.length > 6 ? ` og ${String(missing.length - 6)} flere` : ''}.` };
  const figures = parts.flatMap((p) => (p.figure ? [p.figure] : []));
  const mixed = figures.some((f) => f.denominator === null) && figures.some((f) => f.denominator !== null);
  if (mixed) return { status: 'not-available', reason: `${what}: tallene blander antal og rater.` };
  return { status: 'value', ...sumFigures(figures) };
}

/**
 * Aggregates one indicator's figures in one period. `figures` is keyed by area as the file names
 * it: municipality code, cluster id, or `clusterId:municipalityCode` for a municipality's part of
 * a cluster.
 * - A cluster: its own row when the file gives one; else the sum over the members that count in
 *   the cluster's population (the common-funds basis: full members by their municipality's row;
 *   a partial, remainder or weighted member only by its `cluster:code` row; members that do not
 *   contribute are left out). Any missing part makes the cluster "not available".
 * - A region and the country: the sum of all their municipalities' rows; any missing one makes
 *   the aggregate "not available".
 */
export function aggregateNational(register: Pick<Register, 'regions' | 'municipalities' | 'clusters' | 'memberships'>, figures: ReadonlyMap<string, Figure>): NationalAggregate {
  const name = (code: MunicipalityCode): string => register.municipalities.find((m) => m.code === code)?.name ?? code;
  const clusterCell = (clusterId: ClusterId): AggregateCell => {
    const own = figures.get(clusterId);
    if (own) return { status: 'value', ...own };
    const members = register.memberships.filter((m) => m.clusterId === clusterId && m.basis['common-funds'].kind !== 'none');
    return sumOrMissing(
      members.map((m) => {
        const kind = m.basis['common-funds'].kind;
        return kind === 'full'
          ? { label: `${m.municipalityCode} ${name(m.municipalityCode)}`, figure: figures.get(m.municipalityCode) }
          : { label: `${name(m.municipalityCode)}s del af klyngen (${clusterId}:${m.municipalityCode})`, figure: figures.get(`${clusterId}:${m.municipalityCode}`) };
      }),
      'Klyngen',
    );
  };
  const municipalCell = (codes: readonly MunicipalityCode[], what: string): AggregateCell =>
    sumOrMissing(codes.map((c) => ({ label: `${c} ${name(c)}`, figure: figures.get(c) })), what);
  return {
    country: municipalCell(register.municipalities.map((m) => m.code), 'Hele landet'),
    regions: register.regions.map((r) => ({
      regionCode: r.code,
      name: r.name,
      cell: municipalCell(register.municipalities.filter((m) => m.regionCode === r.code).map((m) => m.code), r.name),
      clusters: register.clusters.filter((c) => c.regionCode === r.code).map((c) => ({ clusterId: c.id, name: c.name, cell: clusterCell(c.id) })),
    })),
  };
}
