import type { Locator, Page } from 'playwright-core';
import { AppShell } from './app-shell.ts';

/** The administrator's screens: Brugere, Sessioner, Revisionsspor. */
export class AdminPage {
  readonly shell: AppShell;
  constructor(readonly page: Page) {
    this.shell = new AppShell(page);
  }

  /** The administration's own menu (Brugere, Sessioner, Revisionsspor). */
  adminNavLink(name: string): Locator {
    return this.page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name, exact: true });
  }

  /** Through the main menu's Administration item, then the administration's menu. */
  async gotoAdmin(name: 'Brugere' | 'Sessioner' | 'Revisionsspor'): Promise<void> {
    if ((await this.adminNavLink(name).count()) === 0) await this.shell.goto('Administration');
    await this.adminNavLink(name).click();
  }

  // ── Brugere ────────────────────────────────────────────────────────────────────────────────

  async openUsers(): Promise<void> {
    await this.gotoAdmin('Brugere');
    await this.usersTable.waitFor();
  }

  get usersTable(): Locator {
    return this.page.locator('table.admin-users');
  }

  userRow(username: string): Locator {
    return this.usersTable.locator('tbody tr').filter({ has: this.page.getByRole('rowheader', { name: username, exact: true }) });
  }

  get createForm(): Locator {
    return this.page.locator('section.admin-create-user');
  }

  /** Fills the create form; roles are [role label, scope option label | null] pairs. */
  async fillNewUser(user: { username: string; displayName: string; password: string; roles: [string, string | null][] }): Promise<void> {
    const form = this.createForm;
    await form.getByLabel('Brugernavn', { exact: true }).fill(user.username);
    await form.getByLabel('Navn', { exact: true }).fill(user.displayName);
    await form.getByLabel('Adgangskode', { exact: true }).fill(user.password);
    for (const [role, scope] of user.roles) await this.addRole(form, role, scope);
  }

  async addRole(within: Locator, role: string, scope: string | null): Promise<void> {
    await within.getByLabel('Rolle', { exact: true }).selectOption({ label: role });
    if (scope !== null) await within.getByLabel('Omfang', { exact: true }).selectOption({ label: scope });
    await within.getByRole('button', { name: 'Tilføj rolle', exact: true }).click();
  }

  async submitNewUser(): Promise<void> {
    await this.createForm.getByRole('button', { name: 'Opret bruger', exact: true }).click();
  }

  editRolesButton(displayName: string): Locator {
    return this.page.getByRole('button', { name: `Ret roller for ${displayName}`, exact: true });
  }

  get dialog(): Locator {
    return this.page.getByRole('dialog');
  }

  get success(): Locator {
    return this.page.locator('.alert-success');
  }

  get error(): Locator {
    return this.page.locator('.alert-error');
  }

  // ── Sessioner ──────────────────────────────────────────────────────────────────────────────

  async openSessions(): Promise<void> {
    await this.gotoAdmin('Sessioner');
    await this.sessionsTable.waitFor();
  }

  get sessionsTable(): Locator {
    return this.page.locator('table.admin-sessions');
  }

  sessionRows(userText: string): Locator {
    return this.sessionsTable.locator('tbody tr').filter({ has: this.page.getByRole('rowheader').filter({ hasText: userText }) });
  }

  endButtons(name: string): Locator {
    return this.page.getByRole('button', { name: new RegExp(`^Afslut sessionen for ${name.replace(/[()]/g, '\\$&')}`) });
  }

  // ── Revisionsspor ──────────────────────────────────────────────────────────────────────────

  async openAudit(): Promise<void> {
    await this.gotoAdmin('Revisionsspor');
    await this.auditTable.waitFor();
  }

  get auditTable(): Locator {
    return this.page.locator('table.audit-table');
  }

  get auditRows(): Locator {
    return this.auditTable.locator('tbody tr');
  }

  get auditCount(): Locator {
    return this.page.locator('.audit-count');
  }

  async searchAudit(filters: { text?: string; entity?: string; actor?: string; action?: string; from?: string; to?: string }): Promise<void> {
    const form = this.page.getByRole('search');
    await form.getByLabel('Fritekst').fill(filters.text ?? '');
    await form.getByLabel('Emne').selectOption(filters.entity === undefined ? { value: '' } : { label: filters.entity });
    await form.getByLabel('Bruger').fill(filters.actor ?? '');
    await form.getByLabel('Handling').fill(filters.action ?? '');
    await form.getByLabel('Fra og med dato').fill(filters.from ?? '');
    await form.getByLabel('Til og med dato').fill(filters.to ?? '');
    await form.getByRole('button', { name: 'Søg', exact: true }).click();
  }

  get moreButton(): Locator {
    return this.page.getByRole('button', { name: 'Vis flere', exact: true });
  }
}
