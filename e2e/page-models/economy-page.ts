import type { Locator, Page } from 'playwright-core';
import { AppShell } from './app-shell.ts';

/** The cluster economy page (Økonomi). */
export class EconomyPage {
  readonly shell: AppShell;
  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
  }

  async open(clusterId: string, year: number): Promise<void> {
    await this.page.goto(`/#/economy/${clusterId}/${String(year)}`);
    await this.fundsTable.waitFor();
  }

  get fundsTable(): Locator {
    return this.page.locator('table.funds-table');
  }

  /** The funds row of a party: [fælles, lokale, videreført, disponibelt, disponeret, forbrugt, rest]. */
  async fundsRow(party: string): Promise<string[]> {
    const row = this.fundsTable.locator('tbody tr').filter({ has: this.page.getByRole('rowheader', { name: party, exact: true }) });
    return (await row.locator('td').allInnerTexts()).map((s) => s.trim());
  }

  section(name: string): Locator {
    return this.page.locator('section').filter({ has: this.page.getByRole('heading', { name, exact: true }) });
  }

  /** A cell of an editable grid by its accessible label, e.g. ("Tekst", 1). */
  cell(scope: Locator, column: string, line: number): Locator {
    return scope.getByLabel(`${column}, linje ${String(line)}`, { exact: true });
  }

  alertText(scope: Locator = this.page.locator('main')): Promise<string> {
    return scope.locator('.alert').first().innerText();
  }
}
