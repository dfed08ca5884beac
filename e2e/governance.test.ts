import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiAs, createUser, signInAs } from './page-models/follow-up-pages.ts';
import { expectNoAxeViolations, screenshot } from './support/harness.ts';
import { useJourney } from './support/session.ts';

/** Issue 5: a meeting with agenda, minutes and a decision that approves an initiative, the link visible from both sides. */
describe('governance: a cluster meeting decides an initiative', () => {
  let page: Page;
  let initiativeId = '';

  // Signed in as the administrator, who creates the journey's users and its initiative.
  useJourney({
    before: async (j) => {
      page = j.page;
      await createUser(page, 'sekr-syd', 'Sekretariat Klynge Syd', [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: 'hovedstaden-syd' } }]);
      await createUser(page, 'ssu-h', 'SSU Region Hovedstaden', [{ role: 'ssu-member', scope: { kind: 'region', id: '1084' } }]);
      const created = await apiAs<{ id: string }>(page, 'POST', '/api/clusters/hovedstaden-syd/initiatives', {
        title: 'Akutteam i eget hjem',
        description: 'Sygeplejersker fra hospitalet rykker ud til ældre borgere.',
        targetGroup: 'vulnerable-elderly',
        startPeriod: '2022-07',
        endPeriod: '2022-12',
        executingParties: ['167'],
        lines: [{ kind: 'other', id: 'l1', year: 2022, description: 'Afprøvning', category: 'trial', funding: 'common', party: '167', amountOre: 50_000_000 }],
      });
      expect(created.status, JSON.stringify(created.json)).toBe(201);
      initiativeId = created.json.id;
    },
  });

  it('the secretariat sees the composition warnings, plans a meeting, writes and approves minutes whose decision approves an initiative; both sides link', async () => {
    const shell = await signInAs(page, 'sekr-syd');
    await shell.goto('Organisering');
    await page.getByRole('heading', { level: 1, name: 'Organisering af Klynge Syd' }).waitFor();
    const warnings = page.getByRole('region', { name: /Afvigelser fra lovens sammensætning/ });
    await expect.poll(() => warnings.innerText()).toContain('Borgmesteren for Hvidovre mangler på det politiske niveau.');
    // Add the region council chair: that warning goes away once saved.
    const political = page.locator('fieldset').filter({ hasText: 'Tilføj medlem: politisk niveau' });
    await political.getByLabel('Navn', { exact: true }).fill('Regionsrådsformand A');
    await political.getByLabel('Organisation', { exact: true }).fill('Region Hovedstaden');
    await political.getByRole('button', { name: 'Tilføj medlem' }).click();
    await page.getByRole('button', { name: 'Gem', exact: true }).click();
    await page.getByText('Ændringen er gemt.').waitFor();
    await expect.poll(() => warnings.innerText()).not.toContain('Regionsrådsformanden mangler på det politiske niveau.');
    await expectNoAxeViolations(page, 'organisering');
    await screenshot(page, 'governance');

    // Edit a member in place with the keyboard only: Enter on "Ret …" opens the row's form with the
    // cursor in the name; Enter in a field updates the row; focus returns to the row's "Ret …".
    await page.getByRole('button', { name: 'Ret Regionsrådsformand A' }).focus();
    await page.keyboard.press('Enter');
    const editForm = page.locator('fieldset').filter({ hasText: 'Ret medlem: Regionsrådsformand A' });
    const focusedLabel = () => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.textContent ?? document.activeElement?.getAttribute('aria-label') ?? '');
    await expect.poll(focusedLabel).toBe('Navn');
    expect(await editForm.getByLabel('Navn', { exact: true }).inputValue()).toBe('Regionsrådsformand A');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Sophie Hæstorp Andersen');
    await page.keyboard.press('Tab');
    expect(await focusedLabel()).toBe('Organisation');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Region Hovedstaden, regionsrådet');
    await expectNoAxeViolations(page, 'organisering, medlem rettes');
    await screenshot(page, 'governance-edit-member');
    await page.keyboard.press('Enter');
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Sophie Hæstorp Andersen' }) });
    expect(await row.innerText()).toContain('Region Hovedstaden, regionsrådet');
    await expect.poll(focusedLabel).toBe('Ret Sophie Hæstorp Andersen');
    // Escape leaves the member as it was.
    await page.keyboard.press('Enter');
    await expect.poll(focusedLabel).toBe('Navn');
    await page.keyboard.type('XYZ');
    await page.keyboard.press('Escape');
    await expect.poll(focusedLabel).toBe('Ret Sophie Hæstorp Andersen');
    expect(await page.getByRole('rowheader', { name: 'Sophie Hæstorp Andersen', exact: true }).count()).toBe(1);

    // A member added with the wrong role is corrected in place: "Andet" → Borgmester for Hvidovre,
    // and made the municipal co-chair; once saved, the missing-mayor warning is gone.
    await political.getByLabel('Navn', { exact: true }).fill('Anders Wolf Andresen');
    await political.getByLabel('Organisation', { exact: true }).fill('Hvidovre Kommune');
    await political.getByLabel('Rolle', { exact: true }).selectOption({ label: 'Andet' });
    await political.getByRole('button', { name: 'Tilføj medlem' }).click();
    await page.getByRole('button', { name: 'Ret Anders Wolf Andresen' }).click();
    const fix = page.locator('fieldset').filter({ hasText: 'Ret medlem: Anders Wolf Andresen' });
    await fix.getByLabel('Rolle', { exact: true }).selectOption({ label: 'Borgmester' });
    await fix.getByLabel('Kommune', { exact: true }).selectOption({ label: 'Hvidovre' });
    await fix.getByRole('button', { name: 'Opdater medlem' }).click();
    expect(await page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Anders Wolf Andresen' }) }).innerText()).toContain('Borgmester, Hvidovre');
    await page.getByLabel('Kommunal medformand').selectOption({ label: 'Anders Wolf Andresen' });
    await page.getByText('Du har ændringer, der ikke er gemt endnu.').waitFor();
    await page.getByRole('button', { name: 'Gem', exact: true }).click();
    await page.getByText('Ændringen er gemt.').waitFor();
    await expect.poll(() => warnings.innerText()).not.toContain('Borgmesteren for Hvidovre mangler');
    // Saved for real: a reload shows the edited members.
    await page.reload();
    await page.getByRole('rowheader', { name: 'Sophie Hæstorp Andersen' }).waitFor();
    expect(await page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Anders Wolf Andresen' }) }).innerText()).toContain('Borgmester, Hvidovre');

    const plan = page.locator('fieldset').filter({ hasText: 'Planlæg møde' });
    await plan.getByLabel('Niveau').selectOption('political');
    await plan.getByLabel('Dato').fill('2023-09-20');
    await plan.getByLabel('Titel').fill('Politisk klyngemøde, efterår');
    await plan.getByRole('button', { name: 'Planlæg møde' }).click();
    await page.getByRole('heading', { level: 1, name: 'Politisk klyngemøde, efterår' }).waitFor();

    await page.getByLabel('Skabelon').selectOption({ label: 'Drøftelse og beslutning om problemer og målgrupper, klyngen skal sætte særlig fokus på' });
    await page.getByRole('button', { name: 'Tilføj punkt' }).click();
    await page.locator('ol.agenda li').first().waitFor();
    await page.getByLabel('Referatets tekst').fill('Klyngen drøftede indsatser for de sårbare ældre.');
    await page.getByRole('button', { name: 'Tilføj beslutning' }).click();
    await page.getByLabel('Beslutning', { exact: true }).fill('Indsatsen Akutteam i eget hjem godkendes.');
    await page.getByLabel('Dagsorden', { exact: true }).selectOption({ index: 1 });
    await page.getByLabel('Beslutningen vedrører').selectOption({ label: 'Godkendelse af indsats' });
    await page.getByLabel('Hvilken').selectOption({ label: 'Akutteam i eget hjem' });
    await page.getByRole('button', { name: 'Gem referat' }).click();
    await page.getByRole('heading', { name: /Version 1 – Kladde/ }).waitFor();
    // While the minutes are a draft, the initiative is only proposed in the economy.
    await page.getByRole('link', { name: 'Se: Godkendelse af indsats: Akutteam i eget hjem' }).click();
    await page.getByRole('heading', { level: 1, name: 'Opfølgning på Akutteam i eget hjem' }).waitFor();
    await expect.poll(() => page.getByTestId('initiative-status').innerText()).toBe('Foreslået');
    await page.getByTestId('initiative-decisions').getByRole('link', { name: 'Politisk klyngemøde, efterår' }).click();
    await page.getByRole('heading', { level: 1, name: 'Politisk klyngemøde, efterår' }).waitFor();
    expect(await page.getByRole('button', { name: 'Godkend referat' }).getAttribute('aria-describedby')).toBe('approve-economy-hint');
    await page.getByText('Når referatet godkendes, bliver de indsatser, som beslutningerne godkender, også godkendt i økonomien').waitFor();
    await page.getByRole('button', { name: 'Godkend referat' }).click();
    // Approval cannot be undone: a dialog says so (and what it does in the economy) before anything happens.
    const confirm = page.getByRole('dialog', { name: 'Godkend referatet?' });
    await confirm.waitFor();
    expect(await confirm.innerText()).toContain('kan ikke ændres eller trækkes tilbage');
    expect(await confirm.innerText()).toContain('også godkendt i økonomien');
    await expectNoAxeViolations(page, 'godkend referat (dialog)');
    await confirm.getByRole('button', { name: 'Godkend referat' }).click();
    await page.getByRole('heading', { name: /Version 1 – Godkendt/ }).waitFor();
    const link = page.getByRole('link', { name: 'Se: Godkendelse af indsats: Akutteam i eget hjem' });
    await link.waitFor();
    await expectNoAxeViolations(page, 'møde med referat');
    await screenshot(page, 'meeting');
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'meeting-print');
    expect(await page.getByRole('button', { name: 'Godkend referat' }).isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });

    // The initiative's side shows the decision that made it, linking back to the meeting.
    await link.click();
    await page.getByRole('heading', { level: 1, name: 'Opfølgning på Akutteam i eget hjem' }).waitFor();
    expect(page.url()).toContain(initiativeId);
    const decisions = page.getByTestId('initiative-decisions');
    await expect.poll(() => decisions.innerText()).toContain('Politisk klyngemøde, efterår (Sundhedsklyngens politiske niveau, 20.09.2023): Indsatsen Akutteam i eget hjem godkendes.');
    expect(await decisions.innerText()).not.toContain('endnu ikke godkendt');
    // Approving the minutes approved the initiative in the economy, with the meeting as its decision.
    await expect.poll(() => page.getByTestId('initiative-status').innerText()).toBe('Godkendt');
    expect(await page.getByText('20.09.2023 – Politisk klyngemøde, efterår (Klynge Syd, politisk niveau, 2023-09-20)').count()).toBe(1);
    await expectNoAxeViolations(page, 'indsatsens opfølgning');
    await screenshot(page, 'initiative-decisions');
    await decisions.getByRole('link', { name: 'Politisk klyngemøde, efterår' }).click();
    await page.getByRole('heading', { level: 1, name: 'Politisk klyngemøde, efterår' }).waitFor();
    // The economy screen agrees (read only here).
    const economy = await apiAs<{ status: string; approval: { level: string } }>(page, 'GET', `/api/initiatives/${initiativeId}`);
    expect([economy.json.status, economy.json.approval.level]).toEqual(['approved', 'political']);
  });

  it('an SSU member composes the committee: members added and edited in place, chair and vice-chair; no warnings once it follows §7', async () => {
    const shell = await signInAs(page, 'ssu-h');
    await shell.goto('SSU');
    await page.getByRole('heading', { level: 1, name: 'Sundhedssamarbejdsudvalget, Region Hovedstaden' }).waitFor();
    const composition = page.getByRole('region', { name: 'Sammensætning' });
    const ssuWarnings = composition.getByRole('region', { name: /Afvigelser fra lovens sammensætning/ });
    await expect.poll(() => ssuWarnings.innerText()).toContain('Formanden for sundhedssamarbejdsudvalget skal udpeges blandt regionsrådets repræsentanter.');
    const add = page.locator('fieldset').filter({ hasText: 'Tilføj medlem til udvalget' });
    const members: [string, string, string, string?][] = [
      ['Sophie Hæstorp Andersen', 'Region Hovedstaden', 'Regionsrådsformand'],
      ['Regionsrådsmedlem B', 'Region Hovedstaden', 'Regionsrådsmedlem'],
      ['Regionsrådsmedlem C', 'Region Hovedstaden', 'Regionsrådsmedlem'],
      ['Anders Wolf Andresen', 'Hvidovre Kommune', 'Borgmester', 'Hvidovre'],
      ['Læge N', 'PLO-Hovedstaden', 'Praktiserende læge (PLO)'],
      ['Læge O', 'PLO-Hovedstaden', 'Andet'],
    ];
    for (const [name, organisation, role, municipality] of members) {
      await add.getByLabel('Navn', { exact: true }).fill(name);
      await add.getByLabel('Organisation', { exact: true }).fill(organisation);
      await add.getByLabel('Rolle', { exact: true }).selectOption({ label: role });
      if (municipality) await add.getByLabel('Kommune', { exact: true }).selectOption({ label: municipality });
      // Enter in a field adds the member (keyboard users need not find the button).
      await add.getByLabel('Organisation', { exact: true }).press('Enter');
      await composition.getByRole('rowheader', { name }).waitFor();
    }
    await composition.getByLabel('Formand', { exact: true }).selectOption({ label: 'Sophie Hæstorp Andersen' });
    await composition.getByLabel('Næstformand', { exact: true }).selectOption({ label: 'Anders Wolf Andresen' });
    // One GP was entered as "Andet": correct the role in place.
    await composition.getByRole('button', { name: 'Ret Læge O' }).click();
    const fix = composition.locator('fieldset').filter({ hasText: 'Ret medlem: Læge O' });
    await fix.getByLabel('Rolle', { exact: true }).selectOption({ label: 'Praktiserende læge (PLO)' });
    await expectNoAxeViolations(page, 'SSU, medlem rettes');
    await fix.getByRole('button', { name: 'Opdater medlem' }).click();
    expect(await composition.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Læge O' }) }).innerText()).toContain('Praktiserende læge (PLO)');
    await composition.getByRole('button', { name: 'Gem sammensætning' }).click();
    await composition.getByText('Ændringen er gemt.').waitFor();
    // Chair from the region council, vice-chair the mayor who co-chairs Klynge Syd (set in the previous test), 3 from the council, 2 GPs.
    await composition.getByText('Sammensætningen følger reglerne.').waitFor();
    expect(await ssuWarnings.count()).toBe(0);
    await expectNoAxeViolations(page, 'SSU-sammensætning');
    await screenshot(page, 'ssu-composition');
    const saved = await apiAs<{ chairMemberId: string; members: { id: string; name: string; role: { kind: string } }[] }>(page, 'GET', '/api/regions/1084/years/2022/ssu');
    expect(saved.json.members.find((m) => m.id === saved.json.chairMemberId)?.name).toBe('Sophie Hæstorp Andersen');
    expect(saved.json.members.filter((m) => m.role.kind === 'general-practitioner').map((m) => m.name)).toEqual(['Læge N', 'Læge O']);
  });
});
