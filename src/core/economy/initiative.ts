import { DomainError } from '../errors.ts';
import { type Forecast, validateForecast } from './forecast.ts';
import { type PayerShare, parsePeriod } from './parties.ts';

/** Target group (målgruppe), as named in seed 000 A; 'other' carries the cluster's own wording. */
export type TargetGroup = 'chronic-illness' | 'acute' | 'mental-illness' | 'young-mental-wellbeing' | 'vulnerable-elderly' | 'other';

export const TARGET_GROUP_LABEL: Record<TargetGroup, string> = {
  'chronic-illness': 'Borgere med kroniske sygdomme',
  acute: 'Akutområdet',
  'mental-illness': 'Borgere med psykiske lidelser',
  'young-mental-wellbeing': 'Unge med mental mistrivsel',
  'vulnerable-elderly': 'De sårbare ældre',
  other: 'Andet',
};

/** Status of an initiative (indsats): proposed → approved → running → ended → evaluated; or rejected/stopped. */
export type InitiativeStatus = 'proposed' | 'approved' | 'running' | 'ended' | 'evaluated' | 'rejected' | 'stopped';

export const STATUS_LABEL: Record<InitiativeStatus, string> = {
  proposed: 'Foreslået',
  approved: 'Godkendt',
  running: 'I gang',
  ended: 'Afsluttet',
  evaluated: 'Evalueret',
  rejected: 'Afvist',
  stopped: 'Stoppet',
};

const NEXT: Readonly<Record<InitiativeStatus, readonly InitiativeStatus[]>> = {
  proposed: ['approved', 'rejected'],
  approved: ['running', 'stopped'],
  running: ['ended', 'stopped'],
  ended: ['evaluated'],
  evaluated: [],
  rejected: [],
  stopped: [],
};

/** The decision that approved it (beslutning): date, level and meeting reference. */
export interface Decision {
  /** ISO date `YYYY-MM-DD`. */
  readonly date: string;
  readonly level: 'political' | 'professional';
  readonly meetingReference: string;
}

/** Posting set-up per initiative: the account function, per year if it changes (default 4.62.88 for municipalities). */
export interface InitiativePosting {
  readonly municipalFunction?: string;
  readonly municipalFunctionByYear?: Readonly<Record<number, string>>;
  /** Regions book on their own account structure (kontoplan for regioner). */
  readonly regionalAccount?: string;
}

export interface Initiative {
  readonly id: string;
  /**
   * Initiative number (indsatsnummer): 1, 2, 3 … in order of creation within its cluster, assigned
   * by the database; shown as "Nr. 3" and used in posting files instead of the id.
   */
  readonly number?: number;
  readonly title: string;
  readonly description: string;
  readonly targetGroup: TargetGroup;
  /** Required when targetGroup is 'other'. */
  readonly otherTargetGroup?: string;
  /** First and last month, `YYYY-MM`. */
  readonly startPeriod: string;
  readonly endPeriod: string;
  /** Executing parties (udførende parter). */
  readonly executingParties: readonly string[];
  /** Agreed payer shares; absent = each party's share of the cluster's common funds that year. */
  readonly agreedShares?: { readonly shares: readonly PayerShare[]; readonly decisionReference: string };
  readonly status: InitiativeStatus;
  readonly approval?: Decision;
  /** Current (possibly edited) forecast. */
  readonly forecast: Forecast;
  /** The forecast as approved; kept unchanged when the forecast is edited afterwards. */
  readonly approvedForecast?: Forecast;
  readonly posting?: InitiativePosting;
}

export function validateInitiative(i: Initiative): void {
  const name = i.title.trim() === '' ? i.id : `"${i.title}"`;
  if (i.title.trim() === '') throw new DomainError('initiative.title', 'Indsatsen mangler en titel.');
  if (i.targetGroup === 'other' && (i.otherTargetGroup ?? '').trim() === '') {
    throw new DomainError('initiative.target-group', `Indsatsen ${name}: skriv målgruppen, når den er "Andet".`);
  }
  const start = parsePeriod(i.startPeriod);
  const end = parsePeriod(i.endPeriod);
  if (start.year * 12 + start.month > end.year * 12 + end.month) {
    throw new DomainError('initiative.period', `Indsatsen ${name}: perioden slutter før den begynder.`);
  }
  if (i.executingParties.length === 0) {
    throw new DomainError('initiative.no-executor', `Indsatsen ${name} skal have mindst én udførende part.`);
  }
  if (i.agreedShares && i.agreedShares.decisionReference.trim() === '') {
    throw new DomainError('initiative.shares-decision', `Indsatsen ${name}: aftalte betalingsandele skal henvise til klyngens beslutning.`);
  }
  validateForecast(i.forecast);
  for (const line of i.forecast.lines) {
    if (line.year < start.year || line.year > end.year) {
      throw new DomainError('initiative.line-outside-period', `Indsatsen ${name}: omkostningslinjen "${line.description}" ligger i ${String(line.year)}, uden for indsatsens periode.`);
    }
    if (!i.executingParties.includes(line.party)) {
      throw new DomainError('initiative.line-party', `Indsatsen ${name}: omkostningslinjen "${line.description}" afholdes af en part, der ikke er udførende.`);
    }
  }
}

/** The years the initiative spans. */
export function initiativeYears(i: Initiative): number[] {
  const from = parsePeriod(i.startPeriod).year;
  const to = parsePeriod(i.endPeriod).year;
  return Array.from({ length: to - from + 1 }, (_, k) => from + k);
}

/** A plain status change (not approval — see `approveInitiative` in funds.ts, which applies the approval guard). */
export function changeStatus(i: Initiative, to: InitiativeStatus): Initiative {
  if (to === 'approved') {
    throw new DomainError('initiative.approve-with-guard', 'Godkendelse skal ske med beslutning og kontrol af klyngens midler.');
  }
  if (!NEXT[i.status].includes(to)) {
    throw new DomainError('initiative.status-transition', `En indsats med status "${STATUS_LABEL[i.status]}" kan ikke skifte til "${STATUS_LABEL[to]}".`, { from: i.status, to });
  }
  return { ...i, status: to };
}

export function canMoveTo(from: InitiativeStatus, to: InitiativeStatus): boolean {
  return NEXT[from].includes(to);
}

/** Editing the forecast: the approved version stays as it was, so the difference can be shown. */
export function editForecast(i: Initiative, forecast: Forecast): Initiative {
  if (i.status === 'ended' || i.status === 'evaluated' || i.status === 'rejected' || i.status === 'stopped') {
    throw new DomainError('initiative.forecast-closed', `Prognosen for en indsats med status "${STATUS_LABEL[i.status]}" kan ikke ændres.`);
  }
  const next: Initiative = { ...i, forecast };
  validateInitiative(next);
  return next;
}

/** Municipal account function for a year: per-year setting, else per initiative, else 4.62.88 (seed 002). */
export function municipalFunctionFor(i: Initiative, year: number): string {
  return i.posting?.municipalFunctionByYear?.[year] ?? i.posting?.municipalFunction ?? '4.62.88';
}

/** "Nr. 3 Titel" — how an initiative is named in files and posting texts (never by its internal id). */
export function initiativeReference(i: Pick<Initiative, 'title' | 'number'>): string {
  return i.number !== undefined ? `Nr. ${String(i.number)} ${i.title}` : i.title;
}
