import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const ADMIN_USERNAME = 'admin';
export const ADMIN_PASSWORD = 'e2e-Adgangskode-1234';

export interface Klynge {
  url: string;
  dataDir: string;
  close: () => Promise<void>;
}

/** A real Klynge server on a fresh embedded data dir and a free port; one per test file. */
export async function startKlynge(): Promise<Klynge> {
  const dataDir = await mkdtemp(join(tmpdir(), 'klynge-e2e-'));
  const { startServer } = await import('../../src/http/server.ts');
  const server = await startServer({ port: 0, dataDir, adminPassword: ADMIN_PASSWORD });
  return {
    url: server.url.replace(/\/$/, ''),
    dataDir,
    close: async () => {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, headless; never a downloaded browser. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function newContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, locale: 'da-DK', timezoneId: 'Europe/Copenhagen', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  context.setDefaultTimeout(20_000);
  return context;
}

/** WCAG 2.1 A and AA, as the issue asks; prints what is wrong when something is. */
export async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact ?? '?'}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  expect(summary, `axe on ${what}`).toEqual([]);
}

/** For looking at the page as a user would (screenshots to /tmp). */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env['KLYNGE_E2E_SCREENSHOTS'] === '0') return;
  await page.screenshot({ path: `/tmp/klynge-e2e-${name}.png`, fullPage: true });
}

/**
 * Starting PGlite and Chromium can take minutes on a loaded machine (seen: 100 s only to load
 * the server's modules with 7 parallel builds on 2 cores), so the hooks get more than the
 * config's default.
 */
export const HOOK_TIMEOUT_MS = 600_000;
