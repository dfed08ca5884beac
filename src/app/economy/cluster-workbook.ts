import ExcelJS from 'exceljs';
import type { CsvRecord } from '../../core/csv.ts';
import { type Øre, ZERO, addOre, formatKr, negOre } from '../../core/money.ts';
import { ACTUALS_COLUMNS, type ActualsContext, type ActualsImport, budgetVsActual, validateActualsRows } from '../../core/economy/actuals.ts';
import type { YearClosing } from '../../core/economy/carry-forward.ts';
import { COST_CATEGORY_LABEL, FUNDING_LABEL } from '../../core/economy/forecast.ts';
import { type ClusterEconomy, fundsView } from '../../core/economy/funds.ts';
import { STATUS_LABEL, TARGET_GROUP_LABEL } from '../../core/economy/initiative.ts';
import { partyName } from '../../core/economy/parties.ts';
import type { PostingCharts } from '../../core/chart-of-accounts.ts';
import { zipBoundsViolation } from '../../infra/export/zip-bounds.ts';
import { POSTING_COLUMNS, POSTING_ORE_COLUMN, type PartyPostingFile, type PeriodSettlement, type PostingFileLine, initiativeReference, postingRow, settlePeriod } from '../../core/economy/period-settlement.ts';
import { describeOverspend, overspending } from '../../core/economy/ledger.ts';

/**
 * The cluster budget and accounts (klyngebudget og -regnskab) as an xlsx workbook: a sheet per
 * view, amounts in kroner with Danish number format, frozen headers, and every total and
 * difference a formula (no cached result, full recalculation on load) so Excel and LibreOffice
 * compute the figures themselves. The actuals sheet ("Forbrug") can be edited and imported again.
 */

export const SHEETS = {
  funds: 'Midler',
  initiatives: 'Indsatser',
  parties: 'Parter',
  settlements: 'Afregninger',
  postings: 'Konteringer',
  carryForward: 'Videreførelse',
  actuals: 'Forbrug',
} as const;

const KR_FORMAT = '#,##0.00';

/** Øre → kroner for a cell. Exact for every amount below 2^53 øre / 100 with two decimals. */
const kr = (amount: Øre): number => amount / 100;

type CellInput = string | number | { formula: string };

function addSheet(wb: ExcelJS.Workbook, name: string, headers: readonly string[], widths: readonly number[]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = headers.map((header, i) => ({ header, width: widths[i] ?? 14 }));
  ws.getRow(1).font = { bold: true };
  return ws;
}

function addRow(ws: ExcelJS.Worksheet, values: readonly CellInput[], moneyCols: readonly number[], bold = false): ExcelJS.Row {
  const row = ws.addRow([...values]);
  for (const c of moneyCols) row.getCell(c).numFmt = KR_FORMAT;
  if (bold) row.font = { bold: true };
  return row;
}

const col = (n: number): string => String.fromCharCode(64 + n);
const sumCol = (c: number, first: number, last: number): { formula: string } => ({ formula: last < first ? '0' : `SUM(${col(c)}${String(first)}:${col(c)}${String(last)})` });

export interface ClusterWorkbookInput {
  readonly economy: ClusterEconomy;
  readonly year: number;
  /** The year's closing, when the year is closed; otherwise the carry-forward sheet shows carried 0. */
  readonly closing?: YearClosing;
  /** The installation's charts of accounts for the postings sheet; default the authorised defaults. */
  readonly charts?: PostingCharts;
}

/** Row numbers of the total rows, so tests and readers can find them. */
export interface ClusterWorkbookLayout {
  readonly fundsTotalRow: number;
  readonly initiativesTotalRow: number;
  readonly partiesTotalRow: number;
  readonly settlementsTotalRow: number;
  readonly postingsTotalRow: number;
  readonly carryForwardTotalRow: number;
}

