import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { LoginPage } from '../page-models/login-page.ts';
import { ADMIN_PASSWORD, ADMIN_USERNAME, HOOK_TIMEOUT_MS, launchBrowser, newContext, startKlynge, type Klynge } from './harness.ts';

/** A journey's world: its own Klynge server (seeded), a browser and one signed-in page. */
export interface Journey {
  klynge: Klynge;
  browser: Browser;
  context: BrowserContext;
  page: Page;
}

export interface JourneyUser {
  username: string;
  displayName: string;
  password: string;
  roles: { role: string; scope: { kind: string; id: string | null } }[];
}

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

/** The administrator creates a user through the admin API, from a page signed in as admin. */
export async function createUser(page: Page, user: JourneyUser): Promise<void> {
  const { status } = await apiAs(page, 'POST', '/api/admin/users', user);
  expect(status, `bruger ${user.username} oprettes`).toBe(201);
}

/** Opens the sign-in page on `page` and signs in as the administrator. */
export async function signInAsAdmin(page: Page): Promise<LoginPage> {
  const login = new LoginPage(page);
  await login.open();
  await login.signIn(ADMIN_USERNAME, ADMIN_PASSWORD);
  await login.shell.signedInUser.waitFor();
  return login;
}

/** From a page signed in as the administrator: creates `user`, signs out, and signs in as `user`. */
export async function signInAsNewUser(page: Page, login: LoginPage, user: JourneyUser): Promise<void> {
  await createUser(page, user);
  await login.shell.logout();
  await login.username.waitFor();
  await login.signIn(user.username, user.password);
  await login.shell.signedInUser.waitFor();
}

/**
 * Registers beforeAll/afterAll for a journey and returns a getter: a fresh server and browser,
 * signed in as the administrator, or — when `as` is given — as that user, created by the admin.
 */
export function useJourney(opts: { as?: JourneyUser; before?: (j: Journey) => Promise<void> } = {}): () => Journey {
  let journey: Journey | undefined;
  beforeAll(async () => {
    const klynge = await startKlynge();
    const browser = await launchBrowser();
    const context = await newContext(browser, klynge.url);
    const page = await context.newPage();
    journey = { klynge, browser, context, page };
    const login = await signInAsAdmin(page);
    if (opts.as) await signInAsNewUser(page, login, opts.as);
    await opts.before?.(journey);
  }, HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await journey?.context.close();
    await journey?.browser.close();
    await journey?.klynge.close();
  }, HOOK_TIMEOUT_MS);
  return () => {
    if (!journey) throw new Error('Rejsen er ikke startet (beforeAll fejlede?).');
    return journey;
  };
}
