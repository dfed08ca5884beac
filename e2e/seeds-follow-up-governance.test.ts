import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CofinancingPage } from './page-models/cofinancing-page.ts';
import { RegisterPage } from './page-models/register-page.ts';
import { apiAs, createUser, signInAs } from './page-models/follow-up-pages.ts';
import { expectNoAxeViolations, screenshot } from './support/harness.ts';
import { useJourney } from './support/session.ts';

const TITLE = 'Fælles opfølgning på udskrivninger';

interface Member { id: string; name: string; organisation: string; role: Record<string, unknown> }

/**
 * Issue 15: follow-up and governance as the seeds say.
 * - Seed 001 §3: "I Aalborg, Aarhus, Odense og København, kan rådmand eller fagborgmester
 *   repræsentere kommunen i klyngen" — København's fagborgmester as co-chair raises no warning.
 * - Seed 002: the guide is "til inspiration"; question 5 answered "Fælles (region og kommune)",
 *   another question "ikke relevant" with a reason; the evaluation is submitted.
 * - Seed 001 §7: the SSU recommends spreading "på tværs af klynger eller på nationalt niveau" —
 *   a decision naming a cluster of another region is refused with a clear Danish message.
 * - Seed 003: ½ årsværk = 370.000 kr., Rødovre at half its population — the result is decided,
 *   saved and downloaded (xlsx and CSV).
 */
