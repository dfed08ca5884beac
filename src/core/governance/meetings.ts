import { dateOf, instant, isoDate, type Instant, type IsoDate } from '../calendar.ts';
import { DomainError } from '../errors.ts';

/**
 * Meetings (møder) of a cluster level or an SSU: agenda (dagsorden) with the typical items of
 * seed 001 §16 as templates, attachments, minutes (referat) and decisions (beslutninger).
 * Minutes go draft → approved; an approved version is frozen and a correction is a new version.
 * Decisions live in the minutes, so they are frozen with them, and each may be linked to what it
 * decided (an initiative's approval, extra local funds, a carry-forward, an SSU recommendation).
 */

export type MeetingBody =
  | { readonly kind: 'cluster-political'; readonly clusterId: string }
  | { readonly kind: 'cluster-professional'; readonly clusterId: string }
  | { readonly kind: 'ssu'; readonly regionId: string };

export const MEETING_BODY_LABELS: Record<MeetingBody['kind'], string> = {
  'cluster-political': 'Sundhedsklyngens politiske niveau',
  'cluster-professional': 'Sundhedsklyngens faglige/strategiske niveau',
  ssu: 'Sundhedssamarbejdsudvalget',
};

export interface AgendaTemplate {
  readonly key: string;
  readonly title: string;
  readonly description: string;
}

/** The typical agenda items of seed 001 §16 ("En dagsorden vil fx kunne indeholde emner som"). */
export const AGENDA_TEMPLATES: readonly AgendaTemplate[] = [
  {
    key: 'relational-capacity',
    title: 'Opbygning af relationel kapacitet',
    description:
      'Lære hinandens organisationer og udgangspunkter at kende, fx gennem en præsentation og drøftelse af kommunernes kapacitet og tilbud på sundheds- og ældreområdet, hospitalernes kapacitet rettet mod fælles borgere og planer for ændringer i kapaciteten.',
  },
  {
    key: 'focus-areas',
    title: 'Drøftelse og beslutning om problemer og målgrupper, klyngen skal sætte særlig fokus på',
    description:
      'Hvilke problemer eller målgrupper skal det faglige/strategiske niveau lave et oplæg til, fx med udgangspunkt i data om klyngens population? Klyngens fælles midler kan bringes i spil og afsættes til konkrete innovative initiativer.',
  },
  {
    key: 'experiences-and-spreading',
    title: 'Erfaringer fra afprøvninger og anbefaling om udbredelse',
    description:
      'Fremlæggelse af erfaringer fra afprøvninger foretaget i klyngen og beslutning om, hvorvidt klyngen anbefaler at udbrede indsatsen til andre klynger eller nationalt. Modtagelse af andre klyngers erfaringer.',
  },
  {
    key: 'national-recommendations',
    title: 'Implementering af anbefalinger fra nationalt hold',
    description:
      'Beslutning om hvorledes klyngen kan/vil implementere anbefalinger fra nationalt hold, fx omlægning af hjerterehabilitering fase 2 i alle kommuner.',
  },
];

export interface AgendaItem {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** The template it was made from, if any. */
  readonly templateKey?: string;
}

export interface MeetingAttachment {
  readonly id: string;
  readonly fileName: string;
  readonly mediaType: string;
  readonly sizeBytes: number;
  readonly agendaItemId?: string;
}

/** What a decision decided; the target record shows the decision that made it. */
export type DecisionLink =
  /** godkendelse af en indsats */
  | { readonly kind: 'initiative-approval'; readonly initiativeId: string }
  /** tilførsel af lokale midler */
  | { readonly kind: 'extra-local-funds'; readonly fundsId: string }
  /** videreførelse */
  | { readonly kind: 'carry-forward'; readonly carryForwardId: string }
  /** SSU's anbefaling om udbredelse (on an evaluation) */
  | { readonly kind: 'ssu-recommendation'; readonly evaluationId: string };

export interface Decision {
  readonly id: string;
  readonly agendaItemId?: string;
  readonly text: string;
  readonly links: readonly DecisionLink[];
}

export interface MinutesVersion {
  readonly version: number;
  readonly status: 'draft' | 'approved';
  readonly text: string;
  readonly decisions: readonly Decision[];
  readonly writtenAt: Instant;
  readonly writtenBy: string;
  readonly approvedAt?: Instant;
  readonly approvedBy?: string;
}

