import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../core/csv.ts';
import { kroner, ore } from '../../core/money.ts';
import { type Actual, applyActuals, budgetVsActual, requireValidImport } from '../../core/economy/actuals.ts';
import { closeYear, closingTotals } from '../../core/economy/carry-forward.ts';
import { type ClusterEconomy, fundsView } from '../../core/economy/funds.ts';
import type { Initiative } from '../../core/economy/initiative.ts';
import { decision, klyngeSydEconomy } from '../../core/economy/test-fixtures.ts';
import { POSTING_ORE_COLUMN } from '../../core/economy/period-settlement.ts';
import { inflated, workbookEntries, zip } from '../../infra/export/zip-testing.ts';
import { SHEETS, buildClusterWorkbook, clusterWorkbookBuffer, importActualsSheet, postingFileWorkbookBuffer } from './cluster-workbook.ts';

/** Klynge Syd 2022 (Tabel 1: 7.803.439 kr.) with three initiatives and øre-exact actuals. */
function economy(): ClusterEconomy {
  const base = klyngeSydEconomy();
  const other = (id: string, party: string, amount: number, funding: 'common' | 'own' = 'common') =>
    ({ id, kind: 'other', year: 2022, description: id, category: funding === 'own' ? 'operations' : 'trial', funding, party, amount: ore(amount) }) as const;
  const initiatives: Initiative[] = [
    { id: 'AKUT', title: 'Udgående akutteam', description: '', targetGroup: 'acute', startPeriod: '2022-07', endPeriod: '2023-06', executingParties: ['1084'], status: 'running', approval: decision,
      forecast: { lines: [other('a', '1084', 250_000_000)] }, approvedForecast: { lines: [other('a', '1084', 250_000_000)] } },
    { id: 'AELDRE', title: 'Den gode udskrivning', description: '', targetGroup: 'vulnerable-elderly', startPeriod: '2022-09', endPeriod: '2022-12', executingParties: ['101', '167'], status: 'ended', approval: decision,
      forecast: { lines: [other('b', '101', 120_000_001), other('c', '167', 30_000_000), other('d', '167', 5_000_000, 'own')] } },
    { id: 'UNGE', title: 'Unge og trivsel', description: '', targetGroup: 'other', otherTargetGroup: 'Unge 15–25 år', startPeriod: '2022-10', endPeriod: '2023-03', executingParties: ['153'], status: 'approved', approval: decision,
      forecast: { lines: [other('e', '153', 33_333_333)] }, approvedForecast: { lines: [other('e', '153', 33_333_333)] } },
  ];
  const act = (initiativeId: string, party: string, period: string, amount: number, funding: 'common' | 'own' = 'common'): Actual =>
    ({ initiativeId, party, period, amount: ore(amount), category: funding === 'own' ? 'operations' : 'trial', funding, text: `${initiativeId} ${period}` });
  const actuals = [
    act('AKUT', '1084', '2022-08', 61_234_567), act('AKUT', '1084', '2022-11', 44_444_444),
    act('AELDRE', '101', '2022-10', 99_999_999), act('AELDRE', '167', '2022-12', 31_415_926), act('AELDRE', '167', '2022-12', 4_000_000, 'own'),
    act('UNGE', '153', '2022-12', 7_777_777),
  ];
  return { ...base, initiatives, actuals };
}

function closing(e: ClusterEconomy) {
  return closeYear(e, { year: 2022, status: 'open' }, [
    { party: '1084', amount: kroner(2_000_000), recordedBy: 'Region Hovedstaden, økonomi', recordedAt: '2023-01-20' },
    { party: '101', amount: kroner(100_000), recordedBy: 'Københavns Kommune', recordedAt: '2023-01-22' },
  ], { name: 'Sekretariatet', role: 'secretariat' }, '2023-02-01').closing;
}

