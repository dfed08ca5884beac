import type { Kysely } from 'kysely';
import { ConflictError, DomainError, NotFoundError } from '../../core/errors.ts';
import {
  addAgendaItem,
  addMeetingAttachment,
  approveMinutes,
  cancelMeeting,
  currentMinutes,
  decisionsFor as decisionsForLink,
  MEETING_BODY_LABELS,
  planMeeting,
  writeMinutes,
  type AgendaItem,
  type Decision,
  type DecisionLink,
  type DecisionRef,
  type Meeting,
  type MeetingBody,
  type MinutesVersion,
} from '../../core/governance/meetings.ts';
import { approve } from '../economy/index.ts';
import { getInitiative } from '../economy/index.ts';
import { checkUpload, storeAttachment, type Upload } from '../attachments/index.ts';
import { recordChange, type Actor } from '../../infra/audit/audit.ts';
import { toJson, type JsonValue, type Schema } from '../../infra/db/schema.ts';
import { inTransaction } from '../../infra/db/unit-of-work.ts';
import { newId, now, nowInstant } from '../../infra/clock.ts';
import { storedAgenda, storedMinutes } from './stored.ts';
import { jsonValue } from '../../infra/db/stored-json.ts';

/**
 * Meetings (møder) as stored: the domain's Meeting (src/core/governance/meetings.ts) with its
 * agenda and minutes versions as documents, files in the attachments table, and every decision
 * link indexed in decision_links so "the decision that made this record" is one lookup.
 */

/** Whose meetings: a cluster's (both levels) or a region's SSU. */
export type MeetingScope = { readonly kind: 'cluster'; readonly clusterId: string } | { readonly kind: 'ssu'; readonly regionCode: string };

type MeetingRow = Awaited<ReturnType<typeof selectMeetings>>[number];

function selectMeetings(db: Kysely<Schema>, scope: MeetingScope | null, id?: string) {
  let q = db.selectFrom('meetings').selectAll();
  if (scope?.kind === 'cluster') q = q.where('cluster_id', '=', scope.clusterId);
  if (scope?.kind === 'ssu') q = q.where('body_kind', '=', 'ssu').where('region_code', '=', scope.regionCode);
  if (id !== undefined) q = q.where('id', '=', id);
  return q.orderBy('date').orderBy('created_at').execute();
}

function bodyOf(row: { body_kind: string; cluster_id: string | null; region_code: string }): MeetingBody {
  if (row.body_kind === 'ssu') return { kind: 'ssu', regionId: row.region_code };
  return { kind: row.body_kind === 'cluster-political' ? 'cluster-political' : 'cluster-professional', clusterId: row.cluster_id ?? '' };
}

async function meetingsOf(db: Kysely<Schema>, rows: readonly MeetingRow[]): Promise<Meeting[]> {
  const ids = rows.map((r) => r.id);
  const files =
    ids.length === 0
      ? []
      : await db.selectFrom('attachments').select(['id', 'owner_id', 'file_name', 'media_type', 'size_bytes', 'agenda_item_id']).where('owner_kind', '=', 'meeting').where('owner_id', 'in', ids).where('removed_at', 'is', null).orderBy('added_at').execute();
  return rows.map((r) => ({
    id: r.id,
    body: bodyOf(r),
    date: r.date as Meeting['date'],
    title: r.title,
    cancelled: r.cancelled,
    agenda: storedAgenda(r.agenda, r.id),
    attachments: files
      .filter((f) => f.owner_id === r.id)
      .map((f) => ({ id: f.id, fileName: f.file_name, mediaType: f.media_type, sizeBytes: f.size_bytes, ...(f.agenda_item_id !== null ? { agendaItemId: f.agenda_item_id } : {}) })),
    minutes: storedMinutes(r.minutes, r.id),
  }));
}

/** Every meeting of a cluster (both levels) or of an SSU, as the domain's values (for cadence). */
export async function listMeetingsOf(db: Kysely<Schema>, scope: MeetingScope): Promise<Meeting[]> {
  return meetingsOf(db, await selectMeetings(db, scope));
}

