import type { Locator, Page } from 'playwright-core';
import { AppShell } from './app-shell.ts';

/** The economy's sub-pages as the URL names them (#/economy/<cluster>/<year>/<sub-page>). */
export type EconomySubPage = 'funds' | 'initiatives' | 'actuals' | 'settlements' | 'year-end';

/** The tabs' Danish names, in the order of a year's work. */
export type EconomyTab = 'Midler' | 'Indsatser' | 'Forbrug' | 'Afregninger' | 'Årsafslutning';

/** The cluster economy (Økonomi): sub-pages behind DKFDS tabs, a totals strip on every sub-page. */
export class EconomyPage {
  readonly shell: AppShell;
  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
  }

  async open(clusterId: string, year: number, sub: EconomySubPage = 'funds'): Promise<void> {
    await this.page.goto(`/#/economy/${clusterId}/${String(year)}/${sub}`);
    await this.summary.waitFor();
  }

  get tabs(): Locator {
    return this.page.locator('nav.economy-tabs');
  }

  tabLink(name: EconomyTab): Locator {
    return this.tabs.getByRole('link', { name, exact: true });
  }

  /** Opens a sub-page by its tab, as a user does, and waits until it shows. */
  async tab(name: EconomyTab): Promise<void> {
    await this.tabLink(name).click();
    await this.tabs.locator('a[aria-current="page"]', { hasText: name }).waitFor();
    await this.summary.waitFor();
  }

  /** The cluster's totals shown on every sub-page. */
  get summary(): Locator {
    return this.page.locator('dl.economy-summary');
  }

  /** A total of the strip: 'Disponibelt', 'Disponeret', 'Forbrugt' or 'Rest', as shown (`390.000,00 kr.`). */
  async total(name: 'Disponibelt' | 'Disponeret' | 'Forbrugt' | 'Rest'): Promise<string> {
    const item = this.summary.locator('div').filter({ has: this.page.locator('dt', { hasText: name }) });
    return (await item.locator('dd').innerText()).trim();
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

  /**
   * On Afregninger: settles a period (the form's own period unless `from`/`to` are given) and
   * returns the settlement section, where the answer appears.
   */
  async settle(period: { from?: string; to?: string } = {}): Promise<Locator> {
    const s = this.section('Afregning');
    if (period.from !== undefined) await s.getByLabel('Fra (år-måned)').fill(period.from);
    if (period.to !== undefined) await s.getByLabel('Til (år-måned)').fill(period.to);
    await s.getByRole('button', { name: 'Afregn perioden' }).click();
    return s;
  }

  /** Opens an initiative on Indsatser by its title (the URL then names it). */
  async openInitiative(title: string): Promise<Locator> {
    await this.page.locator('table.initiatives-table').getByRole('link', { name: `Åbn ${title}` }).click();
    const panel = this.initiativePanel;
    await panel.waitFor();
    return panel;
  }

  get initiativePanel(): Locator {
    return this.page.locator('section.initiative-panel');
  }

  /** A cell of an editable grid by its accessible label, e.g. ("Tekst", 1). */
  cell(scope: Locator, column: string, line: number): Locator {
    return scope.getByLabel(`${column}, linje ${String(line)}`, { exact: true });
  }

  /** The message shown at a form field (DKFDS form-error) — the field's own error text. */
  async fieldError(field: Locator): Promise<string> {
    const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(' ').filter((id) => id !== '');
    for (const id of ids) {
      const el = this.page.locator(`[id="${id}"].form-error-message`);
      if ((await el.count()) > 0) return (await el.innerText()).replace(/^Der opstod en fejl:\s*/, '').trim();
    }
    return '';
  }

  alertText(scope: Locator = this.page.locator('main')): Promise<string> {
    return scope.locator('.alert').first().innerText();
  }
}