/**
 * A kroner figure from a LibreOffice CSV cell (raw value, dot or comma decimal) → øre. Spreadsheets
 * add in binary floating point, so a sum may print as …,7099999997: accept only noise far below
 * half an øre, then round.
 */
function oreOf(cell: string | undefined): number {
  const text = (cell ?? '').replace(/^"|"$/g, '').trim();
  if (!/^-?\d+([.,]\d+)?(E[-+]?\d+)?$/i.test(text)) throw new Error(`"${text}" er ikke et tal`);
  const x = Number(text.replace(',', '.')) * 100;
  const n = Math.round(x);
  if (Math.abs(x - n) > 1e-4) throw new Error(`${text} er ikke et helt antal øre`);
  return n === 0 ? 0 : n;
}

const tmpDirs: string[] = [];
afterAll(() => {
  for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
});

describe('cluster workbook (klyngebudget og -regnskab)', { timeout: 180_000 }, () => {
  it('has a sheet per view, frozen headers, Danish number formats and totals as formulas', async () => {
    const e = economy();
    const buf = await clusterWorkbookBuffer({ economy: e, year: 2022, closing: closing(e) });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Midler', 'Indsatser', 'Parter', 'Afregninger', 'Konteringer', 'Videreførelse', 'Forbrug']);
    const { layout } = buildClusterWorkbook({ economy: e, year: 2022 });
    const midler = wb.getWorksheet(SHEETS.funds);
    expect(midler?.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(midler?.getCell(`F${String(layout.fundsTotalRow)}`).formula).toBe(`SUM(F3:F${String(layout.fundsTotalRow - 1)})`);
    expect(midler?.getCell('I3').formula).toBe('F3-G3');
    expect(midler?.getCell('C3').numFmt).toBe('#,##0.00');
    expect(wb.getWorksheet(SHEETS.initiatives)?.getCell('G3').formula).toContain('SUMIFS(');
    expect(wb.getWorksheet(SHEETS.carryForward)?.getCell('G3').formula).toBe('MAX(E3,0)-F3');
  });

  it('LibreOffice recomputes every total and difference to the app\'s figures', async () => {
    const e = economy();
    const close = closing(e);
    const { layout, settlement } = buildClusterWorkbook({ economy: e, year: 2022, closing: close });
    const dir = mkdtempSync(join(tmpdir(), 'klynge-wb-'));
    tmpDirs.push(dir);
    const file = join(dir, 'klynge.xlsx');
    writeFileSync(file, await clusterWorkbookBuffer({ economy: e, year: 2022, closing: close }));
    execFileSync('soffice', [
      `-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to',
      'csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,false,false,false,-1', '--outdir', dir, file,
    ], { timeout: 900_000, stdio: 'pipe' });
    const sheet = (name: string): string[][] => {
      const f = readdirSync(dir).find((x) => x === `klynge-${name}.csv`);
      if (!f) throw new Error(`LibreOffice wrote no CSV for ${name}: ${readdirSync(dir).join(', ')}`);
      return parseCsv(readFileSync(join(dir, f), 'utf8'), ';').records.map((r) => [...r.cells]);
    };
    const row = (name: string, n: number): string[] => sheet(name)[n - 1] ?? [];

    // Midler: Tabel 1's 7.803.439 kr. available; committed, spent and remaining as the app has them.
    const funds = fundsView(e, 2022);
    const ft = row(SHEETS.funds, layout.fundsTotalRow);
    expect([ft[0], oreOf(ft[5]), oreOf(ft[6]), oreOf(ft[7]), oreOf(ft[8])]).toEqual(['I alt', kroner(7_803_439), funds.cluster.committed, funds.cluster.spent, funds.cluster.remaining]);
    funds.parties.forEach((p, i) => expect(oreOf(row(SHEETS.funds, i + layout.firstDataRow)[8])).toBe(p.remaining));

    // Indsatser: actual via SUMIFS over Forbrug, and budget − actual.
    const bva = budgetVsActual(e.initiatives, e.actuals, 2022);
    bva.rows.forEach((b, i) => {
      const r = row(SHEETS.initiatives, i + layout.firstDataRow);
      expect([oreOf(r[6]), oreOf(r[7]), oreOf(r[9])]).toEqual([b.actualCommon, b.differenceCommon, b.actualOwn]);
    });
    const itot = row(SHEETS.initiatives, layout.initiativesTotalRow);
    expect([oreOf(itot[5]), oreOf(itot[6]), oreOf(itot[7])]).toEqual([bva.total.budgetCommon, bva.total.actualCommon, bva.total.differenceCommon]);
    expect(bva.total.actualCommon).toBe(61_234_567 + 44_444_444 + 99_999_999 + 31_415_926 + 7_777_777);

    // Parter: net frame impact per party = its posting file's control total; in all = the settled spending.
    settlement.files.forEach((f, i) => expect(oreOf(row(SHEETS.parties, i + layout.firstDataRow)[5])).toBe(f.controlTotalOre));
    expect(oreOf(row(SHEETS.parties, layout.partiesTotalRow)[5])).toBe(bva.total.actualCommon);
    expect(oreOf(row(SHEETS.settlements, layout.settlementsTotalRow)[4])).toBe(settlement.obligations.reduce((s, o) => s + o.amountOre, 0));
    expect(oreOf(row(SHEETS.postings, layout.postingsTotalRow)[POSTING_ORE_COLUMN])).toBe(bva.total.actualCommon);

    // Videreførelse: unused and lapsed recomputed from contributed, spent and carried.
    const t = closingTotals(close);
    const ct = row(SHEETS.carryForward, layout.carryForwardTotalRow);
    expect([oreOf(ct[2]), oreOf(ct[3]), oreOf(ct[4]), oreOf(ct[5]), oreOf(ct[6])]).toEqual([t.contributed, t.spent, t.unused, t.carriedForward, t.lapsed]);
  }, 1_000_000);

  it('re-imports the edited actuals sheet (all-or-nothing) and the app\'s figures follow', async () => {
    const e = economy();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await clusterWorkbookBuffer({ economy: e, year: 2022 })) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet(SHEETS.actuals);
    if (!ws) throw new Error('no sheet');
    ws.getCell('D3').value = 700_000.01; // AKUT 2022-08 was 612.345,67 kr.
    ws.addRow(['UNGE', 'Brøndby', '2022-11', 1234.5, 'Udvikling', 'Fælles midler', 'Tilføjet i regnearket']);
    const edited = Buffer.from(await wb.xlsx.writeBuffer());
    const ctx = { parties: e.parties, initiatives: e.initiatives, year: 2022 };
    const imported = requireValidImport(await importActualsSheet(edited, ctx));
    expect(imported).toHaveLength(7);
    expect(imported[0]).toMatchObject({ initiativeId: 'AKUT', amount: ore(70_000_001) });
    expect(imported[6]).toMatchObject({ initiativeId: 'UNGE', party: '153', amount: ore(123_450), category: 'development' });
    const after = applyActuals(e.actuals, imported, { kind: 'replace-year', year: 2022 });
    const unge = budgetVsActual(e.initiatives, after, 2022).rows.find((r) => r.initiativeId === 'UNGE');
    expect(unge?.actualCommon).toBe(7_777_777 + 123_450);

    // A bad edit is refused as a whole, with the sheet's row numbers.
    ws.getCell('C4').value = '2022-13';
    ws.getCell('E5').value = 'Drift';
    const bad = await importActualsSheet(Buffer.from(await wb.xlsx.writeBuffer()), ctx);
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.errors.map((x) => x.line)).toEqual([4, 5]);
      expect(bad.errors[1]?.message).toMatch(/^Linje 5: .*ikke til drift/);
    }
    expect(await importActualsSheet(Buffer.from('ikke et regneark'), ctx)).toMatchObject({ ok: false });
  });

  it('flags spending beyond the approved amount in words on the initiatives sheet (issue 9)', () => {
    const e = economy();
    // The acute team spends 2,0 mio. more in December than its approved 2,5 mio.
    const over = { ...e, actuals: [...e.actuals, { initiativeId: 'AKUT', party: '1084', period: '2022-12', amount: kroner(2_000_000), category: 'trial', funding: 'common', text: 'Ekstra vagter' } as const] };
    const { workbook } = buildClusterWorkbook({ economy: over, year: 2022 });
    const sheet = workbook.getWorksheet(SHEETS.initiatives);
    const notes = new Map<string, string>();
    sheet?.eachRow((row, n) => {
      if (n > 2) notes.set(row.getCell(1).text, row.getCell(11).text);
    });
    // 612.345,67 + 444.444,44 + 2.000.000,00 = 3.056.790,11 against 2.500.000,00 approved.
    expect(notes.get('Udgående akutteam')).toBe('Overforbrug: Forbruget af fælles midler (3.056.790,11 kr.) er 556.790,11 kr. over det godkendte beløb (2.500.000,00 kr.) for 2022.');
    expect(notes.get('Unge og trivsel')).toBe('');
    expect(workbook.getWorksheet(SHEETS.initiatives)?.getRow(2).getCell(11).value).toBe('Bemærkning');
  });

  it('names the cluster and year on every sheet, initiatives by number and title — no UUID in any cell', async () => {
    const e = economy();
    // As in the database: initiatives have UUIDs and numbers.
    const ids = new Map(e.initiatives.map((i) => [i.id, randomUUID()]));
    const withIds: ClusterEconomy = {
      ...e,
      initiatives: e.initiatives.map((i, n) => ({ ...i, id: ids.get(i.id) ?? i.id, number: n + 1 })),
      actuals: e.actuals.map((a) => ({ ...a, initiativeId: ids.get(a.initiativeId) ?? a.initiativeId })),
    };
    const close = closing(withIds);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await clusterWorkbookBuffer({ economy: withIds, year: 2022, closing: close })) as unknown as ArrayBuffer);
    const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
    const found: string[] = [];
    for (const ws of wb.worksheets) {
      expect(ws.getCell('A1').value, ws.name).toBe(`Klynge Syd (Region Hovedstaden) – Klyngebudget og -regnskab 2022 – ${ws.name}`);
      expect(ws.getRow(2).getCell(1).value, ws.name).toBe(ws.name === SHEETS.settlements ? 'Betalende part' : ws.name === SHEETS.initiatives || ws.name === SHEETS.actuals ? 'Indsats' : 'Part');
      expect(ws.headerFooter.oddFooter, ws.name).toBe(`&LKlynge Syd (Region Hovedstaden) – 2022&C${ws.name}&RSide &P af &N`);
      ws.eachRow((row, n) => {
        row.eachCell((cell, c) => {
          const text = cell.type === ExcelJS.ValueType.Formula ? `${cell.formula} ${JSON.stringify(cell.result ?? null)}` : cell.text;
          if (uuid.test(text)) found.push(`${ws.name}!${String(c)}${String(n)}: ${text}`);
        });
      });
    }
    expect(found).toEqual([]);
    expect(wb.getWorksheet(SHEETS.initiatives)?.getCell('A3').value).toBe('Nr. 1 Udgående akutteam');
    expect(wb.getWorksheet(SHEETS.actuals)?.getCell('A3').value).toBe('Nr. 1 Udgående akutteam');
    // …and the sheet, edited, imports again by number and title.
    const imported = requireValidImport(await importActualsSheet(Buffer.from(await wb.xlsx.writeBuffer()), { parties: withIds.parties, initiatives: withIds.initiatives, year: 2022 }));
    expect(imported.map((a) => a.initiativeId)).toEqual(withIds.actuals.map((a) => a.initiativeId));
  });

  it('stores every formula with its value, so a previewer that does not calculate shows the figures', async () => {
    const e = economy();
    const close = closing(e);
    const { workbook, layout } = buildClusterWorkbook({ economy: e, year: 2022, closing: close });
    // In the file itself: every <f> is followed by its <v> (also when the value is 0).
    const dir = mkdtempSync(join(tmpdir(), 'klynge-wb-xml-'));
    tmpDirs.push(dir);
    const file = join(dir, 'klynge.xlsx');
    writeFileSync(file, await clusterWorkbookBuffer({ economy: e, year: 2022, closing: close }));
    const sheets = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).split('\n').filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
    expect(sheets).toHaveLength(workbook.worksheets.length);
    let formulas = 0;
    for (const sheet of sheets) {
      const xml = execFileSync('unzip', ['-p', file, sheet], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      const cells = xml.match(/<c [^>]*>(?:(?!<\/c>).)*<f>(?:(?!<\/c>).)*<\/c>/g) ?? [];
      formulas += cells.length;
      expect(cells.filter((c) => !/<\/f><v>-?[\d.E+-]+<\/v>/.test(c)), sheet).toEqual([]);
    }
    expect(formulas).toBeGreaterThan(30);
    // The cached values are the app's own figures.
    const funds = fundsView(e, 2022);
    const cached = (sheet: string, address: string): number => Math.round(Number(workbook.getWorksheet(sheet)?.getCell(address).result) * 100);
    expect(cached(SHEETS.funds, `I${String(layout.fundsTotalRow)}`)).toBe(funds.cluster.remaining);
    expect(cached(SHEETS.funds, `F${String(layout.fundsTotalRow)}`)).toBe(funds.cluster.available);
    const t = closingTotals(close);
    expect(cached(SHEETS.carryForward, `G${String(layout.carryForwardTotalRow)}`)).toBe(t.lapsed);
    expect(cached(SHEETS.initiatives, `G${String(layout.initiativesTotalRow)}`)).toBe(budgetVsActual(e.initiatives, e.actuals, 2022).total.actualCommon);
  });

  it('shows "Bortfaldet" only once the year is closed', () => {
    const e = economy();
    const headers = (closed: boolean): string[] => {
      const { workbook } = buildClusterWorkbook({ economy: e, year: 2022, ...(closed ? { closing: closing(e) } : {}) });
      return (workbook.getWorksheet(SHEETS.carryForward)?.getRow(2).values as unknown[]).filter((v): v is string => typeof v === 'string');
    };
    expect(headers(false)).toEqual(['Part', 'Kode', 'Bidrag', 'Forbrug', 'Uforbrugt', 'Bemærkning']);
    expect(headers(true)).toEqual(['Part', 'Kode', 'Bidrag', 'Forbrug', 'Uforbrugt', 'Videreført', 'Bortfaldet', 'Tilsagn om råderum']);
    const { workbook } = buildClusterWorkbook({ economy: e, year: 2022 });
    expect(workbook.getWorksheet(SHEETS.carryForward)?.getCell('F3').value).toBe('Året 2022 er ikke afsluttet: videreførsel og bortfald gøres op ved årsafslutningen.');
  });

  it('prints on A4 landscape, fitted to the width, with title and headers repeated (LibreOffice PDF)', async () => {
    const e = economy();
    const buf = await clusterWorkbookBuffer({ economy: e, year: 2022, closing: closing(e) });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    for (const ws of wb.worksheets) {
      expect(ws.pageSetup, ws.name).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:2' });
    }
    const dir = mkdtempSync(join(tmpdir(), 'klynge-wb-pdf-'));
    tmpDirs.push(dir);
    const file = join(dir, 'klynge.xlsx');
    writeFileSync(file, buf);
    execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file], { timeout: 900_000, stdio: 'pipe' });
    const info = execFileSync('pdfinfo', [join(dir, 'klynge.pdf')], { encoding: 'utf8' });
    // A4 landscape is 842 × 595 pt; each sheet one page wide (a long sheet continues on more pages),
    // far from the 20 US-Letter pages of before.
    expect(info).toMatch(/Page size:\s+841\.[89]\d* x 595\.[23]\d* pts \(A4\)/);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(wb.worksheets.length);
    expect(pages).toBeLessThanOrEqual(wb.worksheets.length * 2);
    // The footer names the cluster, the year and the page on every page.
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'klynge.pdf'), '-'], { encoding: 'utf8' });
    if (process.env['KLYNGE_KEEP_PDF']) writeFileSync(process.env['KLYNGE_KEEP_PDF'], readFileSync(join(dir, 'klynge.pdf')));
    const perPage = text.split('\f').filter((p) => p.trim() !== '');
    expect(perPage).toHaveLength(pages);
    perPage.forEach((p, i) => {
      expect(p, `side ${String(i + 1)}`).toContain('Klynge Syd (Region Hovedstaden) – 2022');
      expect(p, `side ${String(i + 1)}`).toMatch(/Side \d+ af \d+/);
    });
  }, 1_000_000);

  it('writes a party\'s posting file as xlsx with the control total as a formula', async () => {
    const e = economy();
    const { settlement } = buildClusterWorkbook({ economy: e, year: 2022 });
    const file = settlement.files.find((f) => f.party === '1084');
    if (!file) throw new Error('no file');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await postingFileWorkbookBuffer(file, e.clusterName)) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const last = file.lineCount + 2;
    const amount = String.fromCharCode(65 + POSTING_ORE_COLUMN);
    expect(ws?.getCell(`${amount}${String(last)}`).formula).toBe(`SUM(${amount}2:${amount}${String(last - 1)})`);
    expect(ws?.getCell(`A${String(last)}`).value).toBe(`Kontrolsum (${String(file.lineCount)} linjer)`);
    // The account is kept whole, and the region's lines are in its own chart with an art.
    expect(ws?.getCell('D2').value).toBe(file.lines[0]?.account);
    expect(file.lines.every((l) => l.accountSystem === 'regional' && l.art !== '')).toBe(true);
  });

  it('writes a title a spreadsheet would read as a formula as text in the xlsx', async () => {
    const e = economy();
    const injected = { ...e, initiatives: e.initiatives.map((i) => (i.id === 'AKUT' ? { ...i, title: '=1+1' } : i)) };
    const { settlement } = buildClusterWorkbook({ economy: injected, year: 2022 });
    const file = settlement.files.find((f) => f.party === '1084');
    if (!file) throw new Error('no file');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await postingFileWorkbookBuffer(file, '@Klynge')) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const header = (ws?.getRow(1).values as unknown[]).map(String);
    const titleCell = ws?.getRow(2).getCell(header.indexOf('Indsatsnavn'));
    expect(titleCell?.type).toBe(ExcelJS.ValueType.String);
    expect(titleCell?.value).toBe("'=1+1");
    expect(ws?.getRow(2).getCell(header.indexOf('Klynge')).value).toBe("'@Klynge");
  });
});

describe('the actuals sheet import and a zip bomb (issue 11)', () => {
  it('refuses a small workbook whose "Forbrug" sheet inflates to 120 MB before ExcelJS loads it', { timeout: 30_000 }, async () => {
    const entries = await workbookEntries();
    const bomb = zip(entries.map((x) => (x.name === 'xl/worksheets/sheet1.xml' ? { ...x, content: inflated(x.content, 120 * 1024 * 1024) } : x)));
    const e = economy();
    const started = Date.now();
    const result = await importActualsSheet(bomb, { parties: e.parties, initiatives: e.initiatives, year: 2022 });
    expect(result).toMatchObject({ ok: false, errors: [{ line: 0, message: expect.stringMatching(/fylder mere end 50 MB, når det pakkes ud/) as unknown }] });
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
