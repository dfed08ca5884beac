import { dayOf, formatDanishDate, isoDate, monthOf, yearOf, type IsoDate } from '../calendar.ts';
import type { Meeting, MeetingBody } from './meetings.ts';

/**
 * Meeting cadence (mødekadence), seed 001 §3, §7 and §16: a cluster's political level meets at
 * least twice a year — KL recommends August–October and early March; the SSU four times a year;
 * the professional level sets its own cadence (no minimum). Cancelled meetings do not count; a
 * meeting dated after `today` is planned, not held.
 */

export const REQUIRED_MEETINGS: Record<MeetingBody['kind'], number | null> = {
  'cluster-political': 2,
  ssu: 4,
  'cluster-professional': null,
};

/** "primo marts": we read the beginning of March as 1–15 March. */
const EARLY_MARCH_LAST_DAY = 15;

export type CadenceStatus = 'met' | 'on-track' | 'at-risk' | 'not-met' | 'no-minimum';

export interface CadenceResult {
  readonly body: MeetingBody;
  readonly year: number;
  readonly required: number | null;
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

export function checkCadence(meetings: readonly Meeting[], body: MeetingBody, year: number, today: string): CadenceResult {
  const now = isoDate(today, 'Dagens dato');
  const inYear = meetings.filter((m) => sameBody(m.body, body) && yearOf(m.date) === year);
  const active = inYear.filter((m) => !m.cancelled);
  const held = active.filter((m) => m.date <= now).map((m) => m.date).sort();
  const planned = active.filter((m) => m.date > now).map((m) => m.date).sort();
  const required = REQUIRED_MEETINGS[body.kind];
  const yearOver = now > `${String(year)}-12-31`;

  let status: CadenceStatus;
  if (required === null) status = 'no-minimum';
  else if (held.length >= required) status = 'met';
  else if (yearOver) status = 'not-met';
  else if (held.length + planned.length >= required) status = 'on-track';
  else status = 'at-risk';

  const who = body.kind === 'ssu' ? 'Sundhedssamarbejdsudvalget' : body.kind === 'cluster-political' ? 'Det politiske niveau' : 'Det faglige/strategiske niveau';
  const n = (k: number): string => (k === 1 ? '1 møde' : `${String(k)} møder`);
  const heldText = `${who} har holdt ${n(held.length)} i ${String(year)}`;
  const plannedText = planned.length > 0 ? ` og har ${n(planned.length)} planlagt (${planned.map(formatDanishDate).join(', ')})` : '';
  const message = ((): string => {
    switch (status) {
      case 'no-minimum':
        return `${heldText}${plannedText}. Klyngen fastsætter selv mødekadencen på fagligt/strategisk niveau.`;
      case 'met':
        return `${heldText}${plannedText}; kravet om mindst ${n(required ?? 0)} om året er opfyldt.`;
      case 'on-track':
        return `${heldText}${plannedText}; kravet om mindst ${n(required ?? 0)} om året opfyldes, hvis de planlagte møder holdes.`;
      case 'at-risk':
        return `${heldText}${plannedText}; der mangler ${n((required ?? 0) - held.length - planned.length)} for at nå mindst ${n(required ?? 0)} om året.`;
      case 'not-met':
        return `${heldText}; kravet om mindst ${n(required ?? 0)} om året blev ikke opfyldt.`;
    }
  })();

  const all = [...held, ...planned];
  return {
    body,
    year,
    required,
    held,
    planned,
    cancelled: inYear.length - active.length,
    status,
    ...(body.kind === 'cluster-political' ? { recommendedWindows: { autumn: all.some(isAutumn), earlyMarch: all.some(isEarlyMarch) } } : {}),
    message,
  };
}
