import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations, screenshot } from './support/harness.ts';
import { apiAs, createUser, type JourneyUser, useJourney } from './support/session.ts';
import { LoginPage } from './page-models/login-page.ts';
import { OverviewPage } from './page-models/overview-page.ts';

const SECRETARIAT: JourneyUser = { username: 'sekr-syd', displayName: 'Sekretariat Klynge Syd', password: 'Graa-Moleskind-Juni-5821!', roles: [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: 'hovedstaden-syd' } }] };
const READER: JourneyUser = { username: 'national-laeser', displayName: 'Ministeriets læser', password: 'Hvid-Fyrtaarn-Maj-2047!', roles: [{ role: 'national-reader', scope: { kind: 'all', id: null } }] };
const TITLE = 'Sammenhængende akutforløb for ældre';

interface EconomyBody { funds: { cluster: { contribution: number } }; initiatives: { id: string; title: string; version: number }[] }

/** The overview first (issue 12): a secretariat's start page with its cluster's year; a national reader's country. */
describe('overview pages (issue 12)', () => {
  let page: Page;
  let login: LoginPage;
  let overview: OverviewPage;
  let allocatedOre = 0;
  useJourney({
    before: async (j) => {
      page = j.page;
      login = new LoginPage(page);
      overview = new OverviewPage(page);
      await createUser(page, SECRETARIAT);
      await createUser(page, READER);
      // One approved initiative with spending, settled for the first half, and one waiting for approval.
      const make = async (title: string, amountOre: number) =>
        apiAs<{ id: string; version: number }>(page, 'POST', '/api/clusters/hovedstaden-syd/initiatives', {
          title, targetGroup: 'vulnerable-elderly', startPeriod: '2022-01', endPeriod: '2022-12', executingParties: ['101'],
          lines: [{ kind: 'other', id: 'l1', year: 2022, description: 'Afprøvning', category: 'trial', funding: 'common', party: '101', amountOre }],
        });
      const running = await make(TITLE, 1_200_000_00);
      expect(running.status).toBe(201);
      expect((await apiAs(page, 'POST', `/api/initiatives/${running.json.id}/approve`, { version: running.json.version, date: '2022-02-01', level: 'political', meetingReference: 'Politisk niveau 01.02.2022' })).status).toBe(200);
      expect((await apiAs(page, 'POST', '/api/clusters/hovedstaden-syd/actuals', { lines: [{ initiativeId: running.json.id, party: '101', period: '2022-04', amountOre: 345_678_91, category: 'Afprøvning', funding: 'Fælles midler' }] })).status).toBe(201);
      expect((await apiAs(page, 'POST', '/api/clusters/hovedstaden-syd/settlements', { from: '2022-01', to: '2022-06' })).status).toBe(201);
      expect((await make('Tidlig opsporing af KOL', 400_000_00)).status).toBe(201);
      allocatedOre = (await apiAs<EconomyBody>(page, 'GET', '/api/clusters/hovedstaden-syd/economy/2022')).json.funds.cluster.contribution;
      await login.shell.logout();
      await login.username.waitFor();
    },
  });

  it('a secretariat of Klynge Syd starts on its cluster-year: what waits, a chart with its table, a summary', async () => {
    await login.signIn(SECRETARIAT.username, SECRETARIAT.password);
    await login.shell.signedInUser.waitFor();
    await overview.openStart();
    const tasks = await overview.tasks.allInnerTexts();
    expect(tasks).toEqual(expect.arrayContaining([expect.stringMatching(/^Indsats til godkendelse: Nr\. \d+ Tidlig opsporing af KOL$/), 'Året 2022 er slut og kan afsluttes']));
    // In English the whole task reads in English; the title is the secretariat's own text.
    await login.shell.languageButton.click();
    await expect.poll(() => overview.tasks.allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/^Initiative to approve: No\. \d+ Tidlig opsporing af KOL$/), 'The year 2022 is over and can be closed']));
    await login.shell.languageButton.click();
    await expect.poll(() => overview.tasks.allInnerTexts()).toEqual(tasks);
    const syd = overview.clusterSection('Klynge Syd (Region Hovedstaden) – 2022');
    await overview.chart(syd, 'Klyngens midler i 2022').waitFor();
    await overview.chart(syd, 'Midler pr. part i 2022').waitFor();
    // The chart's figures are in the table beside it, exact to the øre.
    const total = overview.table(syd, 'Klyngens midler i 2022 i alt');
    expect(await overview.cells(overview.row(total, 'Forbrugt'))).toEqual(['345.678,91 kr.']);
    expect(await overview.cells(overview.row(total, 'Afregnet'))).toEqual(['345.678,91 kr.']);
    expect(await overview.cells(overview.row(total, 'Godkendt'))).toEqual(['1.200.000,00 kr.']);
    const allocated = (await overview.cells(overview.row(total, 'Tildelt')))[0] ?? '';
    expect(allocated.replace(/\D/g, '')).toBe(String(allocatedOre));
    const parties = overview.table(syd, 'Midler pr. part i 2022');
    const kbh = await overview.cells(overview.row(parties, /\(101\)$/));
    // København's share of the spending is settled in full (the first half-year's run covers it).
    expect(kbh[4]).toBe(kbh[3]);
    expect(kbh[3]).not.toBe('0,00 kr.');
    // Nothing has lapsed while the year is open: no such column until it is closed.
    expect(await parties.locator('thead th').allInnerTexts()).not.toContain('Bortfaldet');
    await syd.getByText('Videreført og bortfaldet gøres op, når 2022 afsluttes.').waitFor();
    await expect(overview.summary.first().innerText()).resolves.toMatch(/^Klynge Syd har .* til rådighed i 2022 .* der er brugt 345\.678,91 kr\., og 345\.678,91 kr\. er afregnet\. Året er ikke afsluttet\.$/);
    await expectNoAxeViolations(page, 'startsiden for Klynge Syds sekretariat');
    await screenshot(page, 'overview-start-secretariat');
    // A narrow window: the page does not get wider than the viewport (tables scroll in their region).
    await page.setViewportSize({ width: 390, height: 844 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    await screenshot(page, 'overview-start-secretariat-390');
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(width).toBeLessThanOrEqual(390);
    // The secretariat does not reach the country's comparison.
    expect((await apiAs(page, 'GET', '/api/overview/national')).status).toBe(403);
    await login.shell.logout();
    await login.username.waitFor();
  });

  it('a national reader sees the national overview comparing every cluster, also on its own printable page', async () => {
    await login.signIn(READER.username, READER.password);
    await login.shell.signedInUser.waitFor();
    await overview.openStart();
    await overview.comparison.getByRole('heading', { level: 2, name: 'Hele landet – 2022' }).waitFor();
    const table = overview.table(overview.comparison, 'Klyngerne i 2022');
    await overview.chart(overview.comparison, 'Tildelt pr. indbygger i 2022').waitFor();
    await overview.chart(overview.comparison, 'Andel af midlerne brugt i 2022').waitFor();
    // Every cluster is named on the chart's axis (names repeat across regions, so with the region).
    const labels = await overview.chart(overview.comparison, 'Tildelt pr. indbygger i 2022').locator('text').allTextContents();
    expect(labels).toEqual(expect.arrayContaining(['Klynge Nord (Nordjylland)', 'Klynge Midt (Nordjylland)', 'Klynge Syd (Hovedstaden)', 'Bornholm (Hovedstaden)']));
    expect(await table.locator('tbody tr').count()).toBe(22);
    const syd = await overview.cells(overview.row(table, 'Klynge Syd').filter({ hasText: 'Region Hovedstaden' }));
    expect(syd[0]).toBe('Region Hovedstaden');
    expect(syd[3]).toMatch(/^\d+,\d\d$/);
    expect(syd[6]).toMatch(/^\d+,\d %$/);
    expect(await overview.cells(overview.row(table, 'I alt'))).toEqual(expect.arrayContaining(['80.000.000,00 kr.']));
    await overview.table(overview.comparison, 'Indsatser pr. klynge i 2022 efter målgruppe').waitFor();
    await expectNoAxeViolations(page, 'startsiden for en national læser');
    await screenshot(page, 'overview-start-national');
    await overview.openNational(2022);
    await overview.chart(overview.comparison, 'Tildelt pr. indbygger i 2022').waitFor();
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'overview-national-print');
    await page.emulateMedia({ media: 'screen' });
    await expectNoAxeViolations(page, 'overblik over hele landet');
  });
});
