/**
 * Screenshots for looking at the app as a user would (issue 12): the start page, the cluster
 * overview, each economy sub-page, the new-initiative form and the phone menu, at 390 × 844 and
 * 1366 × 900 (and the new-initiative form at 1280), as a secretariat of Klynge Syd with an
 * approved, running and settled initiative and one waiting for approval.
 *
 *   npx vite build && npx tsx scripts/screenshots.ts [out-dir]     (default /tmp/klynge-screens)
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { launchBrowser, newContext, startKlynge } from '../e2e/support/harness.ts';
import { apiAs, createUser, signInAsAdmin, type JourneyUser } from '../e2e/support/session.ts';
import { ResponsiveShell } from '../e2e/page-models/responsive-shell.ts';

const OUT = process.argv[2] ?? '/tmp/klynge-screens';
const CLUSTER = 'hovedstaden-syd';
const USER: JourneyUser = { username: 'skaermbilleder', displayName: 'Mette Lund', password: 'Grøn-Cykel-Ved-Søen-2231!', roles: [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: CLUSTER } }] };

await mkdir(OUT, { recursive: true });
const klynge = await startKlynge();
const browser = await launchBrowser();
try {
  const context = await newContext(browser, klynge.url);
  const page = await context.newPage();
  const login = await signInAsAdmin(page);
  await createUser(page, USER);
  const make = (title: string, amountOre: number) =>
    apiAs<{ id: string; version: number }>(page, 'POST', `/api/clusters/${CLUSTER}/initiatives`, {
      title, targetGroup: 'vulnerable-elderly', startPeriod: '2022-01', endPeriod: '2022-12', executingParties: ['101'],
      lines: [{ kind: 'other', id: 'l1', year: 2022, description: 'Afprøvning', category: 'trial', funding: 'common', party: '101', amountOre }],
    });
  const running = await make('Sammenhængende akutforløb for ældre', 1_200_000_00);
  await apiAs(page, 'POST', `/api/initiatives/${running.json.id}/approve`, { version: running.json.version, date: '2022-02-01', level: 'political', meetingReference: 'Politisk niveau 01.02.2022' });
  await apiAs(page, 'POST', `/api/clusters/${CLUSTER}/actuals`, { lines: [{ initiativeId: running.json.id, party: '101', period: '2022-04', amountOre: 345_678_91, category: 'Afprøvning', funding: 'Fælles midler' }] });
  await apiAs(page, 'POST', `/api/clusters/${CLUSTER}/settlements`, { from: '2022-01', to: '2022-06' });
  await make('Tidlig opsporing af KOL', 400_000_00);
  await login.shell.logout();
  await login.username.waitFor();
  await login.signIn(USER.username, USER.password);
  await login.shell.signedInUser.waitFor();

  const shell = new ResponsiveShell(page);
  const shot = async (name: string) => {
    await shell.settled();
    await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
  };
  for (const size of [{ width: 390, height: 844 }, { width: 1366, height: 900 }]) {
    const w = String(size.width);
    await page.setViewportSize(size);
    await page.goto('/#/');
    await shot(`${w}-start`);
    await page.goto(`/#/overview/cluster/${CLUSTER}/2022`);
    await shot(`${w}-cluster-overview`);
    for (const sub of ['funds', 'initiatives', 'actuals', 'settlements', 'year-end']) {
      await page.goto(`/#/economy/${CLUSTER}/2022/${sub}`);
      await page.locator('dl.economy-summary').waitFor();
      await shot(`${w}-economy-${sub}`);
    }
    await page.goto(`/#/economy/${CLUSTER}/2022/initiatives/${running.json.id}`);
    await page.locator('section.initiative-panel').waitFor();
    await shot(`${w}-economy-initiative`);
    if (size.width === 390) {
      await page.goto('/#/');
      await shell.settled();
      await shell.openMenu();
      await page.screenshot({ path: join(OUT, `${w}-menu.png`) });
      // The drawer scrolls: its last item (log out) can be reached.
      await shell.drawerLogout.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(OUT, `${w}-menu-end.png`) });
      await shell.closeButton.click();
    }
  }
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`/#/economy/${CLUSTER}/2022/initiatives`);
    await page.reload();
    await page.getByRole('button', { name: /Ny indsats/ }).click();
    await page.locator('form.new-initiative').waitFor();
    await shot(`${String(width)}-economy-new-initiative`);
  }
  // English mode: the server's labels (status, category, target group) in English too.
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto(`/#/economy/${CLUSTER}/2022/initiatives/${running.json.id}`);
  await page.locator('section.initiative-panel').waitFor();
  await page.locator('button.lang-switch:visible').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await shot('1366-economy-initiative-en');
  await page.goto('/#/');
  await shot('1366-start-en');
  await context.close();
  console.log(`Skærmbilleder i ${OUT}`);
} finally {
  await browser.close();
  await klynge.close();
}
