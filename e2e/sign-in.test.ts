import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, ADMIN_USERNAME, HOOK_TIMEOUT_MS, expectNoAxeViolations, launchBrowser, newContext, screenshot, startKlynge, type Klynge } from './support/harness.ts';
import { LoginPage } from './page-models/login-page.ts';
import { createUser } from './support/session.ts';

describe('sign-in and the start page', () => {
  let klynge: Klynge;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    klynge = await startKlynge();
    browser = await launchBrowser();
    context = await newContext(browser, klynge.url);
    page = await context.newPage();
  }, HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await klynge?.close();
  }, HOOK_TIMEOUT_MS);

  it('shows a Danish sign-in page that passes axe', async () => {
    const login = new LoginPage(page);
    await login.open();
    expect(await page.locator('html').getAttribute('lang')).toBe('da');
    await expect.poll(() => page.title()).toBe('Log ind – Klynge');
    await expect.poll(() => login.shell.productName.innerText()).toBe('Klynge');
    await expectNoAxeViolations(page, 'log ind');
    await screenshot(page, 'login');
  });

  it("shows the server's Danish message on a wrong password, with no stack trace", async () => {
    const login = new LoginPage(page);
    await login.signIn(ADMIN_USERNAME, 'forkert-adgangskode');
    await login.error.waitFor();
    const text = await login.error.innerText();
    expect(text).toContain('Forkert brugernavn eller adgangskode.');
    expect(text).not.toMatch(/\bat \S+:\d+/);
    expect(await login.password.inputValue()).toBe('');
    await expectNoAxeViolations(page, 'log ind med fejl');
  });

  it('signs in by keyboard alone and lands on the start page with the user in the header', async () => {
    const login = new LoginPage(page);
    await page.reload();
    await login.username.waitFor();
    await login.signInByKeyboard(ADMIN_USERNAME, ADMIN_PASSWORD);
    await login.shell.signedInUser.waitFor();
    await expect.poll(() => login.shell.heading().innerText()).toMatch(/^Velkommen, /);
    expect(await page.getByRole('listitem').filter({ hasText: 'Systemadministrator' }).count()).toBe(1);
    expect(await login.shell.logoutButton.isVisible()).toBe(true);
    await expectNoAxeViolations(page, 'forside');
    await screenshot(page, 'start');
  });

  it('switches to English, remembers it across a reload, and switches back', async () => {
    const login = new LoginPage(page);
    await login.shell.languageButton.click();
    await expect.poll(() => login.shell.heading().innerText()).toMatch(/^Welcome, /);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.reload();
    await expect.poll(() => login.shell.heading().innerText()).toMatch(/^Welcome, /);
    await expectNoAxeViolations(page, 'start page in English');
    await login.shell.languageButton.click();
    await expect.poll(() => login.shell.heading().innerText()).toMatch(/^Velkommen, /);
  });

  it('signs out and is asked to sign in again', async () => {
    const login = new LoginPage(page);
    await login.shell.logout();
    await login.username.waitFor();
    expect(await login.shell.signedInUser.count()).toBe(0);
    await page.reload();
    await login.username.waitFor();
  });

  it('takes a new user from sign-in to the allocation table', async () => {
    // The administrator creates a finance officer for København (the API the admin uses).
    const login = new LoginPage(page);
    await login.signIn(ADMIN_USERNAME, ADMIN_PASSWORD);
    await login.shell.signedInUser.waitFor();
    await createUser(page, { username: 'okonomi-kbh', displayName: 'Økonomi København', password: 'Ny-bruger-adgangskode-1', roles: [{ role: 'finance-officer', scope: { kind: 'municipality', id: '101' } }] });
    await login.shell.logout();
    await login.username.waitFor();

    await login.signIn('okonomi-kbh', 'Ny-bruger-adgangskode-1');
    await expect.poll(() => login.shell.signedInUser.innerText()).toContain('Økonomi København');
    await login.shell.goto('Fordeling');
    const table = page.locator('table.allocation-table');
    await table.waitFor();
    const total = table.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: 'Hele landet', exact: true }) });
    expect((await total.locator('td').allInnerTexts()).slice(0, 3).map((x) => x.trim())).toEqual(['40.000.000', '40.000.000', '80.000.000']);
    // A finance officer may read but not compute a new run.
    expect(await page.getByRole('button', { name: /Beregn/ }).count()).toBe(0);
    await expectNoAxeViolations(page, 'fordeling som ny bruger');
    await screenshot(page, 'new-user-allocation');
  });
});
