import { parseCsv, type CsvRecord, type ParsedCsv } from '../csv.ts';
import { DomainError, isDomainError } from '../errors.ts';
import { type Øre, ZERO, addOre, parseDanishAmount, subOre } from '../money.ts';
import { COST_CATEGORY_LABEL, type CostCategory, FUNDING_LABEL, type Funding, assertChargeable, lineCost } from './forecast.ts';
import { type Initiative, STATUS_LABEL, initiativeReference } from './initiative.ts';
import { type EconomyParty, parsePeriod } from './parties.ts';

/** Spending actually incurred (faktisk forbrug) by an executing party on an initiative in a month. */
export interface Actual {
  readonly initiativeId: string;
  readonly party: string;
  /** `YYYY-MM` */
  readonly period: string;
  /** Øre; negative for a correction or credit note. */
  readonly amount: Øre;
  readonly category: CostCategory;
  readonly funding: Funding;
  readonly text: string;
}

export function actualYear(a: Actual): number {
  return actualPeriod(a).year;
}

/** Parsed periods by their text: a cluster-year has at most 12 distinct months, read thousands of times. */
const parsedPeriods = new Map<string, { year: number; month: number }>();

/** The actual's month, parsed once per distinct period text. */
export function actualPeriod(a: Actual): { year: number; month: number } {
  let p = parsedPeriods.get(a.period);
  if (p === undefined) {
    p = parsePeriod(a.period);
    // Bounded: periods are few, but a memo must not grow without limit in a long-running server.
    if (parsedPeriods.size > 10_000) parsedPeriods.clear();
    parsedPeriods.set(a.period, p);
  }
  return p;
}

/** The list's actuals grouped by initiative, built once per list (lists are never mutated). */
const byInitiative = new WeakMap<readonly Actual[], ReadonlyMap<string, readonly Actual[]>>();

/** An initiative's actuals in `actuals`, without scanning the whole list for every initiative. */
export function actualsOfInitiative(actuals: readonly Actual[], initiativeId: string): readonly Actual[] {
  let index = byInitiative.get(actuals);
  if (index === undefined) {
    const m = new Map<string, Actual[]>();
    for (const a of actuals) {
      const list = m.get(a.initiativeId);
      if (list) list.push(a);
      else m.set(a.initiativeId, [a]);
    }
    index = m;
    byInitiative.set(actuals, index);
  }
  return index.get(initiativeId) ?? [];
}

/** The columns of an actuals import (the executing party's ledger extract, or the workbook's sheet). */
export const ACTUALS_COLUMNS = ['Indsats', 'Part', 'Periode', 'Beløb', 'Kategori', 'Finansiering', 'Tekst'] as const;

export interface LineError {
  readonly line: number;
  readonly message: string;
}

export type ActualsImport = { readonly ok: true; readonly actuals: readonly Actual[] } | { readonly ok: false; readonly errors: readonly LineError[] };

export interface ActualsContext {
  readonly parties: readonly EconomyParty[];
  readonly initiatives: readonly Initiative[];
  /** When set, every row must lie in this cluster-year. */
  readonly year?: number;
}

const norm = (s: string): string => s.trim().toLocaleLowerCase('da');

function parseCategory(text: string): CostCategory {
  const t = norm(text);
  for (const [code, label] of Object.entries(COST_CATEGORY_LABEL) as [CostCategory, string][]) {
    if (t === code || t === norm(label)) return code;
  }
  throw new DomainError('actuals.category', `ukendt kategori "${text.trim()}" (brug ${Object.values(COST_CATEGORY_LABEL).join(', ')})`);
}

function parseFunding(text: string): Funding {
  const t = norm(text);
  if (t === '' || t === 'common' || t === 'fælles' || t === norm(FUNDING_LABEL.common)) return 'common';
  if (t === 'own' || t === 'egne' || t === norm(FUNDING_LABEL.own)) return 'own';
  throw new DomainError('actuals.funding', `ukendt finansiering "${text.trim()}" (brug "Fælles midler" eller "Egne midler")`);
}

