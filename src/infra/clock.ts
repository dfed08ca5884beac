import { randomUUID } from 'node:crypto';

/**
 * The service layer's clock and id source — the only place that reads the system clock or makes
 * random ids (the pure core takes "now", "today" and ids as arguments). Services call `now()` and
 * `newId()`; a test that needs a fixed time or predictable ids installs its own with `useClock`.
 * Today is the Danish calendar date (a meeting at 00:30 on 1 March in Copenhagen is on 1 March,
 * not on the UTC date 28 February).
 */
export interface Clock {
  now(): Date;
  newId(): string;
}

export const systemClock: Clock = { now: () => new Date(), newId: () => randomUUID() };

let current: Clock = systemClock;

/** Installs `clock` until the returned function is called (tests only). */
export function useClock(clock: Clock): () => void {
  const previous = current;
  current = clock;
  return () => {
    current = previous;
  };
}

/** The current instant. */
export function now(): Date {
  return current.now();
}

/** A new random id (UUID v4). */
export function newId(): string {
  return current.newId();
}

const copenhagenDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' });

/** An instant as ISO text (`2026-11-22T13:05:00.123Z`). */
export function nowInstant(at: Date = now()): string {
  return at.toISOString();
}

/** The date in Denmark, `YYYY-MM-DD`. */
export function todayInDenmark(at: Date = now()): string {
  return copenhagenDate.format(at);
}
