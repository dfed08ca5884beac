import type { Locator, Page } from 'playwright-core';
import { AppShell } from './app-shell.ts';

export class RegisterPage {
  readonly shell: AppShell;
  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
  }

  async open(year?: number): Promise<void> {
    await this.page.goto(year === undefined ? '/#/register' : `/#/register/${year}`);
    await this.page.locator('table').first().waitFor();
  }

  clusterTable(clusterName: string): Locator {
    return this.page.locator('table').filter({ has: this.page.locator('caption', { hasText: new RegExp(`^${clusterName}$`) }) });
  }

  memberRow(clusterName: string, municipality: string): Locator {
    return this.clusterTable(clusterName).locator('tbody tr').filter({ has: this.page.getByRole('rowheader', { name: municipality, exact: true }) });
  }

  editButton(clusterName: string, municipality: string): Locator {
    return this.page.getByRole('button', { name: `Ret ${municipality} (${clusterName})` });
  }

  get dialog(): Locator {
    return this.page.getByRole('dialog');
  }

  get notice(): Locator {
    return this.page.locator('.alert-success, .alert-warning');
  }
}
