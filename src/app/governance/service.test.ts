import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../core/errors.ts';
import { ore } from '../../core/money.ts';
import type { Actor } from '../../infra/audit/audit.ts';
import type { Schema } from '../../infra/db/schema.ts';
import { describeEachDatabase } from '../../infra/db/testing.ts';
import { InfrastructureError } from '../../infra/errors.ts';
import { inTransaction } from '../../infra/db/unit-of-work.ts';
import { readAttachment } from '../attachments/index.ts';
import { economyView, getInitiative, proposeInitiative } from '../economy/index.ts';
import { seedDatabase } from '../seed.ts';
import { addAgendaItemTo, addMeetingAttachmentTo, approveMinutesFor, cancelMeetingFor, createMeeting, decisionsFor, getMeeting, listMeetingsOf, writeMinutesFor, type MeetingScope } from './meetings.ts';
import { getClusterGovernance, saveClusterGovernance, type MemberInput } from './register.ts';

/**
 * The governance services called directly: the register's composition warnings, meeting minutes
 * as versions, and minutes whose decision approves an initiative — the economy's guard and the
 * minutes commit or roll back together.
 */
const ACTOR: Actor = { id: null, name: 'servicetest' };
const SYD = 'hovedstaden-syd';
const BY = 'hovedstaden-by';
const KR = 100;
const PDF = new Uint8Array(Buffer.from('%PDF-1.4\n%%EOF\n', 'latin1'));

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal, but the call succeeded');
}

async function count(db: Kysely<Schema>, table: 'audit_log' | 'attachments' | 'decision_links' | 'cluster_governance'): Promise<number> {
  return Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
}

function initiative(db: Kysely<Schema>, title: string, amountOre: number) {
  return proposeInitiative(db, ACTOR, SYD, {
    title,
    description: '',
    targetGroup: 'acute',
    startPeriod: '2022-01',
    endPeriod: '2022-12',
    executingParties: ['101'],
    forecast: { lines: [{ kind: 'other', id: 'l1', year: 2022, description: 'Afprøvning', category: 'trial', funding: 'common', party: '101', amount: ore(amountOre) }] },
  });
}