export interface MeetingSummary {
  readonly id: string;
  readonly bodyKind: MeetingBody['kind'];
  readonly bodyLabel: string;
  readonly date: string;
  readonly title: string;
  readonly cancelled: boolean;
  readonly agendaItems: number;
  /** 'none' | 'draft' | 'approved' — the state of the latest minutes version. */
  readonly minutesStatus: 'none' | 'draft' | 'approved';
}

export async function listMeetings(db: Kysely<Schema>, scope: MeetingScope, year?: number): Promise<MeetingSummary[]> {
  const meetings = await listMeetingsOf(db, scope);
  return meetings
    .filter((m) => year === undefined || m.date.startsWith(`${String(year)}-`))
    .map((m) => ({
      id: m.id,
      bodyKind: m.body.kind,
      bodyLabel: MEETING_BODY_LABELS[m.body.kind],
      date: m.date,
      title: m.title,
      cancelled: m.cancelled,
      agendaItems: m.agenda.length,
      minutesStatus: m.minutes.at(-1)?.status ?? 'none',
    }));
}

/** What a decision link points at, named for people. */
export interface LinkTarget {
  readonly kind: DecisionLink['kind'];
  readonly recordId: string;
  readonly label: string;
  /** The cluster the record belongs to, when it has one (for links in the UI). */
  readonly clusterId: string | null;
  readonly regionCode: string | null;
  readonly exists: boolean;
}

