import { DomainError } from './errors.ts';

/**
 * Calendar dates and instants as ISO strings, so the core never touches `Date`: a date
 * (dato) is `YYYY-MM-DD`, an instant (tidspunkt) is `YYYY-MM-DDTHH:MM[:SS[.fff]]Z` in UTC. The clock
 * is always passed in by the caller. ISO strings of the same shape sort chronologically as text.
 */
export type IsoDate = string & { readonly __brand: 'IsoDate' };
export type Instant = string & { readonly __brand: 'Instant' };

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

export function isIsoDate(text: string): text is IsoDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** Parses a date; `what` names the field in the Danish message (e.g. "Mødedatoen"). */
export function isoDate(text: string, what = 'Datoen'): IsoDate {
  if (!isIsoDate(text)) {
    throw new DomainError('date.malformed', `${what} "${text}" er ikke en gyldig dato (ÅÅÅÅ-MM-DD).`, { value: text });
  }
  return text;
}

/** Whether `text` is a UTC instant `YYYY-MM-DDTHH:MM[:SS[.fff]]Z` on a real date. */
export function isInstant(text: string): text is Instant {
  const m = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?Z$/.exec(text);
  return m !== null && isIsoDate(m[1] ?? '');
}

export function instant(text: string): Instant {
  if (!isInstant(text)) {
    throw new DomainError('instant.malformed', `Tidspunktet "${text}" er ikke et gyldigt UTC-tidspunkt.`, { value: text });
  }
  return text;
}

/** The (UTC) calendar date of an instant. */
export function dateOf(at: Instant): IsoDate {
  return at.slice(0, 10) as IsoDate;
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

export function monthOf(date: IsoDate): number {
  return Number(date.slice(5, 7));
}

export function dayOf(date: IsoDate): number {
  return Number(date.slice(8, 10));
}

/** `2026-11-22` → `22.11.2026`, as Danish users write dates. */
export function formatDanishDate(date: IsoDate): string {
  return `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
}
