import { DomainError } from '../../core/errors.ts';
import { renderCsv, type OutputTable } from '../../infra/export/table-output.ts';
import { writeWorkbook } from '../../infra/export/xlsx.ts';
import type { AllocationRunView } from './runs.ts';
import { allocationResultTable, allocationTableJson } from './table.ts';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

function runNotes(run: AllocationRunView) {
  return (populationPeriod: string): string[] => [`Fordelingskørsel ${run.id}, beregnet ${run.createdAt} af ${run.createdBy}; befolkning ${populationPeriod}.`];
}

/** The allocation table of a stored run (the same table as `klynge allocation`; totals become formulas in xlsx). */
export function allocationRunTable(run: AllocationRunView): OutputTable {
  const table = allocationResultTable(run.result, runNotes(run));
  if (!table) throw new DomainError('allocation.run-unreadable', `Fordelingskørsel ${run.id} kan ikke læses.`);
  return table;
}

export interface ExportFile {
  readonly filename: string;
  readonly contentType: string;
  readonly body: string | Uint8Array;
}

/** The JSON export's table; a run whose result the table cannot read is still exported, without it. */
function tableJson(run: AllocationRunView) {
  const table = allocationResultTable(run.result, runNotes(run));
  return table ? allocationTableJson(table) : null;
}

/** A run as a downloadable file. */
export async function exportAllocationRun(run: AllocationRunView, format: ExportFormat): Promise<ExportFile> {
  const base = `fordeling-${String(run.year)}-koersel-${run.id}`;
  switch (format) {
    case 'json':
      return { filename: `${base}.json`, contentType: 'application/json; charset=utf-8', body: JSON.stringify({ id: run.id, year: run.year, createdAt: run.createdAt, createdBy: run.createdBy, inputs: run.inputs, result: run.result, table: tableJson(run) }, null, 2) };
    case 'csv':
      // BOM so Excel opens the Danish letters right.
      return { filename: `${base}.csv`, contentType: 'text/csv; charset=utf-8', body: `\uFEFF${renderCsv([allocationRunTable(run)])}` };
    case 'xlsx':
      return { filename: `${base}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: await writeWorkbook([allocationRunTable(run)]) };
  }
}
