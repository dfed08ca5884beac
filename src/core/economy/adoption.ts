import { distribute } from '../distribution.ts';
import { ore } from '../money.ts';
import * as Q from '../rational.ts';
import type { CostLine } from './forecast.ts';

/** Spreading (udbredelse) seen from the economy: an adopted initiative's forecast lines. */

/**
 * How one forecast line of the origin moves to an adopted initiative's period (issue 15 point 6).
 * A line's year stands for the origin's months in that year; each of those months moves with the
 * new start (`shiftMonths`), so a year of the origin may land in two years of the new period —
 * e.g. 2023 (12 months) adopted from March 2024 is 10 months of 2024 and 2 of 2025. Returns the
 * new years with their number of months, in year order.
 */
export function spreadLineYears(lineYear: number, originStart: { year: number; month: number }, originEnd: { year: number; month: number }, shiftMonths: number): { year: number; months: number }[] {
  const index = (p: { year: number; month: number }): number => p.year * 12 + (p.month - 1);
  const from = Math.max(index(originStart), lineYear * 12);
  const to = Math.min(index(originEnd), lineYear * 12 + 11);
  const byYear = new Map<number, number>();
  if (from > to) {
    // A line dated outside its initiative's period: it moves as a whole by the shift, kept inside the new period.
    const newStart = index(originStart) + shiftMonths;
    const newEnd = index(originEnd) + shiftMonths;
    const y = Math.min(Math.floor(newEnd / 12), Math.max(Math.floor(newStart / 12), lineYear + Math.floor(newStart / 12) - originStart.year));
    return [{ year: y, months: 1 }];
  }
  for (let m = from; m <= to; m++) {
    const y = Math.floor((m + shiftMonths) / 12);
    byYear.set(y, (byYear.get(y) ?? 0) + 1);
  }
  return [...byYear.entries()].sort((a, b) => a[0] - b[0]).map(([year, months]) => ({ year, months }));
}

/**
 * The origin's forecast lines for the adopted initiative: every line carried out by `party` and
 * spread over the new period's years by months (spreadLineYears). An amount is split through
 * distribute() to the øre; salary months and hours are split exactly (each part's cost is then
 * computed by the forecast's own rule). A line that stays in one year keeps its id; parts get
 * `<id>-<year>`.
 */
export function adoptedForecastLines(
  lines: readonly CostLine[],
  origin: { readonly startPeriod: { year: number; month: number }; readonly endPeriod: { year: number; month: number } },
  shiftMonths: number,
  party: string,
): CostLine[] {
  return lines.flatMap((l): CostLine[] => {
    const parts = spreadLineYears(l.year, origin.startPeriod, origin.endPeriod, shiftMonths);
    const only = parts[0];
    if (parts.length === 1 && only) return [{ ...l, party, year: only.year }];
    const total = parts.reduce((s, p) => s + p.months, 0);
    const share = (p: { months: number }): Q.Rational => Q.rational(BigInt(p.months), BigInt(total));
    const amounts = l.kind === 'other' ? distribute(l.amount, parts.map((p) => ({ party: String(p.year), basis: Q.fromInteger(p.months) }))).rows : [];
    return parts.map((p, i): CostLine => {
      const base = { ...l, id: `${l.id}-${String(p.year)}`, party, year: p.year };
      switch (l.kind) {
        case 'other':
          return { ...base, kind: 'other', amount: amounts[i]?.amount ?? ore(0) };
        case 'salary':
          return { ...base, kind: 'salary', months: Q.mul(l.months, share(p)) } as CostLine;
        case 'hourly':
          return { ...base, kind: 'hourly', hours: Q.mul(l.hours, share(p)) } as CostLine;
      }
    });
  });
}
