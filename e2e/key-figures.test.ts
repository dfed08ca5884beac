import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticRateFile } from '../src/app/key-figures/test-fixtures.ts';
import { HOOK_TIMEOUT_MS, expectNoAxeViolations, screenshot } from './support/harness.ts';
import { apiAs, createUser, useJourney } from './support/session.ts';
import { LoginPage } from './page-models/login-page.ts';
import { newContext } from './support/harness.ts';
import { KeyFiguresPage } from './page-models/key-figures-page.ts';

/** No internet in tests: StatBank is a closed port on 127.0.0.1, so "Hent fra Danmarks Statistik" meets "no connection". */
async function closedLocalPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
process.env['KLYNGE_STATBANK_URL'] = `http://127.0.0.1:${String(await closedLocalPort())}/v1`;

describe('key figures, scenarios and StatBank (issue 14)', () => {
  let page: Page;
  const journey = useJourney();
  beforeAll(() => {
    page = journey().page;
  }, HOOK_TIMEOUT_MS);

  it('imports a key-figure file and shows a cluster’s series against region and country, with "<5" for a small count', async () => {
    const kf = new KeyFiguresPage(page);
    await kf.open();
    // The bundled population overview is there from the first start.
    await kf.seriesRow('2020K1').waitFor();
    await expectNoAxeViolations(page, 'nøgletal (indbyggere)');
    await kf.importFile('forebyggelige-indlaeggelser.csv', syntheticRateFile());
    await kf.open('elderly-preventable-admissions', 'hovedstaden-bornholm');
    await kf.seriesRow('2022').waitFor();
    for (const period of ['2020', '2021', '2022']) {
      const cells = (await kf.seriesRow(period).locator('td').allInnerTexts()).map((s) => s.trim());
      expect(cells[0], period).toMatch(/^<5/);
      expect(cells[1], period).toMatch(/^\d+,\d$/);
      expect(cells[2], period).toMatch(/^\d+,\d$/);
    }
    await expect(kf.chart.locator('title').textContent()).resolves.toContain('Bornholm');
    await expectNoAxeViolations(page, 'nøgletal for Bornholm');
  });

  it('sets a target and sees it in the chart and as development against it', async () => {
    const kf = new KeyFiguresPage(page);
    await kf.open('elderly-preventable-admissions', 'hovedstaden-midt');
    await kf.seriesRow('2022').waitFor();
    await kf.setTarget('15', '2025', 'Klyngemøde 12.09.2022');
    await page.getByText('Mål: 15,0 i 2025.').waitFor();
    await kf.chart.locator('.line-chart__target').waitFor();
    expect(await page.locator('.kf-summary').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/Udviklingen går (mod|væk fra) målet/)]));
    await expectNoAxeViolations(page, 'nøgletal med mål');
    await screenshot(page, 'key-figures-target');
  });

  it('all clusters: the "<5" cluster is not derivable as the region’s total minus the other clusters', async () => {
    const kf = new KeyFiguresPage(page);
    await kf.open('elderly-preventable-admissions', 'hovedstaden-bornholm');
    await kf.nationalTable.waitFor();
    const value = async (name: string): Promise<string> => ((await kf.nationalRow(name).locator('td').first().innerText()).trim());
    expect(await value('Bornholm')).toMatch(/^<5/);
    const hovedstaden = ['Klynge Nord', 'Klynge Midt', 'Klynge Syd', 'Klynge By', 'Bornholm'];
    // Names repeat across regions: the Hovedstaden rows are the five after "Region Hovedstaden".
    const rows = kf.nationalTable.locator('tbody tr');
    const names = (await rows.locator('th').allInnerTexts()).map((s) => s.trim());
    const start = names.indexOf('Region Hovedstaden');
    const texts = await Promise.all(hovedstaden.map((_, i) => rows.nth(start + 1 + i).locator('td').first().innerText()));
    expect(names.slice(start + 1, start + 6)).toEqual(hovedstaden);
    expect(texts.filter((t) => /^(<5|skjult)/.test(t.trim())).length).toBeGreaterThanOrEqual(2);
    expect((await rows.nth(start).locator('td').first().innerText()).trim()).toMatch(/^\d+,\d$/);
    // The catalogue, and the administrator's form for a new key figure, open and pass axe too.
    await page.getByText('Nyt nøgletal i kataloget').click();
    await page.locator('details.kf-theme summary', { hasText: 'De sårbare ældre' }).click();
    await page.getByLabel('Id (små bogstaver, tal og bindestreg)').waitFor();
    await expectNoAxeViolations(page, 'nøgletal, alle klynger og katalog');
    await screenshot(page, 'key-figures-national');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'key-figures-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('Bornholm’s secretariat sees its own series with the comparisons, not the other clusters', async () => {
    const user = { username: 'bornholm-sekretariat', displayName: 'Sekretariat Bornholm', password: 'Bornholm-Adgangskode-1234', roles: [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: 'hovedstaden-bornholm' } }] };
    await createUser(page, user);
    const context = await newContext(journey().browser, journey().klynge.url);
    try {
      const other = await context.newPage();
      const login = new LoginPage(other);
      await login.open();
      await login.signIn(user.username, user.password);
      await login.shell.signedInUser.waitFor();
      const kf = new KeyFiguresPage(other);
      await kf.open('elderly-preventable-admissions');
      await kf.seriesRow('2022').waitFor();
      expect((await kf.seriesRow('2022').locator('td').first().innerText()).trim()).toMatch(/^<5/);
      expect(await other.getByRole('heading', { name: 'Alle klynger' }).count()).toBe(0);
      expect(await other.getByRole('heading', { name: 'Indlæs nøgletal' }).count()).toBe(0);
      // Its own target form is there. An address naming another cluster shows its own instead: the
      // picker offers only Bornholm (the server refuses another cluster's series: the role matrix).
      await other.getByLabel('Mål (i nøgletallets enhed)').waitFor();
      await kf.open('elderly-preventable-admissions', 'hovedstaden-syd');
      const picker = other.locator('select.form-select').filter({ has: other.locator('option[value="hovedstaden-bornholm"]') });
      await expect.poll(() => picker.inputValue()).toBe('hovedstaden-bornholm');
      expect(await picker.locator('option').count()).toBe(1);
      await expectNoAxeViolations(other, 'nøgletal som klyngesekretariat');
    } finally {
      await context.close();
    }
  });

  it('a scenario "2022 with Region Syddanmark’s key split by population" shows Sønderjysk Klynge’s difference from the decided run', async () => {
    // The decided run first takes Tabel 1's agreed split for Syddanmark (an administrator's promotion over the API).
    const agreed = await apiAs<{ id: string }>(page, 'POST', '/api/years/2022/scenarios', {
      name: 'Tabel 1: Region Syddanmarks aftalte fordeling',
      inputs: { regionalSplits: [{ regionCode: '1083', kind: 'agreed', weights: { 'syddanmark-sydvestjysk': '1657254', 'syddanmark-lillebaelt': '2061670', 'syddanmark-soenderjysk': '1628090', 'syddanmark-fyn': '3216985' }, source: 'Bilag 1, Tabel 1 (seed 000)' }] },
    });
    expect(agreed.status).toBe(201);
    expect((await apiAs(page, 'POST', `/api/scenarios/${agreed.json.id}/promote`, { note: 'Journey' })).status).toBe(201);
    const decidedBefore = await apiAs<unknown>(page, 'GET', '/api/years/2022/allocation');
    await page.goto('/#/scenarios/2022');
    await page.getByRole('heading', { level: 1, name: 'Scenarier for fordelingen' }).waitFor();
    await expectNoAxeViolations(page, 'scenarier');
    await page.getByLabel('Navn').fill('2022 med Region Syddanmarks nøgle fordelt efter befolkning');
    await page.getByRole('group', { name: /Region Syddanmark/ }).getByLabel('efter befolkningstal').check();
    await page.getByRole('button', { name: 'Beregn og gem scenariet' }).click();
    await page.getByRole('heading', { level: 2, name: '2022 med Region Syddanmarks nøgle fordelt efter befolkning' }).waitFor();
    const soenderjysk = page.locator('tbody[data-cluster="syddanmark-soenderjysk"]');
    await soenderjysk.waitFor();
    // By population Sønderjysk gets about 62.000 kr. less of the region's amount than the agreed split gave it.
    expect((await soenderjysk.locator('tr[data-party="region"] td').nth(2).innerText()).trim()).toMatch(/^-6\d\.\d{3},\d{2} kr\.$/);
    expect((await soenderjysk.locator('tr[data-party="municipalities"] td').nth(2).innerText()).trim()).toBe('0,00 kr.');
    expect((await apiAs<unknown>(page, 'GET', '/api/years/2022/allocation')).json).toEqual(decidedBefore.json);
    // The secretariat co-financing under the scenario, beside the decided one.
    await page.getByLabel('Sekretariatets udgift (kr.)').fill('1.000.000');
    await page.getByRole('button', { name: 'Vis medfinansieringen' }).click();
    await page.getByRole('table', { name: /Medfinansiering af sekretariatet i Klynge Syd/ }).getByRole('rowheader', { name: '101 København' }).waitFor();
    await expectNoAxeViolations(page, 'scenarie');
    await screenshot(page, 'scenario');
  });

  it('"Hent fra Danmarks Statistik" without a connection says so in Danish, and the upload is still there', async () => {
    await page.goto('/#/population');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByLabel('Kvartal', { exact: true }).fill('2023K1');
    await page.getByRole('button', { name: 'Hent fra Danmarks Statistik' }).click();
    await page.locator('.alert-error').filter({ hasText: 'kan ikke nås fra serveren' }).waitFor();
    await page.getByLabel(/FOLK1A/).waitFor();
    await expectNoAxeViolations(page, 'indbyggertal med Statistikbanken');
  });
});
