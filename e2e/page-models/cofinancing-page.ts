import type { Locator, Page } from 'playwright-core';
import { AppShell } from './app-shell.ts';

export class CofinancingPage {
  readonly shell: AppShell;
  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
  }

  async open(at?: { clusterId: string; year: number }): Promise<void> {
    await this.page.goto(at === undefined ? '/#/cofinancing' : `/#/cofinancing/${at.clusterId}/${String(at.year)}`);
    await this.clusterSelect.locator('option').first().waitFor({ state: 'attached' });
  }

  get clusterSelect(): Locator {
    return this.page.getByLabel('Klynge', { exact: true });
  }

  get costInput(): Locator {
    return this.page.getByLabel('Udgift (kr.)');
  }

  async calculate(clusterName: string, cost: string): Promise<void> {
    await this.clusterSelect.selectOption({ label: clusterName });
    await this.costInput.fill(cost);
    await this.page.getByRole('button', { name: 'Beregn', exact: true }).click();
    await this.table.waitFor();
  }

  get table(): Locator {
    return this.page.locator('table.cofinancing-table');
  }

  /** Municipality → amount as shown (whole kroner). */
  async amounts(): Promise<Record<string, string>> {
    const rows = this.table.locator('tbody tr');
    const out: Record<string, string> = {};
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i);
      const name = (await row.locator('th').innerText()).trim();
      out[name] = (await row.locator('td').last().innerText()).trim();
    }
    return out;
  }
}
