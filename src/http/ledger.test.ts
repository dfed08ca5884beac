import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../infra/db/testing.ts';
import { seedDatabase } from '../app/seed.ts';
import type { App } from './app.ts';
import { clientWithRoles, json, testApp, type TestClient } from './testing.ts';

/**
 * The settlement ledger over the API (issue 9): a period is charged once, a run is taken back only
 * by a reversing run, refunds settle as negative obligations, a closed year takes no new runs,
 * overspending is settled only with a reason, and actuals are lines corrected by new lines.
 */
const CLUSTER = 'hovedstaden-syd';
const KR = 100;

interface Obligation { payer: string; executing: string; amountOre: number }
interface SettlementBody { id: string; existing: boolean; settlement: { obligations: Obligation[]; files: { party: string; controlTotalOre: number; lines: { amountOre: number }[] }[] } }
interface RunView { id: string; kind: string; from: string; to: string; inForce: boolean; reversedBy: string | null; reason: string | null; overspendReason: string | null; obligations: Obligation[]; files: { party: string; lineCount: number; controlTotalOre: number }[] }
interface ActualView { id: string; source: string; correctsId: string | null; createdBy: string; amountOre: number; period: string; initiativeId: string }
interface EconomyBody { settlements: RunView[]; actuals: ActualView[]; overspending: { initiativeId: string; overOre?: number; over: number; text: string }[]; overdrawn: { party: string; text: string }[]; stateVersion: number | null; funds: { cluster: { spent: number } } }