export function buildClusterWorkbook(input: ClusterWorkbookInput): { workbook: ExcelJS.Workbook; layout: ClusterWorkbookLayout; settlement: PeriodSettlement } {
  const { economy, year } = input;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Klynge';
  wb.title = `Klyngebudget og -regnskab ${String(year)} — ${economy.clusterName}`;
  wb.calcProperties.fullCalcOnLoad = true;
  const name = (id: string): string => partyName(economy.parties, id);

  // Midler: available = contribution + extra + carried in; remaining = available − committed.
  const funds = fundsView(economy, year);
  const fws = addSheet(wb, SHEETS.funds, ['Part', 'Kode', 'Fælles midler', 'Lokale midler', 'Videreført ind', 'Disponibelt', 'Disponeret', 'Forbrugt', 'Rest', 'Bemærkning'], [28, 8, 16, 16, 16, 16, 16, 16, 16, 48]);
  funds.parties.forEach((p, i) => {
    const r = String(i + 2);
    // Overspending is flagged in words, not by colour alone (issue 9).
    const note = p.remaining < 0 ? `Under 0 kr.: parten har brugt eller disponeret ${formatKr(negOre(p.remaining))} mere, end den har.` : '';
    addRow(fws, [name(p.party), p.party, kr(p.contribution), kr(p.extraLocal), kr(p.carriedIn), { formula: `C${r}+D${r}+E${r}` }, kr(p.committed), kr(p.spent), { formula: `F${r}-G${r}` }, note], [3, 4, 5, 6, 7, 8, 9]);
  });
  const fLast = funds.parties.length + 1;
  const fundsTotalRow = fLast + 1;
  addRow(fws, ['I alt', '', ...[3, 4, 5, 6, 7, 8, 9].map((c) => sumCol(c, 2, fLast))], [3, 4, 5, 6, 7, 8, 9], true);

  // Indsatser: budget (approved forecast) vs actual; actual = SUMIFS over the actuals sheet.
  const bva = budgetVsActual(economy.initiatives, economy.actuals, year);
  const iws = addSheet(wb, SHEETS.initiatives, ['Indsats', 'Titel', 'Målgruppe', 'Status', 'Udførende', 'Budget fælles midler', 'Forbrug fælles midler', 'Difference', 'Budget egne midler', 'Forbrug egne midler', 'Bemærkning'], [12, 32, 26, 12, 24, 18, 18, 16, 18, 18, 48]);
  const overspent = overspending(economy, year);
  const sumifs = (r: string, funding: string): { formula: string } => ({
    formula: `SUMIFS('${SHEETS.actuals}'!$D:$D,'${SHEETS.actuals}'!$A:$A,$A${r},'${SHEETS.actuals}'!$F:$F,"${funding}")`,
  });
  economy.initiatives.forEach((ini, i) => {
    const r = String(i + 2);
    const b = bva.rows[i];
    addRow(iws, [
      ini.id, ini.title, ini.targetGroup === 'other' ? (ini.otherTargetGroup ?? '') : TARGET_GROUP_LABEL[ini.targetGroup], STATUS_LABEL[ini.status],
      ini.executingParties.map(name).join(', '), kr(b?.budgetCommon ?? ZERO), sumifs(r, FUNDING_LABEL.common), { formula: `F${r}-G${r}` },
      kr(b?.budgetOwn ?? ZERO), sumifs(r, FUNDING_LABEL.own),
      overspent.filter((o) => o.initiativeId === ini.id).map((o) => `Overforbrug: ${describeOverspend(o)}`).join(' '),
    ], [6, 7, 8, 9, 10]);
  });
  const iLast = economy.initiatives.length + 1;
  const initiativesTotalRow = iLast + 1;
  addRow(iws, ['I alt', '', '', '', '', ...[6, 7, 8, 9, 10].map((c) => sumCol(c, 2, iLast))], [6, 7, 8, 9, 10], true);

  // Parter: the year's settlement per party, executing and paying (net frame impact = expense − income).
  const settlement = settlePeriod(economy, { from: `${String(year)}-01`, to: `${String(year)}-12` }, input.charts ? { charts: input.charts } : {});
  const pws = addSheet(wb, SHEETS.parties, ['Part', 'Kode', 'Udførende for', 'Indtægt', 'Udgift', 'Nettorammepåvirkning'], [28, 8, 32, 16, 16, 20]);
  economy.parties.forEach((p, i) => {
    const r = String(i + 2);
    let income = ZERO;
    let expense = ZERO;
    const executes: string[] = [];
    for (const s of settlement.settlements) {
      const sp = s.settlement.parties.find((x) => x.party === p.id);
      if (!sp) continue;
      income = addOre(income, sp.incomeOre);
      expense = addOre(expense, sp.expenseOre);
      const initiative = economy.initiatives.find((x) => x.id === s.initiativeId);
      if (sp.role === 'executing') executes.push(initiative ? initiativeReference(initiative) : s.initiativeId);
    }
    addRow(pws, [p.name, p.id, executes.join(', '), kr(income), kr(expense), { formula: `E${r}-D${r}` }], [4, 5, 6]);
  });
  const pLast = economy.parties.length + 1;
  const partiesTotalRow = pLast + 1;
  addRow(pws, ['I alt', '', '', ...[4, 5, 6].map((c) => sumCol(c, 2, pLast))], [4, 5, 6], true);

  // Afregninger: who owes whom for the year.
  const sws = addSheet(wb, SHEETS.settlements, ['Betalende part', 'Kode', 'Udførende part', 'Kode', 'Beløb'], [28, 8, 28, 8, 16]);
  for (const o of settlement.obligations) addRow(sws, [name(o.payer), o.payer, name(o.executing), o.executing, kr(o.amountOre)], [5]);
  const sLast = settlement.obligations.length + 1;
  const settlementsTotalRow = sLast + 1;
  addRow(sws, ['I alt', '', '', '', sumCol(5, 2, sLast)], [5], true);

  // Konteringer: every party's posting lines; the sum is the year's settled spending.
  const kws = addSheet(wb, SHEETS.postings, POSTING_XLSX_COLUMNS, POSTING_XLSX_WIDTHS);
  const lines = settlement.files.flatMap((f) => f.lines);
  for (const l of lines) addRow(kws, postingXlsxRow(l, economy.clusterName), [POSTING_XLSX_AMOUNT_COL]);
  const kLast = lines.length + 1;
  const postingsTotalRow = kLast + 1;
  addRow(kws, totalRow('I alt', sumCol(POSTING_XLSX_AMOUNT_COL, 2, kLast)), [POSTING_XLSX_AMOUNT_COL], true);

  // Videreførelse: unused = contributed − spent; lapsed = MAX(unused;0) − carried.
  const cws = addSheet(wb, SHEETS.carryForward, ['Part', 'Kode', 'Bidrag', 'Forbrug', 'Uforbrugt', 'Videreført', 'Bortfaldet', 'Tilsagn om råderum'], [28, 8, 16, 16, 16, 16, 16, 44]);
  funds.parties.forEach((p, i) => {
    const r = String(i + 2);
    const row = input.closing?.rows.find((x) => x.party === p.party);
    const commitment = row?.commitment ? `${row.commitment.recordedBy}, ${row.commitment.recordedAt}` : input.closing ? 'Ikke registreret' : 'Året er ikke afsluttet';
    addRow(cws, [name(p.party), p.party, kr(row?.contributed ?? p.available), kr(row?.spent ?? p.spent), { formula: `C${r}-D${r}` }, kr(row?.carriedForward ?? ZERO), { formula: `MAX(E${r},0)-F${r}` }, commitment], [3, 4, 5, 6, 7]);
  });
  const cLast = funds.parties.length + 1;
  const carryForwardTotalRow = cLast + 1;
  addRow(cws, ['I alt', '', ...[3, 4, 5, 6, 7].map((c) => sumCol(c, 2, cLast))], [3, 4, 5, 6, 7], true);

  // Forbrug: the editable actuals of the year, in the import's columns (last, after the views).
  const aws = addSheet(wb, SHEETS.actuals, ACTUALS_COLUMNS, [14, 10, 10, 16, 22, 16, 36]);
  for (const a of economy.actuals.filter((x) => x.period.startsWith(`${String(year)}-`))) {
    addRow(aws, [a.initiativeId, a.party, a.period, kr(a.amount), COST_CATEGORY_LABEL[a.category], FUNDING_LABEL[a.funding], a.text], [4]);
  }

  return { workbook: wb, layout: { fundsTotalRow, initiativesTotalRow, partiesTotalRow, settlementsTotalRow, postingsTotalRow, carryForwardTotalRow }, settlement };
}

