import { z } from 'zod';
import { DomainError } from '../../core/errors.ts';
import { roundDecimalText } from '../../core/rational.ts';
import { renderCsv, type OutputRow, type OutputTable } from '../../infra/export/table-output.ts';
import { writeWorkbook } from '../../infra/export/xlsx.ts';
import type { AllocationRunView } from './runs.ts';

/** The part of a stored run's result an export needs (checked, because jsonb is untyped). */
const storedResult = z.object({
  year: z.number().int(),
  unit: z.enum(['krone', 'øre']),
  populationPeriod: z.string(),
  municipalTotalOre: z.number().int(),
  regionalTotalOre: z.number().int(),
  totalOre: z.number().int(),
  regions: z.array(
    z.object({
      region: z.string(),
      population: z.union([z.number(), z.string()]),
      municipalOre: z.number().int(),
      regionalOre: z.number().int(),
      totalOre: z.number().int(),
      perInhabitantKr: z.string(),
      clusters: z.array(
        z.object({
          cluster: z.string(),
          population: z.union([z.number(), z.string()]),
          municipalOre: z.number().int(),
          regionalOre: z.number().int(),
          totalOre: z.number().int(),
          perInhabitantKr: z.string(),
        }),
      ),
    }),
  ),
});

export const EXPORT_FORMATS = ['csv', 'xlsx', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * Kr. per inhabitant as a number with two decimals, rounded half up from the run's own figure —
 * the same text and the same rounding as the allocation screen (8.165.893 / 591.749 → 13,80).
 */
const perKr = (s: string): number => Number(roundDecimalText(s, 2));

/** The Bilag 1 table of a stored run, as the CLI's output table (totals become formulas in xlsx). */
export function allocationRunTable(run: AllocationRunView): OutputTable {
  const parsed = storedResult.safeParse(run.result);
  if (!parsed.success) throw new DomainError('allocation.run-unreadable', `Fordelingskørsel ${run.id} kan ikke læses.`);
  const r = parsed.data;
  const num = (v: number | string): number => (typeof v === 'number' ? v : Number(v));
  const rows: OutputRow[] = [];
  for (const region of r.regions) {
    rows.push({
      kind: 'subtotal',
      group: region.region,
      values: { name: region.region, population: num(region.population), municipal: region.municipalOre, regional: region.regionalOre, total: region.totalOre, perInhabitant: perKr(region.perInhabitantKr) },
    });
    for (const c of region.clusters) {
      rows.push({
        kind: 'detail',
        group: region.region,
        values: { name: c.cluster, population: num(c.population), municipal: c.municipalOre, regional: c.regionalOre, total: c.totalOre, perInhabitant: perKr(c.perInhabitantKr) },
      });
    }
  }
  rows.push({ kind: 'total', values: { name: 'Hele landet', population: null, municipal: r.municipalTotalOre, regional: r.regionalTotalOre, total: r.totalOre, perInhabitant: null } });
  return {
    title: `Fordeling ${String(r.year)}`,
    wholeKroner: r.unit === 'krone',
    columns: [
      { key: 'name', label: 'Region/klynge', type: 'text' },
      { key: 'population', label: 'Indbyggere', type: 'number' },
      { key: 'municipal', label: 'Kommuner', type: 'ore' },
      { key: 'regional', label: 'Region', type: 'ore' },
      { key: 'total', label: 'I alt', type: 'ore', sumOf: ['municipal', 'regional'] },
      { key: 'perInhabitant', label: 'Kr. pr. indbygger', type: 'number', decimals: 2, ratio: true },
    ],
    rows,
    notes: [`Fordelingskørsel ${run.id}, beregnet ${run.createdAt} af ${run.createdBy}; befolkning ${r.populationPeriod}.`],
  };
}

export interface ExportFile {
  readonly filename: string;
  readonly contentType: string;
  readonly body: string | Uint8Array;
}

/** A run as a downloadable file. */
export async function exportAllocationRun(run: AllocationRunView, format: ExportFormat): Promise<ExportFile> {
  const base = `fordeling-${String(run.year)}-koersel-${run.id}`;
  switch (format) {
    case 'json':
      return { filename: `${base}.json`, contentType: 'application/json; charset=utf-8', body: JSON.stringify({ id: run.id, year: run.year, createdAt: run.createdAt, createdBy: run.createdBy, inputs: run.inputs, result: run.result }, null, 2) };
    case 'csv':
      // BOM so Excel opens the Danish letters right.
      return { filename: `${base}.csv`, contentType: 'text/csv; charset=utf-8', body: `\uFEFF${renderCsv([allocationRunTable(run)])}` };
    case 'xlsx':
      return { filename: `${base}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: await writeWorkbook([allocationRunTable(run)]) };
  }
}
