import type { Locator, Page } from 'playwright-core';

/** The header every page has: product name, signed-in user, language switch, main menu, logout. */
export class AppShell {
  constructor(readonly page: Page) {}

  get productName(): Locator {
    return this.page.locator('.solution-heading a');
  }

  get signedInUser(): Locator {
    return this.page.getByTestId('signed-in-user');
  }

  get logoutButton(): Locator {
    return this.page.getByRole('button', { name: /^(Log ud|Sign out)$/ });
  }

  get languageButton(): Locator {
    // The header's switch; the phone menu's own copy is hidden at desktop width.
    return this.page.locator('button.lang-switch:visible');
  }

  navLink(name: string): Locator {
    return this.page.getByRole('navigation').getByRole('link', { name, exact: true });
  }

  heading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }

  async goto(name: string): Promise<void> {
    await this.navLink(name).click();
  }

  async logout(): Promise<void> {
    await this.logoutButton.click();
  }
}
