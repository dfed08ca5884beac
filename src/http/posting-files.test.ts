import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseCsv } from '../core/csv.ts';
import { DEFAULT_POSTING_CHARTS } from '../core/chart-of-accounts.ts';
import { describeEachDatabase } from '../infra/db/testing.ts';
import { seedDatabase } from '../app/seed.ts';
import type { App } from './app.ts';
import { clientWithRoles, json, testApp, type TestClient } from './testing.ts';

/**
 * Posting files a finance officer books without retyping (issue 9, deliverable 6): the seed-002
 * example through the API, the files as downloaded, and the charts of accounts behind them.
 */
const CLUSTER = 'hovedstaden-syd';
const KR = 100;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

interface Chart { system: string; defaultFunction: string; dranst: string; version: number; arts: Record<string, { art: string; text: string; note: string; confirmed: boolean; label: string }> }
interface Row { [column: string]: string }

describeEachDatabase('HTTP: posting files and the charts of accounts (issue 9)', (getDb) => {
  let app: App;
  let secretariat: TestClient;
  let admin: TestClient;
  let financeKbh: TestClient;
  let financeRegion: TestClient;
  let reader: TestClient;

  beforeAll(async () => {
    await seedDatabase(getDb().kysely);
    app = await testApp(getDb());
    secretariat = await clientWithRoles(getDb(), [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: CLUSTER } }], 'sekretariat-syd');
    admin = await clientWithRoles(getDb(), [{ role: 'system-admin', scope: { kind: 'all', id: null } }], 'admin');
    financeKbh = await clientWithRoles(getDb(), [{ role: 'finance-officer', scope: { kind: 'municipality', id: '101' } }], 'okonomi-kbh');
    financeRegion = await clientWithRoles(getDb(), [{ role: 'finance-officer', scope: { kind: 'region', id: '1084' } }], 'okonomi-region-h');
    reader = await clientWithRoles(getDb(), [{ role: 'national-reader', scope: { kind: 'all', id: null } }], 'laeser');
  });
  afterAll(async () => {
    if ((app as App | undefined) !== undefined) await app.close();
  });

  const send = (c: TestClient, method: 'POST' | 'PUT', url: string, payload: unknown) => app.inject({ method, url, headers: c.headers(), payload: payload as Record<string, unknown> });
  const charts = async (c: TestClient = reader): Promise<Chart[]> => json<{ charts: Chart[] }>(await app.inject({ url: '/api/posting-charts', headers: c.headers() })).charts;

  /** Creates, approves and starts an initiative, records its spending, and returns its id and number. */
  async function running(body: Record<string, unknown>, party: string, period: string, amountOre: number): Promise<{ id: string; number: number }> {
    const created = await send(secretariat, 'POST', `/api/clusters/${CLUSTER}/initiatives`, body);
    expect(created.statusCode).toBe(201);
    const i = json<{ id: string; version: number; number: number }>(created);
    const approved = json<{ version: number }>(await send(secretariat, 'POST', `/api/initiatives/${i.id}/approve`, { version: i.version, date: '2022-02-01', level: 'political', meetingReference: 'Politisk niveau 01.02.2022' }));
    expect((await send(secretariat, 'POST', `/api/initiatives/${i.id}/status`, { version: approved.version, status: 'running' })).statusCode).toBe(200);
    const line = { initiativeId: i.id, party, period, amountOre, category: 'Udvikling', funding: 'Fælles midler', text: 'Projektleder og afprøvning' };
    expect((await send(secretariat, 'POST', `/api/clusters/${CLUSTER}/actuals`, { lines: [line] })).statusCode).toBe(201);
    return { id: i.id, number: i.number };
  }

  /** A party's posting file as downloaded (CSV), as rows by column name, with the control line apart. */
  async function csvFile(c: TestClient, settlementId: string, party: string): Promise<{ body: string; rows: Row[]; control: string[] }> {
    const res = await app.inject({ url: `/api/settlements/${settlementId}/postings/${party}?format=csv`, headers: c.headers() });
    expect(res.statusCode).toBe(200);
    const [header, ...records] = parseCsv(res.body).records.map((r) => r.cells);
    const control = [...(records.pop() ?? [])];
    return { body: res.body, rows: records.map((cells) => Object.fromEntries((header ?? []).map((h, k) => [h, cells[k] ?? '']))), control };
  }

  it('seeds the authorised arts: municipal 4.7/4.8 and 7.7/7.8; the regional chart its own, awaiting the region', async () => {
    const [kommunal, regional] = await charts();
    expect(kommunal?.system).toBe('kommunal');
    expect(Object.fromEntries(Object.entries(kommunal?.arts ?? {}).map(([p, a]) => [p, a.art]))).toEqual({
      'own-expense': '4.0', 'payment-to-municipality': '4.7', 'payment-to-region': '4.8', 'income-from-municipality': '7.7', 'income-from-region': '7.8',
    });
    expect(kommunal?.defaultFunction).toBe('4.62.88');
    // The database's seed and the core's defaults are the same table.
    for (const c of [kommunal, regional]) {
      const d = c?.system === 'regional' ? DEFAULT_POSTING_CHARTS.regional : DEFAULT_POSTING_CHARTS.kommunal;
      expect(c && { defaultFunction: c.defaultFunction, dranst: c.dranst, arts: Object.fromEntries(Object.entries(c.arts).map(([p, a]) => [p, { art: a.art, text: a.text, note: a.note, confirmed: a.confirmed }])) }).toEqual({ defaultFunction: d.defaultFunction, dranst: d.dranst, arts: d.arts });
    }
    expect(Object.values(regional?.arts ?? {}).every((a) => !a.confirmed && a.note.includes('regionens bekræftelse'))).toBe(true);
  });

  it('seed 002: the files carry 4.7/7.7 (and 4.8/7.8 for the region), no municipal codes on regional lines, no empty art, no UUID', async () => {
    const i = await running(
      {
        title: 'Fælles forløb for borgere med KOL (seed 002)',
        targetGroup: 'chronic-illness', startPeriod: '2022-01', endPeriod: '2022-12', executingParties: ['101'],
        agreedShares: { shares: [{ party: '101', basis: '1' }, { party: '167', basis: '1' }, { party: '1084', basis: '1' }], decisionReference: 'Politisk niveau 12.01.2022, pkt. 4' },
        lines: [{ kind: 'other', id: 'l1', year: 2022, description: 'Udvikling og afprøvning', category: 'development', funding: 'common', party: '101', amountOre: 3_000_000 * KR }],
        regionalAccount: '1.3.2.4',
      },
      '101', '2022-06', 3_000_000 * KR,
    );
    expect(i.number).toBe(1);
    const settled = await send(secretariat, 'POST', `/api/clusters/${CLUSTER}/settlements`, { from: '2022-01', to: '2022-06' });
    expect(settled.statusCode).toBe(201);
    const id = json<{ id: string }>(settled).id;

    const kbh = await csvFile(financeKbh, id, '101');
    const hvidovre = await csvFile(secretariat, id, '167');
    const region = await csvFile(financeRegion, id, '1084');
    // København executes: its own cost (4.0), income from Hvidovre (7.7) and from the region (7.8).
    expect(kbh.rows.map((r) => [r['Kontoplan'], r['Konto'], r['Art'], r['Beløb (kr.)'], r['Modpartnavn']])).toEqual([
      ['kommunal', '4.62.88', '4.0', '3.000.000,00', ''],
      ['kommunal', '4.62.88', '7.7', '-1.000.000,00', 'Hvidovre'],
      ['kommunal', '4.62.88', '7.8', '-1.000.000,00', 'Region Hovedstaden'],
    ]);
    expect(kbh.control.slice(0, 2)).toEqual(['Kontrolsum', '3 linjer']);
    expect(kbh.control).toContain('100000000');
    // Hvidovre pays its share to a municipality: 4.7 Betalinger til kommuner.
    expect(hvidovre.rows.map((r) => [r['Kontoplan'], r['Konto'], r['Art'], r['Artstekst'], r['Beløb (kr.)']])).toEqual([['kommunal', '4.62.88', '4.7', 'Betalinger til kommuner', '1.000.000,00']]);
    // The region books in its own chart: its own account kept whole, the regional table's art.
    expect(region.rows).toHaveLength(1);
    const r = region.rows[0] ?? {};
    expect([r['Kontoplan'], r['Konto'], r['Hovedkonto'], r['Art'], r['Artskilde']]).toEqual(['regional', '1.3.2.4', '', DEFAULT_POSTING_CHARTS.regional.arts['payment-to-municipality'].art, DEFAULT_POSTING_CHARTS.regional.arts['payment-to-municipality'].note]);
    for (const f of [kbh, hvidovre, region]) {
      for (const row of f.rows) {
        expect(row['Art'], 'art').toMatch(/^\d+(\.\d+)*$/);
        expect(row['Konto'], 'konto').not.toBe('');
        expect(row['Beløb (øre)'], 'beløb').toMatch(/^-?\d+$/);
        expect([row['Indsatsnr.'], row['Indsatsnavn']]).toEqual(['1', 'Fælles forløb for borgere med KOL (seed 002)']);
        expect(row['Tekst']).toMatch(/^Nr\. 1 Fælles forløb/);
        // No municipal codes on the region's lines, no regional codes on the municipalities'.
        if (row['Kontoplan'] === 'regional') expect(row['Konto']).not.toBe('4.62.88');
        else expect(row['Artskilde']).toContain('kommuner');
      }
      expect(f.body).not.toMatch(UUID);
    }
    expect(f2(kbh.body)).not.toMatch(/;4\.6;|;7\.6;/);

    // The xlsx carries the same lines, also without the initiative's id.
    const xlsx = await app.inject({ url: `/api/settlements/${id}/postings/1084?format=xlsx`, headers: financeRegion.headers() });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const cells = (wb.worksheets[0]?.getSheetValues() ?? []).flat().map((v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v ?? null)));
    expect(cells).toContain('1.3.2.4');
    expect(cells.some((c) => UUID.test(c) || c.includes(i.id))).toBe(false);
  });

  it('an administrator edits the regional chart (versioned, audited); the next run uses it where the region executes', async () => {
    const [, regional] = await charts();
    if (!regional) throw new Error('no regional chart');
    const arts = Object.fromEntries(Object.entries(regional.arts).map(([p, a]) => [p, { art: a.art, text: a.text, note: a.note, confirmed: a.confirmed }]));
    const edited = { version: regional.version, defaultFunction: '1.20.20', dranst: '1', arts: { ...arts, 'income-from-municipality': { art: '7.71', text: 'Betalinger fra kommuner (regional)', note: 'Bekræftet af Region Hovedstaden', confirmed: true } } };
    // Only an administrator; a bad code is refused naming the field; a stale version gets 409.
    expect((await send(secretariat, 'PUT', '/api/posting-charts/regional', edited)).statusCode).toBe(403);
    const bad = await send(admin, 'PUT', '/api/posting-charts/regional', { ...edited, arts: { ...edited.arts, 'payment-to-region': { art: '=1+1', text: 'x', note: '', confirmed: true } } });
    expect(bad.statusCode).toBe(400);
    expect((await charts())[1]?.version).toBe(regional.version);
    const ok = await send(admin, 'PUT', '/api/posting-charts/regional', edited);
    expect(ok.statusCode).toBe(200);
    expect(json<Chart>(ok)).toMatchObject({ version: regional.version + 1, defaultFunction: '1.20.20', arts: { 'income-from-municipality': { art: '7.71', confirmed: true } } });
    const stale = await send(admin, 'PUT', '/api/posting-charts/regional', edited);
    expect(stale.statusCode).toBe(409);
    const audit = json<{ entries: { action: string; before: Record<string, unknown>; after: Record<string, unknown> }[] }>(await app.inject({ url: '/api/audit?entity=posting_chart', headers: admin.headers() }));
    const entry = audit.entries.find((e) => e.action === 'posting-chart.update');
    expect(entry?.before['income-from-municipality']).toContain('7.7 Betalinger fra kommuner');
    expect(entry?.after['income-from-municipality']).toBe('7.71 Betalinger fra kommuner (regional)');

    // The region executes; København and Hvidovre pay TO a region: 4.8. The region's lines use its edited chart.
    const i = await running(
      {
        title: 'Udgående sygeplejerske', targetGroup: 'acute', startPeriod: '2022-07', endPeriod: '2022-12', executingParties: ['1084'],
        agreedShares: { shares: [{ party: '101', basis: '1' }, { party: '167', basis: '1' }, { party: '1084', basis: '2' }], decisionReference: 'Administrativt niveau 01.07.2022' },
        lines: [{ kind: 'other', id: 'l1', year: 2022, description: 'Sygeplejerske', category: 'trial', funding: 'common', party: '1084', amountOre: 400_000 * KR }],
      },
      '1084', '2022-09', 400_000 * KR,
    );
    expect(i.number).toBe(2);
    const settled = await send(secretariat, 'POST', `/api/clusters/${CLUSTER}/settlements`, { from: '2022-07', to: '2022-12' });
    expect(settled.statusCode).toBe(201);
    const id = json<{ id: string }>(settled).id;
    const region = await csvFile(financeRegion, id, '1084');
    expect(region.rows.map((r) => [r['Kontoplan'], r['Konto'], r['Art'], r['Beløb (kr.)']])).toEqual([
      ['regional', '1.20.20', '4.0', '400.000,00'],
      ['regional', '1.20.20', '7.71', '-100.000,00'],
      ['regional', '1.20.20', '7.71', '-100.000,00'],
    ]);
    const kbh = await csvFile(financeKbh, id, '101');
    expect(kbh.rows.map((r) => [r['Kontoplan'], r['Konto'], r['Art'], r['Artstekst'], r['Indsatsnr.']])).toEqual([['kommunal', '4.62.88', '4.8', 'Betalinger til regioner', '2']]);
  });
});

/** The CSV's data cells joined, so a search for ";4.6;" looks at whole cells only. */
function f2(body: string): string {
  return body.replace(/\r\n/g, ';\n');
}
