import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, newContext, screenshot } from './support/harness.ts';
import { signInAsAdmin, signInAsNewUser, useJourney } from './support/session.ts';
import { EconomyPage } from './page-models/economy-page.ts';

const CLUSTER = 'hovedstaden-syd';

/**
 * Issue 4's journey: a secretariat user registers extra local funds, creates and approves an
 * initiative with a salary-based and an hourly-rate forecast, records actuals, produces the
 * settlement and posting files, closes the year and carries forward.
 */
describe('the cluster economy, a secretariat’s year', () => {
  let page: Page;
  let economy: EconomyPage;

  const journey = useJourney({
    as: { username: 'sekretariat-syd', displayName: 'Sekretariat Klynge Syd', password: 'Blaa-Tagrende-Marts-7431!', roles: [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: CLUSTER } }] },
  });
  beforeAll(() => {
    page = journey().page;
    economy = new EconomyPage(page);
  });

  it('opens the cluster’s economy from the menu on its first sub-page (Midler), with the allocated funds, and passes axe', async () => {
    await economy.shell.goto('Økonomi');
    await economy.fundsTable.waitFor();
    // The tabs name every sub-page; the first is current.
    expect(await economy.tabs.getByRole('link').allInnerTexts()).toEqual(['Midler', 'Indsatser', 'Forbrug', 'Afregninger', 'Årsafslutning']);
    await expect.poll(() => economy.tabLink('Midler').getAttribute('aria-current')).toBe('page');
    expect(await economy.fundsTable.locator('caption').innerText()).toContain('Klynge Syd');
    const total = (await economy.fundsTable.locator('tfoot td').allInnerTexts()).map((s) => s.trim());
    expect(total[0]).toBe('7.794.772,00'); // Klynge Syd's common funds 2022 (Bilag 1)
    await expectNoAxeViolations(page, 'økonomi');
    await screenshot(page, 'economy-sub-funds');
  });

  it('moves between the sub-pages with the keyboard, the URL saying where the user is', async () => {
    await economy.tabLink('Midler').focus();
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Indsatser');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toMatch(/#\/economy\/hovedstaden-syd\/2022\/initiatives$/);
    // The URL changes first; the tab is marked once the page has rendered the route.
    await expect.poll(() => economy.tabLink('Indsatser').getAttribute('aria-current')).toBe('page');
    await page.goBack();
    await economy.fundsTable.waitFor();
    expect(page.url()).toMatch(/#\/economy\/hovedstaden-syd\/2022\/funds$/);
  });

  it('says at the amount field what is wrong with an empty amount and with "250 tusind", sending nothing', async () => {
    const s = economy.section('Ekstra lokale midler');
    const amount = s.getByLabel('Beløb (kr.)');
    await s.getByLabel('Beslutning').fill('Hvidovre Byråd 03.03.2022, pkt. 7');
    await s.getByRole('button', { name: 'Registrér' }).click();
    await expect.poll(() => economy.fieldError(amount)).toBe('Skriv et beløb i kr. (fx 1.234.567,89).');
    expect(await amount.getAttribute('aria-invalid')).toBe('true');
    // The cursor is put in the field to correct.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).toBe('true');
    await amount.fill('250 tusind');
    await s.getByRole('button', { name: 'Registrér' }).click();
    await expect.poll(() => economy.fieldError(amount)).toBe('"250 tusind" er ikke et beløb (skriv fx 1.234.567,89).');
    expect(await s.locator('.alert-error').count()).toBe(0);
    expect(await page.getByText('uventet fejl').count()).toBe(0);
    expect((await economy.fundsRow('Hvidovre'))[1]).toBe('0,00');
    await expectNoAxeViolations(page, 'beløb med fejl');
    await screenshot(page, 'economy-field-errors');
  });

  it('registers extra local funds with the decision behind them', async () => {
    const s = economy.section('Ekstra lokale midler');
    await s.getByLabel('Part', { exact: true }).selectOption({ label: 'Hvidovre' });
    await s.getByLabel('Beløb (kr.)').fill('50.000');
    await s.getByLabel('Beslutning').fill('Hvidovre Byråd 03.03.2022, pkt. 7');
    await s.getByRole('button', { name: 'Registrér' }).click();
    await expect.poll(async () => (await economy.fundsRow('Hvidovre'))[1]).toBe('50.000,00');
  });

  it('creates an initiative with a salary-based and an hourly-rate forecast, typed like a spreadsheet, each line’s cost shown while typing', async () => {
    await economy.tab('Indsatser');
    await page.getByRole('button', { name: 'Ny indsats' }).click();
    const form = page.locator('form.new-initiative');
    await form.getByLabel('Titel').fill('Opsporing af KOL i almen praksis');
    await form.getByLabel('Målgruppe').selectOption({ label: 'Borgere med kroniske sygdomme' });
    await form.getByLabel('Udførende part').selectOption({ label: 'København' });
    // Line 1: salary (årsløn × årsværk × måneder), moving between cells with the arrow keys.
    await economy.cell(form, 'Tekst', 1).fill('Projektsygeplejerske');
    await economy.cell(form, 'Tekst', 1).press('End');
    await economy.cell(form, 'Tekst', 1).press('ArrowRight');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Type, linje 1');
    await economy.cell(form, 'Årsløn / timetakst / beløb (kr.)', 1).fill('600.000');
    await economy.cell(form, 'Årsværk / timer', 1).fill('0,5');
    await economy.cell(form, 'Måneder', 1).fill('12');
    // The line's cost while typing, by the server's rule: 600.000 × 0,5 × 12/12.
    const grid = form.locator('table.editable-grid');
    await expect.poll(() => grid.locator('tbody tr').first().locator('td.computed').first().innerText()).toBe('300.000,00 kr.');
    // Line 2: pasted from Excel (tab-separated), hours at the cluster's agreed rate.
    await form.getByRole('button', { name: 'Tilføj linje' }).click();
    const pasted = ['Praktiserende læger, møder', 'Timer × timetakst', '2022', 'København', 'Udvikling', 'Fælles midler', '450', '200', '', 'Aftalt i klyngen 12.01.2022'].join('\t');
    await economy.cell(form, 'Tekst', 2).evaluate((el, text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, pasted);
    await expect.poll(() => economy.cell(form, 'Aftalt timetakst (kilde)', 2).inputValue()).toBe('Aftalt i klyngen 12.01.2022');
    // Each line's cost and the running total: 300.000 + 90.000.
    expect(await grid.locator('tbody tr').nth(1).locator('td.computed').allInnerTexts()).toEqual(['90.000,00 kr.', '390.000,00 kr.']);
    expect(await grid.locator('tfoot td.computed').innerText()).toBe('390.000,00 kr.');
    await expectNoAxeViolations(page, 'ny indsats');
    await screenshot(page, 'economy-new-initiative');
    await form.getByRole('button', { name: 'Opret indsats' }).click();
    const panel = economy.initiativePanel;
    await panel.waitFor();
    // The URL names the initiative, so it can be bookmarked and sent on.
    expect(page.url()).toMatch(/#\/economy\/hovedstaden-syd\/2022\/initiatives\/[\w-]+$/);
    expect(await panel.getByRole('heading').first().innerText()).toContain('Foreslået');
    const lines = panel.locator('table.forecast-lines');
    // 600.000 × 0,5 × 12/12 = 300.000; 450 × 200 = 90.000.
    expect(await lines.locator('tbody tr').nth(0).locator('td').last().innerText()).toBe('300.000,00 kr.');
    expect(await lines.locator('tbody tr').nth(1).locator('td').last().innerText()).toBe('90.000,00 kr.');
    expect(await lines.locator('tfoot td').innerText()).toBe('390.000,00 kr.');
  });

  it('approves it with a Danish date and the decision, and starts it', async () => {
    const panel = economy.initiativePanel;
    const date = panel.getByLabel('Dato', { exact: true });
    await panel.getByLabel('Møde (henvisning)').fill('Politisk niveau 01.02.2022, pkt. 3');
    await date.fill('31.02.2022');
    await panel.getByRole('button', { name: 'Godkend' }).click();
    await expect.poll(() => economy.fieldError(date)).toBe('"31.02.2022" er ikke en dato (skriv dd.mm.åååå, fx 15.03.2022).');
    expect(await panel.getByRole('heading').first().innerText()).toContain('Foreslået');
    await date.fill('01.02.2022');
    await panel.getByRole('button', { name: 'Godkend' }).click();
    await expect.poll(() => panel.getByRole('heading').first().innerText()).toContain('Godkendt');
    await panel.getByRole('button', { name: 'Sæt i gang' }).click();
    await expect.poll(() => panel.getByRole('heading').first().innerText()).toContain('I gang');
    // The committed funds now hold the forecast.
    await expect.poll(() => economy.total('Disponeret')).toBe('390.000,00 kr.');
    await screenshot(page, 'economy-sub-initiatives');
  });

  it('records actuals on Forbrug, with a message at the cell of a mistyped amount', async () => {
    await economy.initiativePanel.getByRole('link', { name: 'Registrér forbrug på Opsporing af KOL i almen praksis' }).click();
    const form = page.locator('form.actuals-form');
    await form.waitFor();
    await expect.poll(() => economy.tabLink('Forbrug').getAttribute('aria-current')).toBe('page');
    await economy.cell(form, 'Periode (år-måned)', 1).fill('2022-06');
    await economy.cell(form, 'Tekst', 1).fill('Løn januar–juni');
    const amount = economy.cell(form, 'Beløb (kr.)', 1);
    await amount.fill('150 tkr');
    await form.getByRole('button', { name: 'Gem forbrug' }).click();
    await expect.poll(() => economy.fieldError(amount)).toBe('"150 tkr" er ikke et beløb (skriv fx 1.234.567,89).');
    expect(await form.getByRole('alert').innerText()).toBe('1 felt skal rettes; se beskeden ved feltet.');
    await expectNoAxeViolations(page, 'forbrug med fejl i en celle');
    await amount.fill('150.000');
    await form.getByRole('button', { name: 'Gem forbrug' }).click();
    await expect.poll(() => form.locator('.alert-success').innerText()).toContain('1 linje forbrug er gemt.');
    await expect.poll(() => economy.total('Forbrugt')).toBe('150.000,00 kr.');
    await expectNoAxeViolations(page, 'forbrug');
    await screenshot(page, 'economy-sub-actuals');
  });

  it('edits the forecast after approval: the approved version is kept and the difference shown', async () => {
    await economy.tab('Indsatser');
    const panel = await economy.openInitiative('Opsporing af KOL i almen praksis');
    await panel.getByRole('button', { name: 'Ret prognose' }).click();
    const form = panel.getByRole('form', { name: 'Ret prognose' });
    await economy.cell(form, 'Årsværk / timer', 2).fill('220');
    await form.getByRole('button', { name: 'Gem prognose' }).click();
    const diff = panel.locator('table.forecast-difference');
    await diff.waitFor();
    // 450 kr. × 20 more hours = 9.000 kr. more than approved; the approved 390.000 stays.
    expect((await diff.locator('tfoot td').allInnerTexts()).map((t) => t.trim())).toEqual(['390.000,00 kr.', '399.000,00 kr.', '9.000,00 kr.']);
    await expectNoAxeViolations(page, 'ændret prognose');
    await panel.getByLabel('Dato', { exact: true }).fill('15.03.2022');
    await panel.getByLabel('Møde (henvisning)').fill('Politisk niveau 15.03.2022, pkt. 2');
    await panel.getByRole('button', { name: 'Godkend den ændrede prognose' }).click();
    await diff.waitFor({ state: 'detached' });
    await expect.poll(() => economy.total('Disponeret')).toBe('399.000,00 kr.');
  });

  it('refuses a ledger extract with a bad line as a whole, naming the line', async () => {
    await economy.tab('Forbrug');
    const s = economy.section('Indlæs forbrug fra fil');
    const spentBefore = await economy.total('Forbrugt');
    const csv = 'Indsats;Part;Periode;Beløb;Kategori;Finansiering;Tekst\nOpsporing af KOL i almen praksis;101;2022-07;10.000,00;Udvikling;Fælles midler;ok\nOpsporing af KOL i almen praksis;101;2022-08;10.000,00;Drift;Fælles midler;drift\n';
    await s.getByLabel('Bogføringsudtræk (CSV)').setInputFiles({ name: 'udtraek.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await s.getByRole('button', { name: 'Indlæs' }).click();
    const errors = s.getByRole('list', { name: 'Fejl pr. linje' });
    await errors.waitFor();
    expect(await errors.innerText()).toContain('Linje 3');
    expect(await errors.innerText()).toContain('ikke til drift');
    expect(await economy.total('Forbrugt')).toBe(spentBefore);
    await expectNoAxeViolations(page, 'forbrug med linjefejl');
  });

  it('produces the settlement and the posting files', async () => {
    await economy.tab('Afregninger');
    const s = await economy.settle();
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
    await screenshot(page, 'economy-sub-settlements');
  });

  it('settling the same period again charges nothing twice; the run is listed with every party’s file', async () => {
    const s = await economy.settle();
    await expect.poll(() => economy.alertText(s)).toMatch(/Perioden er allerede afregnet \(nr\. \d+\); der er ikke opkrævet igen\./);
    const runs = economy.section('Afregninger 2022');
    await expect.poll(() => runs.locator('tbody tr').count()).toBe(1);
    expect(await runs.locator('tbody tr').first().innerText()).toContain('Gældende');
    await expectNoAxeViolations(page, 'afregninger');
  });

  it('corrects a line by a correcting line, reverses the run with a reason after a confirmation, and settles the corrected period again', async () => {
    // The June salary was 120.000, not 150.000: a correcting line of −30.000 is added; the line stays.
    await economy.tab('Forbrug');
    const lines = economy.section('Forbrug 2022');
    await lines.getByRole('button', { name: /^Ret linje \d+$/ }).first().click();
    const correct = page.getByRole('dialog');
    await expectNoAxeViolations(page, 'ret forbrug (dialog)');
    await correct.getByLabel('Rigtigt beløb (kr.)').fill('120.000');
    await correct.getByLabel('Begrundelse').fill('Lønrefusion fratrukket');
    await correct.getByRole('button', { name: 'Registrér rettelsen' }).click();
    await expect.poll(() => lines.locator('tbody tr').count()).toBe(2);
    expect(await lines.locator('tbody tr').nth(1).innerText()).toContain('-30.000,00 kr.');
    await economy.tab('Afregninger');
    const runs = economy.section('Afregninger 2022');
    // The run still charges 150.000 and says that a line came after it.
    expect(await runs.locator('tbody tr').first().innerText()).toContain('registreret efter afregningen');
    const runId = (await runs.locator('tbody tr th').first().innerText()).trim();
    await runs.getByRole('button', { name: `Tilbagefør nr. ${runId}` }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.innerText()).toContain('Det kan ikke fortrydes');
    await expectNoAxeViolations(page, 'tilbageførsel (dialog)');
    await dialog.getByLabel('Begrundelse').fill('Junilønnen er rettet');
    await dialog.getByRole('button', { name: 'Tilbagefør afregningen' }).click();
    await expect.poll(() => runs.locator('tbody tr').count()).toBe(2);
    expect(await runs.locator('tbody tr').first().innerText()).toContain(`Tilbageførsel af nr. ${runId}`);
    expect(await runs.locator('tbody tr').nth(1).innerText()).toContain('Tilbageført');
    await economy.settle({ to: '2022-06' });
    await expect.poll(() => runs.locator('tbody tr').count()).toBe(3);
    const rerun = await runs.locator('tbody tr').first().innerText();
    expect(rerun).toContain('2022-01 – 2022-06');
    expect(rerun).toContain('Gældende');
    expect(rerun).not.toContain('registreret efter afregningen');
    await screenshot(page, 'economy-runs');
  });

  it('a refund settles as negative obligations', async () => {
    await economy.tab('Forbrug');
    const form = page.locator('form.actuals-form');
    await economy.cell(form, 'Periode (år-måned)', 1).fill('2022-09');
    await economy.cell(form, 'Beløb (kr.)', 1).fill('-12.000');
    await economy.cell(form, 'Tekst', 1).fill('Tilbagebetalt kursusgebyr');
    await form.getByRole('button', { name: 'Gem forbrug' }).click();
    await expect.poll(() => form.locator('.alert-success').innerText()).toContain('1 linje forbrug er gemt.');
    await economy.tab('Afregninger');
    const s = await economy.settle({ from: '2022-07', to: '2022-12' });
    const obligations = s.locator('table.obligations-table');
    await expect.poll(() => obligations.locator('caption').innerText()).toContain('2022-07–2022-12');
    const amounts = (await obligations.locator('tbody td.numeric').allInnerTexts()).map((t) => t.trim());
    expect(amounts.length).toBeGreaterThan(1);
    for (const a of amounts) expect(a).toMatch(/^-[\d.]+,\d\d kr\.$/);
    await expectNoAxeViolations(page, 'tilbagebetaling afregnet');
  });

  it('a finance officer of a paying municipality downloads its own posting file from the list of runs', async () => {
    const { klynge, browser } = journey();
    const context = await newContext(browser, klynge.url);
    const fo = await context.newPage();
    const login = await signInAsAdmin(fo);
    await signInAsNewUser(fo, login, { username: 'okonomi-hvidovre', displayName: 'Økonomi Hvidovre', password: 'Groen-Postkasse-Juni-5820!', roles: [{ role: 'finance-officer', scope: { kind: 'municipality', id: '167' } }] });
    const foEconomy = new EconomyPage(fo);
    await foEconomy.open(CLUSTER, 2022, 'settlements');
    const runs = foEconomy.section('Afregninger 2022');
    const inForce = runs.locator('tbody tr').filter({ hasText: 'Gældende' }).filter({ hasText: '2022-01 – 2022-06' });
    const runId = (await inForce.locator('th').innerText()).trim();
    const [download] = await Promise.all([fo.waitForEvent('download'), inForce.getByRole('link', { name: `CSV, Hvidovre, nr. ${runId}` }).click()]);
    expect(download.suggestedFilename()).toBe(`konteringer-hovedstaden-syd-afregning-${runId}-167.csv`);
    const { readFile } = await import('node:fs/promises');
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv).toMatch(/Kontrolsum;\d+ linjer/);
    // A finance officer does not reverse settlements.
    expect(await runs.getByRole('button', { name: /Tilbagefør/ }).count()).toBe(0);
    await expectNoAxeViolations(fo, 'afregninger (økonomimedarbejder)');
    await screenshot(fo, 'economy-runs-finance-officer');
    // Recording a ceiling commitment, the party picker offers only the officer's own municipality.
    await foEconomy.tab('Årsafslutning');
    const party = foEconomy.section('Årsafslutning').getByLabel('Part', { exact: true });
    await expect.poll(() => party.locator('option').allInnerTexts()).toEqual(['Hvidovre']);
    await context.close();
  });

  it('closes the year after a confirmation naming the consequence, and carries the committed part forward into the next year', async () => {
    await economy.tab('Årsafslutning');
    const s = economy.section('Årsafslutning');
    await s.getByLabel('Part', { exact: true }).selectOption({ label: 'Region Hovedstaden' });
    await s.getByLabel('Beløb (kr.)').fill('100.000');
    await s.getByRole('button', { name: 'Registrér tilsagn' }).click();
    await expect.poll(() => s.locator('ul.commitments').innerText()).toContain('Region Hovedstaden: 100.000,00 kr.');
    await s.getByRole('button', { name: 'Afslut 2022' }).click();
    // Nothing is closed until the user confirms in the dialog, which says what closing means.
    const dialog = page.getByRole('dialog', { name: 'Afslut 2022?' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('resten bortfalder');
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[role="dialog"]') !== null)).toBe(true);
    await expectNoAxeViolations(page, 'afslut år (dialog)');
    await screenshot(page, 'economy-close-confirm');
    await dialog.getByRole('button', { name: 'Annullér' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await s.locator('table.closing-table').count()).toBe(0);
    // Focus returns to the button that opened the dialog.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Afslut 2022');
    await s.getByRole('button', { name: 'Afslut 2022' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Afslut 2022' }).click();
    const closing = s.locator('table.closing-table');
    await closing.waitFor();
    const region = closing.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: 'Region Hovedstaden', exact: true }) });
    expect((await region.locator('td').nth(3).innerText()).trim()).toBe('100.000,00 kr.');
    await expectNoAxeViolations(page, 'år afsluttet');
    await screenshot(page, 'economy-sub-year-end');
    await economy.open(CLUSTER, 2023);
    await expect.poll(async () => (await economy.fundsRow('Region Hovedstaden'))[2]).toBe('100.000,00');
    await expectNoAxeViolations(page, 'økonomi 2023');
  });
});
