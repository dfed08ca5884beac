import type { Locator, Page } from 'playwright-core';
import { AppShell } from './app-shell.ts';

/** The two widths the issue names: a phone (iPhone 12–15) and a common laptop. */
export const PHONE = { width: 390, height: 844 } as const;
export const LAPTOP = { width: 1366, height: 900 } as const;

/**
 * The header at any width: below DKFDS's 992 px breakpoint the main menu, the user, the language
 * switch and log out live in a drawer opened by the menu button; above it they are on the page.
 */
export class ResponsiveShell {
  readonly shell: AppShell;
  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
  }

  get menuButton(): Locator {
    return this.page.getByRole('button', { name: /^Menu$/ });
  }

  /** The open drawer: a modal dialog named "Menu". */
  get drawer(): Locator {
    return this.page.getByRole('dialog', { name: 'Menu' });
  }

  get closeButton(): Locator {
    return this.drawer.getByRole('button', { name: /^(Luk menu|Close menu)$/ });
  }

  get drawerUser(): Locator {
    return this.drawer.getByTestId('menu-user');
  }

  get drawerLogout(): Locator {
    return this.drawer.getByRole('button', { name: /^(Log ud|Sign out)$/ });
  }

  get drawerLanguage(): Locator {
    return this.drawer.locator('button.lang-switch');
  }

  /** Is the phone layout showing (the menu button instead of the desktop menu)? */
  async isPhone(): Promise<boolean> {
    return this.menuButton.isVisible();
  }

  async openMenu(): Promise<void> {
    await this.menuButton.click();
    await this.drawer.waitFor();
  }

  /** The main menu's links by name, from the drawer on a phone or the header on a laptop. */
  async menuItems(): Promise<string[]> {
    const phone = await this.isPhone();
    if (phone) await this.openMenu();
    const nav = phone ? this.drawer.getByRole('navigation') : this.page.locator('header nav.navigation-menu');
    const names = (await nav.getByRole('link').allInnerTexts()).map((s) => s.trim());
    if (phone) await this.closeButton.click();
    return names;
  }

  /** Follows a main-menu link the way a user at this width would. */
  async goto(name: string): Promise<void> {
    if (await this.isPhone()) {
      await this.openMenu();
      await this.drawer.getByRole('link', { name, exact: true }).click();
      await this.drawer.waitFor({ state: 'hidden' });
    } else {
      await this.page.locator('header nav.navigation-menu').getByRole('link', { name, exact: true }).click();
    }
  }

  /** Waits until the page has no "Henter …" left and its heading shows. */
  async settled(): Promise<void> {
    await this.shell.heading().first().waitFor();
    await this.page.waitForFunction(() => !document.body.innerText.includes('Henter …'), undefined, { timeout: 20_000 });
  }

  /** How wide the page is against the window; a page wider than the window scrolls sideways. */
  async widths(): Promise<{ scrollWidth: number; innerWidth: number; tooWide: string[] }> {
    return this.page.evaluate(() => {
      const vw = window.innerWidth;
      // What sticks out, outside a scroll region of its own, to name in a failing assertion.
      const tooWide = [...document.querySelectorAll<HTMLElement>('body *')]
        .filter((e) => e.getBoundingClientRect().right > vw + 1 && !e.closest('.table-scroll') && getComputedStyle(e).position !== 'fixed')
        .slice(0, 5)
        .map((e) => `${e.tagName.toLowerCase()}${e.className ? `.${String(e.className).split(' ').join('.')}` : ''} → ${Math.round(e.getBoundingClientRect().right)} px`);
      return { scrollWidth: document.documentElement.scrollWidth, innerWidth: vw, tooWide };
    });
  }
}
