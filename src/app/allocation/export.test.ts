import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { exportAllocationRun } from './export.ts';
import type { AllocationRunView } from './runs.ts';

/** A run as stored: kr. per inhabitant with four decimals (8.165.893 kr. / 591.749 = 13,7996 kr.). */
function run(): AllocationRunView {
  const cluster = { cluster: 'Klynge Eksempel', clusterId: 'eksempel', population: 591_749, municipalOre: 4_000_000_00, regionalOre: 4_165_893_00, totalOre: 8_165_893_00, perInhabitantKr: '13.7996' };
  return {
    id: '7', year: 2022, createdAt: '2026-11-29T06:00:00.000Z', createdBy: 'admin', note: '', correctsRunId: null, inputs: {},
    result: {
      year: 2022, unit: 'krone', populationPeriod: '2022K1', municipalTotalOre: 4_000_000_00, regionalTotalOre: 4_165_893_00, totalOre: 8_165_893_00,
      regions: [{ region: 'Region Eksempel', population: 591_749, municipalOre: 4_000_000_00, regionalOre: 4_165_893_00, totalOre: 8_165_893_00, perInhabitantKr: '13.7996', clusters: [cluster] }],
    },
  };
}

describe('allocation export: Kr. pr. indbygger (issue 12)', () => {
  it('is a number with two decimals in the CSV, rounded as the screen rounds it (13,80, not 13,79)', async () => {
    const csv = String((await exportAllocationRun(run(), 'csv')).body);
    const lines = csv.split(/\r?\n/);
    expect(lines[0]).toMatch(/;Kr\. pr\. indbygger$/);
    expect(lines.find((l) => l.startsWith('Klynge Eksempel;'))).toMatch(/;13,80$/);
    expect(lines.find((l) => l.startsWith('Region Eksempel;'))).toMatch(/;13,80$/);
  });

  it('is a number cell with a two-decimal format in the xlsx, never summed in the region row', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportAllocationRun(run(), 'xlsx')).body as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    const rows: ExcelJS.Row[] = [];
    sheet?.eachRow((r) => rows.push(r));
    const header = rows.find((r) => r.getCell(6).value === 'Kr. pr. indbygger');
    expect(header).toBeDefined();
    for (const name of ['Region Eksempel', 'Klynge Eksempel']) {
      const cell = rows.find((r) => r.getCell(1).value === name)?.getCell(6);
      expect(cell?.value, name).toBe(13.8);
      expect(cell?.numFmt, name).toBe('#,##0.00');
    }
  });
});