describe('follow-up and governance as the seeds say', () => {
  let page: Page;

  // Signed in as the administrator, who creates the users, the initiative and a §3-compliant register.
  useJourney({
    before: async (j) => {
      page = j.page;
      await createUser(page, 'sekr-syd', 'Sekretariat Klynge Syd', [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: 'hovedstaden-syd' } }]);
      await createUser(page, 'ssu-h', 'SSU Hovedstaden', [{ role: 'ssu-member', scope: { kind: 'region', id: '1084' } }]);
      await createUser(page, 'admin-2', 'Administrator 2', [{ role: 'system-admin', scope: { kind: 'all', id: null } }]);
      const created = await apiAs(page, 'POST', '/api/clusters/hovedstaden-syd/initiatives', {
        title: TITLE,
        description: 'Hospital og kommuner følger i fællesskab op på udskrivninger.',
        targetGroup: 'vulnerable-elderly',
        startPeriod: '2022-07',
        endPeriod: '2022-12',
        executingParties: ['167'],
        lines: [{ kind: 'other', id: 'l1', year: 2022, description: 'Afprøvning', category: 'trial', funding: 'common', party: '167', amountOre: 40_000_000 }],
      });
      expect(created.status, JSON.stringify(created.json)).toBe(201);
      // Klynge Syd 2022 filled as §3 prescribes, with Hvidovre's mayor as co-chair; København
      // attends by its fagborgmester.
      const gov = await apiAs<{ municipalities: { id: string; name: string; political: boolean }[] }>(page, 'GET', '/api/clusters/hovedstaden-syd/years/2022/governance');
      const ms = gov.json.municipalities;
      const politicalLevel: Member[] = [
        { id: 'rrf', name: 'Regionsrådsformand A', organisation: 'Region Hovedstaden', role: { kind: 'region-council-chair' } },
        { id: 'rrm', name: 'Regionsrådsmedlem B', organisation: 'Region Hovedstaden', role: { kind: 'region-council-member' } },
        ...ms
          .filter((m) => m.political)
          .map((m): Member =>
            m.id === '101'
              ? { id: 'kbh', name: 'Sundheds- og omsorgsborgmester C', organisation: 'Københavns Kommune', role: { kind: 'alderman', municipalityId: '101' } }
              : { id: `bm-${m.id}`, name: `Borgmester i ${m.name}`, organisation: `${m.name} Kommune`, role: { kind: 'mayor', municipalityId: m.id } },
          ),
        { id: 'plo1', name: 'Praktiserende læge D', organisation: 'PLO-Hovedstaden', role: { kind: 'general-practitioner' } },
        { id: 'plo2', name: 'Praktiserende læge E', organisation: 'PLO-Hovedstaden', role: { kind: 'general-practitioner' } },
      ];
      const professionalLevel: Member[] = [
        { id: 'ahh', name: 'Direktør F', organisation: 'Amager og Hvidovre Hospital', role: { kind: 'region-hospital', psychiatry: false } },
        { id: 'psy', name: 'Direktør G', organisation: 'Region Hovedstadens Psykiatri', role: { kind: 'region-hospital', psychiatry: true } },
        { id: 'reg', name: 'Direktør H', organisation: 'Region Hovedstaden', role: { kind: 'region-hospital', psychiatry: false } },
        ...ms.map((m): Member => ({ id: `fag-${m.id}`, name: `Sundhedschef i ${m.name}`, organisation: `${m.name} Kommune`, role: { kind: 'municipality-representative', municipalityId: m.id } })),
        { id: 'ap1', name: 'Praksiskonsulent I', organisation: 'PLO-Hovedstaden', role: { kind: 'general-practice-representative' } },
        { id: 'ap2', name: 'Praksiskonsulent J', organisation: 'PLO-Hovedstaden', role: { kind: 'general-practice-representative' } },
        { id: 'pt1', name: 'Patientrepræsentant K', organisation: 'Danske Patienter', role: { kind: 'patient-representative' } },
        { id: 'pt2', name: 'Pårørenderepræsentant L', organisation: 'Ældre Sagen', role: { kind: 'patient-representative' } },
      ];
      const saved = await apiAs(page, 'PUT', '/api/clusters/hovedstaden-syd/years/2022/governance', {
        version: 0,
        politicalLevel,
        professionalLevel,
        regionChairMemberId: 'rrf',
        mayorMemberId: 'bm-167',
        secretariatMunicipalityId: '167',
      });
      expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    },
  });

  it("København's fagborgmester as municipal co-chair raises no warning; the picker offers only eligible people", async () => {
    const shell = await signInAs(page, 'sekr-syd');
    await shell.goto('Organisering');
    await page.getByRole('heading', { level: 1, name: 'Organisering af Klynge Syd' }).waitFor();
    await page.getByText('Sammensætningen følger reglerne.').waitFor();
    const coChair = page.getByLabel('Kommunal medformand', { exact: true });
    const offered = await coChair.locator('option').allInnerTexts();
    expect(offered).toContain('Sundheds- og omsorgsborgmester C');
    expect(offered).not.toContain('Praktiserende læge D');
    expect(offered).not.toContain('Regionsrådsmedlem B');
    expect(await page.getByLabel('Regional medformand', { exact: true }).locator('option').allInnerTexts()).toEqual(['Ikke valgt', 'Regionsrådsformand A']);
    await coChair.selectOption({ label: 'Sundheds- og omsorgsborgmester C' });
    await page.getByLabel('Sekretariatskommune', { exact: true }).selectOption({ label: 'København' });
    await page.getByRole('button', { name: 'Gem', exact: true }).click();
    await page.getByText('Ændringen er gemt.').waitFor();
    await page.getByText('Sammensætningen følger reglerne.').waitFor();
    expect(await page.getByRole('region', { name: /Afvigelser fra lovens sammensætning/ }).count()).toBe(0);
    // Cadence is guidance: the notice says so.
    await page.getByText(/Mødefrekvensen er en anbefaling/).waitFor();
    await expectNoAxeViolations(page, 'organisering med fagborgmester som medformand');
    await screenshot(page, 'governance-fagborgmester');
  });

  it('an evaluation with question 5 answered "Fælles" and one question "ikke relevant" is submitted', async () => {
    const shell = await signInAs(page, 'sekr-syd');
    await shell.goto('Opfølgning');
    await page.getByRole('heading', { level: 1, name: 'Opfølgning' }).waitFor();
    // Seed 002: "yderligere spørgsmål eller specificeringer" — a specification of question 5.
    const guide = page.locator('fieldset').filter({ hasText: 'Tilføj spørgsmål' });
    await guide.getByLabel('Spørgsmål', { exact: true }).fill('Hvem i kommunen følger op?');
    await guide.getByLabel('Specificerer', { exact: true }).selectOption({ label: 'Hvem er ansvarlig for opfølgningen (region eller kommune)?' });
    await guide.getByLabel('Skal besvares', { exact: true }).uncheck();
    await guide.getByRole('button', { name: 'Tilføj spørgsmål' }).click();
    await page.getByText(/Hvem i kommunen følger op\? \(free-text, specificerer/).waitFor();
    // All five standard questions are required unless the cluster says otherwise.
    expect(await page.locator('fieldset.standard-required input:checked').count()).toBe(5);
    await expectNoAxeViolations(page, 'opfølgning med specificering');
    await page.getByRole('button', { name: `Start evaluering: ${TITLE}` }).click();
    await page.getByRole('heading', { level: 1, name: `Evaluering af ${TITLE}` }).waitFor();
    await page.getByText(/Guiden er til inspiration/).waitFor();

    await page.getByLabel('Succeskriterium', { exact: true }).fill('Færre genindlæggelser');
    await page.getByLabel('Målemetode').fill('Andel genindlagt inden for 30 dage');
    await page.getByLabel('Mål', { exact: true }).fill('-10 %');
    await page.getByLabel(/^Måletidspunkter/).fill('2023-06-30');
    await page.getByRole('button', { name: 'Gem måleplan' }).click();
    await page.getByText('Færre genindlæggelser').first().waitFor();

    // "Hvornår måles resultaterne?" is not relevant here — with a reason.
    await page.getByRole('button', { name: 'Markér "Hvornår måles resultaterne?" som ikke relevant' }).click();
    await page.getByLabel('Hvorfor er "Hvornår måles resultaterne?" ikke relevant?').fill('Måles i regionens fælles program');
    await page.getByRole('button', { name: 'Gem som ikke relevant' }).click();
    await page.getByText('Ikke relevant: Måles i regionens fælles program').waitFor();

    const answer = (q: string) => page.getByLabel(new RegExp(`^${q.replace(/[?()]/g, '\\$&')}`));
    await answer('Hvilken udfordring adresseres?').fill('Uplanlagte genindlæggelser efter udskrivning');
    await answer('Hvad er succeskriterierne?').fill('Færre genindlæggelser inden for 30 dage');
    await answer('Hvordan måles succeskriterier/resultater af indsatsen?').fill('Udtræk fra LPR');
    const q5 = answer('Hvem er ansvarlig for opfølgningen (region eller kommune)?');
    expect(await q5.locator('option').allInnerTexts()).toEqual(['Vælg', 'Region', 'Kommune', 'Fælles (region og kommune)', 'Andet (skriv selv)']);
    await q5.selectOption('Fælles (region og kommune)');
    // The specification follows question 5 and is optional.
    const labels = await page.locator('.question .form-label').allInnerTexts();
    expect(labels.slice(-2)).toEqual(['Hvem er ansvarlig for opfølgningen (region eller kommune)? *', 'Hvem i kommunen følger op?']);
    await page.getByRole('button', { name: 'Gem svar' }).click();
    await expect.poll(() => answer('Hvem er ansvarlig for opfølgningen (region eller kommune)?').inputValue()).toBe('Fælles (region og kommune)');
    await page.getByLabel('Konklusion', { exact: true }).fill('Den fælles opfølgning virker.');
    await page.getByRole('button', { name: 'Gem konklusion' }).click();
    await expectNoAxeViolations(page, 'evaluering med Fælles og ikke relevant');
    await screenshot(page, 'evaluation-faelles');
    await page.getByRole('button', { name: 'Indsend til sundhedssamarbejdsudvalget' }).click();
    await expect.poll(() => page.getByTestId('evaluation-status').innerText()).toBe('Indsendt til SSU');
    expect(await page.getByText('Fælles (region og kommune)').count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page, 'evaluering indsendt');
  });

  it('a spread decision naming a cluster of another region is refused with a clear Danish message', async () => {
    const shell = await signInAs(page, 'ssu-h');
    await shell.goto('SSU');
    await page.getByRole('heading', { level: 1, name: 'Sundhedssamarbejdsudvalget, Region Hovedstaden' }).waitFor();
    const plan = page.locator('fieldset').filter({ hasText: 'Planlæg møde' });
    await plan.getByLabel('Dato').fill(new Date().toISOString().slice(0, 10));
    await plan.getByLabel('Titel').fill('SSU-møde');
    await plan.getByRole('button', { name: 'Planlæg møde' }).click();
    await page.getByRole('heading', { level: 1, name: 'SSU-møde' }).waitFor();
    await shell.goto('SSU');
    await page.getByRole('link', { name: TITLE }).click();
    await page.getByLabel('SSU-møde').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Registrér drøftelse' }).click();
    await page.getByText(/Drøftet på mødet SSU-møde/).waitFor();
    // The screen offers only the region's own clusters …
    expect(await page.getByLabel('Klynge Nord (Region Nordjylland)').count()).toBe(0);
    // … and the server refuses a decision that names another region's cluster anyway.
    const evaluationId = page.url().split('/').at(-1) ?? '';
    const current = await apiAs<{ version: number }>(page, 'GET', `/api/regions/1084/evaluations/${evaluationId}`);
    const refused = await apiAs<{ detail: string; code: string }>(page, 'POST', `/api/regions/1084/evaluations/${evaluationId}/commands`, {
      version: current.json.version,
      command: { type: 'decide', recommendation: { kind: 'spread-to-clusters', clusterIds: ['hovedstaden-by', 'nordjylland-nord'] }, justification: 'Virker.', decidedOn: new Date().toISOString().slice(0, 10) },
    });
    expect(refused.status).toBe(400);
    expect(refused.json.detail).toBe(
      'Klynge Nord (Region Nordjylland) ligger i en anden region. Sundhedssamarbejdsudvalget kan kun anbefale udbredelse til klynger i egen region – vælg "Anbefales udbredt nationalt" for at nå andre regioner.',
    );
    // Within the region it is decided on the screen.
    await page.getByLabel('Klynge By (Region Hovedstaden)').check();
    await page.getByLabel('Begrundelse').fill('Veldokumenteret fælles opfølgning.');
    await page.getByRole('button', { name: 'Træf beslutning' }).click();
    await expect.poll(() => page.getByTestId('ssu-decision').innerText()).toContain('Anbefales udbredt til andre klynger: Klynge By (Region Hovedstaden)');
    await expectNoAxeViolations(page, 'SSU-beslutning');
  });

  it('the secretariat co-financing (½ årsværk, 370.000 kr.) is decided, saved and downloaded as xlsx and CSV', async () => {
    await signInAs(page, 'sekr-syd');
    const cofinancing = new CofinancingPage(page);
    await cofinancing.open({ clusterId: 'hovedstaden-syd', year: 2022 });
    await cofinancing.costInput.fill('370.000');
    await page.getByRole('button', { name: 'Beregn', exact: true }).click();
    await cofinancing.table.waitFor();
    const amounts = await cofinancing.amounts();
    expect(amounts['Rødovre']).toBe('12.801');
    // The screen says why Rødovre counts at half and København with its districts only.
    const rødovre = cofinancing.table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Rødovre' }) });
    expect(await rødovre.innerText()).toContain('Halvdelen af befolkningen: 1/2 × 41.382 = 20.691 indbyggere, fordi kommunen deltager i 2 klynger.');
    const kbh = cofinancing.table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^København/ }) });
    expect(await kbh.innerText()).toContain('Kun en del af kommunen: Valby, Vesterbro og Amager (287.181 indbyggere).');

    await page.getByLabel('Beslutning', { exact: true }).fill('Klyngens politiske møde 12.09.2022, pkt. 4');
    await page.getByLabel('Beslutningsdato', { exact: true }).fill('2022-09-12');
    await page.getByRole('button', { name: 'Gem beslutning' }).click();
    await page.getByText('Medfinansieringen er gemt.').waitFor();
    const record = page.getByRole('region', { name: 'Besluttet medfinansiering: Klynge Syd, 2022' });
    await expect.poll(() => record.innerText()).toContain('Klyngens politiske møde 12.09.2022, pkt. 4 (12.09.2022)');
    expect(await record.locator('tfoot').innerText()).toContain('370.000');
    await expectNoAxeViolations(page, 'besluttet medfinansiering');
    await screenshot(page, 'cofinancing-decided');

    const [xlsx] = await Promise.all([page.waitForEvent('download'), record.getByRole('link', { name: 'Hent som Excel (xlsx)' }).click()]);
    expect(xlsx.suggestedFilename()).toBe('medfinansiering-sekretariat-hovedstaden-syd-2022.xlsx');
    const xlsxPath = await xlsx.path();
    expect(readFileSync(xlsxPath).subarray(0, 2).toString('latin1')).toBe('PK');
    const [csv] = await Promise.all([page.waitForEvent('download'), record.getByRole('link', { name: 'Hent som CSV' }).click()]);
    const text = readFileSync(await csv.path(), 'utf8');
    expect(text).toContain('175;Rødovre;20691;');
    expect(text).toContain('12801');
    // Printable: the buttons and the form are left out on paper.
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'cofinancing-print');
    expect(await record.getByRole('button', { name: 'Udskriv' }).isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
  });

  // Seed 000 Tabel 2: Billund "**" — "kun administrativ deltagelse", bidrager ikke til de 80 mio. kr.
  it("Billund's mark and flags agree: political participation is refused under ** and follows the mark ***", async () => {
    await signInAs(page, 'admin-2');
    const register = new RegisterPage(page);
    await register.open(2022);
    await register.editButton('Lillebælt-klyngen', 'Billund').click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByLabel('Mærke i Tabel 2').inputValue()).toBe('**');
    await dialog.getByLabel('Politisk', { exact: true }).check();
    await dialog.getByRole('button', { name: 'Gem', exact: true }).click();
    await expect.poll(() => dialog.getByRole('alert').innerText()).toContain('Billund i Lillebælt-klyngen er mærket ** i Tabel 2 (kun administrativ deltagelse; bidrager ikke til de fælles midler), men har politisk deltagelse.');
    await expectNoAxeViolations(page, 'medlemskab med modstridende mærke');
    await dialog.getByLabel('Mærke i Tabel 2').selectOption('***');
    expect(await dialog.getByLabel('Politisk', { exact: true }).isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Gem', exact: true }).click();
    await page.getByText('Ændringen er gemt.').waitFor();
    const saved = await apiAs<{ regions: { clusters: { id: string; members: { municipalityCode: string; mark: string; political: boolean }[] }[] }[] }>(page, 'GET', '/api/years/2022/register');
    const billund = saved.json.regions.flatMap((r) => r.clusters).find((c) => c.id === 'syddanmark-lillebaelt')?.members.find((m) => m.municipalityCode === '530');
    expect(billund).toMatchObject({ mark: '***', political: true });
  });

  // Issue 15 point 6: 2022's SSU meetings are entered afterwards with their real dates.
  it('an administrator enters a 2022 SSU discussion and decision afterwards, with their real dates, marked as such', async () => {
    await signInAs(page, 'admin-2');
    // An evaluation submitted today (through the API; the screens are shown above).
    const initiative = await apiAs<{ id: string }>(page, 'POST', '/api/clusters/hovedstaden-syd/initiatives', {
      title: 'Tidlig opsporing 2022',
      description: 'Afprøvet i 2022.',
      targetGroup: 'chronic-illness',
      startPeriod: '2022-07',
      endPeriod: '2022-12',
      executingParties: ['167'],
      lines: [{ kind: 'other', id: 'l1', year: 2022, description: 'Afprøvning', category: 'trial', funding: 'common', party: '167', amountOre: 10_000_000 }],
    });
    expect(initiative.status, JSON.stringify(initiative.json)).toBe(201);
    const opened = await apiAs<{ evaluation: { id: string }; version: number }>(page, 'POST', '/api/clusters/hovedstaden-syd/evaluations', { initiativeId: initiative.json.id });
    const id = opened.json.evaluation.id;
    let version = opened.json.version;
    const commands: Record<string, unknown>[] = [
      { type: 'set-plan', criteria: [{ id: 'k1', description: 'Flere opsporede', measure: 'Optælling', target: '+20 %', measurementDates: ['2022-12-31'] }] },
      {
        type: 'answer',
        answers: {
          'standard/challenge': 'Sen opsporing',
          'standard/success-criteria': 'Flere opsporede',
          'standard/measurement-method': 'Optælling',
          'standard/measurement-timing': 'Ved årets udgang',
          'standard/follow-up-responsible': 'Region',
        },
      },
      { type: 'set-conclusion', conclusion: 'Virker.' },
      { type: 'submit' },
    ];
    for (const command of commands) {
      const res = await apiAs<{ version: number }>(page, 'POST', `/api/clusters/hovedstaden-syd/evaluations/${id}/commands`, { version, command });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      version = res.json.version;
    }
    const meeting = await apiAs(page, 'POST', '/api/regions/1084/meetings', { date: '2022-11-24', title: 'SSU-møde 24. november 2022' });
    expect(meeting.status).toBe(201);

    await page.goto(`/#/evaluation/ssu/1084/${id}`);
    await page.getByRole('heading', { level: 1, name: 'Evaluering af Tidlig opsporing 2022' }).waitFor();
    await page.getByLabel(/^Efterregistrering/).check();
    await page.getByLabel('SSU-møde', { exact: true }).selectOption({ label: '24.11.2022 – SSU-møde 24. november 2022' });
    await page.getByRole('button', { name: 'Registrér drøftelse' }).click();
    await page.getByText('Drøftet på mødet SSU-møde 24. november 2022 den 24.11.2022. (efterregistreret)').waitFor();
    await page.getByLabel(/^Efterregistrering/).check();
    await page.getByLabel('Anbefaling', { exact: true }).selectOption({ label: 'Anbefales udbredt nationalt' });
    await page.getByLabel('Begrundelse').fill('Referat fra mødet 24.11.2022, pkt. 3.');
    await page.getByLabel('Beslutningsdato', { exact: true }).fill('2022-11-24');
    await expectNoAxeViolations(page, 'efterregistrering');
    await page.getByRole('button', { name: 'Træf beslutning' }).click();
    const decision = page.getByTestId('ssu-decision');
    await expect.poll(() => decision.innerText()).toContain('Besluttet den 24.11.2022 (efterregistreret)');
    await screenshot(page, 'history-afterwards');
    const audit = await apiAs<{ entries: { action: string }[] }>(page, 'GET', `/api/audit?entity=evaluation&entityId=${id}`);
    expect(audit.json.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['evaluation.record-discussion-afterwards', 'evaluation.decide-afterwards']));
  });
});

