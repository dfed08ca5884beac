import { excelJS } from '../../infra/export/exceljs.ts';
import type { ScenarioView } from './service.ts';

const KRONER = '#,##0.00';

/**
 * A scenario beside the decided run as an .xlsx workbook: one row per cluster and party with the
 * decided and scenario amounts (kroner) and the difference in kr. and % as formulas, a total row
 * as a formula, and a sheet with the scenario's inputs. Excel/LibreOffice recompute on open.
 */
export async function scenarioWorkbook(s: ScenarioView): Promise<Uint8Array> {
  const wb = new (excelJS().Workbook)();
  wb.creator = 'Klynge';
  wb.calcProperties.fullCalcOnLoad = true;
  const sheet = wb.addWorksheet('Scenarie');
  sheet.addRow([`Scenarie: ${s.name} (${String(s.year)})`]).font = { bold: true, size: 13 };
  sheet.addRow([`Sammenlignet med fordelingskørsel ${s.comparedRunId}. Beløb i kr.; forskel = scenarie − besluttet.`]);
  const header = sheet.addRow(['Region', 'Klynge', 'Part', 'Besluttet (kr.)', 'Scenarie (kr.)', 'Forskel (kr.)', 'Forskel (%)']);
  header.font = { bold: true };
  const first = 4;
  s.rows.forEach((r, i) => {
    const n = first + i;
    const row = sheet.getRow(n);
    row.getCell(1).value = r.region;
    row.getCell(2).value = r.cluster;
    row.getCell(3).value = r.partyName;
    row.getCell(4).value = r.decidedOre / 100;
    row.getCell(5).value = r.scenarioOre / 100;
    row.getCell(6).value = { formula: `E${String(n)}-D${String(n)}`, result: r.differenceOre / 100 };
    row.getCell(7).value = { formula: `IF(D${String(n)}=0,"",F${String(n)}/D${String(n)})`, result: r.decidedOre === 0 ? '' : r.differenceOre / r.decidedOre };
    for (const c of [4, 5, 6]) row.getCell(c).numFmt = KRONER;
    row.getCell(7).numFmt = '0.00%';
    if (r.party === 'total') row.font = { bold: true };
  });
  const last = first + s.rows.length - 1;
  const t = sheet.getRow(last + 1);
  t.getCell(1).value = 'Hele landet';
  t.getCell(3).value = 'I alt';
  for (const [c, letter, v] of [[4, 'D', s.totals.decidedOre], [5, 'E', s.totals.scenarioOre], [6, 'F', s.totals.differenceOre]] as const) {
    t.getCell(c).value = { formula: `SUMIF(C${String(first)}:C${String(last)},"I alt",${letter}${String(first)}:${letter}${String(last)})`, result: v / 100 };
    t.getCell(c).numFmt = KRONER;
  }
  t.font = { bold: true };
  sheet.columns.forEach((col, i) => {
    col.width = i < 3 ? 28 : 18;
  });
  const inputs = wb.addWorksheet('Input');
  inputs.addRow(['Scenariets input (JSON)']).font = { bold: true };
  inputs.addRow([JSON.stringify(s.inputs)]);
  inputs.addRow([`Oprettet ${s.createdAt} af ${s.createdBy}`]);
  inputs.getColumn(1).width = 120;
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
