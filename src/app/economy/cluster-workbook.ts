import type ExcelJS from 'exceljs';
import { excelJS } from '../../infra/export/exceljs.ts';
import type { CsvRecord } from '../../core/csv.ts';
import { type Øre, ZERO, addOre, formatKr, negOre, subOre } from '../../core/money.ts';
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
 * The cluster budget and accounts (klyngebudget og -regnskab) as an xlsx workbook a secretariat
 * sends on: a sheet per view, each opening with a title row naming the cluster, its region and the
 * year; initiatives named by number and title and parties by name and code (never an internal id);
 * amounts in kroner with Danish number format; every total and difference a formula stored WITH
 * its value (so previewers and phones that do not calculate show the figures; Excel and
 * LibreOffice recalculate on load); printed on A4 landscape, fitted to the width, the title and
 * header rows repeated on every page and cluster, year and page in the footer. The actuals sheet
 * ("Forbrug") can be edited and imported again.
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
/** Row 1 names the cluster and year, row 2 holds the column headers, data start at row 3. */
export const FIRST_DATA_ROW = 3;

/** Øre → kroner for a cell. Exact for every amount below 2^53 øre / 100 with two decimals. */
const kr = (amount: Øre): number => amount / 100;

type Formula = { formula: string; result: number };
type CellInput = string | number | Formula;

/** What every sheet of one workbook says about itself: the cluster, its region and the year. */
interface SheetTitle {
  readonly cluster: string;
  readonly year: number;
}

/** `&` starts a code in Excel's header/footer language; a literal one is `&&`. */
const footerText = (s: string): string => s.replace(/&/g, '&&');

function addSheet(wb: ExcelJS.Workbook, name: string, headers: readonly string[], widths: readonly number[], title: SheetTitle): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: FIRST_DATA_ROW - 1 }],
    // A4 (paperSize 9) landscape, one page wide and as many pages long as needed.
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `1:${String(FIRST_DATA_ROW - 1)}`, margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.3 } },
    headerFooter: { oddFooter: `&L${footerText(`${title.cluster} – ${String(title.year)}`)}&C${footerText(name)}&RSide &P af &N` },
  });
  ws.columns = headers.map((_, i) => ({ width: widths[i] ?? 14 }));
  const titleRow = ws.addRow([`${title.cluster} – Klyngebudget og -regnskab ${String(title.year)} – ${name}`]);
  titleRow.font = { bold: true, size: 13 };
  const headerRow = ws.addRow([...headers]);
  headerRow.font = { bold: true };
  return ws;
}

function addRow(ws: ExcelJS.Worksheet, values: readonly CellInput[], moneyCols: readonly number[], bold = false): ExcelJS.Row {
  const row = ws.addRow([...values]);
  for (const c of moneyCols) row.getCell(c).numFmt = KR_FORMAT;
  if (bold) row.font = { bold: true };
  return row;
}

const col = (n: number): string => String.fromCharCode(64 + n);
/** A column total: the formula and, as its cached value, the app's own sum (in øre, so exact). */
const sumCol = (c: number, first: number, last: number, totalOre: Øre): Formula => ({ formula: last < first ? '0' : `SUM(${col(c)}${String(first)}:${col(c)}${String(last)})`, result: kr(totalOre) });
const sumOre = (amounts: readonly Øre[]): Øre => addOre(ZERO, ...amounts);

export interface ClusterWorkbookInput {
  readonly economy: ClusterEconomy;
  readonly year: number;
  /** The year's closing, when the year is closed; only then are carried forward and lapsed shown. */
  readonly closing?: YearClosing;
  /** The installation's charts of accounts for the postings sheet; default the authorised defaults. */
  readonly charts?: PostingCharts;
}

/** Row numbers of the total rows, so tests and readers can find them. */
export interface ClusterWorkbookLayout {
  readonly firstDataRow: number;
  readonly fundsTotalRow: number;
  readonly initiativesTotalRow: number;
  readonly partiesTotalRow: number;
  readonly settlementsTotalRow: number;
  readonly postingsTotalRow: number;
  readonly carryForwardTotalRow: number;
}

/** The cluster with its region, since cluster names repeat across regions ("Klynge Syd (Region Hovedstaden)"). */
export function clusterLabel(economy: ClusterEconomy): string {
  const region = economy.parties.find((p) => p.kind === 'region');
  return region && !economy.clusterName.includes(region.name) ? `${economy.clusterName} (${region.name})` : economy.clusterName;
}

