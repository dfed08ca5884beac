import { dayOf, formatDanishDate, isoDate, monthOf, yearOf, type IsoDate } from '../calendar.ts';
import type { Meeting, MeetingBody } from './meetings.ts';

/**
 * Meeting cadence (mødekadence) as guidance, seed 001 §3, §7 and §16: "De politiske klynger mødes
 * som udgangspunkt to gange årligt" (KL recommends August–October and early March), the SSU "som
 * udgangspunkt … fire gange årligt", and "Det faglige / strategiske niveau i sundhedsklyngerne vil
 * skulle mødes oftere". These are recommendations, shown as notices, never refusals. The clusters
 * and SSUs started on 1 July 2022, so 2022's recommendation is pro rata for its second half.
 * Cancelled meetings do not count; a meeting dated after `today` is planned, not held.
 */

/** The recommended number of meetings in a whole year ("som udgangspunkt"). */
export const RECOMMENDED_MEETINGS: Record<MeetingBody['kind'], number | null> = {
  'cluster-political': 2,
  ssu: 4,
  'cluster-professional': null,
};

/** Sundhedsklynger and SSUs exist from 1 July 2022 (seed 001: "pr. 1. juli 2022"). */
export const CLUSTERS_START: IsoDate = isoDate('2022-07-01');

/**
 * The recommendation for a year, pro rata by whole months from the start when the year is the
 * first (2022: 6 of 12 months → 1 political meeting, 2 SSU meetings), rounded up: a body that
 * exists at all in a year should meet at least once. Null for years before the start.
 */
export function recommendedMeetings(kind: MeetingBody['kind'], year: number, start: IsoDate = CLUSTERS_START): { count: number | null; months: number } {
  const base = RECOMMENDED_MEETINGS[kind];
  const startYear = yearOf(start);
  if (year < startYear) return { count: null, months: 0 };
  const months = year === startYear ? 13 - monthOf(start) : 12;
  if (base === null) return { count: null, months };
  return { count: Math.ceil((base * months) / 12), months };
}

/** "primo marts": we read the beginning of March as 1–15 March. */
const EARLY_MARCH_LAST_DAY = 15;

export type CadenceStatus = 'met' | 'on-track' | 'at-risk' | 'not-met' | 'no-minimum';

export interface CadenceResult {
  readonly body: MeetingBody;
  readonly year: number;
  /** The recommended number of meetings in the year (pro rata in the first year); null = none recommended. */
  readonly recommended: number | null;
  /** Months of the year the body existed (6 in 2022). */
  readonly months: number;
  readonly held: readonly IsoDate[];
  readonly planned: readonly IsoDate[];
  readonly cancelled: number;
  readonly status: CadenceStatus;
  /** Only for the political level: whether a meeting lies in each recommended window. */
  readonly recommendedWindows?: { readonly autumn: boolean; readonly earlyMarch: boolean };
  /** Danish summary for the year overview. */
  readonly message: string;
}

function sameBody(a: MeetingBody, b: MeetingBody): boolean {
  switch (a.kind) {
    case 'cluster-political':
    case 'cluster-professional':
      return b.kind === a.kind && b.clusterId === a.clusterId;
    case 'ssu':
      return b.kind === 'ssu' && b.regionId === a.regionId;
  }
}

const isAutumn = (d: IsoDate): boolean => monthOf(d) >= 8 && monthOf(d) <= 10;
const isEarlyMarch = (d: IsoDate): boolean => monthOf(d) === 3 && dayOf(d) <= EARLY_MARCH_LAST_DAY;

export function checkCadence(meetings: readonly Meeting[], body: MeetingBody, year: number, today: string, start: IsoDate = CLUSTERS_START): CadenceResult {
  const now = isoDate(today, 'Dagens dato');
  const inYear = meetings.filter((m) => sameBody(m.body, body) && yearOf(m.date) === year);
  const active = inYear.filter((m) => !m.cancelled);
  const held = active.filter((m) => m.date <= now).map((m) => m.date).sort();
  const planned = active.filter((m) => m.date > now).map((m) => m.date).sort();
  const { count: recommended, months } = recommendedMeetings(body.kind, year, start);
  const yearOver = now > `${String(year)}-12-31`;

  let status: CadenceStatus;
  if (recommended === null) status = 'no-minimum';
  else if (held.length >= recommended) status = 'met';
  else if (yearOver) status = 'not-met';
  else if (held.length + planned.length >= recommended) status = 'on-track';
  else status = 'at-risk';

  const who = body.kind === 'ssu' ? 'Sundhedssamarbejdsudvalget' : body.kind === 'cluster-political' ? 'Det politiske niveau' : 'Det faglige/strategiske niveau';
  const n = (k: number): string => (k === 1 ? '1 møde' : `${String(k)} møder`);
  const heldText = `${who} har holdt ${n(held.length)} i ${String(year)}`;
  const plannedText = planned.length > 0 ? ` og har ${n(planned.length)} planlagt (${planned.map(formatDanishDate).join(', ')})` : '';
  const base = RECOMMENDED_MEETINGS[body.kind] ?? 0;
  const advice =
    months < 12
      ? `anbefalingen for ${String(year)} er ${n(recommended ?? 0)}, fordi klyngerne først startede ${formatDanishDate(start)} (som udgangspunkt ${n(base)} om året, forholdsmæssigt for ${String(months)} måneder)`
      : `anbefalingen er som udgangspunkt ${n(recommended ?? 0)} om året`;
  const message = ((): string => {
    switch (status) {
      case 'no-minimum':
        return `${heldText}${plannedText}. Klyngen fastsætter selv mødekadencen på fagligt/strategisk niveau.`;
      case 'met':
        return `${heldText}${plannedText}; ${advice}, og den er fulgt.`;
      case 'on-track':
        return `${heldText}${plannedText}; ${advice}, og den følges, hvis de planlagte møder holdes.`;
      case 'at-risk':
        return `${heldText}${plannedText}; ${advice} – der mangler ${n((recommended ?? 0) - held.length - planned.length)}.`;
      case 'not-met':
        return `${heldText}; ${advice}, og den blev ikke fulgt.`;
    }
  })();

  const all = [...held, ...planned];
  return {
    body,
    year,
    recommended,
    months,
    held,
    planned,
    cancelled: inYear.length - active.length,
    status,
    ...(body.kind === 'cluster-political' ? { recommendedWindows: { autumn: all.some(isAutumn), earlyMarch: all.some(isEarlyMarch) } } : {}),
    message,
  };
}

/**
 * Seed 001 §16: "Det faglige / strategiske niveau i sundhedsklyngerne vil skulle mødes oftere" —
 * than the political level. Compares the year's held and planned meetings of the two levels and
 * returns a notice when the professional level has fewer; null when it meets at least as often.
 */
export function checkLevelFrequency(political: CadenceResult, professional: CadenceResult): string | null {
  const p = political.held.length + political.planned.length;
  const f = professional.held.length + professional.planned.length;
  if (f >= p) return null;
  const n = (k: number): string => (k === 1 ? '1 møde' : `${String(k)} møder`);
  return `Det faglige/strategiske niveau har ${n(f)} i ${String(political.year)} (holdt og planlagt), det politiske niveau ${n(p)}; det faglige/strategiske niveau bør som udgangspunkt mødes mindst lige så ofte som det politiske.`;
}
