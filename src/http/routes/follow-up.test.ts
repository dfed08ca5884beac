import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StoredInitiative } from '../../app/economy/index.ts';
import { getInitiative, initiativeForecastTotal } from '../../app/economy/index.ts';
import { describeEachDatabase } from '../../infra/db/testing.ts';
import { seedDatabase } from '../../app/seed.ts';
import type { App } from '../app.ts';
import { clientWithRoles, json, testApp, type TestClient } from '../testing.ts';
import { multipart, PDF_BYTES, testInitiative } from './follow-up-testing.ts';

interface Question { id: string; text: string; origin: string }
interface EvaluationBody {
  evaluation: { id: string; status: string; guide: { questions: Question[]; clusterVersion: number; ssuVersion: number }; answers: Record<string, unknown>; attachments: { id: string; fileName: string }[]; decision?: { recommendation: { kind: string; clusterIds?: string[] } } };
  version: number;
}
interface CatalogueBody { entries: { initiativeId: string; title: string; clusterId: string; evaluation?: { status: string; results: string[]; decision?: { recommendation: { kind: string } } }; originInitiativeId?: string }[] }

const SYD = 'hovedstaden-syd';
const BY = 'hovedstaden-by';
const NORD = 'hovedstaden-nord';

const STANDARD_ANSWERS = {
  'standard/challenge': 'Genindlæggelser af ældre medicinske borgere',
  'standard/success-criteria': 'Færre genindlæggelser inden for 30 dage',
  'standard/measurement-method': 'Udtræk fra LPR sammenholdt med kommunale data',
  'standard/measurement-timing': 'Efter 6 og 12 måneder',
  'standard/follow-up-responsible': 'Kommune',
};

