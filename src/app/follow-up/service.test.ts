import type { Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { isoDate } from '../../core/calendar.ts';
import { DomainError } from '../../core/errors.ts';
import { kroner } from '../../core/money.ts';
import type { Actor } from '../../infra/audit/audit.ts';
import { todayInDenmark } from '../../infra/clock.ts';
import type { Principal } from '../../infra/auth/policy.ts';
import type { Schema } from '../../infra/db/schema.ts';
import { describeEachDatabase } from '../../infra/db/testing.ts';
import { createInitiative, getInitiative, initiativeForecastTotal, type StoredInitiative } from '../economy/index.ts';
import { createMeeting } from '../governance/index.ts';
import { seedDatabase } from '../seed.ts';
import { searchCatalogueFor } from './catalogue.ts';
import { addEvaluationAttachment, applyClusterCommand, applySsuCommand, getEvaluation, listEvaluations, startEvaluation, type EvaluationView } from './evaluations.ts';
import { composedGuideFor, currentLayer, reviseGuideLayer } from './guide.ts';
import { adoptRecommended, lineageFor, listAdoptable } from './spreading.ts';

/**
 * The follow-up services called directly: guide versions, the evaluation workflow (cluster draft →
 * submitted → discussed and decided by the region's SSU), spreading with its lineage, and who sees
 * what in the catalogue. The tests of the workflow build on each other in order (one evaluation).
 */
const ACTOR: Actor = { id: null, name: 'servicetest' };
const SSU_ACTOR: Actor = { id: null, name: 'ssu-servicetest' };
const SYD = 'hovedstaden-syd';
const BY = 'hovedstaden-by';
const NORD = 'hovedstaden-nord';
const REGION = '1084';
const PDF = new Uint8Array(Buffer.from('%PDF-1.4\n%%EOF\n', 'latin1'));
const STANDARD_ANSWERS = {
  'standard/challenge': 'Genindlæggelser af ældre medicinske borgere',
  'standard/success-criteria': 'Færre genindlæggelser inden for 30 dage',
  'standard/measurement-method': 'Udtræk fra LPR',
  'standard/measurement-timing': 'Efter 6 og 12 måneder',
  'standard/follow-up-responsible': 'Kommune',
};

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal, but the call succeeded');
}

function proposed(db: Kysely<Schema>, clusterId: string, party: string, title: string, kr: number): Promise<StoredInitiative> {
  return createInitiative(db, ACTOR, clusterId, {
    title,
    description: `${title}: afprøvning.`,
    targetGroup: 'vulnerable-elderly',
    startPeriod: '2023-01',
    endPeriod: '2023-12',
    executingParties: [party],
    forecast: { lines: [{ id: 'L1', kind: 'other', year: 2023, description: 'Afprøvning', category: 'trial', funding: 'common', party, amount: kroner(kr) }] },
  });
}

const principal = (username: string, roles: Principal['roles']): Principal => ({ id: username, username, roles });

