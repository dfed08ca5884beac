import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, ADMIN_USERNAME, HOOK_TIMEOUT_MS, expectNoAxeViolations, launchBrowser, newContext, screenshot, startKlynge, type Klynge } from './support/harness.ts';
import { EconomyPage } from './page-models/economy-page.ts';
import { LoginPage } from './page-models/login-page.ts';

const CLUSTER = 'hovedstaden-syd';

/**
 * Issue 4's journey: a secretariat user registers extra local funds, creates and approves an
 * initiative with a salary-based and an hourly-rate forecast, records actuals, produces the
 * settlement and posting files, closes the year and carries forward.
 */
describe('the cluster economy, a secretariat’s year', () => {
  let klynge: Klynge;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let economy: EconomyPage;

  beforeAll(async () => {
    klynge = await startKlynge();
    browser = await launchBrowser();
    context = await newContext(browser, klynge.url);
    page = await context.newPage();
    const login = new LoginPage(page);
    await login.open();
    await login.signIn(ADMIN_USERNAME, ADMIN_PASSWORD);
    await login.shell.signedInUser.waitFor();
    // The administrator creates the secretariat's user; the journey runs as that user.
    const status = await page.evaluate(async (cluster) => {
      const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
      const res = await fetch('/api/admin/users', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ username: 'sekretariat-syd', displayName: 'Sekretariat Klynge Syd', password: 'Sekretariat-Syd-2022!', roles: [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: cluster } }] }),
      });
      return res.status;
    }, CLUSTER);
    expect(status).toBe(201);
    await login.shell.logout();
    await login.username.waitFor();
    await login.signIn('sekretariat-syd', 'Sekretariat-Syd-2022!');
    await login.shell.signedInUser.waitFor();
    economy = new EconomyPage(page);
  }, HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await klynge?.close();
  }, HOOK_TIMEOUT_MS);

  it('opens the cluster’s economy from the menu, with the allocated funds, and passes axe', async () => {
    await economy.shell.goto('Økonomi');
    await economy.fundsTable.waitFor();
    expect(await economy.fundsTable.locator('caption').innerText()).toContain('Klynge Syd');
    const total = (await economy.fundsTable.locator('tfoot td').allInnerTexts()).map((s) => s.trim());
    expect(total[0]).toBe('7.794.772,00'); // Klynge Syd's common funds 2022 (Bilag 1)
    await expectNoAxeViolations(page, 'økonomi');
  });

  it('registers extra local funds with the decision behind them', async () => {
    const s = economy.section('Ekstra lokale midler');
    await s.getByLabel('Part', { exact: true }).selectOption({ label: 'Hvidovre' });
    await s.getByLabel('Beløb (kr.)').fill('50.000');
    await s.getByLabel('Beslutning').fill('Hvidovre Byråd 03.03.2022, pkt. 7');
    await s.getByRole('button', { name: 'Registrér' }).click();
    await expect.poll(async () => (await economy.fundsRow('Hvidovre'))[1]).toBe('50.000,00');
  });

  it('creates an initiative with a salary-based and an hourly-rate forecast, typed like a spreadsheet', async () => {
    const s = economy.section('Indsatser');
    await s.getByRole('button', { name: 'Ny indsats' }).click();
    const form = page.locator('form.new-initiative');
    await form.getByLabel('Titel').fill('Opsporing af KOL i almen praksis');
    await form.getByLabel('Målgruppe').selectOption({ label: 'Borgere med kroniske sygdomme' });
    await form.getByLabel('Udførende part').selectOption({ label: 'København' });
    // Line 1: salary (årsløn × årsværk × måneder), moving between cells with the arrow keys.
    await economy.cell(form, 'Tekst', 1).fill('Projektsygeplejerske');
    await economy.cell(form, 'Tekst', 1).press('End');
    await economy.cell(form, 'Tekst', 1).press('ArrowRight');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('År, linje 1');
    await economy.cell(form, 'Årsløn / timetakst / beløb (kr.)', 1).fill('600.000');
    await economy.cell(form, 'Årsværk / timer', 1).fill('0,5');
    await economy.cell(form, 'Måneder', 1).fill('12');
    // Line 2: pasted from Excel (tab-separated), hours at the cluster's agreed rate.
    await form.getByRole('button', { name: 'Tilføj linje' }).click();
    await economy.cell(form, 'Type', 2).selectOption({ label: 'Timer × timetakst' });
    const pasted = ['Praktiserende læger, møder', '2022', 'København', 'Udvikling', 'Fælles midler', '450', '200', '', 'Aftalt i klyngen 12.01.2022'].join('\t');
    await economy.cell(form, 'Tekst', 2).evaluate((el, text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, pasted);
    await expect.poll(() => economy.cell(form, 'Aftalt timetakst (kilde)', 2).inputValue()).toBe('Aftalt i klyngen 12.01.2022');
    await expectNoAxeViolations(page, 'ny indsats');
    await screenshot(page, 'economy-new-initiative');
    await form.getByRole('button', { name: 'Opret indsats' }).click();
    const panel = page.locator('section.initiative-panel');
    await panel.waitFor();
    expect(await panel.getByRole('heading').first().innerText()).toContain('Foreslået');
    const lines = panel.locator('table.forecast-lines');
    // 600.000 × 0,5 × 12/12 = 300.000; 450 × 200 = 90.000.
    expect(await lines.locator('tbody tr').nth(0).locator('td').last().innerText()).toBe('300.000,00 kr.');
    expect(await lines.locator('tbody tr').nth(1).locator('td').last().innerText()).toBe('90.000,00 kr.');
    expect(await lines.locator('tfoot td').innerText()).toBe('390.000,00 kr.');
  });

  it('approves it with the decision and starts it', async () => {
    const panel = page.locator('section.initiative-panel');
    await panel.getByLabel('Dato (ÅÅÅÅ-MM-DD)').fill('2022-02-01');
    await panel.getByLabel('Møde (henvisning)').fill('Politisk niveau 01.02.2022, pkt. 3');
    await panel.getByRole('button', { name: 'Godkend' }).click();
    await expect.poll(() => panel.getByRole('heading').first().innerText()).toContain('Godkendt');
    await panel.getByRole('button', { name: 'Sæt i gang' }).click();
    await expect.poll(() => panel.getByRole('heading').first().innerText()).toContain('I gang');
    // The committed funds now hold the forecast.
    await expect.poll(async () => (await economy.fundsTable.locator('tfoot td').allInnerTexts())[4]?.trim()).toBe('390.000,00');
  });

  it('records actuals', async () => {
    const panel = page.locator('section.initiative-panel');
    await economy.cell(panel, 'Periode (år-måned)', 1).fill('2022-06');
    await economy.cell(panel, 'Beløb (kr.)', 1).fill('150.000');
    await economy.cell(panel, 'Tekst', 1).fill('Løn januar–juni');
    await panel.getByRole('button', { name: 'Gem forbrug' }).click();
    await expect.poll(() => panel.locator('.alert-success').innerText()).toContain('1 linje(r) forbrug er gemt.');
    await expect.poll(async () => (await economy.fundsTable.locator('tfoot td').allInnerTexts())[5]?.trim()).toBe('150.000,00');
    await expectNoAxeViolations(page, 'indsats med forbrug');
  });

  it('produces the settlement and the posting files', async () => {
    const s = economy.section('Afregning');
    await s.getByRole('button', { name: 'Afregn perioden' }).click();
    const obligations = s.locator('table.obligations-table');
    await obligations.waitFor();
    expect(await obligations.locator('tbody tr').count()).toBeGreaterThan(1);
    const files = s.locator('table.posting-files');
    const kbh = files.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: 'København', exact: true }) });
    const [download] = await Promise.all([page.waitForEvent('download'), kbh.getByRole('link', { name: 'CSV: København' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^konteringer-hovedstaden-syd-afregning-\d+-101\.csv$/);
    const path = await download.path();
    const { readFile } = await import('node:fs/promises');
    const csv = await readFile(path, 'utf8');
    // København executes: its expense 150.000 and the others' transfers as income; the control line closes the file.
    expect(csv).toContain(';15000000;150.000,00;');
    expect(csv).toMatch(/Kontrolsum;\d+ linjer/);
    await expectNoAxeViolations(page, 'afregning');
    await screenshot(page, 'economy-settlement');
  });

  it('closes the year and carries the committed part forward into the next year', async () => {
    const s = economy.section('Årsafslutning');
    await s.getByLabel('Part', { exact: true }).selectOption({ label: 'Region Hovedstaden' });
    await s.getByLabel('Beløb (kr.)').fill('100.000');
    await s.getByRole('button', { name: 'Registrér tilsagn' }).click();
    await expect.poll(() => s.locator('ul.commitments').innerText()).toContain('Region Hovedstaden: 100.000,00 kr.');
    await s.getByRole('button', { name: 'Afslut 2022' }).click();
    const closing = s.locator('table.closing-table');
    await closing.waitFor();
    const region = closing.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: 'Region Hovedstaden', exact: true }) });
    expect((await region.locator('td').nth(3).innerText()).trim()).toBe('100.000,00 kr.');
    await expectNoAxeViolations(page, 'år afsluttet');
    await screenshot(page, 'economy-closed');
    await economy.open(CLUSTER, 2023);
    await expect.poll(async () => (await economy.fundsRow('Region Hovedstaden'))[2]).toBe('100.000,00');
    await expectNoAxeViolations(page, 'økonomi 2023');
  });
});