describeEachDatabase('HTTP follow-up: guide, evaluations, SSU decisions, spreading, catalogue', (getDb) => {
  let app: App;
  let syd: TestClient;
  let by: TestClient;
  let nord: TestClient;
  let ssu: TestClient;
  let ssuNord: TestClient;
  let national: TestClient;
  let origin: StoredInitiative;
  let quiet: StoredInitiative;
  let evaluationId = '';

  beforeAll(async () => {
    await seedDatabase(getDb().kysely);
    app = await testApp(getDb());
    syd = await clientWithRoles(getDb(), [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: SYD } }], 'syd');
    by = await clientWithRoles(getDb(), [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: BY } }], 'by');
    nord = await clientWithRoles(getDb(), [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: NORD } }], 'nord');
    ssu = await clientWithRoles(getDb(), [{ role: 'ssu-member', scope: { kind: 'region', id: '1084' } }], 'ssu-h');
    ssuNord = await clientWithRoles(getDb(), [{ role: 'ssu-member', scope: { kind: 'region', id: '1081' } }], 'ssu-n');
    national = await clientWithRoles(getDb(), [{ role: 'national-reader', scope: { kind: 'all', id: null } }], 'kl');
    origin = await testInitiative(getDb().kysely, SYD, '167', 'Udgående sygeplejerske', 750_000);
    quiet = await testInitiative(getDb().kysely, SYD, '185', 'Tårnby-forsøg uden evaluering');
  });
  afterAll(async () => {
    if ((app as App | undefined) !== undefined) await app.close();
  });

  const evUrl = (id: string, cluster = SYD) => `/api/clusters/${cluster}/evaluations/${id}`;
  const command = async (c: TestClient, id: string, version: number, cmd: Record<string, unknown>, cluster = SYD) =>
    app.inject({ method: 'POST', url: `${evUrl(id, cluster)}/commands`, headers: c.headers(), payload: { version, command: cmd } });
  const ssuCommand = async (c: TestClient, id: string, version: number, cmd: Record<string, unknown>, region = '1084') =>
    app.inject({ method: 'POST', url: `/api/regions/${region}/evaluations/${id}/commands`, headers: c.headers(), payload: { version, command: cmd } });

  it('the guide: five standard questions, then the SSU’s and the cluster’s own, each versioned', async () => {
    const ssuRes = await app.inject({ method: 'PUT', url: '/api/regions/1084/evaluation-guide', headers: ssu.headers(), payload: { version: 0, questions: [{ key: 'citizens-reached', text: 'Hvor mange borgere har indsatsen nået?', type: 'number', required: true }] } });
    expect(ssuRes.statusCode).toBe(200);
    const own = await app.inject({
      method: 'PUT',
      url: `/api/clusters/${SYD}/evaluation-guide`,
      headers: syd.headers(),
      payload: { version: 0, questions: [{ key: 'bydele', text: 'Hvilke bydele har deltaget?', type: 'choice', required: true, choices: ['Valby', 'Vesterbro', 'Amager'] }] },
    });
    expect(json(own)).toMatchObject({ layer: { version: 1 } });
    // A cluster cannot write another cluster's questions, nor the SSU's.
    expect((await app.inject({ method: 'PUT', url: `/api/clusters/${SYD}/evaluation-guide`, headers: by.headers(), payload: { version: 1, questions: [] } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'PUT', url: '/api/regions/1084/evaluation-guide', headers: syd.headers(), payload: { version: 1, questions: [] } })).statusCode).toBe(403);
    const guide = json<{ composed: { questions: Question[] } }>(await app.inject({ url: `/api/clusters/${SYD}/evaluation-guide`, headers: syd.headers() }));
    expect(guide.composed.questions.map((q) => [q.id, q.origin])).toEqual([
      ['standard/challenge', 'standard'],
      ['standard/success-criteria', 'standard'],
      ['standard/measurement-method', 'standard'],
      ['standard/measurement-timing', 'standard'],
      ['standard/follow-up-responsible', 'standard'],
      ['ssu-1084/citizens-reached', 'ssu'],
      ['cluster-hovedstaden-syd/bydele', 'cluster'],
    ]);
    const stale = await app.inject({ method: 'PUT', url: `/api/clusters/${SYD}/evaluation-guide`, headers: syd.headers(), payload: { version: 0, questions: [] } });
    expect(stale.statusCode).toBe(409);
  });

  it('a secretariat records an evaluation with the five questions plus its own and submits it; then it is locked and the guide change does not touch it', async () => {
    const opened = await app.inject({ method: 'POST', url: `/api/clusters/${SYD}/evaluations`, headers: syd.headers(), payload: { initiativeId: origin.id } });
    expect(opened.statusCode).toBe(201);
    let e = json<EvaluationBody>(opened);
    evaluationId = e.evaluation.id;
    expect(e.evaluation.guide.questions).toHaveLength(7);

    // Another cluster cannot touch it: 403 on Syd's path, 404 through its own.
    expect((await command(by, evaluationId, e.version, { type: 'set-conclusion', conclusion: 'Kapret' })).statusCode).toBe(403);
    expect((await command(by, evaluationId, e.version, { type: 'set-conclusion', conclusion: 'Kapret' }, BY)).statusCode).toBe(404);
    // A draft is the cluster's own: the SSU does not see it yet.
    expect((await app.inject({ url: `/api/regions/1084/evaluations/${evaluationId}`, headers: ssu.headers() })).statusCode).toBe(404);

    const step = async (cmd: Record<string, unknown>) => {
      const res = await command(syd, evaluationId, e.version, cmd);
      expect(res.statusCode, JSON.stringify(res.json())).toBe(200);
      e = json<EvaluationBody>(res);
    };
    await step({ type: 'set-plan', criteria: [{ id: 'k1', description: 'Færre genindlæggelser', measure: 'Andel genindlagt inden for 30 dage', target: '-20 %', measurementDates: ['2023-06-30', '2023-12-31'] }] });
    await step({ type: 'record-result', criterionId: 'k1', measuredOn: '2023-06-30', value: '-12 %' });
    // Incomplete: the cluster's own required question is not answered.
    await step({ type: 'answer', answers: { ...STANDARD_ANSWERS, 'ssu-1084/citizens-reached': 412 } });
    await step({ type: 'set-conclusion', conclusion: 'Indsatsen virker og bør udbredes.' });
    const incomplete = await command(syd, evaluationId, e.version, { type: 'submit' });
    expect(incomplete.statusCode).toBe(400);
    expect(json<{ detail: string }>(incomplete).detail).toContain('"Hvilke bydele har deltaget?" skal besvares.');
    await step({ type: 'answer', answers: { 'cluster-hovedstaden-syd/bydele': 'Valby' } });

    const file = multipart('evalueringsrapport.pdf', 'application/pdf', PDF_BYTES);
    const attached = await app.inject({ method: 'POST', url: `${evUrl(evaluationId)}/attachments?version=${String(e.version)}`, headers: syd.headers(file.headers), payload: file.payload });
    expect(attached.statusCode).toBe(201);
    e = json<EvaluationBody>(attached);
    expect(e.evaluation.attachments.map((a) => a.fileName)).toEqual(['evalueringsrapport.pdf']);

    // A removed file is hidden from the evaluation and its download, but kept, and the trail names it (issue 11).
    const draft = multipart('udkast.pdf', 'application/pdf', PDF_BYTES);
    e = json<EvaluationBody>(await app.inject({ method: 'POST', url: `${evUrl(evaluationId)}/attachments?version=${String(e.version)}`, headers: syd.headers(draft.headers), payload: draft.payload }));
    const draftId = e.evaluation.attachments.find((a) => a.fileName === 'udkast.pdf')?.id ?? '';
    expect((await app.inject({ url: `${evUrl(evaluationId)}/attachments/${draftId}`, headers: syd.headers() })).statusCode).toBe(200);
    await step({ type: 'remove-attachment', id: draftId });
    expect(e.evaluation.attachments.map((a) => a.fileName)).toEqual(['evalueringsrapport.pdf']);
    expect((await app.inject({ url: `${evUrl(evaluationId)}/attachments/${draftId}`, headers: syd.headers() })).statusCode).toBe(404);
    const kept = await getDb().kysely.selectFrom('attachments').select(['content', 'removed_by']).where('id', '=', draftId).executeTakeFirstOrThrow();
    expect(Buffer.from(kept.content).equals(Buffer.from(PDF_BYTES))).toBe(true);
    expect(kept.removed_by).toMatch(/^syd/);
    const trail = await getDb().kysely.selectFrom('audit_log').select('after').where('action', '=', 'evaluation.remove-attachment').where('entity_id', '=', evaluationId).executeTakeFirstOrThrow();
    expect(trail.after).toMatchObject({ removed: { attachmentId: draftId, fileName: 'udkast.pdf', sizeBytes: PDF_BYTES.length } });

    await step({ type: 'submit' });
    expect(e.evaluation.status).toBe('submitted');
    const locked = await command(syd, evaluationId, e.version, { type: 'set-conclusion', conclusion: 'Ændret efter indsendelse' });
    expect(json(locked)).toMatchObject({ status: 400, code: 'evaluation.locked' });

    // A new version of the cluster's questions does not change what the evaluation was answered against.
    await app.inject({ method: 'PUT', url: `/api/clusters/${SYD}/evaluation-guide`, headers: syd.headers(), payload: { version: 1, questions: [] } });
    const after = json<EvaluationBody>(await app.inject({ url: evUrl(evaluationId), headers: syd.headers() }));
    expect(after.evaluation.guide.clusterVersion).toBe(1);
    expect(after.evaluation.guide.questions.map((q) => q.id)).toContain('cluster-hovedstaden-syd/bydele');
    expect(after.evaluation.answers['cluster-hovedstaden-syd/bydele']).toBe('Valby');
  });

  it('the SSU of the region discusses it at its meeting and recommends spreading to Klynge By; others cannot decide', async () => {
    const meeting = json<{ id: string }>(await app.inject({ method: 'POST', url: '/api/regions/1084/meetings', headers: ssu.headers(), payload: { date: new Date().toISOString().slice(0, 10), title: 'SSU-møde' } }));
    let e = json<EvaluationBody>(await app.inject({ url: `/api/regions/1084/evaluations/${evaluationId}`, headers: ssu.headers() }));
    expect(e.evaluation.status).toBe('submitted');
    const decide = { type: 'decide', recommendation: { kind: 'spread-to-clusters', clusterIds: [BY] }, justification: 'Veldokumenteret effekt.', decidedOn: new Date().toISOString().slice(0, 10) };

    // Neither the cluster itself, another region's SSU, nor an SSU meeting of another region.
    expect((await ssuCommand(syd, evaluationId, e.version, decide)).statusCode).toBe(403);
    expect((await ssuCommand(ssuNord, evaluationId, e.version, decide)).statusCode).toBe(403);
    expect((await ssuCommand(ssuNord, evaluationId, e.version, decide, '1081')).statusCode).toBe(404);
    const early = await ssuCommand(ssu, evaluationId, e.version, decide);
    expect(json(early)).toMatchObject({ status: 400, code: 'evaluation.not-discussed' });

    const discussed = await ssuCommand(ssu, evaluationId, e.version, { type: 'record-discussion', meetingId: meeting.id });
    expect(discussed.statusCode).toBe(200);
    e = json<EvaluationBody>(discussed);
    const decided = await ssuCommand(ssu, evaluationId, e.version, decide);
    expect(decided.statusCode).toBe(200);
    expect(json<EvaluationBody>(decided).evaluation).toMatchObject({ status: 'decided', decision: { recommendation: { kind: 'spread-to-clusters', clusterIds: [BY] } } });
  });

  it('Klynge By adopts it: a new initiative with the origin’s forecast, lineage visible both ways; a cluster not named cannot', async () => {
    const adoptable = json<{ adoptable: { evaluationId: string; initiative: { id: string } }[] }>(await app.inject({ url: `/api/clusters/${BY}/adoptable`, headers: by.headers() }));
    expect(adoptable.adoptable.map((a) => a.initiative.id)).toEqual([origin.id]);
    expect(json<{ adoptable: unknown[] }>(await app.inject({ url: `/api/clusters/${NORD}/adoptable`, headers: nord.headers() })).adoptable).toEqual([]);

    const refused = await app.inject({ method: 'POST', url: `/api/clusters/${NORD}/adoptions`, headers: nord.headers(), payload: { evaluationId, executingParty: '219', startPeriod: '2024-01' } });
    expect(json(refused)).toMatchObject({ status: 400, code: 'spreading.not-allowed' });
    // Klynge Syd's secretariat cannot adopt on Klynge By's behalf.
    expect((await app.inject({ method: 'POST', url: `/api/clusters/${BY}/adoptions`, headers: syd.headers(), payload: { evaluationId, executingParty: '147', startPeriod: '2024-01' } })).statusCode).toBe(403);

    const res = await app.inject({ method: 'POST', url: `/api/clusters/${BY}/adoptions`, headers: by.headers(), payload: { evaluationId, executingParty: '147', startPeriod: '2024-03' } });
    expect(res.statusCode).toBe(201);
    const { initiativeId } = json<{ initiativeId: string }>(res);
    const adopted = await getInitiative(getDb().kysely, initiativeId);
    expect(adopted).toMatchObject({ clusterId: BY, originInitiativeId: origin.id, initiative: { status: 'proposed', title: 'Udgående sygeplejerske', startPeriod: '2024-03', endPeriod: '2025-02', executingParties: ['147'] } });
    expect(initiativeForecastTotal(adopted)).toBe(initiativeForecastTotal(origin));
    // Issue 15 point 6: the period March 2024 – February 2025 spans two years, so the origin's
    // 2023 line (12 months, 750.000 kr.) becomes 10 months in 2024 and 2 months in 2025.
    expect(adopted.initiative.forecast.lines.map((l) => [l.party, l.year, l.kind === 'other' ? l.amount : null])).toEqual([
      ['147', 2024, 625_000_00],
      ['147', 2025, 125_000_00],
    ]);

    const again = await app.inject({ method: 'POST', url: `/api/clusters/${BY}/adoptions`, headers: by.headers(), payload: { evaluationId, executingParty: '147', startPeriod: '2024-03' } });
    expect(json(again)).toMatchObject({ status: 400, code: 'spreading.not-allowed' });

    const fromBy = json<{ lineage: { ancestors: { initiativeId: string; clusterName: string }[] } }>(await app.inject({ url: `/api/follow-up/initiatives/${initiativeId}`, headers: by.headers() }));
    expect(fromBy.lineage.ancestors).toEqual([expect.objectContaining({ initiativeId: origin.id, clusterName: 'Klynge Syd (Region Hovedstaden)' })]);
    const fromSyd = json<{ lineage: { descendants: { initiativeId: string; clusterName: string }[] } }>(await app.inject({ url: `/api/follow-up/initiatives/${origin.id}`, headers: syd.headers() }));
    expect(fromSyd.lineage.descendants).toEqual([expect.objectContaining({ initiativeId, clusterName: 'Klynge By (Region Hovedstaden)' })]);
    // Klynge By cannot open Klynge Syd's initiative itself.
    expect((await app.inject({ url: `/api/follow-up/initiatives/${origin.id}`, headers: by.headers() })).statusCode).toBe(403);
  });

  it('the catalogue: the recommendation is shared knowledge for every role; unevaluated initiatives stay in their cluster and region', async () => {
    const search = async (c: TestClient, query = '') => json<CatalogueBody>(await app.inject({ url: `/api/catalogue${query}`, headers: c.headers() }));
    const all = await search(national);
    const entry = all.entries.find((x) => x.initiativeId === origin.id);
    expect(entry?.evaluation).toMatchObject({ status: 'decided', decision: { recommendation: { kind: 'spread-to-clusters' } } });
    expect(entry?.evaluation?.results).toEqual(['Færre genindlæggelser: -12 % (målt 30.06.2023); mål: -20 %']);
    expect(all.entries.map((x) => x.initiativeId)).toContain(quiet.id);

    const seenByNord = (await search(nord)).entries.map((x) => x.initiativeId);
    expect(seenByNord).toContain(origin.id);
    expect(seenByNord).not.toContain(quiet.id);
    expect((await search(ssuNord)).entries.map((x) => x.initiativeId)).not.toContain(quiet.id);
    expect((await search(ssu)).entries.map((x) => x.initiativeId)).toContain(quiet.id);

    expect((await search(national, '?recommendation=spread-to-clusters')).entries.map((x) => x.initiativeId)).toEqual([origin.id]);
    expect((await search(national, '?q=udg%C3%A5ende%20sygeplejerske&cluster=hovedstaden-by')).entries.map((x) => x.originInitiativeId)).toEqual([origin.id]);
    expect((await search(national, '?q=findes-ikke')).entries).toEqual([]);
  });
});
