import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, screenshot } from './support/harness.ts';
import { apiAs, useJourney, type JourneyUser } from './support/session.ts';
import { EconomyPage, type EconomyTab } from './page-models/economy-page.ts';
import { OverviewPage } from './page-models/overview-page.ts';
import { LAPTOP, PHONE, ResponsiveShell } from './page-models/responsive-shell.ts';

/**
 * Issue 12, "Done when" 1: at a phone's and a laptop's width a secretariat of Klynge Syd opens
 * the menu, reaches every screen, and goes from the overview to approving an initiative, entering
 * its actuals and settling — every page it sees axe-clean and no wider than the window.
 */
const CLUSTER = 'hovedstaden-syd';
const SECRETARIAT: JourneyUser = {
  username: 'uge.sekretariat',
  displayName: 'Mette Lund',
  password: 'Grøn-Cykel-Ved-Søen-2231!',
  roles: [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: CLUSTER } }],
};
const TABS: readonly EconomyTab[] = ['Midler', 'Indsatser', 'Forbrug', 'Afregninger', 'Årsafslutning'];
/** One proposed initiative for each width, waiting on the start page. */
const WIDTHS = [
  { size: PHONE, title: 'Hjemmebesøg efter udskrivelse', period: '2022-03', amount: '12.345,67' },
  { size: LAPTOP, title: 'Fælles rehabilitering af hjertepatienter', period: '2022-05', amount: '23.456,78' },
] as const;

