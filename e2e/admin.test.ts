import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminPage } from './page-models/admin-page.ts';
import { LoginPage } from './page-models/login-page.ts';
import { ADMIN_PASSWORD, ADMIN_USERNAME, HOOK_TIMEOUT_MS, expectNoAxeViolations, launchBrowser, newContext, screenshot, startKlynge, type Klynge } from './support/harness.ts';

const NEW_USER = { username: 'okonomi-kbh', displayName: 'Økonomi København', password: 'Kbh-adgangskode-2026' };

/** Today in Copenhagen as a date field wants it (yyyy-mm-dd). */
function today(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

describe("the administrator's screens: users, sessions, audit trail", () => {
  let klynge: Klynge;
  let browser: Browser;
  let adminContext: BrowserContext;
  let userContext: BrowserContext;
  let page: Page;
  let userPage: Page;
  let admin: AdminPage;

  beforeAll(async () => {
    klynge = await startKlynge();
    browser = await launchBrowser();
    adminContext = await newContext(browser, klynge.url);
    userContext = await newContext(browser, klynge.url);
    page = await adminContext.newPage();
    userPage = await userContext.newPage();
    admin = new AdminPage(page);
    const login = new LoginPage(page);
    await login.open();
    await login.signIn(ADMIN_USERNAME, ADMIN_PASSWORD);
    await login.shell.signedInUser.waitFor();
  }, HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await userContext?.close();
    await adminContext?.close();
    await browser?.close();
    await klynge?.close();
  }, HOOK_TIMEOUT_MS);

  it('shows the administration menu to the administrator and lists users with their roles by name', async () => {
    expect(await admin.shell.navLink('Administration').count()).toBe(1);
    await admin.openUsers();
    for (const name of ['Brugere', 'Sessioner', 'Revisionsspor']) expect(await admin.adminNavLink(name).count(), name).toBe(1);
    await expect.poll(() => admin.adminNavLink('Brugere').getAttribute('aria-current')).toBe('page');
    await expect.poll(() => admin.shell.navLink('Administration').getAttribute('aria-current')).toBe('page');
    await expect.poll(() => page.title()).toBe('Brugere – Klynge');
    await expect.poll(() => admin.userRow('admin').innerText()).toContain('Systemadministrator – Hele landet');
    await expectNoAxeViolations(page, 'brugere');
    await screenshot(page, 'admin-users');
  });

  it("refuses a short password with the server's Danish message at the field", async () => {
    await admin.fillNewUser({ ...NEW_USER, password: 'kort', roles: [] });
    await admin.submitNewUser();
    await admin.error.waitFor();
    expect(await admin.error.innerText()).toContain('Brugeren blev ikke oprettet');
    const password = admin.createForm.getByLabel('Adgangskode', { exact: true });
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    expect(await admin.createForm.locator('.form-error-message').innerText()).toContain('mindst 12 tegn');
    await expectNoAxeViolations(page, 'brugere med fejl');
    await screenshot(page, 'admin-users-error');
  });

  it('creates a finance officer for København with a password', async () => {
    await admin.fillNewUser({ ...NEW_USER, roles: [['Økonomimedarbejder', 'København']] });
    expect(await admin.createForm.locator('.role-editor-list').innerText()).toContain('Økonomimedarbejder – København');
    await admin.submitNewUser();
    await admin.success.waitFor();
    expect(await admin.success.innerText()).toBe('Brugeren Økonomi København (okonomi-kbh) er oprettet.');
    await expect.poll(() => admin.userRow(NEW_USER.username).innerText()).toContain('Økonomimedarbejder – København');
    // The form is empty again, ready for the next user.
    expect(await admin.createForm.getByLabel('Brugernavn', { exact: true }).inputValue()).toBe('');
  });

  it("refuses a taken username with the server's Danish message", async () => {
    await admin.fillNewUser({ ...NEW_USER, displayName: 'Dublet', roles: [] });
    await admin.submitNewUser();
    await admin.error.waitFor();
    expect(await admin.error.innerText()).toContain('Brugernavnet »okonomi-kbh« er allerede i brug.');
    await admin.createForm.getByLabel('Brugernavn', { exact: true }).fill('');
    await admin.createForm.getByLabel('Navn', { exact: true }).fill('');
    await admin.createForm.getByLabel('Adgangskode', { exact: true }).fill('');
  });

  it("changes the new user's roles with the keyboard in a dialog", async () => {
    await admin.editRolesButton(NEW_USER.displayName).focus();
    await page.keyboard.press('Enter');
    const dialog = admin.dialog;
    await dialog.waitFor();
    // Add the region as a second scope: choose with the keyboard, then Enter on "Tilføj rolle".
    await dialog.getByLabel('Rolle', { exact: true }).focus();
    await dialog.getByLabel('Rolle', { exact: true }).selectOption({ label: 'Medlem af sundhedssamarbejdsudvalget' });
    await page.keyboard.press('Tab');
    expect(await dialog.getByLabel('Omfang', { exact: true }).evaluate((el) => el === document.activeElement)).toBe(true);
    await dialog.getByLabel('Omfang', { exact: true }).selectOption({ label: 'Region Hovedstaden' });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.locator('.role-editor-list').innerText()).toContain('Medlem af sundhedssamarbejdsudvalget – Region Hovedstaden');
    expect(await dialog.getByRole('status').innerText()).toContain('er tilføjet');
    await expectNoAxeViolations(page, 'ret roller');
    await screenshot(page, 'admin-edit-roles');
    await dialog.getByRole('button', { name: 'Gem', exact: true }).focus();
    await page.keyboard.press('Enter');
    await admin.success.waitFor();
    expect(await admin.success.innerText()).toBe('Rollerne for Økonomi København er gemt.');
    expect(await admin.dialog.count()).toBe(0);
    const roles = await admin.userRow(NEW_USER.username).locator('.role-list li').allInnerTexts();
    expect(roles).toEqual(['Økonomimedarbejder – København', 'Medlem af sundhedssamarbejdsudvalget – Region Hovedstaden']);
  });

  it('lets the new user sign in in another browser and see the allocation table', async () => {
    const login = new LoginPage(userPage);
    await login.open();
    await login.signIn(NEW_USER.username, NEW_USER.password);
    await expect.poll(() => login.shell.signedInUser.innerText()).toContain(NEW_USER.displayName);
    // No administration for a finance officer.
    expect(await login.shell.navLink('Administration').count()).toBe(0);
    await login.shell.goto('Fordeling');
    const table = userPage.locator('table.allocation-table');
    await table.waitFor();
    const total = table.locator('tbody tr').filter({ has: userPage.getByRole('rowheader', { name: 'Hele landet', exact: true }) });
    expect((await total.locator('td').allInnerTexts()).slice(0, 3).map((x) => x.trim())).toEqual(['40.000.000', '40.000.000', '80.000.000']);
    await screenshot(userPage, 'admin-new-user-allocation');
  });

  it("shows the new user's session, ends it, and the user's next action lands on the sign-in page", async () => {
    await admin.openSessions();
    await expect.poll(() => page.title()).toBe('Sessioner – Klynge');
    const rows = admin.sessionRows(`${NEW_USER.displayName} (${NEW_USER.username})`);
    await expect.poll(() => rows.count()).toBe(1);
    const cells = await rows.first().locator('td').allInnerTexts();
    expect(cells[0]).toMatch(/^\d{2}\.\d{2}\.\d{4} kl\. \d{2}\.\d{2}$/);
    expect(cells[2]).toMatch(/127\.0\.0\.1|::1/);
    expect(await admin.sessionRows('Systemadministrator (admin)').first().innerText()).toContain('Din session');
    await expectNoAxeViolations(page, 'sessioner');
    await screenshot(page, 'admin-sessions');

    await admin.endButtons(`${NEW_USER.displayName} (${NEW_USER.username})`).click();
    await admin.success.waitFor();
    expect(await admin.success.innerText()).toBe('Sessionen for Økonomi København (okonomi-kbh) er afsluttet.');
    await expect.poll(() => rows.count()).toBe(0);

    // The user's next click: the sign-in page, saying why.
    const login = new LoginPage(userPage);
    await login.shell.goto('Register');
    await login.username.waitFor();
    expect(await userPage.getByRole('status').filter({ hasText: 'Din session er afsluttet. Log ind igen.' }).count()).toBe(1);
    expect(await login.shell.signedInUser.count()).toBe(0);
    await expect.poll(() => userPage.title()).toBe('Log ind – Klynge');
    await expectNoAxeViolations(userPage, 'log ind efter afsluttet session');
    await screenshot(userPage, 'admin-session-ended');
  });

  it('asks before the administrator ends their own session, and cancelling keeps it', async () => {
    const own = admin.endButtons('Systemadministrator (admin)');
    await own.first().click();
    await admin.dialog.waitFor();
    expect(await admin.dialog.innerText()).toContain('Det er den session, du bruger lige nu.');
    await expectNoAxeViolations(page, 'bekræft egen session');
    await screenshot(page, 'admin-sessions-confirm');
    await page.keyboard.press('Escape');
    await expect.poll(() => admin.dialog.count()).toBe(0);
    expect(await admin.sessionRows('Systemadministrator (admin)').count()).toBeGreaterThan(0);
    expect(await admin.shell.signedInUser.count()).toBe(1);
  });

  it('searches the audit trail for the user creation and role change and shows old → new', async () => {
    await admin.openAudit();
    await expect.poll(() => page.title()).toBe('Revisionsspor – Klynge');
    await expectNoAxeViolations(page, 'revisionsspor');

    await admin.searchAudit({ text: NEW_USER.username, from: today(), to: today() });
    await expect.poll(() => admin.auditCount.innerText()).toBe('4 ændringer vist');
    const rows = admin.auditRows;
    // Newest first: the session ended, the user signed in (by the user), the roles changed, the user created.
    const actions = await rows.locator('td:nth-child(3)').allInnerTexts();
    expect(actions.map((a) => a.split('\n')[0])).toEqual(['Session afsluttet', 'Logget ind', 'Roller ændret', 'Bruger oprettet']);
    expect(await rows.locator('td:nth-child(2)').allInnerTexts()).toEqual(['admin', NEW_USER.username, 'admin', 'admin']);

    const created = rows.nth(3);
    expect(await created.innerText()).toContain(NEW_USER.username);
    const createdRoles = created.locator('.audit-diff-item').filter({ hasText: 'Roller' });
    expect(await createdRoles.locator('.audit-old').count()).toBe(0);
    expect(await createdRoles.locator('ins').allInnerTexts()).toEqual(['Økonomimedarbejder – København']);

    const changed = rows.nth(2).locator('.audit-diff-item').filter({ hasText: 'Roller' });
    expect(await changed.locator('.audit-old').innerText()).toContain('Økonomimedarbejder – København');
    expect(await changed.locator('.audit-new ins').allInnerTexts()).toEqual(['Medlem af sundhedssamarbejdsudvalget – Region Hovedstaden']);
    expect(await changed.locator('.audit-new').innerText()).toContain('Økonomimedarbejder – København; Medlem af sundhedssamarbejdsudvalget – Region Hovedstaden');
    expect(await changed.locator('dd').innerText()).toContain('→');
    await expectNoAxeViolations(page, 'revisionsspor med søgning');
    await screenshot(page, 'admin-audit');

    // The filters narrow: only role changes of users.
    await admin.searchAudit({ entity: 'Bruger', action: 'user.roles' });
    await expect.poll(() => admin.auditCount.innerText()).toBe('1 ændring vist');
    // A day with nothing: tomorrow.
    const tomorrow = new Date(Date.now() + 36 * 60 * 60 * 1000).toISOString().slice(0, 10);
    await admin.searchAudit({ text: NEW_USER.username, from: tomorrow });
    await expect.poll(() => admin.auditCount.innerText()).toBe('Ingen ændringer matcher søgningen.');
  });

  it('pages backwards with "Vis flere" (newest first, no entry twice)', async () => {
    // Enough changes for more than one page: role changes of the new user, made through the API.
    const status = await page.evaluate(async () => {
      const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
      const users = (await (await fetch('/api/admin/users')).json()) as { users: { id: string; username: string }[] };
      const id = users.users.find((u) => u.username === 'okonomi-kbh')?.id ?? '';
      const codes = ['101', '147', '151', '153', '155', '157', '159', '161', '163', '165'];
      let last = 0;
      for (let i = 0; i < 60; i++) {
        const res = await fetch(`/api/admin/users/${id}/roles`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
          body: JSON.stringify({ roles: [{ role: 'finance-officer', scope: { kind: 'municipality', id: codes[i % codes.length] } }] }),
        });
        last = res.status;
      }
      return last;
    });
    expect(status).toBe(200);
    await admin.searchAudit({});
    await expect.poll(() => admin.auditCount.innerText()).toBe('50 ændringer vist');
    await admin.moreButton.click();
    await expect.poll(async () => Number((await admin.auditCount.innerText()).split(' ')[0])).toBeGreaterThan(50);
    const ids = await admin.auditRows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-audit-id'))));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it('refuses the administration pages to another user, in the app and on the server', async () => {
    const login = new LoginPage(userPage);
    await login.signIn(NEW_USER.username, NEW_USER.password);
    await login.shell.signedInUser.waitFor();
    await userPage.goto('/#/users');
    const alert = userPage.locator('.alert-error');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('Du har ikke adgang til denne side.');
    expect(await userPage.locator('table.admin-users, form').count()).toBe(0);
    // The server refuses too, in Danish.
    const refusal = await userPage.evaluate(async () => {
      const res = await fetch('/api/admin/users');
      return { status: res.status, body: (await res.json()) as { detail: string } };
    });
    expect(refusal.status).toBe(403);
    expect(refusal.body.detail).toBe('Du har ikke adgang til dette.');
    await expectNoAxeViolations(userPage, 'administration nægtet');
    await screenshot(userPage, 'admin-refused');
  });

  it('resets the new user’s password in a dialog, disables and enables the user; the user changes it again', async () => {
    await admin.openUsers();
    await page.getByRole('button', { name: `Ny adgangskode til ${NEW_USER.displayName}` }).click();
    await admin.dialog.waitFor();
    await admin.dialog.getByLabel('Adgangskode', { exact: true }).fill('aaaaaaaaaaaa');
    await admin.dialog.getByRole('button', { name: 'Gem', exact: true }).click();
    await expect.poll(() => admin.dialog.locator('.alert-error').innerText()).toContain('let at gætte');
    await expectNoAxeViolations(page, 'ny adgangskode med fejl');
    await screenshot(page, 'admin-reset-password');
    const reset = 'Blå cykel ved fjorden 9';
    await admin.dialog.getByLabel('Adgangskode', { exact: true }).fill(reset);
    await admin.dialog.getByRole('button', { name: 'Gem', exact: true }).click();
    await admin.success.waitFor();
    expect(await admin.success.innerText()).toBe(`${NEW_USER.displayName} har fået en ny adgangskode og er logget ud.`);

    await page.getByRole('button', { name: `Spær ${NEW_USER.displayName}` }).click();
    await expect.poll(() => admin.userRow(NEW_USER.username).innerText()).toContain('Spærret');
    expect(await admin.success.innerText()).toBe(`${NEW_USER.displayName} er spærret og logget ud.`);
    await expectNoAxeViolations(page, 'bruger spærret');
    await screenshot(page, 'admin-user-disabled');
    const login = new LoginPage(userPage);
    await login.open();
    await login.signIn(NEW_USER.username, reset);
    await expect.poll(() => userPage.locator('.alert-error').innerText()).toContain('Forkert brugernavn eller adgangskode');
    await page.getByRole('button', { name: `Genåbn ${NEW_USER.displayName}` }).click();
    await expect.poll(() => admin.userRow(NEW_USER.username).innerText()).toContain('Aktiv');

    await login.signIn(NEW_USER.username, reset);
    await login.shell.signedInUser.waitFor();
    await userPage.getByRole('button', { name: 'Skift adgangskode' }).click();
    const dialog = userPage.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByLabel('Nuværende adgangskode', { exact: true }).fill(reset);
    await dialog.getByLabel('Ny adgangskode', { exact: true }).fill('Tre grønne æbler i Ribe');
    await dialog.getByRole('button', { name: 'Skift adgangskode' }).click();
    await expect.poll(() => dialog.locator('.alert-success').innerText()).toContain('Din adgangskode er skiftet');
    await expectNoAxeViolations(userPage, 'skift adgangskode');
    await screenshot(userPage, 'account-change-password');
  });

  it('the not-found page passes axe', async () => {
    await page.goto('/#/findes-ikke');
    await expect.poll(() => admin.shell.heading().innerText()).toBe('Siden findes ikke');
    await expectNoAxeViolations(page, 'siden findes ikke');
    await screenshot(page, 'not-found');
  });
});
