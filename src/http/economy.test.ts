import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../infra/db/testing.ts';
import { seedDatabase } from '../app/seed.ts';
import type { App } from './app.ts';
import { clientWithRoles, json, testApp, type TestClient } from './testing.ts';

const CLUSTER = 'hovedstaden-syd';
const KR = 100;

interface Party { party: string; kind: string; role: string; incomeOre: number; expenseOre: number; netOre: number }
interface SettlementBody { id: string; settlement: { obligations: { payer: string; executing: string; amountOre: number }[]; settlements: { settlement: { parties: Party[] } }[]; files: { party: string; controlTotalOre: number; lines: { amountOre: number; mainAccount: string; mainFunction: string; function: string; art: string; counterparty: string }[] }[] } }
interface EconomyBody { funds: { cluster: { available: number; committed: number; spent: number; remaining: number; extraLocal: number; carriedIn: number }; parties: { party: string; available: number; extraLocal: number }[] }; initiatives: { id: string; title: string; status: string }[]; state: { status: string } }

describeEachDatabase('HTTP: the cluster economy (issue 4)', (getDb) => {
  let app: App;
  let secretariat: TestClient;
  let otherSecretariat: TestClient;
  let financeHvidovre: TestClient;
  let admin: TestClient;

  beforeAll(async () => {
    await seedDatabase(getDb().kysely);
    app = await testApp(getDb());
    secretariat = await clientWithRoles(getDb(), [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: CLUSTER } }], 'sekretariat-syd');
    otherSecretariat = await clientWithRoles(getDb(), [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: 'hovedstaden-by' } }], 'sekretariat-by');
    financeHvidovre = await clientWithRoles(getDb(), [{ role: 'finance-officer', scope: { kind: 'municipality', id: '167' } }], 'okonomi-hvidovre');
    admin = await clientWithRoles(getDb(), [{ role: 'system-admin', scope: { kind: 'all', id: null } }], 'admin');
  });
  afterAll(async () => {
    if ((app as App | undefined) !== undefined) await app.close();
  });

  const economy = async (c: TestClient = secretariat): Promise<EconomyBody> => json<EconomyBody>(await app.inject({ url: `/api/clusters/${CLUSTER}/economy/2022`, headers: c.headers() }));
  const post = (c: TestClient, url: string, payload: unknown) => app.inject({ method: 'POST', url, headers: c.headers(), payload: payload as Record<string, unknown> });
  const seed002 = {
    title: 'Fælles forløb for borgere med KOL (seed 002)',
    description: 'Kommune 1 udfører; Kommune 1, Kommune 2 og Region 3 betaler hver en tredjedel.',
    targetGroup: 'chronic-illness',
    startPeriod: '2022-01',
    endPeriod: '2022-12',
    executingParties: ['101'],
    agreedShares: { shares: [{ party: '101', basis: '1' }, { party: '167', basis: '1' }, { party: '1084', basis: '1' }], decisionReference: 'Politisk niveau 12.01.2022, pkt. 4' },
    lines: [{ kind: 'other', id: 'l1', year: 2022, description: 'Udvikling og afprøvning', category: 'development', funding: 'common', party: '101', amountOre: 3_000_000 * KR }],
    // The region books on its own chart of accounts; the account is the region's choice.
    regionalAccount: '4.10.20',
  };

  it('the cluster-year\'s funds come from the allocation run; extra local funds are added with their decision', async () => {
    const before = await economy();
    expect(before.funds.cluster.available).toBe(7_794_772 * KR); // Klynge Syd 2022 in Bilag 1 (municipal + regional)
    const bad = await post(secretariat, `/api/clusters/${CLUSTER}/economy/2022/extra-funds`, { party: '167', amountOre: 50_000 * KR, decisionReference: '' });
    expect(bad.statusCode).toBe(400);
    const res = await post(secretariat, `/api/clusters/${CLUSTER}/economy/2022/extra-funds`, { party: '167', amountOre: 50_000 * KR, decisionReference: 'Hvidovre Byråd 03.03.2022' });
    expect(res.statusCode).toBe(201);
    const after = json<EconomyBody>(res);
    expect(after.funds.cluster.available).toBe(before.funds.cluster.available + 50_000 * KR);
    expect(after.funds.parties.find((p) => p.party === '167')?.extraLocal).toBe(50_000 * KR);
    // Another cluster's secretariat and a finance officer cannot add the cluster's funds.
    expect((await post(otherSecretariat, `/api/clusters/${CLUSTER}/economy/2022/extra-funds`, { party: '167', amountOre: 1, decisionReference: 'x' })).statusCode).toBe(403);
    expect((await post(financeHvidovre, `/api/clusters/${CLUSTER}/economy/2022/extra-funds`, { party: '167', amountOre: 1, decisionReference: 'x' })).statusCode).toBe(403);
  });

  it('refuses a barred cost category on the common funds with a clear message, and changes nothing', async () => {
    const count = (await economy()).initiatives.length;
    const res = await post(secretariat, `/api/clusters/${CLUSTER}/initiatives`, { ...seed002, title: 'Drift', lines: [{ ...seed002.lines[0], category: 'operations' }] });
    expect(res.statusCode).toBe(400);
    expect(json<{ detail: string }>(res).detail).toContain('ikke til drift');
    expect((await economy()).initiatives).toHaveLength(count);
    // The same line as the parties' own money is fine.
    const own = await post(secretariat, `/api/clusters/${CLUSTER}/initiatives`, { ...seed002, title: 'Drift for egne midler', lines: [{ ...seed002.lines[0], category: 'operations', funding: 'own' }] });
    expect(own.statusCode).toBe(201);
  });

  it('refuses an approval that exceeds the remaining funds, showing the shortfall, and changes nothing', async () => {
    const big = json<{ id: string; version: number }>(await post(secretariat, `/api/clusters/${CLUSTER}/initiatives`, { ...seed002, title: 'For stor', lines: [{ ...seed002.lines[0], amountOre: 9_000_000 * KR }] }));
    const res = await post(secretariat, `/api/initiatives/${big.id}/approve`, { version: big.version, date: '2022-02-01', level: 'political', meetingReference: 'Møde 1' });
    expect(res.statusCode).toBe(400);
    expect(json<{ detail: string }>(res).detail).toMatch(/der mangler [\d.]+,\d\d kr\./);
    const still = json<{ status: string; version: number }>(await app.inject({ url: `/api/initiatives/${big.id}`, headers: secretariat.headers() }));
    expect(still).toMatchObject({ status: 'proposed', version: big.version });
  });

  it('reproduces seed 002 through the API: 3,0 mio. executed by Kommune 1, a third each', async () => {
    const created = await post(secretariat, `/api/clusters/${CLUSTER}/initiatives`, seed002);
    expect(created.statusCode).toBe(201);
    const i = json<{ id: string; version: number }>(created);
    const approved = json<{ status: string; version: number }>(await post(secretariat, `/api/initiatives/${i.id}/approve`, { version: i.version, date: '2022-02-01', level: 'political', meetingReference: 'Politisk niveau 01.02.2022' }));
    expect(approved.status).toBe('approved');
    const running = json<{ status: string }>(await post(secretariat, `/api/initiatives/${i.id}/status`, { version: approved.version, status: 'running' }));
    expect(running.status).toBe('running');
    // Hvidovre's finance officer may not record København's spending.
    const line = { initiativeId: i.id, party: '101', period: '2022-06', amountOre: 3_000_000 * KR, category: 'Udvikling', funding: 'Fælles midler', text: 'Projektleder og afprøvning' };
    expect((await post(financeHvidovre, `/api/clusters/${CLUSTER}/actuals`, { lines: [line] })).statusCode).toBe(403);
    expect((await post(secretariat, `/api/clusters/${CLUSTER}/actuals`, { lines: [line] })).statusCode).toBe(201);

    const settled = await post(secretariat, `/api/clusters/${CLUSTER}/settlements`, { from: '2022-01', to: '2022-12' });
    expect(settled.statusCode).toBe(201);
    const s = json<SettlementBody>(settled);
    expect(s.settlement.obligations.map((o) => [o.payer, o.executing, o.amountOre / KR]).sort()).toEqual([['1084', '101', 1_000_000], ['167', '101', 1_000_000]]);
    const parties = s.settlement.settlements[0]?.settlement.parties ?? [];
    const byParty = Object.fromEntries(parties.map((p) => [p.party, [p.incomeOre / KR, p.expenseOre / KR, p.netOre / KR]]));
    expect(byParty).toEqual({ '101': [2_000_000, 3_000_000, 1_000_000], '167': [0, 1_000_000, 1_000_000], '1084': [0, 1_000_000, 1_000_000] });
    const kbh = s.settlement.files.find((f) => f.party === '101');
    expect(kbh?.lines.some((l) => `${l.mainAccount}.${l.mainFunction}.${l.function}` === '4.62.88')).toBe(true);

    // The posting files as downloaded: København books +3,0 mio. expense and −2,0 mio. income.
    const csv = await app.inject({ url: `/api/settlements/${s.id}/postings/101?format=csv`, headers: financeHvidovre.headers() });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain(';300000000;3.000.000,00;');
    expect(csv.body).toContain(';-100000000;-1.000.000,00;');
    // Seed 002: expense 3,0 mio., income 1,0 mio. from each of the two payers, net 1,0 mio.
    expect(csv.body).toContain("Kontrolsum;3 linjer;;;;;;;;;;100000000;1.000.000,00");
    const region = await app.inject({ url: `/api/settlements/${s.id}/postings/1084?format=xlsx`, headers: secretariat.headers() });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(region.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]?.rowCount).toBeGreaterThan(1);
    const regionFile = s.settlement.files.find((f) => f.party === '1084');
    expect(regionFile?.lines.map((l) => `${l.mainAccount}.${l.mainFunction}.${l.function}`)).toEqual(['4.10.20']);
    expect((await app.inject({ url: `/api/settlements/${s.id}/postings/101?format=csv`, headers: otherSecretariat.headers() })).statusCode).toBe(403);
  });

  it('year end: unused funds carry forward only with a recorded ceiling commitment; reopening is for administrators', async () => {
    const before = await economy();
    expect(before.funds.cluster.spent).toBe(3_000_000 * KR);
    // The region paid 1,0 mio. of its 3,86 mio.: its finance officer commits room for 100.000 kr.; nobody else commits.
    const financeRegion = await clientWithRoles(getDb(), [{ role: 'finance-officer', scope: { kind: 'region', id: '1084' } }], 'okonomi-region-h');
    expect((await post(financeRegion, `/api/clusters/${CLUSTER}/economy/2022/commitments`, { party: '1084', amountOre: 100_000 * KR })).statusCode).toBe(201);
    expect((await post(financeHvidovre, `/api/clusters/${CLUSTER}/economy/2022/commitments`, { party: '101', amountOre: 1 })).statusCode).toBe(403);
    const closed = await post(secretariat, `/api/clusters/${CLUSTER}/economy/2022/close`, {});
    expect(closed.statusCode).toBe(200);
    expect(json<EconomyBody>(closed).state.status).toBe('closed');
    const next = json<EconomyBody>(await app.inject({ url: `/api/clusters/${CLUSTER}/economy/2023`, headers: secretariat.headers() }));
    expect(next.funds.cluster.carriedIn).toBe(100_000 * KR);
    expect(next.funds.parties.find((p) => p.party === '1084')?.available).toBe(100_000 * KR);
    // A closed year refuses changes.
    const late = await post(secretariat, `/api/clusters/${CLUSTER}/economy/2022/extra-funds`, { party: '167', amountOre: 1, decisionReference: 'x' });
    expect(late.statusCode).toBe(400);
    expect(json<{ code: string }>(late).code).toBe('year.closed');
    expect((await post(secretariat, `/api/clusters/${CLUSTER}/economy/2022/reopen`, {})).statusCode).toBe(403);
    expect(json<EconomyBody>(await post(admin, `/api/clusters/${CLUSTER}/economy/2022/reopen`, {})).state.status).toBe('open');
    const after = json<EconomyBody>(await app.inject({ url: `/api/clusters/${CLUSTER}/economy/2023`, headers: secretariat.headers() }));
    expect(after.funds.cluster.carriedIn).toBe(0);
    const audit = json<{ entries: { action: string }[] }>(await app.inject({ url: `/api/audit?entity=cluster_year&entityId=${CLUSTER}/2022`, headers: admin.headers() }));
    expect(audit.entries.map((e) => e.action)).toEqual(['economy.reopen-year', 'economy.close-year']);
    // Reopening removes the closing; the trail keeps it (what was carried forward and lapsed).
    const reopened = await getDb().kysely.selectFrom('audit_log').select(['before']).where('action', '=', 'economy.reopen-year').where('entity_id', '=', `${CLUSTER}/2022`).executeTakeFirstOrThrow();
    const kept = reopened.before as unknown as { status: string; carriedForward: number; closing: { rows: { party: string; carriedForward: number }[] } };
    expect([kept.status, kept.carriedForward]).toEqual(['closed', 100_000 * KR]);
    expect(kept.closing.rows.find((r) => r.party === '1084')?.carriedForward).toBe(100_000 * KR);
  });

  it('imports actuals all-or-nothing with the lines named', async () => {
    const { initiatives } = await economy();
    const id = initiatives.find((x) => x.title.includes('seed 002'))?.id ?? '';
    const spent = (await economy()).funds.cluster.spent;
    const csv = `Indsats;Part;Periode;Beløb;Kategori;Finansiering;Tekst\n${id};101;2022-07;1.000,00;Udvikling;Fælles midler;ok\n${id};167;2022-07;1.000,00;Udvikling;Fælles midler;ikke udførende\n${id};101;2022-13;abc;Drift;Fælles midler;forkert\n`;
    const res = await app.inject({ method: 'POST', url: `/api/clusters/${CLUSTER}/actuals/import?filename=udtraek.csv`, headers: secretariat.headers({ 'content-type': 'text/csv' }), payload: csv });
    expect(res.statusCode).toBe(422);
    const errors = json<{ errors: { line: number; message: string }[] }>(res).errors;
    expect(errors.map((e) => e.line)).toEqual([3, 4]);
    expect(errors[0]?.message).toContain('ikke udførende part');
    expect((await economy()).funds.cluster.spent).toBe(spent);
  });

  it('round-trips the workbook: its actuals sheet, edited in a spreadsheet, replaces the year\'s actuals (all or nothing)', async () => {
    const spentBefore = (await economy()).funds.cluster.spent;
    const download = await app.inject({ url: `/api/clusters/${CLUSTER}/economy/2022/workbook`, headers: financeHvidovre.headers() });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toContain('klyngebudget-hovedstaden-syd-2022.xlsx');
    const edit = async (change: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(download.rawPayload as unknown as ArrayBuffer);
      const sheet = wb.getWorksheet('Forbrug');
      if (!sheet) throw new Error('arket Forbrug mangler');
      change(sheet);
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const upload = (body: Buffer) => app.inject({ method: 'POST', url: `/api/clusters/${CLUSTER}/economy/2022/workbook-actuals`, headers: secretariat.headers({ 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), payload: body });
    // The seed-002 line of 3,0 mio. becomes 2,5 mio. in the spreadsheet (amounts in kroner, as shown).
    const lowered = await edit((sheet) => {
      sheet.eachRow((row, n) => {
        if (n > 2 && Number(row.getCell(4).value) === 3_000_000) row.getCell(4).value = 2_500_000;
      });
    });
    const ok = await upload(lowered);
    expect(ok.statusCode).toBe(201);
    expect((await economy()).funds.cluster.spent).toBe(spentBefore - 500_000 * KR);
    // A barred category typed into the sheet refuses the whole sheet.
    const barred = await edit((sheet) => {
      sheet.getRow(3).getCell(5).value = 'Drift';
    });
    const refused = await upload(barred);
    expect(refused.statusCode).toBe(422);
    expect(json<{ errors: { line: number }[] }>(refused).errors.map((e) => e.line)).toEqual([3]);
    expect((await economy()).funds.cluster.spent).toBe(spentBefore - 500_000 * KR);
  });
  it('a forecast edit keeps the old lines in the audit trail (old → new, written with the change); a stale edit changes and records nothing', async () => {
    const line = { kind: 'other', id: 'l1', year: 2022, description: 'Afprøvning', category: 'development', funding: 'common', party: '101', amountOre: 1_000 * KR };
    const created = json<{ id: string; version: number }>(await post(secretariat, `/api/clusters/${CLUSTER}/initiatives`, { ...seed002, title: 'Prognose med spor', lines: [line] }));
    const approved = json<{ version: number }>(await post(secretariat, `/api/initiatives/${created.id}/approve`, { version: created.version, date: '2022-03-01', level: 'political', meetingReference: 'Møde 3' }));
    const put = (version: number, lines: unknown[]) => app.inject({ method: 'PUT', url: `/api/initiatives/${created.id}/forecast`, headers: secretariat.headers(), payload: { version, lines } });
    const edited = await put(approved.version, [{ ...line, amountOre: 1_500 * KR, description: 'Afprøvning, udvidet' }, { ...line, id: 'l2', amountOre: 200 * KR, description: 'Materialer' }]);
    expect(edited.statusCode, edited.body).toBe(200);
    const trail = async () => getDb().kysely.selectFrom('audit_log').select(['before', 'after']).where('action', '=', 'initiative.forecast').where('entity_id', '=', created.id).orderBy('id').execute();
    const [record] = await trail();
    type Lines = { forecast: { lines: { id: string; description: string; amount: number }[] }; approvedForecast: { lines: { amount: number }[] } | null };
    const before = record?.before as unknown as Lines;
    const after = record?.after as unknown as Lines;
    // The replaced lines themselves, not only their totals.
    expect(before.forecast.lines.map((l) => [l.id, l.description, Number(l.amount)])).toEqual([['l1', 'Afprøvning', 1_000 * KR]]);
    expect(after.forecast.lines.map((l) => [l.id, l.description, Number(l.amount)])).toEqual([
      ['l1', 'Afprøvning, udvidet', 1_500 * KR],
      ['l2', 'Materialer', 200 * KR],
    ]);
    // The approved forecast stays as it was (and is in the trail on both sides).
    expect(after.approvedForecast?.lines.map((l) => Number(l.amount))).toEqual([1_000 * KR]);
    // The trail's new value is what is stored now.
    const stored = json<{ forecast: { lines: { id: string; amountOre: number }[] }; version: number }>(await app.inject({ url: `/api/initiatives/${created.id}`, headers: secretariat.headers() }));
    expect(stored.forecast.lines.map((l) => l.id)).toEqual(['l1', 'l2']);
    // A stale edit (the version before the edit) is refused: no change, no record of one.
    const stale = await put(approved.version, [{ ...line, amountOre: 9 * KR }]);
    expect(stale.statusCode).toBe(409);
    expect(await trail()).toHaveLength(1);
    expect(json<{ version: number }>(await app.inject({ url: `/api/initiatives/${created.id}`, headers: secretariat.headers() })).version).toBe(stored.version);
  });
});