/**
 * Parses and validates actuals rows (a header row first, then data rows), collecting every line's
 * errors. All-or-nothing: either every row is valid and all are returned, or none are.
 */
export function validateActualsRows(records: readonly CsvRecord[], ctx: ActualsContext): ActualsImport {
  const errors: LineError[] = [];
  const [header, ...rows] = records;
  if (!header) return { ok: false, errors: [{ line: 1, message: 'Filen er tom; der mangler en overskriftslinje.' }] };
  const index = new Map<string, number>();
  header.cells.forEach((c, i) => index.set(norm(c), i));
  const missing = ACTUALS_COLUMNS.filter((c) => c !== 'Tekst' && !index.has(norm(c)));
  if (missing.length > 0) {
    return { ok: false, errors: [{ line: header.line, message: `Overskriftslinjen mangler kolonnen ${missing.map((m) => `"${m}"`).join(', ')}.` }] };
  }
  const cell = (r: CsvRecord, name: string): string => r.cells[index.get(norm(name)) ?? -1] ?? '';
  const actuals: Actual[] = [];
  if (rows.length === 0) errors.push({ line: header.line + 1, message: 'Der er ingen linjer med forbrug.' });
  for (const r of rows) {
    const problems: string[] = [];
    const attempt = <T>(f: () => T): T | undefined => {
      try {
        return f();
      } catch (e) {
        if (!isDomainError(e)) throw e;
        problems.push(e.message.replace(/\.$/, ''));
        return undefined;
      }
    };
    const initiativeId = cell(r, 'Indsats').trim();
    const partyId = cell(r, 'Part').trim();
    const periodText = cell(r, 'Periode').trim();
    // By id (the API), number and title ("Nr. 3 Titel", as the workbook writes it) or title alone.
    const initiative = ctx.initiatives.find((i) => i.id === initiativeId || norm(initiativeReference(i)) === norm(initiativeId) || norm(i.title) === norm(initiativeId));
    if (initiativeId === '') problems.push('indsatsen mangler');
    else if (!initiative) problems.push(`indsatsen "${initiativeId}" findes ikke i klyngen`);
    else if (initiative.status === 'proposed' || initiative.status === 'rejected') {
      problems.push(`indsatsen "${initiative.title}" har status "${STATUS_LABEL[initiative.status]}" og kan ikke have forbrug`);
    }
    const party = ctx.parties.find((p) => p.id === partyId || norm(p.name) === norm(partyId));
    if (partyId === '') problems.push('parten mangler');
    else if (!party) problems.push(`parten "${partyId}" er ikke med i klyngen`);
    else if (initiative && !initiative.executingParties.includes(party.id)) {
      problems.push(`${party.name} er ikke udførende part på indsatsen "${initiative.title}"`);
    }
    const period = attempt(() => parsePeriod(periodText));
    if (period && ctx.year !== undefined && period.year !== ctx.year) {
      problems.push(`perioden ${periodText} ligger ikke i ${String(ctx.year)}`);
    }
    if (period && initiative) {
      const m = period.year * 12 + period.month;
      const s = parsePeriod(initiative.startPeriod);
      const e = parsePeriod(initiative.endPeriod);
      if (m < s.year * 12 + s.month || m > e.year * 12 + e.month) {
        problems.push(`perioden ${periodText} ligger uden for indsatsens periode ${initiative.startPeriod} – ${initiative.endPeriod}`);
      }
    }
    const amount = attempt(() => parseDanishAmount(cell(r, 'Beløb')));
    const category = attempt(() => parseCategory(cell(r, 'Kategori')));
    const funding = attempt(() => parseFunding(cell(r, 'Finansiering')));
    if (category && funding) attempt(() => assertChargeable(category, funding, 'Udgiften'));
    if (problems.length > 0 || !initiative || !party || !period || amount === undefined || !category || !funding) {
      errors.push({ line: r.line, message: `Linje ${String(r.line)}: ${problems.join('; ')}.` });
      continue;
    }
    actuals.push({ initiativeId: initiative.id, party: party.id, period: periodText, amount, category, funding, text: cell(r, 'Tekst').trim() });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, actuals };
}