describeEachDatabase('governance services (issue 10: service tests)', (getDb) => {
  const db = (): Kysely<Schema> => getDb().kysely;
  const scope: MeetingScope = { kind: 'cluster', clusterId: SYD };
  beforeAll(async () => {
    await seedDatabase(db());
  });

  describe('the register: composition is checked on every read', () => {
    it('an empty register warns for the region chair and every political municipality’s mayor; a saved register clears exactly the warnings it answers', async () => {
      const empty = await getClusterGovernance(db(), SYD, 2022);
      expect(empty.version).toBe(0);
      const political = empty.municipalities.filter((m) => m.political);
      expect(political.length).toBeGreaterThan(1);
      const mayorsMissing = (w: typeof empty.warnings): string[] => w.filter((x) => x.code === 'political.mayor-missing').map((x) => x.subject ?? '').sort();
      expect(mayorsMissing(empty.warnings)).toEqual(political.map((m) => m.id).sort());
      expect(empty.warnings.map((w) => w.code)).toContain('political.region-chair-missing');

      // Every mayor but the last political municipality's, and the region council chair.
      const [left, ...rest] = [...political].reverse();
      const politicalLevel: MemberInput[] = [
        { id: 'chair', name: 'Regionsrådsformand', organisation: 'Region Hovedstaden', role: { kind: 'region-council-chair' } },
        ...rest.map((m) => ({ id: `mayor-${m.id}`, name: `Borgmester ${m.name}`, organisation: m.name, role: { kind: 'mayor' as const, municipalityId: m.id } })),
      ];
      const auditBefore = await count(db(), 'audit_log');
      const saved = await saveClusterGovernance(db(), ACTOR, SYD, 2022, { version: 0, politicalLevel, professionalLevel: [], regionChairMemberId: 'chair', mayorMemberId: `mayor-${rest[0]?.id ?? ''}`, secretariatMunicipalityId: rest[0]?.id ?? null });
      expect(saved.version).toBe(1);
      expect(mayorsMissing(saved.warnings)).toEqual([left?.id]);
      expect(saved.warnings.map((w) => w.code)).not.toContain('political.region-chair-missing');
      expect(saved.politicalLevel.map((m) => m.id)).toEqual(politicalLevel.map((m) => m.id));
      expect(await count(db(), 'audit_log')).toBe(auditBefore + 1);
      const [audit] = await db().selectFrom('audit_log').select(['action', 'before', 'after']).where('entity', '=', 'cluster_governance').where('entity_id', '=', `${SYD}/2022`).execute();
      expect(audit).toMatchObject({ action: 'governance.save', before: null, after: { regionChairMemberId: 'chair', secretariatMunicipalityId: rest[0]?.id } });
    });

    it('a stale version, an unknown co-chair, a nameless member and a secretariat outside the cluster are refused and change nothing', async () => {
      const current = await getClusterGovernance(db(), SYD, 2022);
      const base = { version: current.version, politicalLevel: current.politicalLevel, professionalLevel: current.professionalLevel, regionChairMemberId: current.regionChairMemberId, mayorMemberId: current.mayorMemberId, secretariatMunicipalityId: current.secretariatMunicipalityId };
      const audit = await count(db(), 'audit_log');
      expect((await refusal(saveClusterGovernance(db(), ACTOR, SYD, 2022, { ...base, version: current.version - 1 }))).code).toBe('conflict.stale');
      expect((await refusal(saveClusterGovernance(db(), ACTOR, SYD, 2022, { ...base, regionChairMemberId: 'nobody' }))).code).toBe('governance.unknown-member');
      expect((await refusal(saveClusterGovernance(db(), ACTOR, SYD, 2022, { ...base, professionalLevel: [{ name: '  ', organisation: 'x', role: { kind: 'patient-representative' } }] }))).code).toBe('governance.member-name');
      expect((await refusal(saveClusterGovernance(db(), ACTOR, SYD, 2022, { ...base, secretariatMunicipalityId: '751' }))).code).toBe('governance.secretariat-not-member');
      expect(await count(db(), 'audit_log')).toBe(audit);
      expect(await getClusterGovernance(db(), SYD, 2022)).toMatchObject({ version: current.version, regionChairMemberId: current.regionChairMemberId, secretariatMunicipalityId: current.secretariatMunicipalityId });
    });
  });

  describe('meetings and minutes', () => {
    it('minutes are a draft until approved, then frozen; a correction is a new version; stale versions and other clusters are refused', async () => {
      expect((await refusal(createMeeting(db(), ACTOR, scope, { date: '2022-03-01', title: 'Uden niveau' }))).code).toBe('meeting.no-level');
      let m = await createMeeting(db(), ACTOR, scope, { level: 'professional', date: '2022-03-01', title: 'Fagligt møde' });
      expect(m).toMatchObject({ bodyKind: 'cluster-professional', version: 1, minutes: [], currentMinutesVersion: null });
      m = await addAgendaItemTo(db(), ACTOR, scope, m.id, m.version, { title: 'Status på indsatser' });
      m = await writeMinutesFor(db(), ACTOR, scope, m.id, m.version, { text: 'Første udkast.', decisions: [] });
      m = await writeMinutesFor(db(), ACTOR, scope, m.id, m.version, { text: 'Rettet udkast.', decisions: [] });
      expect(m.minutes.map((v) => [v.version, v.status, v.text])).toEqual([[1, 'draft', 'Rettet udkast.']]);
      const stale = m.version - 1;
      const audit = await count(db(), 'audit_log');
      expect((await refusal(approveMinutesFor(db(), ACTOR, scope, m.id, stale))).code).toBe('conflict.stale');
      // Another cluster's scope does not find the meeting at all.
      expect((await refusal(approveMinutesFor(db(), ACTOR, { kind: 'cluster', clusterId: BY }, m.id, m.version))).code).toBe('meeting.not-found');
      expect(await count(db(), 'audit_log')).toBe(audit);

      m = await approveMinutesFor(db(), ACTOR, scope, m.id, m.version);
      expect(m.minutes.map((v) => [v.version, v.status])).toEqual([[1, 'approved']]);
      expect(m.currentMinutesVersion).toBe(1);
      expect((await refusal(approveMinutesFor(db(), ACTOR, scope, m.id, m.version))).code).toBe('minutes.no-draft');
      expect((await refusal(addAgendaItemTo(db(), ACTOR, scope, m.id, m.version, { title: 'For sent' }))).code).toBe('meeting.agenda-frozen');

      m = await writeMinutesFor(db(), ACTOR, scope, m.id, m.version, { text: 'Rettelse.', decisions: [] });
      expect(m.minutes.map((v) => [v.version, v.status, v.text])).toEqual([[1, 'approved', 'Rettet udkast.'], [2, 'draft', 'Rettelse.']]);
      // The approved version stays in force while the correction is a draft.
      expect(m.currentMinutesVersion).toBe(1);
      const actions = await db().selectFrom('audit_log').select('action').where('entity', '=', 'meeting').where('entity_id', '=', m.id).orderBy('id').execute();
      expect(actions.map((a) => a.action)).toEqual(['meeting.create', 'meeting.agenda-add', 'meeting.minutes-write', 'meeting.minutes-write', 'meeting.minutes-approve', 'meeting.minutes-write']);
    });

    it('minutes cannot be written before the meeting has taken place, nor for a cancelled meeting', async () => {
      const future = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
      const m = await createMeeting(db(), ACTOR, scope, { level: 'political', date: future, title: 'Kommende møde' });
      expect((await refusal(writeMinutesFor(db(), ACTOR, scope, m.id, m.version, { text: 'For tidligt.', decisions: [] }))).code).toBe('minutes.before-meeting');
      const cancelled = await cancelMeetingFor(db(), ACTOR, scope, m.id, m.version);
      expect(cancelled.cancelled).toBe(true);
      expect((await refusal(writeMinutesFor(db(), ACTOR, scope, m.id, cancelled.version, { text: 'Aflyst.', decisions: [] }))).code).toBe('meeting.cancelled');
      expect((await getMeeting(db(), scope, m.id)).minutes).toEqual([]);
    });

    it('a meeting file is stored with the meeting; a file whose content is not its type is refused and nothing is stored', async () => {
      const m = await createMeeting(db(), ACTOR, scope, { level: 'political', date: '2022-04-01', title: 'Møde med bilag' });
      const files = await count(db(), 'attachments');
      expect((await refusal(addMeetingAttachmentTo(db(), ACTOR, scope, m.id, { fileName: 'falsk.pdf', mediaType: 'application/pdf', content: new Uint8Array([1, 2, 3]) }, null))).code).toBe('attachment.content-mismatch');
      expect((await refusal(addMeetingAttachmentTo(db(), ACTOR, scope, m.id, { fileName: 'program.exe', mediaType: 'application/octet-stream', content: new Uint8Array([1]) }, null))).code).toBe('attachment.type-not-allowed');
      expect(await count(db(), 'attachments')).toBe(files);
      const withFile = await addMeetingAttachmentTo(db(), ACTOR, scope, m.id, { fileName: 'dagsorden.pdf', mediaType: 'application/octet-stream', content: PDF }, null);
      expect(withFile.version).toBe(m.version + 1);
      const [file] = withFile.attachments;
      expect(file).toMatchObject({ fileName: 'dagsorden.pdf', mediaType: 'application/pdf', sizeBytes: PDF.byteLength });
      const read = await readAttachment(db(), { kind: 'meeting', id: m.id }, file?.id ?? '');
      expect(Buffer.compare(read.content, Buffer.from(PDF))).toBe(0);
      // The file belongs to its meeting only.
      expect((await refusal(readAttachment(db(), { kind: 'evaluation', id: m.id }, file?.id ?? ''))).code).toBe('attachment.not-found');
    });
  });

  describe('minutes that approve initiatives (one transaction with the economy)', () => {
    it('approving the minutes approves the initiative with the meeting’s date, level and reference; a correction does not approve it again', async () => {
      const i = await initiative(db(), 'Godkendes på mødet', 200_000 * KR);
      let m = await createMeeting(db(), ACTOR, scope, { level: 'political', date: '2022-02-15', title: 'Politisk møde' });
      m = await writeMinutesFor(db(), ACTOR, scope, m.id, m.version, { text: 'Referat.', decisions: [{ text: 'Indsatsen godkendes.', links: [{ kind: 'initiative-approval', recordId: i.id }] }] });
      // While a draft: the decision is provisional and the economy is untouched.
      expect(await decisionsFor(db(), 'initiative-approval', i.id)).toEqual([expect.objectContaining({ meetingId: m.id, provisional: true })]);
      expect((await getInitiative(db(), i.id)).initiative.status).toBe('proposed');

      m = await approveMinutesFor(db(), ACTOR, scope, m.id, m.version);
      const approved = await getInitiative(db(), i.id);
      expect(approved.initiative.status).toBe('approved');
      expect(approved.initiative.approval).toEqual({ date: '2022-02-15', level: 'political', meetingReference: 'Politisk møde (Klynge Syd, politisk niveau, 2022-02-15)' });
      expect(await decisionsFor(db(), 'initiative-approval', i.id)).toEqual([expect.objectContaining({ meetingId: m.id, provisional: false })]);
      const [audit] = await db().selectFrom('audit_log').select('after').where('entity', '=', 'meeting').where('entity_id', '=', m.id).where('action', '=', 'meeting.minutes-approve').execute();
      expect(audit?.after).toEqual({ approvedVersion: 1, approvedInitiatives: [i.id] });

      m = await writeMinutesFor(db(), ACTOR, scope, m.id, m.version, { text: 'Rettelse.', decisions: [{ text: 'Indsatsen godkendes (gentaget).', links: [{ kind: 'initiative-approval', recordId: i.id }] }] });
      await approveMinutesFor(db(), ACTOR, scope, m.id, m.version);
      expect((await getInitiative(db(), i.id)).version).toBe(approved.version);
    });

    it('when the economy refuses one initiative (funds), the minutes stay a draft and neither initiative is approved — not even the one that fits', async () => {
      const funds = (await economyView(db(), SYD, 2022)) as unknown as { funds: { cluster: { available: number; committed: number } } };
      const left = funds.funds.cluster.available - funds.funds.cluster.committed;
      const fits = await initiative(db(), 'Passer alene', 1_000 * KR);
      // Together with the first, one øre too much.
      const tooMuch = await initiative(db(), 'Sprænger rammen', left - 1_000 * KR + 1);
      let m = await createMeeting(db(), ACTOR, scope, { level: 'professional', date: '2022-03-10', title: 'Fagligt møde om indsatser' });
      m = await writeMinutesFor(db(), ACTOR, scope, m.id, m.version, {
        text: 'Referat.',
        decisions: [
          { text: 'Den lille godkendes.', links: [{ kind: 'initiative-approval', recordId: fits.id }] },
          { text: 'Den store godkendes.', links: [{ kind: 'initiative-approval', recordId: tooMuch.id }] },
        ],
      });
      const before = { audit: await count(db(), 'audit_log'), links: await count(db(), 'decision_links') };
      const e = await refusal(approveMinutesFor(db(), ACTOR, scope, m.id, m.version));
      expect(e.code).toBe('economy.insufficient-funds');
      expect(e.message).toMatch(/^Referatet er ikke godkendt, og intet er ændret\./);
      expect(e.details['initiativeId']).toBe(tooMuch.id);

      const after = await getMeeting(db(), scope, m.id);
      expect(after.version).toBe(m.version);
      expect(after.minutes.map((v) => [v.version, v.status])).toEqual([[1, 'draft']]);
      for (const x of [fits, tooMuch]) expect(await getInitiative(db(), x.id)).toMatchObject({ version: x.version, initiative: { status: 'proposed' } });
      expect({ audit: await count(db(), 'audit_log'), links: await count(db(), 'decision_links') }).toEqual(before);

      // Without the big one the same minutes are approved, and the small one with them.
      m = await writeMinutesFor(db(), ACTOR, scope, m.id, m.version, { text: 'Referat.', decisions: [{ text: 'Den lille godkendes.', links: [{ kind: 'initiative-approval', recordId: fits.id }] }] });
      await approveMinutesFor(db(), ACTOR, scope, m.id, m.version);
      expect((await getInitiative(db(), fits.id)).initiative).toMatchObject({ status: 'approved', approval: { level: 'professional', date: '2022-03-10' } });
      expect((await getInitiative(db(), tooMuch.id)).initiative.status).toBe('proposed');
    });

    it('services compose in the caller’s unit of work: a meeting created, written and approved with its initiative inside one transaction all roll back when the caller fails', async () => {
      const i = await initiative(db(), 'Godkendes i en ydre transaktion', 1_000 * KR);
      const before = { meetings: (await listMeetingsOf(db(), scope)).length, audit: await count(db(), 'audit_log'), links: await count(db(), 'decision_links') };
      const failure = new Error('the caller fails after the services succeeded');
      await expect(
        inTransaction(db(), async (trx) => {
          let m = await createMeeting(trx, ACTOR, scope, { level: 'political', date: '2022-06-01', title: 'Møde i én enhed' });
          m = await writeMinutesFor(trx, ACTOR, scope, m.id, m.version, { text: 'Referat.', decisions: [{ text: 'Godkendt.', links: [{ kind: 'initiative-approval', recordId: i.id }] }] });
          await approveMinutesFor(trx, ACTOR, scope, m.id, m.version);
          expect((await getInitiative(trx, i.id)).initiative.status).toBe('approved');
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect({ meetings: (await listMeetingsOf(db(), scope)).length, audit: await count(db(), 'audit_log'), links: await count(db(), 'decision_links') }).toEqual(before);
      expect(await getInitiative(db(), i.id)).toMatchObject({ version: i.version, initiative: { status: 'proposed' } });
    });

    it('a stored minutes document of the wrong shape is a clear infrastructure error naming the row, not a crash inside the service', async () => {
      const m = await createMeeting(db(), ACTOR, scope, { level: 'professional', date: '2022-07-01', title: 'Møde med ødelagt referat' });
      await db().updateTable('meetings').set({ minutes: JSON.stringify([{ version: 1, status: 'draft', text: 'x', decisions: 'ikke en liste', writtenAt: '2022-07-01T10:00:00Z', writtenBy: 'x' }]) }).where('id', '=', m.id).execute();
      const e = await getMeeting(db(), scope, m.id).then(
        () => null,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(InfrastructureError);
      expect(e).toMatchObject({ code: 'db.malformed-document', details: { table: 'meetings', column: 'minutes', id: m.id, path: '0.decisions' } });
      await db().updateTable('meetings').set({ minutes: '[]' }).where('id', '=', m.id).execute();
      expect((await getMeeting(db(), scope, m.id)).minutes).toEqual([]);
    });

    it('a decision cannot approve another cluster’s initiative or point at nothing', async () => {
      const other = await proposeInitiative(db(), ACTOR, BY, { title: 'Klynge Bys', description: '', targetGroup: 'acute', startPeriod: '2022-01', endPeriod: '2022-12', executingParties: [(await getClusterGovernance(db(), BY, 2022)).municipalities[0]?.id ?? ''], forecast: { lines: [] } });
      const m = await createMeeting(db(), ACTOR, scope, { level: 'political', date: '2022-05-01', title: 'Møde' });
      const audit = await count(db(), 'audit_log');
      expect((await refusal(writeMinutesFor(db(), ACTOR, scope, m.id, m.version, { text: 'x', decisions: [{ text: 'Godkendt', links: [{ kind: 'initiative-approval', recordId: other.id }] }] }))).code).toBe('decision.other-cluster');
      expect((await refusal(writeMinutesFor(db(), ACTOR, scope, m.id, m.version, { text: 'x', decisions: [{ text: 'Godkendt', links: [{ kind: 'initiative-approval', recordId: '00000000-0000-0000-0000-000000000000' }] }] }))).code).toBe('decision.unknown-target');
      expect(await count(db(), 'audit_log')).toBe(audit);
      expect((await getMeeting(db(), scope, m.id)).minutes).toEqual([]);
    });
  });
});
