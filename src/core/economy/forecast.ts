import { DomainError } from '../errors.ts';
import { type Øre, ZERO, addOre, formatKr, oreFromBigInt, subOre } from '../money.ts';
import * as Q from '../rational.ts';
import type { Rational } from '../rational.ts';
import { type PayerShare, splitByShares } from './parties.ts';

/** Cost category (udgiftskategori). Common funds pay only for development and trials. */
export type CostCategory = 'development' | 'trial' | 'administration' | 'secretariat' | 'operations' | 'implementation';

export const COST_CATEGORY_LABEL: Record<CostCategory, string> = {
  development: 'Udvikling',
  trial: 'Afprøvning',
  administration: 'Administration',
  secretariat: 'Sekretariatsbetjening',
  operations: 'Drift',
  implementation: 'Implementering af kendt praksis',
};

/** Who pays a cost line: the cluster's common funds (fælles midler) or the party's own money (egne midler). */
export type Funding = 'common' | 'own';

export const FUNDING_LABEL: Record<Funding, string> = { common: 'Fælles midler', own: 'Egne midler' };

/** Seed 000 A: "primært ... udviklingsinitiativer, og ikke sekretariatsbetjening eller drift"; seed 004: "ikke ... administration". */
const BARRED_FROM_COMMON: Readonly<Record<CostCategory, string | null>> = {
  development: null,
  trial: null,
  administration: 'de fælles midler må ikke anvendes til administration',
  secretariat: 'sekretariatsbetjening må ikke betales af de fælles midler',
  operations: 'de fælles midler er til udvikling og afprøvning, ikke til drift',
  implementation: 'de fælles midler er til udvikling og afprøvning, ikke til implementering af kendt praksis',
};

/** Cost category guard: refuses to charge a barred category to the common funds (own money is fine). */
export function assertChargeable(category: CostCategory, funding: Funding, what: string): void {
  const reason = BARRED_FROM_COMMON[category];
  if (funding === 'common' && reason !== null) {
    throw new DomainError(
      'economy.category-barred',
      `${what} kan ikke betales af de fælles midler: ${reason}. Registrér den i stedet som partens egne midler.`,
      { category },
    );
  }
}

export function categoryBarredReason(category: CostCategory): string | null {
  return BARRED_FROM_COMMON[category];
}

interface CostLineBase {
  readonly id: string;
  readonly year: number;
  readonly description: string;
  readonly category: CostCategory;
  readonly funding: Funding;
  /** The executing party that incurs the cost (udførende part). */
  readonly party: string;
}

/** Staff time from salary data (løndata): annual salary × FTE share (årsværk) × months / 12. */
export interface SalaryCostLine extends CostLineBase {
  readonly kind: 'salary';
  readonly annualSalary: Øre;
  readonly fteShare: Rational;
  readonly months: Rational;
}

/** Staff time at an agreed hourly rate (timetakst) — any rate the cluster agrees on, recorded with its source. */
export interface HourlyCostLine extends CostLineBase {
  readonly kind: 'hourly';
  readonly hourlyRate: Øre;
  readonly hours: Rational;
  /** Where the rate comes from, e.g. "Aftalt i klyngen 12.09.2022". */
  readonly rateAgreement: string;
}

export interface OtherCostLine extends CostLineBase {
  readonly kind: 'other';
  readonly amount: Øre;
}

export type CostLine = SalaryCostLine | HourlyCostLine | OtherCostLine;

export const ROUNDING_RULE = 'Beregnes eksakt og afrundes én gang til nærmeste hele øre; et halvt øre rundes op.';

/** Rounds a non-negative exact amount in øre once, half up (ROUNDING_RULE). */
function roundHalfUp(exactOre: Rational): Øre {
  if (exactOre.num < 0n) throw new DomainError('economy.negative-cost', 'En omkostning kan ikke være negativ.');
  return oreFromBigInt(Q.floor(Q.add(exactOre, Q.rational(1n, 2n))));
}

/** The exact cost of a line before rounding (in øre). */
export function exactLineCost(line: CostLine): Rational {
  switch (line.kind) {
    case 'salary':
      return Q.div(Q.mul(Q.mul(Q.fromInteger(line.annualSalary), line.fteShare), line.months), Q.fromInteger(12));
    case 'hourly':
      return Q.mul(Q.fromInteger(line.hourlyRate), line.hours);
    case 'other':
      return Q.fromInteger(line.amount);
  }
}

export function lineCost(line: CostLine): Øre {
  return roundHalfUp(exactLineCost(line));
}

/** An explanation of a line's cost in Danish, for the UI and the workbook. */
export function explainLineCost(line: CostLine): string {
  switch (line.kind) {
    case 'salary':
      return `${formatKr(line.annualSalary)} × ${Q.toDecimalString(line.fteShare, 4)} årsværk × ${Q.toDecimalString(line.months, 2)} mdr. / 12 = ${formatKr(lineCost(line))}`;
    case 'hourly':
      return `${formatKr(line.hourlyRate)} pr. time × ${Q.toDecimalString(line.hours, 2)} timer = ${formatKr(lineCost(line))} (timetakst: ${line.rateAgreement})`;
    case 'other':
      return formatKr(line.amount);
  }
}

/** Forecast of expected spending (opgørelse over forventet forbrug). */
export interface Forecast {
  readonly lines: readonly CostLine[];
}

