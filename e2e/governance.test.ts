import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, createUser, signInAs } from './page-models/follow-up-pages.ts';
import { LoginPage } from './page-models/login-page.ts';
import { ADMIN_PASSWORD, ADMIN_USERNAME, HOOK_TIMEOUT_MS, expectNoAxeViolations, launchBrowser, newContext, screenshot, startKlynge, type Klynge } from './support/harness.ts';

/** Issue 5: a meeting with agenda, minutes and a decision that approves an initiative, the link visible from both sides. */
describe('governance: a cluster meeting decides an initiative', () => {
  let klynge: Klynge;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let initiativeId = '';

  beforeAll(async () => {
    klynge = await startKlynge();
    browser = await launchBrowser();
    context = await newContext(browser, klynge.url);
    page = await context.newPage();
    const login = new LoginPage(page);
    await login.open();
    await login.signIn(ADMIN_USERNAME, ADMIN_PASSWORD);
    await login.shell.signedInUser.waitFor();
    await createUser(page, 'sekr-syd', 'Sekretariat Klynge Syd', [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: 'hovedstaden-syd' } }]);
    const created = await apiAs<{ id: string }>(page, 'POST', '/api/clusters/hovedstaden-syd/initiatives', {
      title: 'Akutteam i eget hjem',
      description: 'Sygeplejersker fra hospitalet rykker ud til ældre borgere.',
      targetGroup: 'vulnerable-elderly',
      startPeriod: '2022-07',
      endPeriod: '2022-12',
      executingParties: ['167'],
      lines: [{ kind: 'other', id: 'l1', year: 2022, description: 'Afprøvning', category: 'trial', funding: 'common', party: '167', amountOre: 50_000_000 }],
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    initiativeId = created.json.id;
  }, HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await klynge?.close();
  }, HOOK_TIMEOUT_MS);

  it('the secretariat sees the composition warnings, plans a meeting, writes and approves minutes whose decision approves an initiative; both sides link', async () => {
    const shell = await signInAs(page, 'sekr-syd');
    await shell.goto('Organisering');
    await page.getByRole('heading', { level: 1, name: 'Organisering af Klynge Syd' }).waitFor();
    const warnings = page.getByRole('region', { name: /Afvigelser fra lovens sammensætning/ });
    await expect.poll(() => warnings.innerText()).toContain('Borgmesteren for Hvidovre mangler på det politiske niveau.');
    // Add the region council chair: that warning goes away once saved.
    const political = page.locator('fieldset').filter({ hasText: 'Tilføj medlem: politisk niveau' });
    await political.getByLabel('Navn', { exact: true }).fill('Regionsrådsformand A');
    await political.getByLabel('Organisation', { exact: true }).fill('Region Hovedstaden');
    await political.getByRole('button', { name: 'Tilføj medlem' }).click();
    await page.getByRole('button', { name: 'Gem', exact: true }).click();
    await page.getByText('Ændringen er gemt.').waitFor();
    await expect.poll(() => warnings.innerText()).not.toContain('Regionsrådsformanden mangler på det politiske niveau.');
    await expectNoAxeViolations(page, 'organisering');
    await screenshot(page, 'governance');

    const plan = page.locator('fieldset').filter({ hasText: 'Planlæg møde' });
    await plan.getByLabel('Niveau').selectOption('political');
    await plan.getByLabel('Dato').fill('2023-09-20');
    await plan.getByLabel('Titel').fill('Politisk klyngemøde, efterår');
    await plan.getByRole('button', { name: 'Planlæg møde' }).click();
    await page.getByRole('heading', { level: 1, name: 'Politisk klyngemøde, efterår' }).waitFor();

    await page.getByLabel('Skabelon').selectOption({ label: 'Drøftelse og beslutning om problemer og målgrupper, klyngen skal sætte særlig fokus på' });
    await page.getByRole('button', { name: 'Tilføj punkt' }).click();
    await page.locator('ol.agenda li').first().waitFor();
    await page.getByLabel('Referatets tekst').fill('Klyngen drøftede indsatser for de sårbare ældre.');
    await page.getByRole('button', { name: 'Tilføj beslutning' }).click();
    await page.getByLabel('Beslutning', { exact: true }).fill('Indsatsen Akutteam i eget hjem godkendes.');
    await page.getByLabel('Dagsorden', { exact: true }).selectOption({ index: 1 });
    await page.getByLabel('Beslutningen vedrører').selectOption({ label: 'Godkendelse af indsats' });
    await page.getByLabel('Hvilken').selectOption({ label: 'Akutteam i eget hjem' });
    await page.getByRole('button', { name: 'Gem referat' }).click();
    await page.getByRole('heading', { name: /Version 1 – Kladde/ }).waitFor();
    await page.getByRole('button', { name: 'Godkend referat' }).click();
    await page.getByRole('heading', { name: /Version 1 – Godkendt/ }).waitFor();
    const link = page.getByRole('link', { name: 'Se: Godkendelse af indsats: Akutteam i eget hjem' });
    await link.waitFor();
    await expectNoAxeViolations(page, 'møde med referat');
    await screenshot(page, 'meeting');
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'meeting-print');
    expect(await page.getByRole('button', { name: 'Godkend referat' }).isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });

    // The initiative's side shows the decision that made it, linking back to the meeting.
    await link.click();
    await page.getByRole('heading', { level: 1, name: 'Opfølgning på Akutteam i eget hjem' }).waitFor();
    expect(page.url()).toContain(initiativeId);
    const decisions = page.getByTestId('initiative-decisions');
    await expect.poll(() => decisions.innerText()).toContain('Politisk klyngemøde, efterår (Sundhedsklyngens politiske niveau, 20.09.2023): Indsatsen Akutteam i eget hjem godkendes.');
    expect(await decisions.innerText()).not.toContain('endnu ikke godkendt');
    await expectNoAxeViolations(page, 'indsatsens opfølgning');
    await screenshot(page, 'initiative-decisions');
    await decisions.getByRole('link', { name: 'Politisk klyngemøde, efterår' }).click();
    await page.getByRole('heading', { level: 1, name: 'Politisk klyngemøde, efterår' }).waitFor();
  });
});