export interface MeetingView {
  readonly id: string;
  readonly scope: MeetingScope;
  readonly scopeName: string;
  readonly regionCode: string;
  readonly bodyKind: MeetingBody['kind'];
  readonly bodyLabel: string;
  readonly date: string;
  readonly title: string;
  readonly cancelled: boolean;
  readonly agenda: readonly AgendaItem[];
  readonly attachments: Meeting['attachments'];
  readonly minutes: readonly MinutesVersion[];
  /** The approved version in force, if any. */
  readonly currentMinutesVersion: number | null;
  readonly linkTargets: readonly LinkTarget[];
  readonly version: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export function recordIdOf(link: DecisionLink): string {
  switch (link.kind) {
    case 'initiative-approval':
      return link.initiativeId;
    case 'extra-local-funds':
      return link.fundsId;
    case 'carry-forward':
      return link.carryForwardId;
    case 'ssu-recommendation':
      return link.evaluationId;
  }
}

export function linkOf(kind: DecisionLink['kind'], recordId: string): DecisionLink {
  switch (kind) {
    case 'initiative-approval':
      return { kind, initiativeId: recordId };
    case 'extra-local-funds':
      return { kind, fundsId: recordId };
    case 'carry-forward':
      return { kind, carryForwardId: recordId };
    case 'ssu-recommendation':
      return { kind, evaluationId: recordId };
  }
}

const LINK_LABELS: Record<DecisionLink['kind'], string> = {
  'initiative-approval': 'Godkendelse af indsats',
  'extra-local-funds': 'Tilførsel af lokale midler',
  'carry-forward': 'Videreførelse',
  'ssu-recommendation': 'Anbefaling om udbredelse',
};

async function describeLink(db: Kysely<Schema>, link: DecisionLink): Promise<LinkTarget> {
  const recordId = recordIdOf(link);
  const base = { kind: link.kind, recordId };
  switch (link.kind) {
    case 'initiative-approval': {
      const i = await db.selectFrom('initiatives').innerJoin('clusters', 'clusters.id', 'initiatives.cluster_id').select(['initiatives.title', 'initiatives.cluster_id', 'clusters.region_code']).where('initiatives.id', '=', recordId).executeTakeFirst();
      return { ...base, label: i ? `${LINK_LABELS[link.kind]}: ${i.title}` : `${LINK_LABELS[link.kind]} (findes ikke)`, clusterId: i?.cluster_id ?? null, regionCode: i?.region_code ?? null, exists: i !== undefined };
    }
    case 'ssu-recommendation': {
      const e = await db
        .selectFrom('evaluations')
        .innerJoin('initiatives', 'initiatives.id', 'evaluations.initiative_id')
        .select(['initiatives.title', 'evaluations.cluster_id', 'evaluations.region_code'])
        .where('evaluations.id', '=', recordId)
        .executeTakeFirst();
      return { ...base, label: e ? `${LINK_LABELS[link.kind]}: evaluering af ${e.title}` : `${LINK_LABELS[link.kind]} (findes ikke)`, clusterId: e?.cluster_id ?? null, regionCode: e?.region_code ?? null, exists: e !== undefined };
    }
    case 'extra-local-funds':
    case 'carry-forward':
      return { ...base, label: `${LINK_LABELS[link.kind]} (${recordId})`, clusterId: null, regionCode: null, exists: true };
  }
}

async function scopeName(db: Kysely<Schema>, scope: MeetingScope): Promise<{ name: string; regionCode: string }> {
  if (scope.kind === 'cluster') {
    const c = await db.selectFrom('clusters').select(['name', 'region_code']).where('id', '=', scope.clusterId).executeTakeFirst();
    if (!c) throw new NotFoundError('cluster.not-found', `Klyngen "${scope.clusterId}" findes ikke.`);
    return { name: c.name, regionCode: c.region_code };
  }
  const r = await db.selectFrom('regions').select('name').where('code', '=', scope.regionCode).executeTakeFirst();
  if (!r) throw new NotFoundError('region.not-found', `Regionen "${scope.regionCode}" findes ikke.`);
  return { name: `Sundhedssamarbejdsudvalget, ${r.name}`, regionCode: scope.regionCode };
}

/** The meeting with this id IN this scope; another scope's meeting is "not found" (no leaking). */
async function load(db: Kysely<Schema>, scope: MeetingScope, id: string): Promise<{ meeting: Meeting; row: MeetingRow }> {
  const [row] = await selectMeetings(db, scope, id);
  if (!row) throw new NotFoundError('meeting.not-found', 'Mødet findes ikke.');
  const [meeting] = await meetingsOf(db, [row]);
  if (!meeting) throw new NotFoundError('meeting.not-found', 'Mødet findes ikke.');
  return { meeting, row };
}

export async function getMeeting(db: Kysely<Schema>, scope: MeetingScope, id: string): Promise<MeetingView> {
  const { meeting: m, row } = await load(db, scope, id);
  const named = await scopeName(db, scope);
  const links = new Map<string, DecisionLink>();
  for (const v of m.minutes) for (const d of v.decisions) for (const l of d.links) links.set(`${l.kind}:${recordIdOf(l)}`, l);
  const linkTargets: LinkTarget[] = [];
  for (const l of links.values()) linkTargets.push(await describeLink(db, l));
  return {
    id: m.id,
    scope,
    scopeName: named.name,
    regionCode: named.regionCode,
    bodyKind: m.body.kind,
    bodyLabel: MEETING_BODY_LABELS[m.body.kind],
    date: m.date,
    title: m.title,
    cancelled: m.cancelled,
    agenda: m.agenda,
    attachments: m.attachments,
    minutes: m.minutes,
    currentMinutesVersion: currentMinutes(m)?.version ?? null,
    linkTargets,
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
  };
}

export async function createMeeting(
  db: Kysely<Schema>,
  actor: Actor,
  scope: MeetingScope,
  input: { readonly level?: 'political' | 'professional' | undefined; readonly date: string; readonly title: string },
): Promise<MeetingView> {
  const { regionCode } = await scopeName(db, scope);
  let body: MeetingBody;
  if (scope.kind === 'ssu') body = { kind: 'ssu', regionId: scope.regionCode };
  else if (input.level === undefined) throw new DomainError('meeting.no-level', 'Vælg om mødet er på politisk eller fagligt/strategisk niveau.');
  else body = { kind: input.level === 'political' ? 'cluster-political' : 'cluster-professional', clusterId: scope.clusterId };
  const m = planMeeting({ id: newId(), body, date: input.date, title: input.title });
  await inTransaction(db, async (trx) => {
    await trx
      .insertInto('meetings')
      .values({
        id: m.id,
        body_kind: body.kind,
        cluster_id: scope.kind === 'cluster' ? scope.clusterId : null,
        region_code: regionCode,
        date: m.date,
        title: m.title,
        agenda: toJson([]),
        minutes: toJson([]),
        created_by: actor.name,
        updated_by: actor.name,
      })
      .execute();
    await recordChange(trx, actor, { action: 'meeting.create', entity: 'meeting', entityId: m.id, before: null, after: { body: body.kind, date: m.date, title: m.title } });
  });
  return getMeeting(db, scope, m.id);
}

/**
 * Loads the meeting at `expectedVersion`, applies a domain change and stores it with its decision
 * links and an audit record, all in one transaction.
 */
async function change(
  db: Kysely<Schema>,
  actor: Actor,
  scope: MeetingScope,
  id: string,
  expectedVersion: number,
  action: string,
  apply: (m: Meeting, trx: Kysely<Schema>) => Promise<{ next: Meeting; audit: JsonValue }> | { next: Meeting; audit: JsonValue },
): Promise<MeetingView> {
  await inTransaction(db, async (trx) => {
    // The meeting's row is locked before its version is read: simultaneous changes (two
    // instances approving the same minutes) run one after the other, and the later ones see the
    // new version and answer 409 instead of each applying their change.
    await trx.selectFrom('meetings').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
    const { meeting, row } = await load(trx, scope, id);
    if (row.version !== expectedVersion) {
      throw new ConflictError('conflict.stale', `Mødet er ændret af ${row.updated_by} siden du hentede det. Hent det igen, og gentag din ændring.`, { currentVersion: row.version });
    }
    const { next, audit } = await apply(meeting, trx);
    const updated = await trx
      .updateTable('meetings')
      .set({ agenda: toJson(next.agenda), minutes: toJson(next.minutes), cancelled: next.cancelled, version: row.version + 1, updated_at: now(), updated_by: actor.name })
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) {
      throw new ConflictError('conflict.stale', 'Mødet er ændret af en anden, siden du hentede det. Hent det igen, og gentag din ændring.');
    }
    await trx.deleteFrom('decision_links').where('meeting_id', '=', id).execute();
    const links = new Map<string, { meeting_id: string; decision_id: string; kind: string; record_id: string }>();
    for (const v of next.minutes) {
      for (const d of v.decisions) {
        for (const l of d.links) links.set(`${d.id}|${l.kind}|${recordIdOf(l)}`, { meeting_id: id, decision_id: d.id, kind: l.kind, record_id: recordIdOf(l) });
      }
    }
    if (links.size > 0) await trx.insertInto('decision_links').values([...links.values()]).execute();
    await recordChange(trx, actor, { action, entity: 'meeting', entityId: id, before: null, after: audit });
  });
  return getMeeting(db, scope, id);
}

