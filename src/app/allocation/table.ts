import { z } from 'zod';
import { perInhabitantKr } from '../../core/allocation.ts';
import * as Q from '../../core/rational.ts';
import type { Rational } from '../../core/rational.ts';
import type { OutputColumn, OutputRow, OutputTable } from '../../infra/export/table-output.ts';

/**
 * The allocation table (Bilag 1, Tabel 1) — defined once (issue 10 §5): the CLI's table, CSV and
 * xlsx (`klynge allocation`), and the HTTP export of a stored run (CSV, xlsx and the JSON's
 * `table`) are all this table, so their columns, headers and figures cannot drift apart.
 */

/** One line: a region (a subtotal of its clusters), a cluster, or the whole country. */
export interface AllocationTableLine {
  readonly kind: 'region' | 'cluster' | 'country';
  /** The region a cluster line belongs to (its group); the region's own name on a region line. */
  readonly region: string;
  readonly name: string;
  /** Exact inhabitants (a weighted basis may make it a fraction); null on the country line. */
  readonly population: Rational | null;
  readonly municipalOre: number;
  readonly regionalOre: number;
  readonly totalOre: number;
}

export const ALLOCATION_TABLE_COLUMNS: readonly OutputColumn[] = [
  { key: 'name', label: 'Region/klynge', type: 'text' },
  { key: 'population', label: 'Indbyggere', type: 'number' },
  { key: 'municipal', label: 'Kommuner', type: 'ore' },
  { key: 'regional', label: 'Region', type: 'ore' },
  { key: 'total', label: 'I alt', type: 'ore', sumOf: ['municipal', 'regional'] },
  { key: 'perInhabitant', label: 'Kr. pr. indbygger', type: 'number', decimals: 2, ratio: true },
];

/**
 * Kr. per inhabitant as the table shows it: the exact øre / inhabitants, rounded once, half away
 * from zero, to two decimals (8.165.893 kr. / 591.749 → 13,80). Null without inhabitants.
 */
export function perInhabitantCell(totalOre: number, population: Rational | null): number | null {
  if (population === null || Q.isZero(population)) return null;
  return Number(Q.toDecimalString(perInhabitantKr(totalOre, population), 2).replace(',', '.'));
}

function row(line: AllocationTableLine): OutputRow {
  return {
    kind: line.kind === 'region' ? 'subtotal' : line.kind === 'cluster' ? 'detail' : 'total',
    ...(line.kind === 'country' ? {} : { group: line.region }),
    values: {
      name: line.name,
      population: line.population === null ? null : Q.toNumber(line.population),
      municipal: line.municipalOre,
      regional: line.regionalOre,
      total: line.totalOre,
      perInhabitant: line.kind === 'country' ? null : perInhabitantCell(line.totalOre, line.population),
    },
  };
}

/** The table of a year's allocation, whatever computed or stored it. */
export function allocationTable(input: { readonly year: number; readonly wholeKroner: boolean; readonly lines: readonly AllocationTableLine[]; readonly notes: readonly string[] }): OutputTable {
  return { title: `Fordeling af fælles midler ${String(input.year)}`, wholeKroner: input.wholeKroner, columns: ALLOCATION_TABLE_COLUMNS, rows: input.lines.map(row), notes: input.notes };
}

const population = z.union([z.number(), z.string()]).transform((v) => (typeof v === 'number' ? Q.fromInteger(v) : Q.parseDecimal(v)));
const amounts = { municipalOre: z.number().int(), regionalOre: z.number().int(), totalOre: z.number().int() };

/** The part of an allocation result (`allocationResultJson`, as a run stores it) the table needs. */
const resultFigures = z.object({
  year: z.number().int(),
  unit: z.enum(['krone', 'øre']),
  populationPeriod: z.string(),
  municipalTotalOre: z.number().int(),
  regionalTotalOre: z.number().int(),
  totalOre: z.number().int(),
  regions: z.array(z.object({ region: z.string(), population, ...amounts, clusters: z.array(z.object({ cluster: z.string(), population, ...amounts })) })),
});

/**
 * The table of an allocation result as a run stores it — a stored run (HTTP export) or one just
 * computed (the CLI passes `allocationResultJson` of it), so both show the same figures. Null
 * when the result does not have the table's figures (a run stored by an older version).
 */
export function allocationResultTable(result: unknown, notes: (populationPeriod: string) => readonly string[]): OutputTable | null {
  const parsed = resultFigures.safeParse(result);
  if (!parsed.success) return null;
  const r = parsed.data;
  const lines: AllocationTableLine[] = [];
  for (const region of r.regions) {
    lines.push({ kind: 'region', region: region.region, name: region.region, population: region.population, municipalOre: region.municipalOre, regionalOre: region.regionalOre, totalOre: region.totalOre });
    for (const c of region.clusters) lines.push({ kind: 'cluster', region: region.region, name: c.cluster, population: c.population, municipalOre: c.municipalOre, regionalOre: c.regionalOre, totalOre: c.totalOre });
  }
  lines.push({ kind: 'country', region: '', name: 'Hele landet', population: null, municipalOre: r.municipalTotalOre, regionalOre: r.regionalTotalOre, totalOre: r.totalOre });
  return allocationTable({ year: r.year, wholeKroner: r.unit === 'krone', lines, notes: notes(r.populationPeriod) });
}

/** The table as JSON: one object per line, keyed by column (amounts of `ore` columns in øre; kr. pr. indbygger as the CSV and xlsx show it). */
export function allocationTableJson(table: OutputTable): { columns: { key: string; label: string; type: string }[]; rows: Record<string, string | number | null>[] } {
  return {
    columns: table.columns.map((c) => ({ key: c.key, label: c.label, type: c.type })),
    rows: table.rows.map((r) => Object.fromEntries(table.columns.map((c) => [c.key, r.values[c.key] ?? null]))),
  };
}