export async function clusterWorkbookBuffer(input: ClusterWorkbookInput): Promise<Buffer> {
  return Buffer.from(await buildClusterWorkbook(input).workbook.xlsx.writeBuffer());
}

/** A cell as the text an import expects: numbers plainly (dot decimal), formulas by their result, dates as YYYY-MM. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Math.round(value * 1e6) / 1e6);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'SAND' : 'FALSK';
  if (value instanceof Date) return `${String(value.getUTCFullYear())}-${String(value.getUTCMonth() + 1).padStart(2, '0')}`;
  if ('richText' in value) return value.richText.map((t) => t.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
  if ('text' in value) return String(value.text);
  return '';
}

/**
 * Reads the actuals sheet of an (edited) workbook and validates every row — all-or-nothing, with
 * the spreadsheet's row numbers in the errors. Apply the result with `applyActuals(…, 'replace-year')`.
 */
export async function importActualsSheet(xlsx: Buffer | ArrayBuffer, ctx: ActualsContext): Promise<ActualsImport> {
  // Sizes and rows first: ExcelJS would inflate a zip bomb into memory before any check of ours.
  const refused = zipBoundsViolation(xlsx instanceof ArrayBuffer ? new Uint8Array(xlsx) : xlsx);
  if (refused !== null) return { ok: false, errors: [{ line: 0, message: refused }] };
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(xlsx as ArrayBuffer);
  } catch {
    return { ok: false, errors: [{ line: 0, message: 'Filen kan ikke læses som et Excel-regneark (xlsx).' }] };
  }
  const ws = wb.getWorksheet(SHEETS.actuals);
  if (!ws) return { ok: false, errors: [{ line: 0, message: `Regnearket har intet ark med navnet "${SHEETS.actuals}".` }] };
  const records: CsvRecord[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells = ACTUALS_COLUMNS.map((_, i) => cellText(row.getCell(i + 1).value).trim());
    if (cells.some((c) => c !== '')) records.push({ line: rowNumber, cells });
  });
  return validateActualsRows(records, ctx);
}