/** Validates a forecast: sane inputs and the cost category guard on every line. */
export function validateForecast(forecast: Forecast): void {
  const ids = new Set<string>();
  for (const line of forecast.lines) {
    const what = `Omkostningslinjen "${line.description}" (${String(line.year)})`;
    if (ids.has(line.id)) throw new DomainError('economy.duplicate-line', `${what} har et id, der allerede er brugt.`);
    ids.add(line.id);
    if (line.description.trim() === '') throw new DomainError('economy.line-description', 'En omkostningslinje mangler en beskrivelse.');
    assertChargeable(line.category, line.funding, what);
    switch (line.kind) {
      case 'salary':
        if (line.annualSalary < 0) throw new DomainError('economy.negative-cost', `${what}: årslønnen kan ikke være negativ.`);
        if (line.fteShare.num < 0n || Q.compare(line.fteShare, Q.fromInteger(1)) > 0) {
          throw new DomainError('economy.fte-range', `${what}: andelen af et årsværk skal være mellem 0 og 1.`);
        }
        if (line.months.num < 0n || Q.compare(line.months, Q.fromInteger(12)) > 0) {
          throw new DomainError('economy.months-range', `${what}: antal måneder skal være mellem 0 og 12 inden for et år.`);
        }
        break;
      case 'hourly':
        if (line.hourlyRate < 0 || line.hours.num < 0n) {
          throw new DomainError('economy.negative-cost', `${what}: timetakst og timer kan ikke være negative.`);
        }
        if (line.rateAgreement.trim() === '') {
          throw new DomainError('economy.rate-agreement', `${what}: skriv hvor timetaksten er aftalt (klyngens valg skal fremgå).`);
        }
        break;
      case 'other':
        if (line.amount < 0) throw new DomainError('economy.negative-cost', `${what}: beløbet kan ikke være negativt.`);
        break;
    }
  }
}

export interface ForecastYearTotal {
  readonly year: number;
  readonly common: Øre;
  readonly own: Øre;
  readonly total: Øre;
  /** Common-funds part split over the paying parties (each year's total split once with distribute). */
  readonly commonByPayer: ReadonlyMap<string, Øre>;
  /** Cost incurred per executing party (common + own). */
  readonly byExecutingParty: ReadonlyMap<string, Øre>;
}

function bump(map: Map<string, Øre>, key: string, amount: Øre): void {
  map.set(key, addOre(map.get(key) ?? ZERO, amount));
}

/** Totals per year (ascending) and per party. */
export function forecastTotals(forecast: Forecast, shares: readonly PayerShare[]): ForecastYearTotal[] {
  const years = [...new Set(forecast.lines.map((l) => l.year))].sort((a, b) => a - b);
  return years.map((year) => {
    let common = ZERO;
    let own = ZERO;
    const byExecutingParty = new Map<string, Øre>();
    for (const line of forecast.lines.filter((l) => l.year === year)) {
      const cost = lineCost(line);
      if (line.funding === 'common') common = addOre(common, cost);
      else own = addOre(own, cost);
      bump(byExecutingParty, line.party, cost);
    }
    return { year, common, own, total: addOre(common, own), commonByPayer: splitByShares(common, shares), byExecutingParty };
  });
}

/** Common-funds forecast for one year (0 when the forecast has no lines that year). */
export function commonForecastForYear(forecast: Forecast, year: number): Øre {
  return forecast.lines.filter((l) => l.year === year && l.funding === 'common').reduce((s, l) => addOre(s, lineCost(l)), ZERO);
}

export interface ForecastLineChange {
  readonly id: string;
  readonly description: string;
  readonly year: number;
  readonly change: 'added' | 'removed' | 'changed' | 'unchanged';
  readonly approved: Øre;
  readonly current: Øre;
  readonly difference: Øre;
}

export interface ForecastDifference {
  readonly lines: readonly ForecastLineChange[];
  readonly years: readonly { year: number; approved: Øre; current: Øre; difference: Øre }[];
  readonly approvedTotal: Øre;
  readonly currentTotal: Øre;
  readonly difference: Øre;
}

function sameLine(a: CostLine, b: CostLine): boolean {
  return JSON.stringify(a, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ===
    JSON.stringify(b, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/** What changed between the approved forecast and the current (edited) one, per line and per year. */
export function forecastDifference(approved: Forecast, current: Forecast): ForecastDifference {
  const lines: ForecastLineChange[] = [];
  const currentById = new Map(current.lines.map((l) => [l.id, l]));
  const approvedIds = new Set(approved.lines.map((l) => l.id));
  for (const a of approved.lines) {
    const c = currentById.get(a.id);
    const av = lineCost(a);
    const cv = c ? lineCost(c) : ZERO;
    const change = !c ? 'removed' : sameLine(a, c) ? 'unchanged' : 'changed';
    lines.push({ id: a.id, description: (c ?? a).description, year: (c ?? a).year, change, approved: av, current: cv, difference: subOre(cv, av) });
  }
  for (const c of current.lines.filter((l) => !approvedIds.has(l.id))) {
    const cv = lineCost(c);
    lines.push({ id: c.id, description: c.description, year: c.year, change: 'added', approved: ZERO, current: cv, difference: cv });
  }
  const yearSet = [...new Set([...approved.lines, ...current.lines].map((l) => l.year))].sort((a, b) => a - b);
  const sumYear = (f: Forecast, y: number): Øre => f.lines.filter((l) => l.year === y).reduce((s, l) => addOre(s, lineCost(l)), ZERO);
  const years = yearSet.map((year) => {
    const a = sumYear(approved, year);
    const c = sumYear(current, year);
    return { year, approved: a, current: c, difference: subOre(c, a) };
  });
  const approvedTotal = addOre(...years.map((y) => y.approved));
  const currentTotal = addOre(...years.map((y) => y.current));
  return { lines, years, approvedTotal, currentTotal, difference: subOre(currentTotal, approvedTotal) };
}
