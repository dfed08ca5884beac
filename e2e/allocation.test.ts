import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, screenshot } from './support/harness.ts';
import { useJourney } from './support/session.ts';
import { AllocationPage } from './page-models/allocation-page.ts';

// Bilag 1, Tabel 1 (seed 000): each region's regional part (its bloktilskudsnøgle) in whole kroner.
const REGIONAL_KEY_2022: Record<string, string> = {
  'Region Nordjylland': '4.135.869',
  'Region Midtjylland': '8.645.180',
  'Region Syddanmark': '8.557.655',
  'Region Sjælland': '6.163.780',
  'Region Hovedstaden': '12.497.516',
};

describe('the allocation table (Bilag 1) and its explanations', () => {
  let page: Page;
  let allocation: AllocationPage;

  const journey = useJourney();
  beforeAll(() => {
    page = journey().page;
    allocation = new AllocationPage(page);
  });

  it('shows 2022 with the published regional parts and 80 mio. kr. in all, numbers right-aligned', async () => {
    await allocation.open(2022);
    for (const [region, amount] of Object.entries(REGIONAL_KEY_2022)) {
      const figures = await allocation.figures(region);
      expect(figures[1], region).toBe(amount);
    }
    // DOMAIN §2.1: 40 mio. from the municipalities + 40 mio. from the regions.
    expect((await allocation.figures('Hele landet')).slice(0, 3)).toEqual(['40.000.000', '40.000.000', '80.000.000']);
    const align = await allocation.row('Region Hovedstaden').locator('td').first().evaluate((el) => getComputedStyle(el).textAlign);
    expect(align).toBe('right');
    await expectNoAxeViolations(page, 'fordeling');
    await screenshot(page, 'allocation');
  });

  it('adds up: every row Kommuner + Region = I alt, and clusters add up to their region', async () => {
    const rows = allocation.table.locator('tbody tr');
    const n = await rows.count();
    const kr = (s: string) => Number(s.replace(/\./g, '').replace(',', '.'));
    let region: { name: string; sums: number[]; clusters: number[] } | null = null;
    const check = () => {
      if (region) expect(region.clusters, `klynger i ${region.name}`).toEqual(region.sums);
    };
    for (let i = 0; i < n; i++) {
      const row = rows.nth(i);
      const name = (await row.locator('th').innerText()).trim();
      const cells = (await row.locator('td').allInnerTexts()).map((s) => kr(s.trim()));
      const [m = NaN, r = NaN, t = NaN] = cells;
      expect(m + r, name).toBe(t);
      const level = await row.getAttribute('class');
      if (level === 'level-region') {
        check();
        region = { name, sums: [m, r, t], clusters: [0, 0, 0] };
      } else if (level === 'level-cluster' && region) {
        region.clusters = [region.clusters[0]! + m, region.clusters[1]! + r, region.clusters[2]! + t];
      }
    }
    check();
  });

  it('explains a figure in a dialog that works by keyboard: Enter opens, Tab stays inside, Escape closes, focus returns', async () => {
    const button = allocation.explainButton('Region Hovedstaden', 'Region');
    await button.focus();
    await page.keyboard.press('Enter');
    await allocation.dialog.waitFor();
    expect(await allocation.dialog.getAttribute('aria-modal')).toBe('true');
    const title = await allocation.dialog.getByRole('heading').innerText();
    expect(title).toBe('Region: Region Hovedstaden');
    expect(await allocation.dialog.innerText()).toContain('12.497.516 kr.');
    await expectNoAxeViolations(page, 'forklaring');
    await screenshot(page, 'allocation-explain');
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      expect(await allocation.dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    }
    await page.keyboard.press('Escape');
    await allocation.dialog.waitFor({ state: 'detached' });
    expect(await button.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it("explains a cluster's municipal part with its basis, share and rounding", async () => {
    await allocation.explainButton('Klynge By', 'Kommuner').click();
    await allocation.dialog.waitFor();
    const text = await allocation.dialog.innerText();
    expect(text).toMatch(/Grundlag/);
    expect(text).toMatch(/Andel/);
    await allocation.dialog.getByRole('button', { name: 'Luk' }).click();
    await allocation.dialog.waitFor({ state: 'detached' });
  });

  it('downloads the table as xlsx and as CSV', async () => {
    const [xlsx] = await Promise.all([page.waitForEvent('download'), allocation.downloadLink('Excel (xlsx)').click()]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    const [csv] = await Promise.all([page.waitForEvent('download'), allocation.downloadLink('CSV').click()]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    const path = await csv.path();
    const { readFile } = await import('node:fs/promises');
    const body = await readFile(path, 'utf8');
    expect(body).toContain('Region Hovedstaden');
  });
  it('2023 has no allocation yet: computing it shows the server’s message about the missing FOLK1A 2023K1, once', async () => {
    await page.goto('/#/allocation/2023');
    await page.getByText('Der er endnu ikke beregnet en fordeling for 2023.').waitFor();
    await page.getByRole('button', { name: 'Beregn fordeling' }).click();
    const errors = page.locator('main .alert-error');
    await errors.first().waitFor();
    expect(await errors.count()).toBe(1);
    expect(await errors.innerText()).toContain('FOLK1A 2023K1');
    expect(await page.getByText('uventet fejl').count()).toBe(0);
    await expectNoAxeViolations(page, 'fordeling 2023 uden befolkningstal');
  });
});