describe('a secretariat’s week on a phone (390 × 844) and a laptop (1366 × 900)', () => {
  let page: Page;
  let shell: ResponsiveShell;
  let economy: EconomyPage;
  let overview: OverviewPage;
  const journey = useJourney({
    as: SECRETARIAT,
    before: async (j) => {
      for (const w of WIDTHS) {
        const res = await apiAs(j.page, 'POST', `/api/clusters/${CLUSTER}/initiatives`, {
          title: w.title, targetGroup: 'vulnerable-elderly', startPeriod: '2022-01', endPeriod: '2022-12', executingParties: ['101'],
          lines: [{ kind: 'other', id: 'l1', year: 2022, description: 'Afprøvning', category: 'trial', funding: 'common', party: '101', amountOre: 200_000_00 }],
        });
        expect(res.status, w.title).toBe(201);
      }
    },
  });
  beforeAll(() => {
    page = journey().page;
    shell = new ResponsiveShell(page);
    economy = new EconomyPage(page);
    overview = new OverviewPage(page);
  });

  /** What every page holds to: settled, no sideways scrolling of the page, axe clean. */
  async function checkPage(what: string, width: number): Promise<void> {
    await shell.settled();
    const w = await shell.widths();
    expect(w.innerWidth, what).toBe(width);
    expect(w.scrollWidth, `${what} er ${String(w.scrollWidth)} px bred i et ${String(width)} px vindue: ${w.tooWide.join('; ')}`).toBeLessThanOrEqual(w.innerWidth);
    await expectNoAxeViolations(page, what);
  }

  for (const { size, title, period, amount } of WIDTHS) {
    const label = `${String(size.width)} px`;

    it(`at ${label}: the menu reaches every screen, and every economy sub-page`, async () => {
      await page.setViewportSize(size);
      await page.goto('/#/');
      await checkPage(`forside ved ${label}`, size.width);
      // The phone has the menu behind its button, the laptop in the header: the same screens.
      expect(await shell.isPhone()).toBe(size === PHONE);
      const items = await shell.menuItems();
      expect(items).toEqual(expect.arrayContaining(['Forside', 'Register', 'Fordeling', 'Sekretariat', 'Økonomi', 'Organisering', 'Opfølgning', 'Vidensbank', 'Nøgletal', 'Scenarier']));
      for (const name of items) {
        await shell.goto(name);
        await checkPage(`${name} ved ${label}`, size.width);
      }
      await shell.goto('Økonomi');
      await economy.summary.waitFor();
      for (const tab of TABS) {
        await economy.tab(tab);
        await checkPage(`Økonomi › ${tab} ved ${label}`, size.width);
      }
      // The cluster-year overview on a page of its own (the start page shows it for one cluster).
      await page.goto(`/#/overview/cluster/${CLUSTER}/2022`);
      await page.getByRole('heading', { level: 1, name: /Klynge Syd/ }).waitFor();
      await checkPage(`klyngens overblik ved ${label}`, size.width);
      // Some 20 pages, each with axe: minutes on a loaded machine (seen: 120 s at 390 px).
    }, 480_000);

    it(`at ${label}: from the overview the secretariat approves the waiting initiative and starts it`, async () => {
      await overview.openStart();
      await checkPage(`forside ved ${label}`, size.width);
      const task = overview.tasks.filter({ hasText: title }).getByRole('link');
      expect(await task.innerText()).toMatch(new RegExp(`^Indsats til godkendelse: Nr\\. \\d+ ${title}$`));
      await task.click();
      // The task opens the initiative itself, on Indsatser.
      const panel = economy.initiativePanel;
      await panel.waitFor();
      await expect.poll(() => economy.tabLink('Indsatser').getAttribute('aria-current')).toBe('page');
      expect(await panel.getByRole('heading').first().innerText()).toContain(title);
      expect(await panel.getByRole('heading').first().innerText()).toContain('Foreslået');
      await checkPage(`indsats til godkendelse ved ${label}`, size.width);
      await panel.getByLabel('Møde (henvisning)').fill('Politisk niveau 01.02.2022, pkt. 4');
      await panel.getByLabel('Dato', { exact: true }).fill('01.02.2022');
      await panel.getByRole('button', { name: 'Godkend' }).click();
      await expect.poll(() => panel.getByRole('heading').first().innerText()).toContain('Godkendt');
      await panel.getByRole('button', { name: 'Sæt i gang' }).click();
      await expect.poll(() => panel.getByRole('heading').first().innerText()).toContain('I gang');
      await checkPage(`godkendt indsats ved ${label}`, size.width);
      // Done: the task is gone from the start page.
      await overview.openStart();
      expect(await overview.tasks.filter({ hasText: title }).count()).toBe(0);
    });

    it(`at ${label}: enters the initiative’s actuals and sees them in the totals`, async () => {
      await economy.open(CLUSTER, 2022, 'initiatives');
      const spentBefore = await economy.total('Forbrugt');
      const panel = await economy.openInitiative(title);
      await panel.getByRole('link', { name: `Registrér forbrug på ${title}` }).click();
      const form = page.locator('form.actuals-form');
      await form.waitFor();
      await checkPage(`forbrug ved ${label}`, size.width);
      await economy.cell(form, 'Periode (år-måned)', 1).fill(period);
      await economy.cell(form, 'Tekst', 1).fill('Løn til projektsygeplejerske');
      await economy.cell(form, 'Beløb (kr.)', 1).fill(amount);
      await form.getByRole('button', { name: 'Gem forbrug' }).click();
      await expect.poll(() => form.locator('.alert-success').innerText()).toContain('1 linje forbrug er gemt.');
      await expect.poll(() => economy.total('Forbrugt')).not.toBe(spentBefore);
      await checkPage(`forbrug gemt ved ${label}`, size.width);
    });

    it(`at ${label}: settles the period and sees each party’s obligation`, async () => {
      await economy.tab('Afregninger');
      const s = await economy.settle();
      const obligations = s.locator('table.obligations-table');
      await obligations.waitFor();
      expect(await obligations.locator('tbody tr').count()).toBeGreaterThan(1);
      // The executing party (København) is settled with the amount just entered.
      expect(await obligations.innerText()).toContain('København');
      await checkPage(`afregning ved ${label}`, size.width);
      await screenshot(page, `week-${String(size.width)}-settled`);
    });
  }
});
