import type { Locator, Page } from 'playwright-core';
import { AppShell } from './app-shell.ts';

export class PopulationPage {
  readonly shell: AppShell;
  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
  }

  async open(): Promise<void> {
    await this.page.goto('/#/population');
    await this.page.getByRole('heading', { level: 1 }).waitFor();
  }

  get fileInput(): Locator {
    return this.page.getByLabel(/FOLK1A/);
  }

  async upload(name: string, content: string): Promise<void> {
    await this.fileInput.setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content, 'utf8') });
    await this.page.getByRole('button', { name: 'Vis ændringer' }).click();
  }

  get lineErrors(): Locator {
    return this.page.locator('table.line-errors tbody tr');
  }

  get preview(): Locator {
    return this.page.locator('section.population-preview');
  }

  get confirmButton(): Locator {
    return this.page.getByRole('button', { name: 'Gem indbyggertal' });
  }

  periodRow(period: string): Locator {
    return this.page.locator('table').first().locator('tbody tr').filter({ has: this.page.getByRole('rowheader', { name: period, exact: true }) });
  }
}