/** The posting columns in a spreadsheet: amounts in kroner only (the øre column is for CSV). */
const POSTING_XLSX_COLUMNS = POSTING_COLUMNS.filter((c) => c !== 'Beløb (øre)');
const POSTING_XLSX_WIDTHS = [8, 24, 10, 12, 10, 12, 9, 7, 6, 28, 40, 16, 8, 24, 24, 10, 32, 16, 60];
/** 1-based column of the amount in kroner. */
const POSTING_XLSX_AMOUNT_COL = POSTING_ORE_COLUMN + 1;

/** A posting line's cells in the spreadsheet: the CSV row without øre, the amount in kroner as a number. */
function postingXlsxRow(l: PostingFileLine, clusterName: string): CellInput[] {
  const cells: CellInput[] = postingRow(l, clusterName);
  cells.splice(POSTING_ORE_COLUMN, 2, kr(l.amountOre));
  return cells;
}

function totalRow(label: string, total: { formula: string }): CellInput[] {
  const cells: CellInput[] = POSTING_XLSX_COLUMNS.map(() => '');
  cells[0] = label;
  cells[POSTING_XLSX_AMOUNT_COL - 1] = total;
  return cells;
}

/** One party's posting file as xlsx, with the control total as a formula and the line count. */
export async function postingFileWorkbookBuffer(file: PartyPostingFile, clusterName = ''): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.calcProperties.fullCalcOnLoad = true;
  const ws = addSheet(wb, 'Konteringer', POSTING_XLSX_COLUMNS, POSTING_XLSX_WIDTHS);
  for (const l of file.lines) addRow(ws, postingXlsxRow(l, clusterName), [POSTING_XLSX_AMOUNT_COL]);
  const last = file.lines.length + 1;
  addRow(ws, totalRow(`Kontrolsum (${String(file.lineCount)} linjer)`, sumCol(POSTING_XLSX_AMOUNT_COL, 2, last)), [POSTING_XLSX_AMOUNT_COL], true);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