/** Parses a CSV ledger extract (; , or tab; BOM; Danish amounts) — all-or-nothing. The server passes its csv-parse adapter as `readCsv`. */
export function parseActualsCsv(text: string, ctx: ActualsContext, readCsv: (text: string) => ParsedCsv = parseCsv): ActualsImport {
  try {
    return validateActualsRows(readCsv(text).records, ctx);
  } catch (e) {
    if (isDomainError(e)) return { ok: false, errors: [{ line: Number(e.details.line ?? 1), message: e.message }] };
    throw e;
  }
}

/** Turns a failed import into one DomainError whose details carry every line error. */
export function requireValidImport(result: ActualsImport): readonly Actual[] {
  if (result.ok) return result.actuals;
  throw new DomainError(
    'actuals.invalid',
    `Importen er afvist, og intet er ændret: ${String(result.errors.length)} linje(r) har fejl. ${result.errors[0]?.message ?? ''}`.trim(),
    { errors: result.errors },
  );
}

/**
 * Applies an import: 'append' adds a ledger extract; 'replace-year' replaces all actuals of that
 * year (the workbook's actuals sheet holds the whole cluster-year).
 */
export function applyActuals(existing: readonly Actual[], imported: readonly Actual[], mode: { kind: 'append' } | { kind: 'replace-year'; year: number }): Actual[] {
  switch (mode.kind) {
    case 'append':
      return [...existing, ...imported];
    case 'replace-year':
      return [...existing.filter((a) => actualYear(a) !== mode.year), ...imported];
  }
}

export interface BudgetVsActualRow {
  readonly initiativeId: string;
  readonly title: string;
  readonly budgetCommon: Øre;
  readonly budgetOwn: Øre;
  readonly actualCommon: Øre;
  readonly actualOwn: Øre;
  /** budget − actual on common funds: positive = under budget. */
  readonly differenceCommon: Øre;
}

/** Budget (the approved forecast, else the current one) vs actual per initiative for a year, plus the cluster total. */
export function budgetVsActual(initiatives: readonly Initiative[], actuals: readonly Actual[], year: number): { rows: BudgetVsActualRow[]; total: BudgetVsActualRow } {
  const rows = initiatives.map((i): BudgetVsActualRow => {
    const lines = (i.approvedForecast ?? i.forecast).lines.filter((l) => l.year === year);
    const sum = (xs: readonly Øre[]): Øre => xs.reduce((s, x) => addOre(s, x), ZERO);
    const budgetCommon = sum(lines.filter((l) => l.funding === 'common').map(lineCost));
    const budgetOwn = sum(lines.filter((l) => l.funding === 'own').map(lineCost));
    const mine = actualsOfInitiative(actuals, i.id).filter((a) => actualYear(a) === year);
    const actualCommon = sum(mine.filter((a) => a.funding === 'common').map((a) => a.amount));
    const actualOwn = sum(mine.filter((a) => a.funding === 'own').map((a) => a.amount));
    return { initiativeId: i.id, title: i.title, budgetCommon, budgetOwn, actualCommon, actualOwn, differenceCommon: subOre(budgetCommon, actualCommon) };
  });
  const add = (k: 'budgetCommon' | 'budgetOwn' | 'actualCommon' | 'actualOwn'): Øre => addOre(ZERO, ...rows.map((r) => r[k]));
  const total: BudgetVsActualRow = {
    initiativeId: '',
    title: 'I alt',
    budgetCommon: add('budgetCommon'),
    budgetOwn: add('budgetOwn'),
    actualCommon: add('actualCommon'),
    actualOwn: add('actualOwn'),
    differenceCommon: subOre(add('budgetCommon'), add('actualCommon')),
  };
  return { rows, total };
}
