import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../infra/db/testing.ts';
import { seedDatabase } from '../../app/seed.ts';
import type { App } from '../app.ts';
import { clientWithRoles, json, testApp, type TestClient } from '../testing.ts';
import { testInitiative } from './follow-up-testing.ts';

/**
 * Issue 15 over HTTP: follow-up and governance as seeds 001, 002 and 003 say — the guide as
 * inspiration, København's fagborgmester as co-chair, spreading within the region, history
 * entered afterwards, and the decided secretariat co-financing with its downloads.
 */

const SYD = 'hovedstaden-syd';
interface EvaluationBody {
  evaluation: { id: string; status: string; guide: { questions: { id: string; required: boolean; specifies?: string }[] }; discussion?: { date: string; enteredAfterwards?: boolean } };
  version: number;
}
interface CoFinancingBody {
  record: { version: number; costOre: number; decisionReference: string; lines: { municipalityName: string; amountOre: number; basisNote: string }[] } | null;
}

describeEachDatabase('HTTP: follow-up, governance and co-financing as the seeds say (issue 15)', (getDb) => {
  let app: App;
  let admin: TestClient;
  let syd: TestClient;
  let ssu: TestClient;
  let reader: TestClient;
  let evaluationId = '';
  let version = 0;

  beforeAll(async () => {
    await seedDatabase(getDb().kysely);
    app = await testApp(getDb());
    admin = await clientWithRoles(getDb(), [{ role: 'system-admin', scope: { kind: 'all', id: null } }], 'admin');
    syd = await clientWithRoles(getDb(), [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: SYD } }], 'syd');
    ssu = await clientWithRoles(getDb(), [{ role: 'ssu-member', scope: { kind: 'region', id: '1084' } }], 'ssu-h');
    reader = await clientWithRoles(getDb(), [{ role: 'finance-officer', scope: { kind: 'municipality', id: '175' } }], 'roedovre');
  });
  afterAll(async () => {
    if ((app as App | undefined) !== undefined) await app.close();
  });

  // Seed 002: "Guiden er til inspiration i klyngerne" … "yderligere spørgsmål eller specificeringer".
  it('the SSU makes a standard question optional and adds a specification; an evaluation with question 5 "Fælles" is submitted', async () => {
    const guide = await app.inject({
      method: 'PUT',
      url: '/api/regions/1084/evaluation-guide',
      headers: ssu.headers(),
      payload: {
        version: 0,
        standardRequired: { 'measurement-timing': false },
        questions: [{ key: 'data-sources', text: 'Hvilke datakilder bruges til at måle?', type: 'free-text', required: false, specifies: 'measurement-method' }],
      },
    });
    expect(guide.statusCode, guide.body).toBe(200);
    const initiative = await testInitiative(getDb().kysely, SYD, '167', 'Fælles opfølgning');
    const opened = json<EvaluationBody>(await app.inject({ method: 'POST', url: `/api/clusters/${SYD}/evaluations`, headers: syd.headers(), payload: { initiativeId: initiative.id } }));
    evaluationId = opened.evaluation.id;
    version = opened.version;
    const qs = opened.evaluation.guide.questions;
    expect(qs.map((q) => q.id)).toEqual(['standard/challenge', 'standard/success-criteria', 'standard/measurement-method', 'ssu-1084/data-sources', 'standard/measurement-timing', 'standard/follow-up-responsible']);
    expect(qs.find((q) => q.id === 'standard/measurement-timing')?.required).toBe(false);
    expect(qs.find((q) => q.id === 'ssu-1084/data-sources')?.specifies).toBe('standard/measurement-method');

    const step = async (command: Record<string, unknown>): Promise<void> => {
      const res = await app.inject({ method: 'POST', url: `/api/clusters/${SYD}/evaluations/${evaluationId}/commands`, headers: syd.headers(), payload: { version, command } });
      expect(res.statusCode, res.body).toBe(200);
      version = json<EvaluationBody>(res).version;
    };
    await step({ type: 'set-plan', criteria: [{ id: 'k1', description: 'Færre genindlæggelser', measure: 'LPR', target: '-10 %', measurementDates: ['2023-12-31'] }] });
    await step({
      type: 'answer',
      answers: {
        'standard/challenge': 'Genindlæggelser',
        'standard/success-criteria': 'Færre genindlæggelser',
        'standard/follow-up-responsible': 'Fælles (region og kommune)',
      },
    });
    await step({ type: 'mark-not-relevant', questionId: 'standard/measurement-method', reason: 'Måles i det regionale program' });
    await step({ type: 'set-conclusion', conclusion: 'Virker.' });
    await step({ type: 'submit' });
    const after = json<EvaluationBody>(await app.inject({ url: `/api/clusters/${SYD}/evaluations/${evaluationId}`, headers: syd.headers() }));
    expect(after.evaluation.status).toBe('submitted');
  });

  it('history entered afterwards: only an administrator records a 2022 SSU discussion before the submission, marked and audited', async () => {
    const meeting = json<{ id: string }>(await app.inject({ method: 'POST', url: '/api/regions/1084/meetings', headers: ssu.headers(), payload: { date: '2022-11-24', title: 'SSU-møde november 2022' } }));
    const body = { version, command: { type: 'record-discussion', meetingId: meeting.id } };
    // Through the ordinary route the date before the submission is refused.
    const ordinary = await app.inject({ method: 'POST', url: `/api/regions/1084/evaluations/${evaluationId}/commands`, headers: ssu.headers(), payload: body });
    expect(json(ordinary)).toMatchObject({ code: 'evaluation.discussed-before-submitted' });
    expect((await app.inject({ method: 'POST', url: `/api/regions/1084/evaluations/${evaluationId}/history`, headers: ssu.headers(), payload: body })).statusCode).toBe(403);
    const res = await app.inject({ method: 'POST', url: `/api/regions/1084/evaluations/${evaluationId}/history`, headers: admin.headers(), payload: body });
    expect(res.statusCode, res.body).toBe(200);
    const e = json<EvaluationBody>(res);
    version = e.version;
    expect(e.evaluation.discussion).toEqual({ date: '2022-11-24', meetingId: meeting.id, enteredAfterwards: true });
    const audit = json<{ entries: { action: string }[] }>(await app.inject({ url: `/api/audit?entity=evaluation&entityId=${evaluationId}`, headers: admin.headers() }));
    expect(audit.entries.map((x) => x.action)).toContain('evaluation.record-discussion-afterwards');
  });

  // Seed 001 §7: SSU "indstille veldokumenterede tiltag til udbredelse på tværs af klynger eller på nationalt niveau".
  it('a spread decision naming a cluster of another region is refused with a clear Danish message; within the region it is decided', async () => {
    const decide = (clusterIds: string[]) =>
      app.inject({
        method: 'POST',
        url: `/api/regions/1084/evaluations/${evaluationId}/history`,
        headers: admin.headers(),
        payload: { version, command: { type: 'decide', recommendation: { kind: 'spread-to-clusters', clusterIds }, justification: 'Referat 24.11.2022', decidedOn: '2022-11-24' } },
      });
    const refused = await decide(['hovedstaden-by', 'nordjylland-nord']);
    expect(refused.statusCode).toBe(400);
    expect(json(refused)).toMatchObject({
      code: 'evaluation.cluster-outside-region',
      detail: 'Klynge Nord (Region Nordjylland) ligger i en anden region. Sundhedssamarbejdsudvalget kan kun anbefale udbredelse til klynger i egen region – vælg "Anbefales udbredt nationalt" for at nå andre regioner.',
    });
    const ok = await decide(['hovedstaden-by']);
    expect(ok.statusCode, ok.body).toBe(200);
  });

  // Seed 001 §3: "I Aalborg, Aarhus, Odense og København, kan rådmand eller fagborgmester repræsentere kommunen i klyngen."
  it("København's fagborgmester as municipal co-chair raises no co-chair warning", async () => {
    const res = await app.inject({
      method: 'PUT',
      url: `/api/clusters/${SYD}/years/2023/governance`,
      headers: syd.headers(),
      payload: {
        version: 0,
        politicalLevel: [
          { id: 'rrf', name: 'Regionsrådsformand A', organisation: 'Region Hovedstaden', role: { kind: 'region-council-chair' } },
          { id: 'kbh', name: 'Sundheds- og omsorgsborgmester C', organisation: 'Københavns Kommune', role: { kind: 'alderman', municipalityId: '101' } },
        ],
        professionalLevel: [],
        regionChairMemberId: 'rrf',
        mayorMemberId: 'kbh',
        secretariatMunicipalityId: '101',
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const codes = json<{ warnings: { code: string; subject?: string }[] }>(res).warnings;
    expect(codes.map((w) => w.code)).not.toContain('co-chair.mayor-not-among-mayors');
    expect(codes.map((w) => w.code)).not.toContain('secretariat.not-co-chair-municipality');
    expect(codes.filter((w) => w.code === 'political.mayor-missing').map((w) => w.subject)).not.toContain('101');
  });

  // Seed 003: "½ årsværk" = 370.000 kr.; "Rødovre kommune indgår i beregningen med halvt befolkningstal".
  it('the secretariat co-financing is decided, stored per cluster-year, audited and downloaded as CSV and xlsx', async () => {
    const url = `/api/clusters/${SYD}/years/2022/secretariat-cofinancing/decision`;
    expect(json<CoFinancingBody>(await app.inject({ url, headers: syd.headers() })).record).toBeNull();
    const missing = await app.inject({ method: 'PUT', url, headers: syd.headers(), payload: { version: 0, costOre: 370_000_00, decisionReference: ' ', decidedOn: '2022-09-12' } });
    expect(json(missing)).toMatchObject({ status: 400, code: 'cofinancing.no-decision' });
    // A finance officer reads it but does not decide it.
    expect((await app.inject({ method: 'PUT', url, headers: reader.headers(), payload: { version: 0, costOre: 370_000_00, decisionReference: 'x', decidedOn: '2022-09-12' } })).statusCode).toBe(403);

    const saved = await app.inject({ method: 'PUT', url, headers: syd.headers(), payload: { version: 0, costOre: 370_000_00, decisionReference: 'Klyngens politiske møde 12.09.2022, pkt. 4', decidedOn: '2022-09-12' } });
    expect(saved.statusCode, saved.body).toBe(200);
    const record = json<CoFinancingBody>(saved).record;
    expect(record?.version).toBe(1);
    const byName = Object.fromEntries((record?.lines ?? []).map((l) => [l.municipalityName, l.amountOre / 100]));
    expect(byName).toMatchObject({ København: 177_678, Rødovre: 12_801, Hvidovre: 32_956 });
    expect((record?.lines ?? []).reduce((s, l) => s + l.amountOre, 0)).toBe(370_000_00);
    expect(record?.lines.find((l) => l.municipalityName === 'Rødovre')?.basisNote).toContain('Halvdelen af befolkningen');

    const stale = await app.inject({ method: 'PUT', url, headers: syd.headers(), payload: { version: 0, costOre: 1_00, decisionReference: 'x', decidedOn: '2022-09-12' } });
    expect(stale.statusCode).toBe(409);
    expect(json<CoFinancingBody>(await app.inject({ url, headers: reader.headers() })).record?.costOre).toBe(370_000_00);

    const csv = await app.inject({ url: `${url}/export?format=csv`, headers: reader.headers() });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="medfinansiering-sekretariat-hovedstaden-syd-2022.csv"');
    expect(csv.body).toContain('175;Rødovre;20691;');
    expect(csv.body).toMatch(/;I alt;.*;370000\r?\n/);
    const xlsx = await app.inject({ url: `${url}/export?format=xlsx`, headers: syd.headers() });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    const values: unknown[] = [];
    sheet?.eachRow((row) => values.push(row.getCell(2).value));
    expect(values).toContain('Rødovre');

    const audit = json<{ entries: { action: string }[] }>(await app.inject({ url: '/api/audit?entity=secretariat_cofinancing', headers: admin.headers() }));
    expect(audit.entries.map((e) => e.action).sort()).toEqual(['cofinancing.decide', 'export.download', 'export.download']);
  });
});
