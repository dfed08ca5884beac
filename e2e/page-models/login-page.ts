import type { Locator, Page } from 'playwright-core';
import { AppShell } from './app-shell.ts';

export class LoginPage {
  readonly shell: AppShell;
  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
  }

  get username(): Locator {
    return this.page.getByLabel(/^(Brugernavn|User name)$/);
  }

  get password(): Locator {
    return this.page.getByLabel(/^(Adgangskode|Password)$/);
  }

  get submit(): Locator {
    return this.page.getByRole('button', { name: /^(Log ind|Sign in)$/ });
  }

  get error(): Locator {
    return this.page.getByRole('alert');
  }

  async open(): Promise<void> {
    await this.page.goto('/');
    await this.username.waitFor();
  }

  async signIn(username: string, password: string): Promise<void> {
    await this.username.fill(username);
    await this.password.fill(password);
    await this.submit.click();
  }

  /** Only the keyboard: Tab to each field, type, Enter to submit. */
  async signInByKeyboard(username: string, password: string): Promise<void> {
    await this.page.locator('body').focus();
    for (let i = 0; i < 30; i++) {
      await this.page.keyboard.press('Tab');
      if (await this.username.evaluate((el) => el === document.activeElement)) break;
    }
    await this.page.keyboard.type(username);
    await this.page.keyboard.press('Tab');
    await this.page.keyboard.type(password);
    await this.page.keyboard.press('Enter');
  }
}