export async function addAgendaItemTo(
  db: Kysely<Schema>,
  actor: Actor,
  scope: MeetingScope,
  id: string,
  version: number,
  item: { readonly templateKey?: string | undefined; readonly title?: string | undefined; readonly description?: string | undefined },
): Promise<MeetingView> {
  return change(db, actor, scope, id, version, 'meeting.agenda-add', (m) => {
    const next = addAgendaItem(m, {
      id: newId(),
      ...(item.templateKey !== undefined ? { templateKey: item.templateKey } : {}),
      ...(item.title !== undefined && item.title.trim() !== '' ? { title: item.title } : {}),
      ...(item.description !== undefined && item.description.trim() !== '' ? { description: item.description } : {}),
    });
    const added = next.agenda.at(-1);
    return { next, audit: { agendaItem: added ? { title: added.title, templateKey: added.templateKey ?? null } : null } };
  });
}

export interface DecisionInput {
  readonly id?: string | undefined;
  readonly agendaItemId?: string | undefined;
  readonly text: string;
  readonly links: readonly { readonly kind: DecisionLink['kind']; readonly recordId: string }[];
}

/** A link must point at a record of the meeting's own cluster or region. */
async function checkLink(trx: Kysely<Schema>, m: Meeting, regionCode: string, link: DecisionLink): Promise<void> {
  const target = await describeLink(trx, link);
  if (!target.exists) throw new DomainError('decision.unknown-target', `Beslutningen henviser til noget, der ikke findes (${link.kind} ${recordIdOf(link)}).`);
  if (link.kind === 'initiative-approval' && m.body.kind !== 'ssu' && target.clusterId !== m.body.clusterId) {
    throw new DomainError('decision.other-cluster', 'En klynge kan kun godkende sine egne indsatser.');
  }
  if (link.kind === 'ssu-recommendation' && target.regionCode !== regionCode) {
    throw new DomainError('decision.other-region', 'Sundhedssamarbejdsudvalget kan kun træffe beslutning om evalueringer fra regionens egne klynger.');
  }
  if (link.kind === 'extra-local-funds' && m.body.kind !== 'ssu') {
    const funds = /^\d+$/.test(recordIdOf(link))
      ? await trx.selectFrom('extra_local_funds').select('cluster_id').where('id', '=', Number(recordIdOf(link))).executeTakeFirst()
      : undefined;
    if (funds?.cluster_id !== m.body.clusterId) throw new DomainError('decision.unknown-target', 'De lokale midler findes ikke i klyngen.');
  }
}

