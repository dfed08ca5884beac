import type { Locator, Page } from 'playwright-core';

/** Overblik (issue 12): the start page's tasks and overview, and the overview pages. */
export class OverviewPage {
  constructor(readonly page: Page) {}

  async openStart(): Promise<void> {
    await this.page.goto('/#/');
    await this.page.getByRole('heading', { level: 2, name: 'Det venter på dig' }).waitFor();
  }

  async openNational(year: number): Promise<void> {
    await this.page.goto(`/#/overview/national/${String(year)}`);
    await this.page.getByRole('heading', { level: 1, name: `Hele landet – ${String(year)}` }).waitFor();
  }

  /** The list of what waits for the user. */
  get tasks(): Locator {
    return this.page.locator('section.overview-tasks li');
  }

  /** A cluster-year's section, by its heading ("Klynge Syd (Region Hovedstaden) – 2022"). */
  clusterSection(heading: string): Locator {
    return this.page.locator('section.overview-cluster').filter({ has: this.page.getByRole('heading', { name: heading }) });
  }

  /** The comparison of clusters (region or country). */
  get comparison(): Locator {
    return this.page.locator('section.overview-compare');
  }

  /** A chart (SVG with role img) by its accessible title. */
  chart(scope: Locator, title: string): Locator {
    return scope.locator('svg[role="img"]').filter({ has: this.page.locator('title', { hasText: title }) });
  }

  /** A table by its caption. */
  table(scope: Locator, caption: string): Locator {
    return scope.locator('table').filter({ has: this.page.locator('caption', { hasText: caption }) });
  }

  /** A table row by the text of its row header. */
  row(table: Locator, header: string | RegExp): Locator {
    return table.locator('tr').filter({ has: this.page.getByRole('rowheader', { name: header }) });
  }

  async cells(row: Locator): Promise<string[]> {
    return (await row.locator('td').allInnerTexts()).map((s) => s.trim());
  }

  get summary(): Locator {
    return this.page.locator('.overview-summary');
  }
}