export interface Meeting {
  readonly id: string;
  readonly body: MeetingBody;
  readonly date: IsoDate;
  readonly title: string;
  readonly cancelled: boolean;
  readonly agenda: readonly AgendaItem[];
  readonly attachments: readonly MeetingAttachment[];
  /** All versions, oldest first; approved versions never change. */
  readonly minutes: readonly MinutesVersion[];
}

function nonBlank(text: string, code: string, message: string): string {
  if (text.trim() === '') throw new DomainError(code, message);
  return text.trim();
}

export function planMeeting(input: { readonly id: string; readonly body: MeetingBody; readonly date: string; readonly title: string }): Meeting {
  return {
    id: input.id,
    body: input.body,
    date: isoDate(input.date, 'Mødedatoen'),
    title: nonBlank(input.title, 'meeting.no-title', 'Mødet skal have en titel.'),
    cancelled: false,
    agenda: [],
    attachments: [],
    minutes: [],
  };
}

function hasApprovedMinutes(m: Meeting): boolean {
  return m.minutes.some((v) => v.status === 'approved');
}

function requireOpenAgenda(m: Meeting): void {
  if (m.cancelled) throw new DomainError('meeting.cancelled', 'Mødet er aflyst.');
  if (hasApprovedMinutes(m)) {
    throw new DomainError('meeting.agenda-frozen', 'Referatet er godkendt; dagsordenen kan ikke længere ændres.');
  }
}

/** Adds an agenda item, from a template (title and description prefilled unless given) or free. */
export function addAgendaItem(m: Meeting, item: { readonly id: string; readonly templateKey?: string; readonly title?: string; readonly description?: string }): Meeting {
  requireOpenAgenda(m);
  if (m.agenda.some((a) => a.id === item.id)) throw new DomainError('meeting.duplicate-item', 'Dagsordenspunktet findes allerede.');
  const template = item.templateKey === undefined ? undefined : AGENDA_TEMPLATES.find((t) => t.key === item.templateKey);
  if (item.templateKey !== undefined && !template) {
    throw new DomainError('meeting.unknown-template', `Skabelonen "${item.templateKey}" findes ikke.`);
  }
  const title = nonBlank(item.title ?? template?.title ?? '', 'meeting.item-no-title', 'Dagsordenspunktet skal have en titel.');
  const added: AgendaItem = {
    id: item.id,
    title,
    description: (item.description ?? template?.description ?? '').trim(),
    ...(template ? { templateKey: template.key } : {}),
  };
  return { ...m, agenda: [...m.agenda, added] };
}

export function addMeetingAttachment(m: Meeting, a: MeetingAttachment): Meeting {
  requireOpenAgenda(m);
  if (a.agendaItemId !== undefined && !m.agenda.some((i) => i.id === a.agendaItemId)) {
    throw new DomainError('meeting.unknown-item', 'Bilaget henviser til et dagsordenspunkt, der ikke findes.');
  }
  if (!Number.isSafeInteger(a.sizeBytes) || a.sizeBytes <= 0) throw new DomainError('attachment.empty', `Filen "${a.fileName}" er tom.`);
  return { ...m, attachments: [...m.attachments, a] };
}

export function cancelMeeting(m: Meeting): Meeting {
  if (m.minutes.length > 0) throw new DomainError('meeting.has-minutes', 'Et møde med referat kan ikke aflyses.');
  return { ...m, cancelled: true };
}

function checkDecisions(m: Meeting, decisions: readonly Decision[]): Decision[] {
  const ids = new Set<string>();
  return decisions.map((d) => {
    if (ids.has(d.id)) throw new DomainError('decision.duplicate', 'To beslutninger har samme id.');
    ids.add(d.id);
    if (d.agendaItemId !== undefined && !m.agenda.some((i) => i.id === d.agendaItemId)) {
      throw new DomainError('decision.unknown-item', 'En beslutning henviser til et dagsordenspunkt, der ikke findes.');
    }
    for (const link of d.links) {
      const ssu = m.body.kind === 'ssu';
      if (link.kind === 'ssu-recommendation' && !ssu) {
        throw new DomainError('decision.wrong-body', 'En anbefaling om udbredelse træffes af sundhedssamarbejdsudvalget, ikke af en klynge.');
      }
      if (link.kind !== 'ssu-recommendation' && ssu) {
        throw new DomainError('decision.wrong-body', 'Klyngens midler, indsatser og videreførelser besluttes i klyngen, ikke i sundhedssamarbejdsudvalget.');
      }
    }
    return { ...d, text: nonBlank(d.text, 'decision.no-text', 'En beslutning skal have en tekst.') };
  });
}

