import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, screenshot } from './support/harness.ts';
import { useJourney } from './support/session.ts';
import { RegisterPage } from './page-models/register-page.ts';

describe('the register', () => {
  let page: Page;

  const journey = useJourney();
  beforeAll(() => {
    page = journey().page;
  });

  it("shows regions, clusters and members with Tabel 2's flags (Billund: administrative only)", async () => {
    const register = new RegisterPage(page);
    await register.open(2022);
    expect(await page.getByRole('heading', { level: 2, name: 'Region Hovedstaden' }).count()).toBe(1);
    // Tabel 2 `**` (seed 000): Billund takes part in Lillebælt-klyngen administratively only and does not contribute.
    const billund = register.memberRow('Lillebælt-klyngen', 'Billund');
    const cells = (await billund.locator('td').allInnerTexts()).map((s) => s.trim());
    expect(cells.slice(0, 4)).toEqual(['530', 'Nej', 'Ja', 'Bidrager ikke']);
    await expectNoAxeViolations(page, 'register');
    await screenshot(page, 'register');
  });

  it('lets an administrator edit a membership and keeps the change', async () => {
    const register = new RegisterPage(page);
    await register.editButton('Lillebælt-klyngen', 'Billund').click();
    await register.dialog.waitFor();
    await expectNoAxeViolations(page, 'ret medlemskab');
    await register.dialog.getByLabel('Bemærkning').fill('Rettet i browsertest');
    await register.dialog.getByRole('button', { name: 'Gem' }).click();
    await register.dialog.waitFor({ state: 'detached' });
    await register.notice.waitFor();
    expect(await register.notice.innerText()).toContain('Ændringen er gemt.');
    await page.reload();
    await register.memberRow('Lillebælt-klyngen', 'Billund').waitFor();
    expect(await register.memberRow('Lillebælt-klyngen', 'Billund').innerText()).toContain('Rettet i browsertest');
  });

  it('says clearly in Danish when someone else saved first (409), and shows the newest version', async () => {
    const register = new RegisterPage(page);
    await register.editButton('Lillebælt-klyngen', 'Billund').click();
    await register.dialog.waitFor();
    // Someone else saves the same membership meanwhile (same session, through the API).
    const changed = await page.evaluate(async () => {
      const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
      const reg = (await (await fetch('/api/years/2022/register')).json()) as {
        regions: { clusters: { name: string; members: { membershipId: string; municipalityName: string; version: number }[] }[] }[];
      };
      const member = reg.regions.flatMap((r) => r.clusters).find((c) => c.name === 'Lillebælt-klyngen')?.members.find((m) => m.municipalityName === 'Billund');
      if (!member) return 0;
      const res = await fetch(`/api/memberships/${member.membershipId}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ version: member.version, note: 'Ændret af en anden' }),
      });
      return res.status;
    });
    expect(changed).toBe(200);
    await register.dialog.getByLabel('Bemærkning').fill('Min ændring');
    await register.dialog.getByRole('button', { name: 'Gem' }).click();
    await register.dialog.waitFor({ state: 'detached' });
    const notice = page.locator('.alert-warning');
    await notice.waitFor();
    expect(await notice.innerText()).toContain('Nogen har ændret Billund, mens du rettede.');
    await expect.poll(() => register.memberRow('Lillebælt-klyngen', 'Billund').innerText()).toContain('Ændret af en anden');
    await expectNoAxeViolations(page, 'register efter 409');
  });
});
