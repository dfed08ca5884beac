import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, screenshot } from './support/harness.ts';
import { apiAs, useJourney } from './support/session.ts';
import { EconomyPage } from './page-models/economy-page.ts';

const CLUSTER = 'syddanmark-lillebaelt';

/**
 * Issue 9, deliverable 5: on a freshly started server every cluster has an economy, and the
 * secretariat of a cluster allocated from its total population sees its funds as provisional
 * (with why) and records the shares its parties agreed, or adopts Tabel 1.
 */
describe('a fresh start: every cluster has an economy', () => {
  const journey = useJourney();

  it('answers 200 for the 2022 economy of all 22 clusters, funds per party adding up to the allocation', async () => {
    const { page } = journey();
    const register = await apiAs<{ regions: { clusters: { id: string }[] }[] }>(page, 'GET', '/api/years/2022/register');
    const clusters = register.json.regions.flatMap((r) => r.clusters);
    expect(clusters).toHaveLength(22);
    for (const c of clusters) {
      const res = await apiAs<{ funds: { parties: { contribution: number }[]; cluster: { contribution: number } } }>(page, 'GET', `/api/clusters/${c.id}/economy/2022`);
      expect(res.status, c.id).toBe(200);
      expect(res.json.funds.parties.reduce((sum, p) => sum + p.contribution, 0), c.id).toBe(res.json.funds.cluster.contribution);
      expect(res.json.funds.cluster.contribution, c.id).toBeGreaterThan(0);
    }
  });
});

describe('the basis of a cluster’s funds, as its secretariat decides it', () => {
  let page: Page;
  let economy: EconomyPage;

  const journey = useJourney({
    as: { username: 'sekretariat-lillebaelt', displayName: 'Sekretariat Lillebælt', password: 'Rod-Havelaage-April-3196!', roles: [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: CLUSTER } }] },
  });
  beforeAll(() => {
    page = journey().page;
    economy = new EconomyPage(page);
  });

  it('shows the funds as provisional, with why, and passes axe', async () => {
    await economy.open(CLUSTER, 2022);
    const s = economy.section('Grundlag for klyngens midler 2022');
    await s.locator('.alert-heading').first().waitFor();
    expect(await s.locator('.alert-heading').first().innerText()).toContain('Foreløbig');
    expect(await s.locator('.alert-text').first().innerText()).toContain('2020K1');
    // Billund (**) and Vejen (***) are parties with no common funds.
    const billund = s.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: 'Billund (**)' }) });
    expect((await billund.locator('td').nth(2).innerText()).trim()).toBe('0,00 kr.');
    await expectNoAxeViolations(page, 'grundlag for midler');
    await screenshot(page, 'funds-basis-provisional');
  });

  it('records the agreed shares with the decision and shows the deviation per party', async () => {
    const s = economy.section('Grundlag for klyngens midler 2022');
    const form = s.locator('form').filter({ has: page.getByRole('heading', { name: 'Registrér aftalte andele' }) });
    await form.getByLabel('Andel for Fredericia').fill('1');
    await form.getByLabel('Andel for Kolding').fill('1');
    await form.getByLabel('Andel for Middelfart').fill('1');
    await form.getByLabel('Andel for Vejle').fill('1');
    await form.getByLabel('Beslutning', { exact: true }).fill('Politisk niveau 12.09.2022, pkt. 3');
    await form.getByRole('button', { name: 'Gem aftalte andele' }).click();
    await expect.poll(() => s.locator('.alert-heading').first().innerText()).toContain('Aftalte andele');
    expect(await s.locator('thead').innerText()).toContain('Afvigelse');
    // The funds table above follows the decision, and its total is still the cluster's allocation.
    const basisTotal = (await s.locator('tfoot td').nth(2).innerText()).trim();
    await expect.poll(async () => `${(await economy.fundsTable.locator('tfoot td').first().innerText()).trim()} kr.`).toBe(basisTotal);
    await expectNoAxeViolations(page, 'aftalte andele');
    await screenshot(page, 'funds-basis-agreed');
  });

  it('adopts the published Tabel 1 amounts as the decided funds', async () => {
    const s = economy.section('Grundlag for klyngens midler 2022');
    const form = s.locator('form').filter({ has: page.getByRole('heading', { name: 'Vedtag Tabel 1’s beløb' }) });
    await form.getByLabel('Beslutning', { exact: true }).fill('Politisk niveau 01.10.2022: Tabel 1 vedtaget');
    await form.getByRole('button', { name: 'Vedtag Tabel 1’s beløb' }).click();
    await expect.poll(() => s.locator('.alert-heading').first().innerText()).toContain('Offentliggjort (Tabel 1)');
    // Tabel 1: Lillebælt-klyngen 2.069.103 + 2.061.670 = 4.130.773 kr.
    const total = (await economy.fundsTable.locator('tfoot td').allInnerTexts()).map((t) => t.trim());
    expect(total[0]).toBe('4.130.773,00');
    await expectNoAxeViolations(page, 'tabel 1 vedtaget');
  });

  it('records that a municipality leaves mid-year: its months show and the year is split by them', async () => {
    const s = economy.section('Grundlag for klyngens midler 2022');
    const form = s.locator('form').filter({ has: page.getByRole('heading', { name: 'Ind- eller udtræden i årets løb' }) });
    await form.getByLabel('Kommune', { exact: true }).selectOption({ label: 'Middelfart' });
    await form.getByLabel('Medlem til og med måned').selectOption({ label: 'juni' });
    await form.getByLabel('Beslutning om ind- eller udtræden').fill('Middelfart Byråd 20.06.2022, pkt. 9');
    await form.getByRole('button', { name: 'Gem medlemsperiode' }).click();
    const middelfart = s.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: 'Middelfart', exact: true }) });
    await expect.poll(async () => (await middelfart.locator('td').first().innerText()).trim()).toBe('januar–juni');
    expect(await s.locator('.alert').first().innerText()).toContain('Middelfart måned 1–6 (6 mdr.)');
    await expectNoAxeViolations(page, 'medlemsperiode');
    await screenshot(page, 'funds-basis-mid-year');
  });
});
