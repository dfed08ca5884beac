import { lineCost, type CostCategory, type CostLine, type Funding } from '../../../core/economy/forecast.ts';
import { parseDanishAmount, type Øre } from '../../../core/money.ts';
import { parseDecimal } from '../../../core/rational.ts';
import { kr } from '../../lib/format.ts';
import { parseAmount, parseNumber, parseRequired, parseYear, type FieldErrors } from '../../lib/forms.ts';
import type { Lang } from '../../lib/text/i18n.ts';
import type { EconomyLabels } from './common.tsx';
import type { GridColumn, GridRow } from './EditableGrid.tsx';
import type { Text } from './text.ts';
import type { EconomyData, Fraction, StoredLine } from './types.ts';
import { newId } from '../../lib/clock.ts';

/** The forecast grid (prognose): its columns, a stored line back into the grid, a grid row to the API. */

/** `labels`: the economy's labels in the user's language (useEconomyLabels). */
export function forecastColumns(x: Text, data: EconomyData, labels: EconomyLabels): GridColumn[] {
  return [
    { key: 'description', label: x('lineText'), width: '15rem' },
    { key: 'kind', label: x('kind'), options: [
      { value: 'salary', label: x('kindSalary') },
      { value: 'hourly', label: x('kindHourly') },
      { value: 'other', label: x('kindOther') },
    ], width: '17rem' },
    { key: 'year', label: x('year'), numeric: true, width: '7rem' },
    { key: 'party', label: x('party'), width: '15rem', options: data.parties.map((p) => ({ value: p.id, label: p.name })) },
    { key: 'category', label: x('category'), width: '15rem', options: labels.options('category') },
    { key: 'funding', label: x('funding'), width: '15rem', options: labels.options('funding') },
    { key: 'rate', label: x('rate'), numeric: true, width: '13rem' },
    { key: 'quantity', label: x('quantity'), numeric: true, width: '9rem' },
    { key: 'months', label: x('months'), numeric: true, width: '7rem' },
    { key: 'agreement', label: x('agreement'), width: '14rem' },
  ];
}

/** Kroner as typed in the grid (`600.000` or `450,50`), from øre. */
function krText(o: number | undefined): string {
  return o === undefined ? '' : kr(o).replace(' kr.', '').replace(/,00$/, '');
}
function fractionText(f: Fraction | undefined): string {
  if (!f) return '';
  if (f.den === '1') return f.num;
  const value = Number(f.num) / Number(f.den);
  // Show a decimal when it is exact in a few digits (0,5), else the fraction (1/3).
  return Number.isFinite(value) && String(value).length <= 8 ? String(value).replace('.', ',') : `${f.num}/${f.den}`;
}

/** A stored cost line back into the grid, to edit the forecast. */
export function gridRowOf(l: StoredLine): GridRow {
  const common = { id: l.id, kind: l.kind, description: l.description, year: String(l.year), party: l.party, category: l.category, funding: l.funding, agreement: '', months: '' };
  if (l.kind === 'salary') return { ...common, rate: krText(l.annualSalary), quantity: fractionText(l.fteShare), months: fractionText(l.months) };
  if (l.kind === 'hourly') return { ...common, rate: krText(l.hourlyRate), quantity: fractionText(l.hours), agreement: l.rateAgreement };
  return { ...common, rate: krText(l.amount), quantity: '' };
}

/** A grid field's error key: `<grid>.<row>.<column>`, as EditableGrid looks it up. */
export const cellKey = (grid: string, row: number, column: string): string => `${grid}.${String(row)}.${column}`;

/**
 * A grid row → the API's cost line, parsing every typed cell in the browser (amounts in kroner,
 * Danish style; quantities exact as typed, e.g. `0,5` or `1/3`) and noting errors by cell.
 */
export function costLineOf(row: GridRow, i: number, f: FieldErrors, lang: Lang, grid = 'forecast'): Record<string, unknown> {
  const at = (column: string) => cellKey(grid, i, column);
  const id = row['id'] !== undefined && row['id'] !== '' ? row['id'] : `n${String(i + 1)}-${newId().slice(0, 8)}`;
  const base = { id, year: f.take(at('year'), parseYear(row['year'] ?? '', lang)), description: f.take(at('description'), parseRequired(row['description'] ?? '', lang)), category: row['category'], funding: row['funding'], party: row['party'] };
  const kind = row['kind'] ?? 'other';
  const rate = f.take(at('rate'), parseAmount(row['rate'] ?? '', lang));
  if (kind === 'salary') return { ...base, kind: 'salary', annualSalaryOre: rate, fteShare: f.take(at('quantity'), parseNumber(row['quantity'] ?? '', lang)), months: f.take(at('months'), parseNumber(row['months'] ?? '', lang)) };
  if (kind === 'hourly') return { ...base, kind: 'hourly', hourlyRateOre: rate, hours: f.take(at('quantity'), parseNumber(row['quantity'] ?? '', lang)), rateAgreement: f.take(at('agreement'), parseRequired(row['agreement'] ?? '', lang)) };
  return { ...base, kind: 'other', amountOre: rate };
}

/**
 * The cost of a grid row while it is typed, by core's own rule (exact, rounded once to the øre),
 * or null while a needed cell does not yet parse.
 */
export function liveLineCost(row: GridRow): Øre | null {
  try {
    const base = { id: 'live', year: 0, description: '', category: (row['category'] ?? 'development') as CostCategory, funding: (row['funding'] ?? 'common') as Funding, party: '' };
    const rate = parseDanishAmount(row['rate'] ?? '');
    let line: CostLine;
    if (row['kind'] === 'salary') line = { ...base, kind: 'salary', annualSalary: rate, fteShare: parseDecimal(row['quantity'] ?? ''), months: parseDecimal(row['months'] ?? '') };
    else if (row['kind'] === 'hourly') line = { ...base, kind: 'hourly', hourlyRate: rate, hours: parseDecimal(row['quantity'] ?? ''), rateAgreement: '' };
    else line = { ...base, kind: 'other', amount: rate };
    return lineCost(line);
  } catch {
    return null;
  }
}