export async function writeMinutesFor(
  db: Kysely<Schema>,
  actor: Actor,
  scope: MeetingScope,
  id: string,
  version: number,
  content: { readonly text: string; readonly decisions: readonly DecisionInput[] },
): Promise<MeetingView> {
  return change(db, actor, scope, id, version, 'meeting.minutes-write', async (m, trx) => {
    const regionCode = (await scopeName(trx, scope)).regionCode;
    const decisions: Decision[] = [];
    for (const d of content.decisions) {
      const links = d.links.map((l) => linkOf(l.kind, l.recordId.trim()));
      for (const l of links) await checkLink(trx, m, regionCode, l);
      decisions.push({ id: d.id ?? newId(), text: d.text, links, ...(d.agendaItemId !== undefined ? { agendaItemId: d.agendaItemId } : {}) });
    }
    const next = writeMinutes(m, { text: content.text, decisions }, { now: nowInstant(), actor: actor.name });
    const last = next.minutes.at(-1);
    return { next, audit: { minutesVersion: last?.version ?? null, text: last?.text ?? null, decisions: jsonValue(last?.decisions ?? []) } };
  });
}

/** The initiatives the decisions of a minutes version approve, each once, in order. */
function approvedInitiativeIds(v: MinutesVersion | undefined): string[] {
  const ids: string[] = [];
  for (const d of v?.decisions ?? []) for (const l of d.links) if (l.kind === 'initiative-approval' && !ids.includes(l.initiativeId)) ids.push(l.initiativeId);
  return ids;
}

/**
 * Approves the minutes draft. A decision in them that approves an initiative takes effect in the
 * economy HERE, when the minutes are approved — not while they are a draft. A draft can still be
 * rewritten (a decision removed or pointed at another initiative) and the economy has no "undo
 * approval"; approved minutes are frozen, so what the economy records always matches minutes that
 * can no longer change. This is also what a secretariat does on paper: the decision is in force
 * when the minutes are approved, and only then is the initiative entered as approved in the budget.
 *
 * Each initiative is approved through the economy's own `approve` (the same funds and cost-category
 * guards as the economy screen) with the meeting's date, the level of the body that met and a
 * reference to the meeting. All of it runs in one transaction: if the economy refuses one
 * initiative (e.g. 'economy.insufficient-funds'), the minutes stay a draft and no initiative is
 * approved. A correction (a later version) approves only initiatives that the minutes in force did
 * not already approve; removing a decision in a correction does not take an approval back — that is
 * a status change in the economy.
 */
