import type { Locator, Page } from 'playwright-core';
import { AppShell } from './app-shell.ts';

export type AllocationColumn = 'Kommuner' | 'Region' | 'I alt';

export class AllocationPage {
  readonly shell: AppShell;
  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
  }

  get table(): Locator {
    return this.page.locator('table.allocation-table');
  }

  async open(year?: number): Promise<void> {
    await this.page.goto(year === undefined ? '/#/allocation' : `/#/allocation/${year}`);
    await this.table.waitFor();
  }

  row(name: string): Locator {
    return this.table.locator('tbody tr').filter({ has: this.page.getByRole('rowheader', { name, exact: true }) });
  }

  /** The figures of a row as shown: [Kommuner, Region, I alt, Indbyggere, Kr. pr. indbygger]. */
  async figures(name: string): Promise<string[]> {
    return (await this.row(name).locator('td').allInnerTexts()).map((s) => s.trim());
  }

  explainButton(name: string, column: AllocationColumn): Locator {
    const index = { Kommuner: 0, Region: 1, 'I alt': 2 }[column];
    return this.row(name).locator('td').nth(index).getByRole('button');
  }

  get dialog(): Locator {
    return this.page.getByRole('dialog');
  }

  downloadLink(format: 'Excel (xlsx)' | 'CSV'): Locator {
    return this.page.getByRole('link', { name: format, exact: true });
  }
}
