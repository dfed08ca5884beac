import type { Locator, Page } from 'playwright-core';
import { AppShell } from './app-shell.ts';
import { LoginPage } from './login-page.ts';
import { apiAs, createUser as createJourneyUser, type JourneyUser } from '../support/session.ts';

/** Helpers for the governance and follow-up journeys (issue 5). */

export { apiAs };

const PASSWORD = 'Ny-bruger-adgangskode-1';

/** Creates a user with roles as the signed-in administrator (the journeys' common password). */
export async function createUser(page: Page, username: string, displayName: string, roles: JourneyUser['roles']): Promise<void> {
  await createJourneyUser(page, { username, displayName, password: PASSWORD, roles });
}

export async function signInAs(page: Page, username: string): Promise<AppShell> {
  const login = new LoginPage(page);
  const shell = new AppShell(page);
  if (await shell.logoutButton.count()) await shell.logout();
  await login.username.waitFor();
  await login.signIn(username, PASSWORD);
  await shell.signedInUser.waitFor();
  return shell;
}

/** A labelled field inside a section with this heading. */
export function section(page: Page, heading: string | RegExp): Locator {
  return page.locator('section, fieldset, article').filter({ has: page.getByRole('heading', { name: heading }) }).last();
}
