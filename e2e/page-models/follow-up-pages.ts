import type { Locator, Page } from 'playwright-core';
import { AppShell } from './app-shell.ts';
import { LoginPage } from './login-page.ts';

/** Helpers for the governance and follow-up journeys (issue 5). */

/** Calls the API as the signed-in user of the page (CSRF token from /api/auth/me). */
export async function apiAs<T>(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
  return page.evaluate(
    async ([m, p, b]) => {
      const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
      const res = await fetch(p, { method: m, headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, ...(b === undefined ? {} : { body: JSON.stringify(b) }) });
      return { status: res.status, json: (await res.json().catch(() => null)) as never };
    },
    [method, path, body] as const,
  );
}

/** Creates a user with roles as the signed-in administrator. */
export async function createUser(page: Page, username: string, displayName: string, roles: { role: string; scope: { kind: string; id: string | null } }[]): Promise<void> {
  const res = await apiAs(page, 'POST', '/api/admin/users', { username, displayName, password: 'Ny-bruger-adgangskode-1', roles });
  if (res.status !== 201) throw new Error(`Brugeren ${username} kunne ikke oprettes (${String(res.status)})`);
}

export async function signInAs(page: Page, username: string): Promise<AppShell> {
  const login = new LoginPage(page);
  const shell = new AppShell(page);
  if (await shell.logoutButton.count()) await shell.logout();
  await login.username.waitFor();
  await login.signIn(username, 'Ny-bruger-adgangskode-1');
  await shell.signedInUser.waitFor();
  return shell;
}

/** A labelled field inside a section with this heading. */
export function section(page: Page, heading: string | RegExp): Locator {
  return page.locator('section, fieldset, article').filter({ has: page.getByRole('heading', { name: heading }) }).last();
}
