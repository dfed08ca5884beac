/**
 * The service layer's clock. The pure domain takes "now" and "today" as arguments; here they come
 * from the system clock, with today as the Danish calendar date (a meeting at 00:30 on 1 March in
 * Copenhagen is on 1 March, not on the UTC date 28 February).
 */

const copenhagenDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Now as a UTC instant without milliseconds' noise (`2026-11-22T13:05:00.123Z`). */
export function nowInstant(now: Date = new Date()): string {
  return now.toISOString();
}

/** Today's date in Denmark, `YYYY-MM-DD`. */
export function todayInDenmark(now: Date = new Date()): string {
  return copenhagenDate.format(now);
}
