import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, screenshot } from './support/harness.ts';
import { useJourney, type JourneyUser } from './support/session.ts';
import { LAPTOP, PHONE, ResponsiveShell } from './page-models/responsive-shell.ts';
import { LoginPage } from './page-models/login-page.ts';
import { ADMIN_PASSWORD, ADMIN_USERNAME } from './support/harness.ts';

/** A secretariat of Klynge Syd (Hovedstaden): the first-week user. */
const SECRETARIAT: JourneyUser = {
  username: 'sofie.sek',
  displayName: 'Sofie Holm',
  password: 'blå-hest-spiser-gulerod-9',
  roles: [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: 'hovedstaden-syd' } }],
};

/** What every page must hold to at a width: its heading, no sideways page scroll, axe clean. */
async function checkPage(page: Page, shell: ResponsiveShell, what: string, width: number): Promise<void> {
  await shell.settled();
  const w = await shell.widths();
  expect(w.innerWidth, what).toBe(width);
  expect(w.scrollWidth, `${what} er ${String(w.scrollWidth)} px bred i et ${String(width)} px vindue: ${w.tooWide.join('; ')}`).toBeLessThanOrEqual(w.innerWidth);
  await expectNoAxeViolations(page, what);
}

describe('every screen on a phone (390 × 844) and a laptop (1366 × 900)', () => {
  let page: Page;
  let shell: ResponsiveShell;
  const journey = useJourney({ as: SECRETARIAT });
  beforeAll(() => {
    page = journey().page;
    shell = new ResponsiveShell(page);
  });

  it('on a phone the menu button opens the whole menu with the user, the language switch and log out', async () => {
    await page.setViewportSize(PHONE);
    await page.goto('/#/');
    await shell.settled();
    // The desktop header's parts are hidden below the breakpoint; the menu button replaces them.
    await expect.poll(() => shell.shell.signedInUser.isVisible()).toBe(false);
    expect(await shell.menuButton.getAttribute('aria-expanded')).toBe('false');
    await shell.openMenu();
    expect(await shell.menuButton.getAttribute('aria-expanded')).toBe('true');
    expect(await shell.drawerUser.innerText()).toContain(SECRETARIAT.displayName);
    expect(await shell.drawerLanguage.isVisible()).toBe(true);
    expect(await shell.drawerLogout.isVisible()).toBe(true);
    // Focus went into the drawer (its close button), not left on the page behind.
    expect(await shell.closeButton.evaluate((el) => el === document.activeElement)).toBe(true);
    await expectNoAxeViolations(page, 'åben menu på telefon');
    await screenshot(page, 'responsive-phone-menu');
  });

  it('the phone menu works from the keyboard: Tab stays inside, Escape closes and focus returns to the menu button', async () => {
    // Tab through every stop and one more: focus never leaves the drawer.
    const stops = await shell.drawer.locator('a[href], button').count();
    for (let i = 0; i <= stops; i++) {
      await page.keyboard.press('Tab');
      expect(await shell.drawer.evaluate((d) => d.contains(document.activeElement)), `Tab ${String(i + 1)}`).toBe(true);
    }
    await page.keyboard.press('Shift+Tab');
    expect(await shell.drawer.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    await page.keyboard.press('Escape');
    await shell.drawer.waitFor({ state: 'hidden' });
    expect(await shell.menuButton.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await shell.menuButton.getAttribute('aria-expanded')).toBe('false');
    // Enter on the focused menu button opens it again; following a link closes it.
    await page.keyboard.press('Enter');
    await shell.drawer.waitFor();
    await shell.drawer.getByRole('link', { name: 'Fordeling', exact: true }).click();
    await shell.drawer.waitFor({ state: 'hidden' });
    await shell.shell.heading().filter({ hasText: 'Fordeling' }).waitFor();
  });

  it('the phone menu switches language and back', async () => {
    await shell.openMenu();
    await shell.drawerLanguage.click();
    await expect.poll(() => shell.menuButton.isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    if (!(await shell.drawer.isVisible())) await shell.openMenu();
    expect(await shell.drawer.getByRole('link', { name: 'Economy', exact: true }).isVisible()).toBe(true);
    await shell.drawerLanguage.click();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('da');
    if (await shell.drawer.isVisible()) await shell.closeButton.click();
  });

  for (const size of [PHONE, LAPTOP]) {
    const label = `${String(size.width)} px`;
    it(`at ${label} the secretariat reaches every screen in the menu; each fits the window and axe finds nothing`, async () => {
      await page.setViewportSize(size);
      await page.goto('/#/');
      await shell.settled();
      const items = await shell.menuItems();
      // The same menu at both widths (the phone gets the whole menu, not a subset).
      expect(items).toEqual(expect.arrayContaining(['Forside', 'Register', 'Fordeling', 'Sekretariat', 'Økonomi', 'Organisering', 'Opfølgning', 'Vidensbank', 'Nøgletal', 'Scenarier']));
      for (const name of items) {
        await shell.goto(name);
        await checkPage(page, shell, `${name} ved ${label}`, size.width);
        if (size === PHONE) await screenshot(page, `responsive-390-${name.toLowerCase().replace(/[^a-zæøå]+/g, '-')}`);
      }
    });
  }

  it('on a phone an allocation explanation is readable: values get the dialog’s width, not one character', async () => {
    await page.setViewportSize(PHONE);
    await page.goto('/#/allocation/2022');
    await shell.settled();
    // A cluster's municipal amount: the deepest explanation (each municipality's share and rounding).
    await page.locator('tr', { hasText: 'Klynge Syd' }).last().getByRole('button').first().click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const narrowest = await dialog.locator('dd').evaluateAll((dds) => Math.min(...dds.map((d) => d.getBoundingClientRect().width)));
    expect(narrowest).toBeGreaterThan(200);
    const w = await shell.widths();
    expect(w.scrollWidth).toBeLessThanOrEqual(w.innerWidth);
    await expectNoAxeViolations(page, 'forklaring på telefon');
    await screenshot(page, 'responsive-390-explanation');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  it('the administrator’s screens fit a phone too (users, sessions, audit trail, population)', async () => {
    await page.setViewportSize(PHONE);
    await shell.openMenu();
    await shell.drawerLogout.click();
    const login = new LoginPage(page);
    await login.username.waitFor();
    await checkPage(page, shell, 'log ind ved 390 px', PHONE.width);
    await login.signIn(ADMIN_USERNAME, ADMIN_PASSWORD);
    // Signed in when the start page greets the administrator (the sign-in page has a heading too).
    await shell.shell.heading().filter({ hasText: /Velkommen/ }).waitFor();
    await shell.settled();
    for (const name of ['Indbyggertal', 'Administration']) {
      await shell.goto(name);
      await checkPage(page, shell, `${name} ved 390 px`, PHONE.width);
    }
    for (const path of ['#/sessions', '#/audit']) {
      await page.goto(`/${path}`);
      await checkPage(page, shell, `${path} ved 390 px`, PHONE.width);
      await screenshot(page, `responsive-390-${path.slice(2)}`);
    }
  });
});