describeEachDatabase('HTTP: the settlement ledger (issue 9)', (getDb) => {
  let app: App;
  let secretariat: TestClient;
  let financeHvidovre: TestClient;
  let admin: TestClient;
  let initiativeId = '';

  const post = (c: TestClient, url: string, payload: unknown) => app.inject({ method: 'POST', url, headers: c.headers(), payload: payload as Record<string, unknown> });
  const economy = async (year = 2022): Promise<EconomyBody> => json<EconomyBody>(await app.inject({ url: `/api/clusters/${CLUSTER}/economy/${String(year)}`, headers: secretariat.headers() }));
  const actual = (period: string, amountKr: number, text = '') => ({ initiativeId, party: '101', period, amountOre: amountKr * KR, category: 'Udvikling', funding: 'Fælles midler', text });
  const owed = (s: { obligations: Obligation[] }, payer: string): number => s.obligations.filter((o) => o.payer === payer).reduce((sum, o) => sum + o.amountOre, 0);
  /** What a payer has been charged for the year by every run (reversals count negative). */
  const charged = async (payer: string): Promise<number> => (await economy()).settlements.reduce((sum, r) => sum + owed(r, payer), 0);

  beforeAll(async () => {
    await seedDatabase(getDb().kysely);
    app = await testApp(getDb());
    secretariat = await clientWithRoles(getDb(), [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: CLUSTER } }], 'sekretariat-syd');
    financeHvidovre = await clientWithRoles(getDb(), [{ role: 'finance-officer', scope: { kind: 'municipality', id: '167' } }], 'okonomi-hvidovre');
    admin = await clientWithRoles(getDb(), [{ role: 'system-admin', scope: { kind: 'all', id: null } }], 'admin');
    // Seed 002's initiative: København executes; København, Hvidovre and the region pay a third each.
    const created = await post(secretariat, `/api/clusters/${CLUSTER}/initiatives`, {
      title: 'Fælles forløb (ledger)',
      targetGroup: 'chronic-illness',
      startPeriod: '2022-01',
      endPeriod: '2022-12',
      executingParties: ['101'],
      agreedShares: { shares: [{ party: '101', basis: '1' }, { party: '167', basis: '1' }, { party: '1084', basis: '1' }], decisionReference: 'Politisk niveau 12.01.2022' },
      lines: [{ kind: 'other', id: 'l1', year: 2022, description: 'Udvikling', category: 'development', funding: 'common', party: '101', amountOre: 600_000 * KR }],
    });
    expect(created.statusCode).toBe(201);
    const body = json<{ id: string; version: number }>(created);
    initiativeId = body.id;
    const approved = await post(secretariat, `/api/initiatives/${initiativeId}/approve`, { version: body.version, date: '2022-01-12', level: 'political', meetingReference: 'Politisk niveau 12.01.2022' });
    expect(approved.statusCode).toBe(200);
  });
  afterAll(async () => {
    if ((app as App | undefined) !== undefined) await app.close();
  });

  it('settling the same period twice leaves one charge; an overlapping period is refused', async () => {
    expect((await post(secretariat, `/api/clusters/${CLUSTER}/actuals`, { lines: [actual('2022-02', 300_000)] })).statusCode).toBe(201);
    const first = await post(secretariat, `/api/clusters/${CLUSTER}/settlements`, { from: '2022-01', to: '2022-03' });
    expect(first.statusCode).toBe(201);
    expect(owed(json<SettlementBody>(first).settlement, '167')).toBe(100_000 * KR);
    const again = await post(secretariat, `/api/clusters/${CLUSTER}/settlements`, { from: '2022-01', to: '2022-03' });
    expect(again.statusCode).toBe(200);
    expect(json<SettlementBody>(again)).toMatchObject({ id: json<SettlementBody>(first).id, existing: true });
    const overlap = await post(secretariat, `/api/clusters/${CLUSTER}/settlements`, { from: '2022-03', to: '2022-04' });
    expect(overlap.statusCode).toBe(409);
    expect(json<{ detail: string }>(overlap).detail).toContain(`overlapper afregning ${json<SettlementBody>(first).id}`);
    const view = await economy();
    expect(view.settlements).toHaveLength(1);
    expect(await charged('167')).toBe(100_000 * KR);
  });

  it('a reversal plus a re-run gives the corrected obligations', async () => {
    const [run] = (await economy()).settlements;
    if (!run) throw new Error('no run');
    // The February line was 300.000 kr.; it should have been 240.000 kr. A correcting line is added.
    const line = (await economy()).actuals.find((a) => a.period === '2022-02');
    if (!line) throw new Error('no line');
    const corrected = await post(secretariat, `/api/clusters/${CLUSTER}/actuals/${line.id}/correct`, { amountOre: 240_000 * KR, text: 'Faktura krediteret delvist' });
    expect(corrected.statusCode).toBe(201);
    const lines = (await economy()).actuals.filter((a) => a.period === '2022-02');
    expect(lines.map((a) => a.amountOre)).toEqual([300_000 * KR, -60_000 * KR]);
    expect(lines[1]).toMatchObject({ correctsId: line.id, source: 'typed', createdBy: expect.stringMatching(/^sekretariat-syd/) as unknown });
    // The period is settled: asking again answers with the old run, not a second charge.
    expect(json<SettlementBody>(await post(secretariat, `/api/clusters/${CLUSTER}/settlements`, { from: '2022-01', to: '2022-03' })).existing).toBe(true);
    expect((await post(secretariat, `/api/settlements/${run.id}/reverse`, { reason: '' })).statusCode).toBe(400);
    const reversal = await post(secretariat, `/api/settlements/${run.id}/reverse`, { reason: 'Februar-fakturaen blev krediteret' });
    expect(reversal.statusCode).toBe(201);
    expect(owed(json<SettlementBody>(reversal).settlement, '167')).toBe(-100_000 * KR);
    expect((await post(secretariat, `/api/settlements/${run.id}/reverse`, { reason: 'igen' })).statusCode).toBe(409);
    const rerun = await post(secretariat, `/api/clusters/${CLUSTER}/settlements`, { from: '2022-01', to: '2022-03' });
    expect(rerun.statusCode).toBe(201);
    expect(owed(json<SettlementBody>(rerun).settlement, '167')).toBe(80_000 * KR);
    const view = await economy();
    expect(view.settlements.map((r) => [r.kind, r.inForce])).toEqual([['settlement', true], ['reversal', false], ['settlement', false]]);
    expect(view.settlements[2]?.reversedBy).toBe(view.settlements[1]?.id);
    expect(view.settlements[1]?.reason).toBe('Februar-fakturaen blev krediteret');
    // Over the three runs Hvidovre is charged exactly its corrected third.
    expect(await charged('167')).toBe(80_000 * KR);
    expect(await charged('1084')).toBe(80_000 * KR);
    // Every posting file of the reversal is the original's, opposite.
    const original = json<SettlementBody>(await app.inject({ url: `/api/settlements/${run.id}`, headers: secretariat.headers() })).settlement;
    const reversed = json<SettlementBody>(reversal).settlement;
    for (const f of original.files) expect(reversed.files.find((r) => r.party === f.party)?.controlTotalOre).toBe(0 - f.controlTotalOre);
  });

  it('a refund settles as a negative obligation', async () => {
    expect((await post(secretariat, `/api/clusters/${CLUSTER}/actuals`, { lines: [actual('2022-04', -30_000, 'Tilbagebetaling fra leverandør')] })).statusCode).toBe(201);
    const res = await post(secretariat, `/api/clusters/${CLUSTER}/settlements`, { from: '2022-04', to: '2022-04' });
    expect(res.statusCode).toBe(201);
    const s = json<SettlementBody>(res).settlement;
    expect(owed(s, '167')).toBe(-10_000 * KR);
    expect(owed(s, '1084')).toBe(-10_000 * KR);
    expect(s.files.find((f) => f.party === '101')?.controlTotalOre).toBe(-10_000 * KR);
    expect(await charged('167')).toBe(70_000 * KR);
  });

  it('spending beyond the approved amount is flagged and settled only with a reason, which is audited', async () => {
    // Approved 600.000 kr.; 240.000 − 30.000 spent so far; 500.000 more in May goes beyond it.
    expect((await post(secretariat, `/api/clusters/${CLUSTER}/actuals`, { lines: [actual('2022-05', 500_000)] })).statusCode).toBe(201);
    const view = await economy();
    expect(view.overspending).toEqual([expect.objectContaining({ initiativeId, over: 110_000 * KR, text: expect.stringContaining('110.000,00 kr. over det godkendte') as unknown })]);
    const refused = await post(secretariat, `/api/clusters/${CLUSTER}/settlements`, { from: '2022-05', to: '2022-05' });
    expect(refused.statusCode).toBe(400);
    expect(json<{ code: string; detail: string }>(refused)).toMatchObject({ code: 'settlement.overspend-unconfirmed', detail: expect.stringContaining('110.000,00 kr. over') as unknown });
    expect((await economy()).settlements.filter((r) => r.from === '2022-05')).toEqual([]);
    const confirmed = await post(secretariat, `/api/clusters/${CLUSTER}/settlements`, { from: '2022-05', to: '2022-05', overspendReason: 'Godkendt merforbrug, SSU 01.06.2022' });
    expect(confirmed.statusCode).toBe(201);
    expect((await economy()).settlements[0]?.overspendReason).toBe('Godkendt merforbrug, SSU 01.06.2022');
    const audit = json<{ entries: { action: string; after: { overspendConfirmed?: { reason: string } } }[] }>(await app.inject({ url: `/api/audit?entity=settlement_run&entityId=${json<SettlementBody>(confirmed).id}`, headers: admin.headers() }));
    expect(audit.entries[0]?.after.overspendConfirmed?.reason).toBe('Godkendt merforbrug, SSU 01.06.2022');
  });

  it('a closed year takes no new runs or reversals until an administrator reopens it', async () => {
    expect((await post(secretariat, `/api/clusters/${CLUSTER}/actuals`, { lines: [actual('2022-06', 10_000)] })).statusCode).toBe(201);
    const { stateVersion } = await economy();
    expect((await post(secretariat, `/api/clusters/${CLUSTER}/economy/2022/close`, { version: (stateVersion ?? 1) + 7 })).statusCode).toBe(409);
    expect((await post(secretariat, `/api/clusters/${CLUSTER}/economy/2022/close`, { version: stateVersion })).statusCode).toBe(200);
    const closed = await post(secretariat, `/api/clusters/${CLUSTER}/settlements`, { from: '2022-06', to: '2022-06' });
    expect(closed.statusCode).toBe(400);
    expect(json<{ detail: string }>(closed).detail).toMatch(/afsluttet/);
    const inForce = (await economy()).settlements.find((r) => r.inForce);
    expect((await post(secretariat, `/api/settlements/${inForce?.id ?? ''}/reverse`, { reason: 'efter lukning' })).statusCode).toBe(400);
    expect((await post(secretariat, `/api/clusters/${CLUSTER}/actuals`, { lines: [actual('2022-07', 1)] })).statusCode).toBe(400);
    expect((await post(admin, `/api/clusters/${CLUSTER}/economy/2022/reopen`, {})).statusCode).toBe(200);
    // June is still beyond the approved amount (May's overspend stands), so it needs the reason too.
    expect((await post(secretariat, `/api/clusters/${CLUSTER}/settlements`, { from: '2022-06', to: '2022-06', overspendReason: 'Som maj' })).statusCode).toBe(201);
  });

  it('a finance officer of a paying municipality downloads its own posting file from the list of runs, and records only its own lines', async () => {
    const run = (await economy()).settlements.find((r) => r.inForce && r.files.some((f) => f.party === '167'));
    if (!run) throw new Error('no run with Hvidovre');
    const file = await app.inject({ url: `/api/settlements/${run.id}/postings/167?format=csv`, headers: financeHvidovre.headers() });
    expect(file.statusCode).toBe(200);
    expect(file.body).toContain('Kontrolsum');
    // A CSV line for another municipality, in columns in another order, is refused whole (403).
    const csv = `Part;Indsats;Periode;Beløb;Kategori;Finansiering\r101;${initiativeId};2022-08;1,00;Udvikling;Fælles midler\r`;
    const res = await app.inject({ method: 'POST', url: `/api/clusters/${CLUSTER}/actuals/import`, headers: financeHvidovre.headers({ 'content-type': 'text/csv' }), payload: csv });
    expect(res.statusCode).toBe(403);
    expect((await economy()).actuals.some((a) => a.period === '2022-08')).toBe(false);
    // Typing another party's name instead of its code is refused the same way.
    const typed = await post(financeHvidovre, `/api/clusters/${CLUSTER}/actuals`, { lines: [{ ...actual('2022-08', 1), party: 'København' }] });
    expect(typed.statusCode).toBe(403);
  });

  it('a ledger extract of 7.000 lines (more than one INSERT can carry) is taken whole', async () => {
    const before = (await economy()).actuals.length;
    const rows = Array.from({ length: 7_000 }, (_, i) => `${initiativeId};101;2022-0${String((i % 9) + 1)};0,01;Udvikling;Egne midler;linje ${String(i + 1)}`);
    const res = await app.inject({ method: 'POST', url: `/api/clusters/${CLUSTER}/actuals/import?filename=stor.csv`, headers: secretariat.headers({ 'content-type': 'text/csv' }), payload: `Indsats;Part;Periode;Beløb;Kategori;Finansiering;Tekst\n${rows.join('\n')}\n` });
    expect(res.statusCode).toBe(201);
    expect(json<{ count: number }>(res).count).toBe(7_000);
    expect((await economy()).actuals.length).toBe(before + 7_000);
  });

  it('the same extract imported again, or repeated lines, are not counted twice without a question', async () => {
    const csv = `Indsats;Part;Periode;Beløb;Kategori;Finansiering;Tekst\n${initiativeId};101;2022-10;1.000,00;Udvikling;Egne midler;Faktura 77\n`;
    const send = (body: string, confirm = false) => app.inject({ method: 'POST', url: `/api/clusters/${CLUSTER}/actuals/import?filename=sept.csv${confirm ? '&confirmDuplicates=true' : ''}`, headers: secretariat.headers({ 'content-type': 'text/csv' }), payload: body });
    const lines = async () => (await economy()).actuals.filter((a) => a.period === '2022-10').length;
    expect((await send(csv)).statusCode).toBe(201);
    const again = await send(csv);
    expect(again.statusCode).toBe(409);
    expect(json<{ code: string; detail: string }>(again)).toMatchObject({ code: 'conflict.actuals-file-again', detail: expect.stringContaining('Filen "sept.csv" er allerede indlæst') as unknown });
    // The same line in another file (CRLF line endings, an extra line) is noticed too.
    const other = `Indsats;Part;Periode;Beløb;Kategori;Finansiering;Tekst\r\n${initiativeId};101;2022-10;1.000,00;Udvikling;Egne midler;Faktura 77\r\n${initiativeId};101;2022-10;5,00;Udvikling;Egne midler;Gebyr\r\n`;
    const repeated = await send(other);
    expect(repeated.statusCode).toBe(409);
    expect(json<{ detail: string }>(repeated).detail).toContain('1 linje(r) i filen er magen til');
    expect(await lines()).toBe(1);
    // Confirmed, it is taken (and the confirmation is in the audit trail).
    expect((await send(other, true)).statusCode).toBe(201);
    expect(await lines()).toBe(3);
  });

  it('common-funds actuals in a year without an allocation are refused with a clear message, and nothing is stored', async () => {
    const created = json<{ id: string; version: number }>(await post(secretariat, `/api/clusters/${CLUSTER}/initiatives`, {
      title: 'Toårig indsats',
      targetGroup: 'acute',
      startPeriod: '2022-07',
      endPeriod: '2023-06',
      executingParties: ['101'],
      lines: [{ kind: 'other', id: 'l1', year: 2022, description: 'Opstart', category: 'development', funding: 'common', party: '101', amountOre: 1_000 * KR }],
    }));
    expect((await post(secretariat, `/api/initiatives/${created.id}/approve`, { version: created.version, date: '2022-06-01', level: 'political', meetingReference: 'Møde 1.6.2022' })).statusCode).toBe(200);
    const res = await post(secretariat, `/api/clusters/${CLUSTER}/actuals`, { lines: [{ initiativeId: created.id, party: '101', period: '2023-01', amountOre: 100 * KR, category: 'Udvikling', funding: 'Fælles midler', text: '' }] });
    expect(res.statusCode).toBe(400);
    expect(json<{ detail: string }>(res).detail).toBe('2023 har endnu ingen fordeling af fælles midler, så der kan ikke registreres forbrug af fælles midler i 2023.');
    expect((await economy(2023)).actuals).toEqual([]);
  });
});