describeEachDatabase('follow-up services (issue 10: service tests)', (getDb) => {
  const db = (): Kysely<Schema> => getDb().kysely;
  const cluster = { kind: 'cluster', clusterId: SYD } as const;
  let origin: StoredInitiative;
  let quiet: StoredInitiative;
  let e: EvaluationView;
  beforeAll(async () => {
    await seedDatabase(db());
    origin = await proposed(db(), SYD, '167', 'Udgående sygeplejerske', 750_000);
    quiet = await proposed(db(), SYD, '185', 'Forsøg uden evaluering', 100_000);
  });

  const auditCount = async (): Promise<number> => Number((await db().selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const step = async (command: Parameters<typeof applyClusterCommand>[5]): Promise<void> => {
    e = await applyClusterCommand(db(), ACTOR, SYD, e.evaluation.id, e.version, command);
  };

  describe('the guide: versioned layers', () => {
    it('each layer is written as a new version; a stale version is refused and writes nothing; the composed guide is standard + SSU + cluster', async () => {
      const ssu = await reviseGuideLayer(db(), SSU_ACTOR, { kind: 'ssu', regionId: REGION }, 0, [{ key: 'citizens-reached', text: 'Hvor mange borgere er nået?', type: 'number', required: true }]);
      expect(ssu.version).toBe(1);
      const own = await reviseGuideLayer(db(), ACTOR, { kind: 'cluster', clusterId: SYD }, 0, [{ key: 'bydele', text: 'Hvilke bydele har deltaget?', type: 'choice', required: true, choices: ['Valby', 'Amager'] }]);
      expect(own.version).toBe(1);
      const rows = async (): Promise<number> => Number((await db().selectFrom('guide_layers').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const [before, audit] = [await rows(), await auditCount()];
      expect((await refusal(reviseGuideLayer(db(), ACTOR, { kind: 'cluster', clusterId: SYD }, 0, []))).code).toBe('conflict.stale');
      expect([await rows(), await auditCount()]).toEqual([before, audit]);

      const guide = await composedGuideFor(db(), SYD);
      expect(guide.questions.map((q) => q.id)).toEqual([...Object.keys(STANDARD_ANSWERS), `ssu-${REGION}/citizens-reached`, `cluster-${SYD}/bydele`]);
      expect(guide).toMatchObject({ ssuVersion: 1, clusterVersion: 1 });
      // Another cluster of the region gets the SSU's questions, not Syd's own.
      expect((await composedGuideFor(db(), BY)).questions.map((q) => q.id)).not.toContain(`cluster-${SYD}/bydele`);
      const [layerAudit] = await db().selectFrom('audit_log').select(['before', 'after']).where('entity', '=', 'guide_layer').where('entity_id', '=', `cluster/${SYD}`).execute();
      expect(layerAudit).toMatchObject({ before: { version: 0, questions: [] }, after: { version: 1, questions: [{ key: 'bydele' }] } });
    });
  });

  describe('the evaluation workflow', () => {
    it('a cluster evaluates only its own initiatives; the draft is invisible to the SSU', async () => {
      const audit = await auditCount();
      expect((await refusal(startEvaluation(db(), ACTOR, BY, origin.id))).code).toBe('evaluation.other-cluster');
      expect(await auditCount()).toBe(audit);
      e = await startEvaluation(db(), ACTOR, SYD, origin.id);
      expect(e.evaluation.status).toBe('draft');
      expect(e.evaluation.guide.questions).toHaveLength(7);
      expect(e.initiative).toMatchObject({ id: origin.id, clusterId: SYD, forecastTotalOre: initiativeForecastTotal(origin) });
      const ssuScope = { kind: 'ssu', regionCode: REGION } as const;
      expect((await refusal(getEvaluation(db(), ssuScope, e.evaluation.id))).code).toBe('evaluation.not-found');
      expect(await listEvaluations(db(), ssuScope)).toEqual([]);
      // Nor does another cluster see it.
      expect((await refusal(getEvaluation(db(), { kind: 'cluster', clusterId: BY }, e.evaluation.id))).code).toBe('evaluation.not-found');
    });

    it('a new guide version does not change an open evaluation until it is rebased', async () => {
      await reviseGuideLayer(db(), ACTOR, { kind: 'cluster', clusterId: SYD }, 1, [
        { key: 'bydele', text: 'Hvilke bydele har deltaget?', type: 'choice', required: true, choices: ['Valby', 'Amager'] },
        { key: 'partnere', text: 'Hvilke partnere var med?', type: 'free-text', required: false },
      ]);
      expect((await currentLayer(db(), { kind: 'cluster', clusterId: SYD })).version).toBe(2);
      e = await getEvaluation(db(), cluster, e.evaluation.id);
      expect(e.evaluation.guide.clusterVersion).toBe(1);
      await step({ type: 'rebase-guide' });
      expect(e.evaluation.guide.clusterVersion).toBe(2);
      expect(e.evaluation.guide.questions.map((q) => q.id)).toContain(`cluster-${SYD}/partnere`);
    });

    it('an incomplete evaluation cannot be submitted; a complete one can, and is then locked; a stale version is refused', async () => {
      await step({ type: 'set-plan', criteria: [{ id: 'k1', description: 'Færre genindlæggelser', measure: 'Andel genindlagt', target: '-20 %', measurementDates: [isoDate('2023-06-30')] }] });
      await step({ type: 'record-result', criterionId: 'k1', measuredOn: '2023-06-30', value: '-12 %' });
      await step({ type: 'answer', answers: { ...STANDARD_ANSWERS, [`ssu-${REGION}/citizens-reached`]: 412 } });
      await step({ type: 'set-conclusion', conclusion: 'Indsatsen virker.' });
      const version = e.version;
      const incomplete = await refusal(applyClusterCommand(db(), ACTOR, SYD, e.evaluation.id, e.version, { type: 'submit' }));
      expect(incomplete.code).toBe('evaluation.incomplete');
      expect(incomplete.message).toContain('"Hvilke bydele har deltaget?" skal besvares.');
      expect((await getEvaluation(db(), cluster, e.evaluation.id)).version).toBe(version);
      await step({ type: 'answer', answers: { [`cluster-${SYD}/bydele`]: 'Valby' } });

      // A file: stored with the evaluation; removing it from the draft deletes the row in the same change.
      e = await addEvaluationAttachment(db(), ACTOR, SYD, e.evaluation.id, e.version, { fileName: 'udkast.pdf', mediaType: 'application/pdf', content: PDF });
      const fileId = e.evaluation.attachments[0]?.id ?? '';
      const files = async (): Promise<number> => Number((await db().selectFrom('attachments').select((eb) => eb.fn.countAll().as('n')).where('owner_kind', '=', 'evaluation').where('owner_id', '=', e.evaluation.id).where('removed_at', 'is', null).executeTakeFirstOrThrow()).n);
      expect(await files()).toBe(1);
      await step({ type: 'remove-attachment', id: fileId });
      expect(e.evaluation.attachments).toEqual([]);
      expect(await files()).toBe(0);
      // Removed is hidden, not deleted (issue 11): the content stays for the audit trail.
      expect((await db().selectFrom('attachments').select('removed_by').where('id', '=', fileId).executeTakeFirstOrThrow()).removed_by).toBe(ACTOR.name);
      e = await addEvaluationAttachment(db(), ACTOR, SYD, e.evaluation.id, e.version, { fileName: 'rapport.pdf', mediaType: 'application/pdf', content: PDF });

      expect((await refusal(applyClusterCommand(db(), ACTOR, SYD, e.evaluation.id, e.version - 1, { type: 'submit' }))).code).toBe('conflict.stale');
      await step({ type: 'submit' });
      expect(e.evaluation.status).toBe('submitted');
      const submitted = e.version;
      const audit = await auditCount();
      expect((await refusal(applyClusterCommand(db(), ACTOR, SYD, e.evaluation.id, e.version, { type: 'set-conclusion', conclusion: 'Ændret' }))).code).toBe('evaluation.locked');
      expect((await refusal(applyClusterCommand(db(), ACTOR, SYD, e.evaluation.id, e.version, { type: 'rebase-guide' }))).code).toMatch(/^evaluation\.(locked|already-submitted)$/);
      expect((await refusal(addEvaluationAttachment(db(), ACTOR, SYD, e.evaluation.id, e.version, { fileName: 'sent.pdf', mediaType: 'application/pdf', content: PDF }))).code).toMatch(/^evaluation\./);
      expect(await files()).toBe(1);
      expect(await auditCount()).toBe(audit);
      expect((await getEvaluation(db(), cluster, e.evaluation.id)).version).toBe(submitted);
      const actions = await db().selectFrom('audit_log').select(['action', 'before', 'after']).where('entity', '=', 'evaluation').where('entity_id', '=', e.evaluation.id).orderBy('id').execute();
      expect(actions.at(-1)).toMatchObject({ action: 'evaluation.submit', before: { status: 'draft' }, after: { status: 'submitted' } });
    });

    it('the SSU of the region discusses it at one of its own meetings, then decides; not before, not another region, not a future date', async () => {
      const today = todayInDenmark();
      const ssuScope = { kind: 'ssu', regionCode: REGION } as const;
      let v = await getEvaluation(db(), ssuScope, e.evaluation.id);
      expect(v.evaluation.status).toBe('submitted');
      const decide = { type: 'decide', recommendation: { kind: 'spread-to-clusters', clusterIds: [BY] }, justification: 'Veldokumenteret effekt.', decidedOn: today } as const;
      expect((await refusal(applySsuCommand(db(), SSU_ACTOR, REGION, v.evaluation.id, v.version, decide))).code).toBe('evaluation.not-discussed');
      // Another region's SSU does not find it; a cluster meeting is not an SSU meeting.
      expect((await refusal(applySsuCommand(db(), SSU_ACTOR, '1081', v.evaluation.id, v.version, decide))).code).toBe('evaluation.not-found');
      const clusterMeeting = await createMeeting(db(), ACTOR, cluster, { level: 'political', date: today, title: 'Klyngemøde' });
      expect((await refusal(applySsuCommand(db(), SSU_ACTOR, REGION, v.evaluation.id, v.version, { type: 'record-discussion', meetingId: clusterMeeting.id }))).code).toBe('evaluation.unknown-meeting');

      const meeting = await createMeeting(db(), SSU_ACTOR, ssuScope, { date: today, title: 'SSU-møde' });
      v = await applySsuCommand(db(), SSU_ACTOR, REGION, v.evaluation.id, v.version, { type: 'record-discussion', meetingId: meeting.id });
      expect(v.evaluation.status).toBe('discussed');
      const future = todayInDenmark(new Date(Date.now() + 5 * 86_400_000));
      expect((await refusal(applySsuCommand(db(), SSU_ACTOR, REGION, v.evaluation.id, v.version, { ...decide, decidedOn: future }))).code).toBe('evaluation.decision-in-future');
      // A spread may only name clusters of the SSU's own region.
      expect((await refusal(applySsuCommand(db(), SSU_ACTOR, REGION, v.evaluation.id, v.version, { ...decide, recommendation: { kind: 'spread-to-clusters', clusterIds: ['midtjylland-aarhus'] } }))).code).toMatch(/^evaluation\./);
      v = await applySsuCommand(db(), SSU_ACTOR, REGION, v.evaluation.id, v.version, decide);
      expect(v.evaluation).toMatchObject({ status: 'decided', decision: { recommendation: { kind: 'spread-to-clusters', clusterIds: [BY] }, justification: 'Veldokumenteret effekt.' } });
      expect((await listEvaluations(db(), ssuScope)).map((x) => [x.id, x.status, x.recommendation])).toEqual([[v.evaluation.id, 'decided', 'spread-to-clusters']]);
      e = v;
    });
  });

  describe('spreading and the catalogue', () => {
    it('only the named cluster may adopt, once, with a party of its own; the adopted initiative carries the forecast and the lineage both ways', async () => {
      expect((await listAdoptable(db(), BY)).map((a) => a.initiative.id)).toEqual([origin.id]);
      expect(await listAdoptable(db(), NORD)).toEqual([]);
      // The origin cluster does not adopt its own initiative.
      expect(await listAdoptable(db(), SYD)).toEqual([]);
      const initiatives = async (): Promise<number> => Number((await db().selectFrom('initiatives').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const before = await initiatives();
      expect((await refusal(adoptRecommended(db(), ACTOR, NORD, { evaluationId: e.evaluation.id, executingParty: '219', startPeriod: '2024-01' }))).code).toBe('spreading.not-allowed');
      // København (101) is in Klynge Syd, not Klynge By.
      const byMembers = await db().selectFrom('memberships').select('municipality_code').where('cluster_id', '=', BY).execute();
      const outsider = ['101', '167', '185'].find((c) => !byMembers.some((m) => m.municipality_code === c)) ?? '';
      expect((await refusal(adoptRecommended(db(), ACTOR, BY, { evaluationId: e.evaluation.id, executingParty: outsider, startPeriod: '2024-01' }))).code).toBe('spreading.party');
      expect(await initiatives()).toBe(before);

      const party = byMembers[0]?.municipality_code ?? '';
      // Two adoptions at once (a double click): one initiative is adopted, the other is refused, nothing is left half-made.
      const adoption = { evaluationId: e.evaluation.id, executingParty: party, startPeriod: '2024-03' };
      const both = await Promise.allSettled([adoptRecommended(db(), ACTOR, BY, adoption), adoptRecommended(db(), ACTOR, BY, adoption)]);
      const won = both.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      expect(won).toHaveLength(1);
      expect(both.flatMap((r) => (r.status === 'rejected' ? [r.reason instanceof DomainError ? r.reason.code : String(r.reason)] : []))).toEqual(['spreading.not-allowed']);
      expect(await initiatives()).toBe(before + 1);
      const initiativeId = won[0]?.initiativeId ?? '';
      const adopted = await getInitiative(db(), initiativeId);
      expect(adopted).toMatchObject({ clusterId: BY, originInitiativeId: origin.id, initiative: { status: 'proposed', title: origin.initiative.title, startPeriod: '2024-03', endPeriod: '2025-02', executingParties: [party] } });
      expect(initiativeForecastTotal(adopted)).toBe(initiativeForecastTotal(origin));
      // Twelve months from March: ten in 2024, two in 2025, in proportion.
      expect(adopted.initiative.forecast.lines.map((l) => [l.year, l.party, l.kind === 'other' ? l.amount : null])).toEqual([
        [2024, party, (initiativeForecastTotal(origin) * 10) / 12],
        [2025, party, (initiativeForecastTotal(origin) * 2) / 12],
      ]);
      expect((await refusal(adoptRecommended(db(), ACTOR, BY, { evaluationId: e.evaluation.id, executingParty: party, startPeriod: '2024-03' }))).code).toBe('spreading.not-allowed');
      expect(await listAdoptable(db(), BY)).toEqual([]);

      expect((await lineageFor(db(), initiativeId)).ancestors).toEqual([expect.objectContaining({ initiativeId: origin.id, clusterId: SYD, evaluationId: e.evaluation.id })]);
      expect((await lineageFor(db(), origin.id)).descendants).toEqual([expect.objectContaining({ initiativeId, clusterId: BY })]);
      const [audit] = await db().selectFrom('audit_log').select('after').where('action', '=', 'initiative.adopt').where('entity_id', '=', initiativeId).execute();
      expect(audit?.after).toMatchObject({ originInitiativeId: origin.id, adoptedInitiativeId: initiativeId, evaluationId: e.evaluation.id });
    });

    it('the catalogue: a recommendation is seen by every signed-in reader; an unevaluated initiative only by its cluster, region and paying parties', async () => {
      const ids = async (p: Principal, filter = {}): Promise<string[]> => (await searchCatalogueFor(db(), p, filter)).map((x) => x.initiativeId);
      const national = principal('kl', [{ role: 'national-reader', scope: { kind: 'all', id: null } }]);
      const nord = principal('nord', [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: NORD } }]);
      const syd = principal('syd', [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: SYD } }]);
      const ssuH = principal('ssu-h', [{ role: 'ssu-member', scope: { kind: 'region', id: REGION } }]);
      const ssuN = principal('ssu-n', [{ role: 'ssu-member', scope: { kind: 'region', id: '1081' } }]);
      const hvidovre = principal('hvidovre', [{ role: 'finance-officer', scope: { kind: 'municipality', id: '167' } }]);
      const nobody = principal('ingen', []);

      for (const p of [national, nord, syd, ssuH, ssuN, hvidovre]) expect(await ids(p)).toContain(origin.id);
      expect(await ids(nobody)).toEqual([]);
      for (const p of [national, syd, ssuH, hvidovre]) expect(await ids(p)).toContain(quiet.id);
      for (const p of [nord, ssuN]) expect(await ids(p)).not.toContain(quiet.id);

      const entry = (await searchCatalogueFor(db(), national, {})).find((x) => x.initiativeId === origin.id);
      expect(entry?.evaluation).toMatchObject({ status: 'decided', conclusion: 'Indsatsen virker.', results: ['Færre genindlæggelser: -12 % (målt 30.06.2023); mål: -20 %'] });
      expect(await ids(national, { recommendations: ['spread-to-clusters'] })).toEqual([origin.id]);
      expect(await ids(national, { text: 'udgaaende sygeplejerske', clusterIds: [BY] })).toHaveLength(1);
      expect(await ids(national, { text: 'findes ikke nogen steder' })).toEqual([]);
    });
  });
});
