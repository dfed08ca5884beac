import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiAs, createUser, signInAs } from './page-models/follow-up-pages.ts';
import { expectNoAxeViolations, screenshot } from './support/harness.ts';
import { useJourney } from './support/session.ts';

const TITLE = 'Udgående sygeplejerske';

/**
 * Issue 5: a secretariat records an evaluation with the five questions plus its own and submits
 * it; an SSU member recommends spreading to Klynge By; Klynge By adopts it and sees the lineage;
 * the decision is in the catalogue.
 */
describe('follow-up: from evaluation to spreading', () => {
  let page: Page;

  // Signed in as the administrator, who creates the journey's users and its initiative.
  useJourney({
    before: async (j) => {
      page = j.page;
      await createUser(page, 'sekr-syd', 'Sekretariat Klynge Syd', [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: 'hovedstaden-syd' } }]);
      await createUser(page, 'sekr-by', 'Sekretariat Klynge By', [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: 'hovedstaden-by' } }]);
      await createUser(page, 'ssu-h', 'SSU Hovedstaden', [{ role: 'ssu-member', scope: { kind: 'region', id: '1084' } }]);
      const created = await apiAs(page, 'POST', '/api/clusters/hovedstaden-syd/initiatives', {
        title: TITLE,
        description: 'Hospitalets sygeplejersker støtter kommunens hjemmepleje.',
        targetGroup: 'vulnerable-elderly',
        startPeriod: '2022-07',
        endPeriod: '2022-12',
        executingParties: ['167'],
        lines: [{ kind: 'other', id: 'l1', year: 2022, description: 'Afprøvning', category: 'trial', funding: 'common', party: '167', amountOre: 75_000_000 }],
      });
      expect(created.status, JSON.stringify(created.json)).toBe(201);
    },
  });

  it('evaluation → SSU recommendation → adoption with lineage → catalogue', async () => {
    // 1. Klynge Syd adds its own question and records the evaluation.
    let shell = await signInAs(page, 'sekr-syd');
    await shell.goto('Opfølgning');
    await page.getByRole('heading', { level: 1, name: 'Opfølgning' }).waitFor();
    const guide = page.locator('fieldset').filter({ hasText: 'Tilføj spørgsmål' });
    await guide.getByLabel('Spørgsmål', { exact: true }).fill('Hvilke bydele har deltaget?');
    await guide.getByRole('button', { name: 'Tilføj spørgsmål' }).click();
    await page.getByText('Hvilke bydele har deltaget? (free-text').waitFor();
    await expectNoAxeViolations(page, 'opfølgning');
    await screenshot(page, 'follow-up');
    await page.getByRole('button', { name: `Start evaluering: ${TITLE}` }).click();
    await page.getByRole('heading', { level: 1, name: `Evaluering af ${TITLE}` }).waitFor();

    await page.getByLabel('Succeskriterium', { exact: true }).fill('Færre genindlæggelser');
    await page.getByLabel('Målemetode').fill('Andel genindlagt inden for 30 dage');
    await page.getByLabel('Mål', { exact: true }).fill('-20 %');
    await page.getByLabel(/^Måletidspunkter/).fill('2023-06-30, 2023-12-31');
    await page.getByRole('button', { name: 'Gem måleplan' }).click();
    await page.getByText('Færre genindlæggelser').first().waitFor();

    const answer = (q: string) => page.getByLabel(new RegExp(`^${q.replace(/[?()]/g, '\\$&')}`));
    await answer('Hvilken udfordring adresseres?').fill('Genindlæggelser af ældre medicinske borgere');
    await answer('Hvad er succeskriterierne?').fill('Færre genindlæggelser inden for 30 dage');
    await answer('Hvordan måles succeskriterier/resultater af indsatsen?').fill('Udtræk fra LPR');
    await answer('Hvornår måles resultaterne?').fill('Efter 6 og 12 måneder');
    await answer('Hvem er ansvarlig for opfølgningen (region eller kommune)?').selectOption('Kommune');
    await answer('Hvilke bydele har deltaget?').fill('Valby og Vesterbro');
    await page.getByRole('button', { name: 'Gem svar' }).click();
    await expect.poll(() => answer('Hvilke bydele har deltaget?').inputValue()).toBe('Valby og Vesterbro');
    await page.getByLabel('Konklusion', { exact: true }).fill('Indsatsen virker og bør udbredes.');
    await page.getByRole('button', { name: 'Gem konklusion' }).click();
    await expectNoAxeViolations(page, 'evaluering (kladde)');
    await screenshot(page, 'evaluation-draft');
    await page.getByRole('button', { name: 'Indsend til sundhedssamarbejdsudvalget' }).click();
    await expect.poll(() => page.getByTestId('evaluation-status').innerText()).toBe('Indsendt til SSU');
    expect(await page.getByRole('button', { name: 'Gem svar' }).count()).toBe(0);

    // 2. The SSU plans its meeting, records the discussion and recommends spreading to Klynge By.
    shell = await signInAs(page, 'ssu-h');
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
    await page.getByLabel('Klynge By (Region Hovedstaden)').check();
    await page.getByLabel('Begrundelse').fill('Veldokumenteret effekt på genindlæggelser.');
    await page.getByRole('button', { name: 'Træf beslutning' }).click();
    const decision = page.getByTestId('ssu-decision');
    await expect.poll(() => decision.innerText()).toContain('Anbefales udbredt til andre klynger: Klynge By (Region Hovedstaden)');
    await expectNoAxeViolations(page, 'evaluering (SSU)');
    await screenshot(page, 'evaluation-decided');

    // 3. Klynge By adopts it and sees where it came from.
    shell = await signInAs(page, 'sekr-by');
    await shell.goto('Opfølgning');
    await page.getByRole('button', { name: `Overtag: ${TITLE}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Udførende part').selectOption({ label: 'Frederiksberg' });
    await dialog.getByLabel('Start (år-måned)').fill('2024-03');
    await expectNoAxeViolations(page, 'overtag-dialog');
    await dialog.getByRole('button', { name: 'Overtag' }).click();
    await page.getByRole('heading', { level: 1, name: `Opfølgning på ${TITLE}` }).waitFor();
    const lineage = page.getByTestId('lineage');
    await expect.poll(() => lineage.innerText()).toContain(`Overtaget fra\n${TITLE} – Klynge Syd (Region Hovedstaden)`);
    expect(await page.locator('dl').innerText()).toContain('750.000,00 kr.');
    await expectNoAxeViolations(page, 'overtaget indsats');
    await screenshot(page, 'adopted');

    // 4. The decision is in the catalogue.
    await shell.goto('Vidensbank');
    await page.getByLabel('Søg', { exact: true }).fill('sygeplejerske');
    await page.getByRole('button', { name: 'Søg' }).click();
    const entry = page.locator('.catalogue-entry').filter({ hasText: 'Klynge Syd' });
    await expect.poll(() => entry.innerText()).toContain('Anbefales udbredt til andre klynger. Veldokumenteret effekt på genindlæggelser.');
    expect(await page.locator('.catalogue-entry').filter({ hasText: 'Udbredt fra en anden klynge' }).count()).toBe(1);
    await expectNoAxeViolations(page, 'vidensbank');
    await screenshot(page, 'catalogue');

    // Filters: the search finds the original (Klynge Syd) and the adopted copy (Klynge By); the
    // cluster filter keeps only Klynge By's, and no such initiative is approved yet.
    const count = page.getByRole('status').filter({ hasText: /^\d+ (indsats|initiative)/ });
    await expect.poll(() => count.innerText()).toBe('2 indsatser');
    await page.getByLabel('Klynge', { exact: true }).selectOption({ label: 'Klynge By (Region Hovedstaden)' });
    await page.getByRole('button', { name: 'Søg' }).click();
    await expect.poll(() => count.innerText()).toBe('1 indsats');
    const only = page.locator('.catalogue-entry');
    expect(await only.innerText()).toContain('Klynge By (Region Hovedstaden)');
    expect(await only.innerText()).toContain('Udbredt fra en anden klynge');
    expect(await only.innerText()).toContain('Indsatsens status\nForeslået');
    await page.getByLabel('Indsatsens status', { exact: true }).selectOption({ label: 'Godkendt' });
    await page.getByRole('button', { name: 'Søg' }).click();
    await expect.poll(() => count.innerText()).toBe('0 indsatser');
    await page.getByLabel('Indsatsens status', { exact: true }).selectOption({ label: 'Foreslået' });
    await page.getByLabel('Målgruppe', { exact: true }).selectOption({ label: 'De sårbare ældre' });
    await page.getByRole('button', { name: 'Søg' }).click();
    await expect.poll(() => count.innerText()).toBe('1 indsats');
    await expectNoAxeViolations(page, 'vidensbank med filtre');
    await screenshot(page, 'catalogue-filtered');

    // The same screen in English (language switch in the header), axe-clean.
    await shell.languageButton.click();
    await page.getByRole('heading', { level: 1, name: 'Knowledge bank' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByLabel('Initiative status', { exact: true }).waitFor();
    await page.getByLabel('Target group', { exact: true }).waitFor();
    await expect.poll(() => count.innerText()).toBe('1 initiative');
    expect(await only.innerText()).toContain('Initiative status');
    await expectNoAxeViolations(page, 'knowledge bank in English');
    await screenshot(page, 'catalogue-english');
    await shell.languageButton.click();
    await page.getByRole('heading', { level: 1, name: 'Vidensbank' }).waitFor();
  });
});