export async function approveMinutesFor(db: Kysely<Schema>, actor: Actor, scope: MeetingScope, id: string, version: number): Promise<MeetingView> {
  return change(db, actor, scope, id, version, 'meeting.minutes-approve', async (m, trx) => {
    const next = approveMinutes(m, { now: nowInstant(), actor: actor.name });
    const already = approvedInitiativeIds(currentMinutes(m));
    const toApprove = approvedInitiativeIds(next.minutes.at(-1)).filter((x) => !already.includes(x));
    if (toApprove.length > 0 && m.body.kind === 'ssu') {
      // The domain refuses such links when the minutes are written; this guards stored data.
      throw new DomainError('decision.wrong-body', 'Klyngens indsatser godkendes i klyngen, ikke i sundhedssamarbejdsudvalget.');
    }
    const level = m.body.kind === 'cluster-political' ? 'political' : 'professional';
    const { name } = await scopeName(trx, scope);
    const meetingReference = `${m.title} (${name}, ${level === 'political' ? 'politisk niveau' : 'fagligt/strategisk niveau'}, ${m.date})`;
    for (const initiativeId of toApprove) {
      const stored = await getInitiative(trx, initiativeId);
      try {
        await approve(trx, actor, initiativeId, stored.version, { date: m.date, level, meetingReference });
      } catch (e) {
        if (e instanceof DomainError) {
          throw new DomainError(e.code, `Referatet er ikke godkendt, og intet er ændret. ${e.message}`, { ...e.details, initiativeId }, e.kind);
        }
        throw e;
      }
    }
    return { next, audit: { approvedVersion: next.minutes.at(-1)?.version ?? null, approvedInitiatives: toApprove } };
  });
}

export async function cancelMeetingFor(db: Kysely<Schema>, actor: Actor, scope: MeetingScope, id: string, version: number): Promise<MeetingView> {
  return change(db, actor, scope, id, version, 'meeting.cancel', (m) => ({ next: cancelMeeting(m), audit: { cancelled: true } }));
}

export async function addMeetingAttachmentTo(db: Kysely<Schema>, actor: Actor, scope: MeetingScope, id: string, upload: Upload, agendaItemId: string | null): Promise<MeetingView> {
  const file = checkUpload(upload);
  await inTransaction(db, async (trx) => {
    const { meeting } = await load(trx, scope, id);
    // The domain decides whether the meeting still takes files (not cancelled, agenda not frozen).
    addMeetingAttachment(meeting, { id: file.id, fileName: file.fileName, mediaType: file.mediaType, sizeBytes: file.sizeBytes, ...(agendaItemId !== null ? { agendaItemId } : {}) });
    await storeAttachment(trx, { kind: 'meeting', id }, file, actor.name, agendaItemId);
    await trx.updateTable('meetings').set((eb) => ({ version: eb('version', '+', 1), updated_at: now(), updated_by: actor.name })).where('id', '=', id).execute();
    await recordChange(trx, actor, { action: 'meeting.attachment-add', entity: 'meeting', entityId: id, before: null, after: { attachmentId: file.id, fileName: file.fileName, mediaType: file.mediaType, sizeBytes: file.sizeBytes } });
  });
  return getMeeting(db, scope, id);
}

/** A decision that made a record, with where it was taken (for "the decision that made this"). */
export interface DecisionMade extends DecisionRef {
  readonly meetingTitle: string;
  readonly bodyLabel: string;
  /** The scope the meeting belongs to, to link to it. */
  readonly scope: MeetingScope;
}

/**
 * The decisions that made a record: `decisionsFor(db, 'initiative-approval', initiativeId)`. From
 * each meeting's approved minutes in force, or its draft when none is approved yet (then
 * `provisional` is true); oldest meeting first. Cancelled meetings never count.
 */
export async function decisionsFor(db: Kysely<Schema>, kind: DecisionLink['kind'], recordId: string): Promise<DecisionMade[]> {
  const hits = await db.selectFrom('decision_links').select('meeting_id').distinct().where('kind', '=', kind).where('record_id', '=', recordId).execute();
  if (hits.length === 0) return [];
  const rows = await db
    .selectFrom('meetings')
    .selectAll()
    .where(
      'id',
      'in',
      hits.map((h) => h.meeting_id),
    )
    .orderBy('date')
    .execute();
  const meetings = await meetingsOf(db, rows);
  return decisionsForLink(linkOf(kind, recordId), meetings).map((ref) => {
    const m = meetings.find((x) => x.id === ref.meetingId);
    const scope: MeetingScope = ref.body.kind === 'ssu' ? { kind: 'ssu', regionCode: ref.body.regionId } : { kind: 'cluster', clusterId: ref.body.clusterId };
    return { ...ref, meetingTitle: m?.title ?? '', bodyLabel: MEETING_BODY_LABELS[ref.body.kind], scope };
  });
}
