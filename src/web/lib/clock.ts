/**
 * The browser's clock and ids, in one place (as src/infra/clock.ts is for the server): screens ask
 * for "today" and "this year" in Danish time and for fresh ids here, never `new Date()` inline.
 */

const danishDate = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in Denmark as ÅÅÅÅ-MM-DD (what the API's date fields take). */
export function todayIso(): string {
  return danishDate.format(new Date());
}

/** This year in Denmark. */
export function currentYear(): number {
  return Number(todayIso().slice(0, 4));
}

/** A fresh id for a row made in the browser (a new forecast line, a new member). */
export function newId(): string {
  return crypto.randomUUID();
}
