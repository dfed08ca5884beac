import type { Locator, Page } from 'playwright-core';

/** Nøgletal: a cluster's series with region and country, its target, all clusters, the import. */
export class KeyFiguresPage {
  constructor(readonly page: Page) {}

  async open(indicator?: string, cluster?: string): Promise<void> {
    await this.page.goto(`/#/key-figures${indicator ? `/${indicator}` : ''}${cluster ? `/${cluster}` : ''}`);
    await this.page.getByRole('heading', { level: 1, name: 'Nøgletal for klyngernes population' }).waitFor();
  }

  async importFile(name: string, content: string): Promise<void> {
    await this.page.getByLabel('Nøgletalsfil (CSV)').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content, 'utf8') });
    await this.page.getByRole('button', { name: 'Læs filen' }).click();
    await this.page.locator('.kf-preview').waitFor();
    await this.page.getByRole('button', { name: 'Bekræft indlæsning' }).click();
    await this.page.locator('.alert-success').filter({ hasText: 'nøgletal er indlæst' }).waitFor();
  }

  /** The series table (caption "… pr. periode for …"). */
  get seriesTable(): Locator {
    return this.page.locator('section.kf-series table');
  }

  seriesRow(period: string): Locator {
    return this.seriesTable.locator('tbody tr').filter({ has: this.page.getByRole('rowheader', { name: period, exact: true }) });
  }

  get chart(): Locator {
    return this.page.locator('section.kf-series svg[role="img"]');
  }

  async setTarget(value: string, period: string, note: string): Promise<void> {
    await this.page.getByLabel('Mål (i nøgletallets enhed)').fill(value);
    await this.page.getByLabel('Mål for perioden').fill(period);
    await this.page.getByLabel('Bemærkning (fx mødereference)').fill(note);
    await this.page.getByRole('button', { name: 'Gem mål' }).click();
    await this.page.locator('.alert-success').filter({ hasText: 'Målet er gemt.' }).waitFor();
  }

  get nationalTable(): Locator {
    return this.page.locator('table.kf-national');
  }

  nationalRow(name: string): Locator {
    return this.nationalTable.locator('tbody tr').filter({ has: this.page.getByRole('rowheader', { name, exact: true }) });
  }
}
