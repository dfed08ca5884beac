import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { HOOK_TIMEOUT_MS, expectNoAxeViolations, screenshot } from './support/harness.ts';
import { useJourney } from './support/session.ts';
import { PopulationPage } from './page-models/population-page.ts';

describe('population import (FOLK1A)', () => {
  let page: Page;
  let folk1a2020: string;

  const journey = useJourney();
  beforeAll(async () => {
    page = journey().page;
    folk1a2020 = await readFile(new URL('./fixtures/folk1a-2020k1.csv', import.meta.url), 'utf8');
  }, HOOK_TIMEOUT_MS);

  it('shows every bad line with its number and stores nothing', async () => {
    const population = new PopulationPage(page);
    await population.open();
    await expectNoAxeViolations(page, 'indbyggertal');
    // Line 3: not a number; line 5: an unknown municipality code.
    const lines = folk1a2020.split('\n');
    lines[2] = '147 Frederiksberg;2020K1;mange';
    lines[4] = '999 Atlantis;2020K1;1000';
    await population.upload('folk1a-fejl.csv', lines.join('\n'));
    await population.lineErrors.first().waitFor();
    const numbers = await population.lineErrors.locator('td:first-child').allInnerTexts();
    expect(numbers.map((s) => s.trim())).toEqual(expect.arrayContaining(['3', '5']));
    expect(await population.periodRow('2020K1').count()).toBe(0);
    await expectNoAxeViolations(page, 'indbyggertal med linjefejl');
    await screenshot(page, 'population-errors');
  });

  it('previews the changes, then stores them on confirmation (98 municipalities, 5.822.679 inhabitants)', async () => {
    const population = new PopulationPage(page);
    await population.upload('folk1a-2020k1.csv', folk1a2020);
    await population.preview.waitFor();
    expect(await population.preview.locator('tbody tr').count()).toBe(98);
    expect(await population.preview.locator('tbody tr').filter({ hasText: 'København' }).first().innerText()).toContain('632.340');
    await expectNoAxeViolations(page, 'indbyggertal, forhåndsvisning');
    await screenshot(page, 'population-preview');
    await population.confirmButton.click();
    await population.periodRow('2020K1').waitFor();
    const cells = (await population.periodRow('2020K1').locator('td').allInnerTexts()).map((s) => s.trim());
    // Source: e2e/fixtures/README.md — SSI's 2020 figures; 5.822.763 nationally minus Christiansø's 84.
    expect(cells[1]).toBe('98');
    expect(cells[2]).toBe('5.822.679');
    expect(await page.locator('.alert-success').innerText()).toContain('98 indbyggertal for 2020K1 er gemt.');
  });
});