/**
 * Writes the minutes: edits the current draft, or — when there is none — starts a new draft
 * version (the first minutes, or a correction of approved minutes). Approved versions are never
 * touched. Minutes can only be written on or after the meeting date.
 */
export function writeMinutes(
  m: Meeting,
  content: { readonly text: string; readonly decisions: readonly Decision[] },
  ctx: { readonly now: string; readonly actor: string },
): Meeting {
  if (m.cancelled) throw new DomainError('meeting.cancelled', 'Mødet er aflyst og har intet referat.');
  const now = instant(ctx.now);
  if (dateOf(now) < m.date) throw new DomainError('minutes.before-meeting', 'Referatet kan først skrives, når mødet har fundet sted.');
  const draft: MinutesVersion = {
    version: 0,
    status: 'draft',
    text: nonBlank(content.text, 'minutes.empty', 'Referatet er tomt.'),
    decisions: checkDecisions(m, content.decisions),
    writtenAt: now,
    writtenBy: nonBlank(ctx.actor, 'minutes.no-actor', 'Det er ikke oplyst, hvem der skriver referatet.'),
  };
  const last = m.minutes.at(-1);
  if (last?.status === 'draft') return { ...m, minutes: [...m.minutes.slice(0, -1), { ...draft, version: last.version }] };
  return { ...m, minutes: [...m.minutes, { ...draft, version: (last?.version ?? 0) + 1 }] };
}

/** Approves the current draft; from then on that version is frozen. */
export function approveMinutes(m: Meeting, ctx: { readonly now: string; readonly actor: string }): Meeting {
  const last = m.minutes.at(-1);
  if (last?.status !== 'draft') {
    throw new DomainError('minutes.no-draft', last ? 'Referatet er allerede godkendt; en rettelse skrives som en ny version.' : 'Mødet har intet referat at godkende.');
  }
  const approved: MinutesVersion = {
    ...last,
    status: 'approved',
    approvedAt: instant(ctx.now),
    approvedBy: nonBlank(ctx.actor, 'minutes.no-actor', 'Det er ikke oplyst, hvem der godkender referatet.'),
  };
  return { ...m, minutes: [...m.minutes.slice(0, -1), approved] };
}

/** The minutes in force: the latest approved version, if any. */
export function currentMinutes(m: Meeting): MinutesVersion | undefined {
  return [...m.minutes].reverse().find((v) => v.status === 'approved');
}

export interface DecisionRef {
  readonly meetingId: string;
  readonly meetingDate: IsoDate;
  readonly body: MeetingBody;
  readonly decisionId: string;
  readonly text: string;
  readonly minutesVersion: number;
  /** True when the minutes carrying it are not approved yet. */
  readonly provisional: boolean;
}

export function linkKey(link: DecisionLink): string {
  switch (link.kind) {
    case 'initiative-approval':
      return `initiative-approval:${link.initiativeId}`;
    case 'extra-local-funds':
      return `extra-local-funds:${link.fundsId}`;
    case 'carry-forward':
      return `carry-forward:${link.carryForwardId}`;
    case 'ssu-recommendation':
      return `ssu-recommendation:${link.evaluationId}`;
  }
}

/**
 * For every linked record, the decisions that made it: from each meeting's current approved
 * minutes, or its draft when none is approved yet (marked provisional).
 */
export function decisionsByTarget(meetings: readonly Meeting[]): Map<string, DecisionRef[]> {
  const index = new Map<string, DecisionRef[]>();
  for (const m of meetings) {
    const approved = currentMinutes(m);
    const version = approved ?? m.minutes.at(-1);
    if (!version || m.cancelled) continue;
    for (const d of version.decisions) {
      for (const link of d.links) {
        const ref: DecisionRef = {
          meetingId: m.id,
          meetingDate: m.date,
          body: m.body,
          decisionId: d.id,
          text: d.text,
          minutesVersion: version.version,
          provisional: approved === undefined,
        };
        const key = linkKey(link);
        index.set(key, [...(index.get(key) ?? []), ref]);
      }
    }
  }
  for (const refs of index.values()) refs.sort((a, b) => (a.meetingDate < b.meetingDate ? -1 : a.meetingDate > b.meetingDate ? 1 : 0));
  return index;
}

/** The decisions that made one record (e.g. an initiative's approval). */
export function decisionsFor(link: DecisionLink, meetings: readonly Meeting[]): DecisionRef[] {
  return decisionsByTarget(meetings).get(linkKey(link)) ?? [];
}