export function buildClusterWorkbook(input: ClusterWorkbookInput): { workbook: ExcelJS.Workbook; layout: ClusterWorkbookLayout; settlement: PeriodSettlement } {
  const { economy, year } = input;
  const title: SheetTitle = { cluster: clusterLabel(economy), year };
  const wb = new (excelJS().Workbook)();
  wb.creator = 'Klynge';
  wb.title = `Klyngebudget og -regnskab ${String(year)} — ${title.cluster}`;
  wb.calcProperties.fullCalcOnLoad = true;
  const name = (id: string): string => partyName(economy.parties, id);
  const first = FIRST_DATA_ROW;
  const reference = (id: string): string => {
    const i = economy.initiatives.find((x) => x.id === id);
    return i ? initiativeReference(i) : id;
  };

  // Midler: available = contribution + extra + carried in; remaining = available − committed.
  const funds = fundsView(economy, year);
  const fws = addSheet(wb, SHEETS.funds, ['Part', 'Kode', 'Fælles midler', 'Lokale midler', 'Videreført ind', 'Disponibelt', 'Disponeret', 'Forbrugt', 'Rest', 'Bemærkning'], [28, 8, 16, 16, 16, 16, 16, 16, 16, 48], title);
  funds.parties.forEach((p, i) => {
    const r = String(i + first);
    // Overspending is flagged in words, not by colour alone (issue 9).
    const note = p.remaining < 0 ? `Under 0 kr.: parten har brugt eller disponeret ${formatKr(negOre(p.remaining))} mere, end den har.` : '';
    addRow(fws, [name(p.party), p.party, kr(p.contribution), kr(p.extraLocal), kr(p.carriedIn), { formula: `C${r}+D${r}+E${r}`, result: kr(p.available) }, kr(p.committed), kr(p.spent), { formula: `F${r}-G${r}`, result: kr(p.remaining) }, note], [3, 4, 5, 6, 7, 8, 9]);
  });
  const fLast = funds.parties.length + first - 1;
  const fundsTotalRow = fLast + 1;
  const c = funds.cluster;
  addRow(fws, ['I alt', '', ...[c.contribution, c.extraLocal, c.carriedIn, c.available, c.committed, c.spent, c.remaining].map((total, k) => sumCol(k + 3, first, fLast, total))], [3, 4, 5, 6, 7, 8, 9], true);

  // Indsatser: budget (approved forecast) vs actual; actual = SUMIFS over the actuals sheet, matched on the initiative's number and title.
  const bva = budgetVsActual(economy.initiatives, economy.actuals, year);
  const iws = addSheet(wb, SHEETS.initiatives, ['Indsats', 'Titel', 'Målgruppe', 'Status', 'Udførende', 'Budget fælles midler', 'Forbrug fælles midler', 'Difference', 'Budget egne midler', 'Forbrug egne midler', 'Bemærkning'], [30, 32, 26, 12, 24, 18, 18, 16, 18, 18, 48], title);
  const overspent = overspending(economy, year);
  const sumifs = (r: string, funding: string, result: Øre): Formula => ({
    formula: `SUMIFS('${SHEETS.actuals}'!$D:$D,'${SHEETS.actuals}'!$A:$A,$A${r},'${SHEETS.actuals}'!$F:$F,"${funding}")`,
    result: kr(result),
  });
  economy.initiatives.forEach((ini, i) => {
    const r = String(i + first);
    const b = bva.rows[i];
    addRow(iws, [
      initiativeReference(ini), ini.title, ini.targetGroup === 'other' ? (ini.otherTargetGroup ?? '') : TARGET_GROUP_LABEL[ini.targetGroup], STATUS_LABEL[ini.status],
      ini.executingParties.map(name).join(', '), kr(b?.budgetCommon ?? ZERO), sumifs(r, FUNDING_LABEL.common, b?.actualCommon ?? ZERO), { formula: `F${r}-G${r}`, result: kr(b?.differenceCommon ?? ZERO) },
      kr(b?.budgetOwn ?? ZERO), sumifs(r, FUNDING_LABEL.own, b?.actualOwn ?? ZERO),
      overspent.filter((o) => o.initiativeId === ini.id).map((o) => `Overforbrug: ${describeOverspend(o)}`).join(' '),
    ], [6, 7, 8, 9, 10]);
  });
  const iLast = economy.initiatives.length + first - 1;
  const initiativesTotalRow = iLast + 1;
  const t = bva.total;
  addRow(iws, ['I alt', '', '', '', '', ...[t.budgetCommon, t.actualCommon, t.differenceCommon, t.budgetOwn, t.actualOwn].map((total, k) => sumCol(k + 6, first, iLast, total))], [6, 7, 8, 9, 10], true);

  // Parter: the year's settlement per party, executing and paying (net frame impact = expense − income).
  const settlement = settlePeriod(economy, { from: `${String(year)}-01`, to: `${String(year)}-12` }, input.charts ? { charts: input.charts } : {});
  const pws = addSheet(wb, SHEETS.parties, ['Part', 'Kode', 'Udførende for', 'Indtægt', 'Udgift', 'Nettorammepåvirkning'], [28, 8, 40, 16, 16, 20], title);
  const partyTotals = { income: ZERO, expense: ZERO };
  economy.parties.forEach((p, i) => {
    const r = String(i + first);
    let income = ZERO;
    let expense = ZERO;
    const executes: string[] = [];
    for (const s of settlement.settlements) {
      const sp = s.settlement.parties.find((x) => x.party === p.id);
      if (!sp) continue;
      income = addOre(income, sp.incomeOre);
      expense = addOre(expense, sp.expenseOre);
      if (sp.role === 'executing') executes.push(reference(s.initiativeId));
    }
    partyTotals.income = addOre(partyTotals.income, income);
    partyTotals.expense = addOre(partyTotals.expense, expense);
    addRow(pws, [p.name, p.id, executes.join(', '), kr(income), kr(expense), { formula: `E${r}-D${r}`, result: kr(subOre(expense, income)) }], [4, 5, 6]);
  });
  const pLast = economy.parties.length + first - 1;
  const partiesTotalRow = pLast + 1;
  addRow(pws, ['I alt', '', '', ...[partyTotals.income, partyTotals.expense, subOre(partyTotals.expense, partyTotals.income)].map((total, k) => sumCol(k + 4, first, pLast, total))], [4, 5, 6], true);

  // Afregninger: who owes whom for the year.
  const sws = addSheet(wb, SHEETS.settlements, ['Betalende part', 'Kode', 'Udførende part', 'Kode', 'Beløb'], [28, 8, 28, 8, 16], title);
  for (const o of settlement.obligations) addRow(sws, [name(o.payer), o.payer, name(o.executing), o.executing, kr(o.amountOre)], [5]);
  const sLast = settlement.obligations.length + first - 1;
  const settlementsTotalRow = sLast + 1;
  addRow(sws, ['I alt', '', '', '', sumCol(5, first, sLast, sumOre(settlement.obligations.map((o) => o.amountOre)))], [5], true);

  // Konteringer: every party's posting lines; the sum is the year's settled spending.
  const kws = addSheet(wb, SHEETS.postings, POSTING_XLSX_COLUMNS, POSTING_XLSX_WIDTHS, title);
  const lines = settlement.files.flatMap((f) => f.lines);
  for (const l of lines) addRow(kws, postingXlsxRow(l, economy.clusterName), [POSTING_XLSX_AMOUNT_COL]);
  const kLast = lines.length + first - 1;
  const postingsTotalRow = kLast + 1;
  addRow(kws, totalRow('I alt', sumCol(POSTING_XLSX_AMOUNT_COL, first, kLast, sumOre(lines.map((l) => l.amountOre)))), [POSTING_XLSX_AMOUNT_COL], true);

  // Videreførelse: unused = contributed − spent. Carried forward and lapsed exist only once the
  // year is closed (with the commitments then recorded); before that nothing has lapsed.
  const closing = input.closing;
  const cws = closing
    ? addSheet(wb, SHEETS.carryForward, ['Part', 'Kode', 'Bidrag', 'Forbrug', 'Uforbrugt', 'Videreført', 'Bortfaldet', 'Tilsagn om råderum'], [28, 8, 16, 16, 16, 16, 16, 44], title)
    : addSheet(wb, SHEETS.carryForward, ['Part', 'Kode', 'Bidrag', 'Forbrug', 'Uforbrugt', 'Bemærkning'], [28, 8, 16, 16, 16, 60], title);
  const cRows = funds.parties.map((p) => {
    const row = closing?.rows.find((x) => x.party === p.party);
    return { party: p.party, contributed: row?.contributed ?? p.available, spent: row?.spent ?? p.spent, carried: row?.carriedForward ?? ZERO, lapsed: row?.lapsed ?? ZERO, commitment: row?.commitment };
  });
  cRows.forEach((p, i) => {
    const r = String(i + first);
    const unused: Formula = { formula: `C${r}-D${r}`, result: kr(subOre(p.contributed, p.spent)) };
    if (closing) {
      const commitment = p.commitment ? `${p.commitment.recordedBy}, ${p.commitment.recordedAt}` : 'Ikke registreret';
      addRow(cws, [name(p.party), p.party, kr(p.contributed), kr(p.spent), unused, kr(p.carried), { formula: `MAX(E${r},0)-F${r}`, result: kr(p.lapsed) }, commitment], [3, 4, 5, 6, 7]);
    } else {
      addRow(cws, [name(p.party), p.party, kr(p.contributed), kr(p.spent), unused, i === 0 ? `Året ${String(year)} er ikke afsluttet: videreførsel og bortfald gøres op ved årsafslutningen.` : ''], [3, 4, 5]);
    }
  });
  const cLast = funds.parties.length + first - 1;
  const carryForwardTotalRow = cLast + 1;
  const cSum = (k: 'contributed' | 'spent' | 'carried' | 'lapsed'): Øre => sumOre(cRows.map((r) => r[k]));
  const cTotals = [cSum('contributed'), cSum('spent'), subOre(cSum('contributed'), cSum('spent')), ...(closing ? [cSum('carried'), cSum('lapsed')] : [])];
  addRow(cws, ['I alt', '', ...cTotals.map((total, k) => sumCol(k + 3, first, cLast, total))], closing ? [3, 4, 5, 6, 7] : [3, 4, 5], true);

  // Forbrug: the editable actuals of the year, in the import's columns (last, after the views);
  // the initiative by its number and title, which the import reads back.
  const aws = addSheet(wb, SHEETS.actuals, ACTUALS_COLUMNS, [30, 10, 10, 16, 22, 16, 36], title);
  for (const a of economy.actuals.filter((x) => x.period.startsWith(`${String(year)}-`))) {
    addRow(aws, [reference(a.initiativeId), a.party, a.period, kr(a.amount), COST_CATEGORY_LABEL[a.category], FUNDING_LABEL[a.funding], a.text], [4]);
  }

  return { workbook: wb, layout: { firstDataRow: first, fundsTotalRow, initiativesTotalRow, partiesTotalRow, settlementsTotalRow, postingsTotalRow, carryForwardTotalRow }, settlement };
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
  const wb = new (excelJS().Workbook)();
  try {
    await wb.xlsx.load(xlsx as ArrayBuffer);
  } catch {
    return { ok: false, errors: [{ line: 0, message: 'Filen kan ikke læses som et Excel-regneark (xlsx).' }] };
  }
  const ws = wb.getWorksheet(SHEETS.actuals);
  if (!ws) return { ok: false, errors: [{ line: 0, message: `Regnearket har intet ark med navnet "${SHEETS.actuals}".` }] };
  const records: CsvRecord[] = [];
  // Rows above the header (the sheet's title naming cluster and year) are not data.
  let headerSeen = false;
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells = ACTUALS_COLUMNS.map((_, i) => cellText(row.getCell(i + 1).value).trim());
    if (!headerSeen) {
      if (cells[0]?.toLocaleLowerCase('da') !== ACTUALS_COLUMNS[0].toLocaleLowerCase('da')) return;
      headerSeen = true;
    }
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

function totalRow(label: string, total: Formula): CellInput[] {
  const cells: CellInput[] = POSTING_XLSX_COLUMNS.map(() => '');
  cells[0] = label;
  cells[POSTING_XLSX_AMOUNT_COL - 1] = total;
  return cells;
}

/** One party's posting file as xlsx, with the control total as a formula and the line count. */
export async function postingFileWorkbookBuffer(file: PartyPostingFile, clusterName = ''): Promise<Buffer> {
  const wb = new (excelJS().Workbook)();
  wb.calcProperties.fullCalcOnLoad = true;
  // A file a booking system reads: the header in row 1, no title row.
  const ws = wb.addWorksheet('Konteringer', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = POSTING_XLSX_COLUMNS.map((header, i) => ({ header, width: POSTING_XLSX_WIDTHS[i] ?? 14 }));
  ws.getRow(1).font = { bold: true };
  for (const l of file.lines) addRow(ws, postingXlsxRow(l, clusterName), [POSTING_XLSX_AMOUNT_COL]);
  const last = file.lines.length + 1;
  addRow(ws, totalRow(`Kontrolsum (${String(file.lineCount)} linjer)`, sumCol(POSTING_XLSX_AMOUNT_COL, 2, last, file.controlTotalOre)), [POSTING_XLSX_AMOUNT_COL], true);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
