import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseCsv, spreadsheetText } from '../csv.ts';
import { kroner, ore } from '../money.ts';
import { POSTING_COLUMNS, type PeriodSettlement, type PostingFileLine, postingFileCsv, reversePeriodSettlement, settlePeriod } from './period-settlement.ts';
import { klyngeSydEconomy, one, seed002Economy } from './test-fixtures.ts';
import type { Initiative } from './initiative.ts';

describe('period settlement (seed 002)', () => {
  it('reproduces the money flows: each payer owes the executing municipality 1,0 mio. kr.', () => {
    const s = settlePeriod(seed002Economy(), { from: '2022-07', to: '2022-12' });
    expect(s.obligations).toEqual([
      { payer: 'K2', executing: 'K1', amountOre: kroner(1_000_000) },
      { payer: 'R', executing: 'K1', amountOre: kroner(1_000_000) },
    ]);
    const k1 = s.settlements[0]?.settlement.parties.find((p) => p.party === 'K1');
    // Udførende kommune: indtægt 2,0, udgift 3,0, nettorammepåvirkning 1,0.
    expect(k1).toMatchObject({ incomeOre: kroner(2_000_000), expenseOre: kroner(3_000_000), netOre: kroner(1_000_000) });
    // Every party's posting file's control total is its net frame impact: 1,0 mio. kr. each.
    expect(s.files.map((f) => [f.party, f.controlTotalOre, f.lineCount])).toEqual([
      ['K1', kroner(1_000_000), 3],
      ['K2', kroner(1_000_000), 1],
      ['R', kroner(1_000_000), 1],
    ]);
  });

  it('posting lines carry the whole account, its segments, art, sign, counterparty, initiative number and period', () => {
    const s = settlePeriod(seed002Economy(), { from: '2022-07', to: '2022-12' });
    const k2 = s.files.find((f) => f.party === 'K2')?.lines[0];
    expect(k2).toMatchObject({
      accountSystem: 'kommunal', account: '4.62.88', mainAccount: '4', mainFunction: '62', function: '88', dranst: '1', art: '4.7', artText: 'Betalinger til kommuner',
      amountOre: kroner(1_000_000), counterparty: 'K1', counterpartyName: 'Kommune 1', initiativeNumber: '1', initiativeTitle: 'Sundhedsfremme og forebyggelse', period: '2022-07–2022-12',
      text: 'Nr. 1 Sundhedsfremme og forebyggelse: mellemkommunal afregning, andel betalt til Kommune 1',
    });
    // K1 receives 7.7 from the municipality and 7.8 from the region; the region books in its own chart.
    expect(s.files.find((f) => f.party === 'K1')?.lines.map((l) => l.art)).toEqual(['4.0', '7.7', '7.8']);
    expect(s.files.find((f) => f.party === 'R')?.lines[0]).toMatchObject({ accountSystem: 'regional', account: '1.60.41', art: '4.7', artSource: expect.stringContaining('regionens bekræftelse') as unknown });
    const k1 = s.files.find((f) => f.party === 'K1')?.lines ?? [];
    expect(k1.map((l) => l.amountOre)).toEqual([kroner(3_000_000), kroner(-1_000_000), kroner(-1_000_000)]);
    const csv = parseCsv(postingFileCsv(s.files[0] ?? { party: '', lines: [], controlTotalOre: ore(0), lineCount: 0 }));
    expect(csv.records[0]?.cells.slice(0, 7)).toEqual(['Part', 'Partnavn', 'Kontoplan', 'Konto', 'Hovedkonto', 'Hovedfunktion', 'Funktion']);
    const last = csv.records.at(-1)?.cells ?? [];
    const oreCol = POSTING_COLUMNS.indexOf('Beløb (øre)');
    expect([last[0], last[1], last[oreCol], last[oreCol + 1]]).toEqual(['Kontrolsum', '3 linjer', '100000000', '1.000.000,00']);
  });

  it('uses the function configured per initiative and year, and only the period\'s common-funds actuals', () => {
    const e = seed002Economy();
    const i = { ...e.initiatives[0], posting: { municipalFunctionByYear: { 2022: '4.62.90' } } } as Initiative;
    const actuals = [
      ...e.actuals,
      { ...e.actuals[0], period: '2022-06', amount: kroner(999) },
      { ...e.actuals[0], funding: 'own' as const, amount: kroner(777) },
    ].map((a) => ({ ...a, initiativeId: 'I1' })) as typeof e.actuals;
    const s = settlePeriod({ ...e, initiatives: [i], actuals }, { from: '2022-07', to: '2022-12' });
    expect(s.settlements[0]?.settlement.cost).toBe(kroner(3_000_000));
    expect(s.files[1]?.lines[0]).toMatchObject({ account: '4.62.90', mainFunction: '62', function: '90' });
    expect(() => settlePeriod(e, { from: '2022-12', to: '2023-01' })).toThrow(/inden for ét år/);
  });

  it('property: control totals add up to the period\'s spending and each payer owes its share', () => {
    const base = klyngeSydEconomy();
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('101', '167', '1084'), fc.integer({ min: 1, max: 100_000_000 })), { minLength: 1, maxLength: 8 }), (spends) => {
        const i: Initiative = {
          id: 'A', title: 'Fælles indsats', description: '', targetGroup: 'acute', startPeriod: '2022-01', endPeriod: '2022-12',
          executingParties: ['101', '167', '1084'], status: 'running', forecast: { lines: [] },
        };
        const actuals = spends.map(([party, amount]) => ({ initiativeId: 'A', party, period: '2022-05', amount: ore(amount), category: 'development' as const, funding: 'common' as const, text: '' }));
        const s = settlePeriod({ ...base, initiatives: [i], actuals }, { from: '2022-01', to: '2022-12' });
        const total = spends.reduce((a, [, x]) => a + x, 0);
        expect(s.files.reduce((a, f) => a + f.controlTotalOre, 0)).toBe(total);
        for (const f of s.files) expect(f.controlTotalOre).toBe(f.lines.reduce((a, l) => a + l.amountOre, 0));
        // Rødovre (**) contributes nothing and so owes nothing.
        expect(s.files.find((f) => f.party === '175')?.lineCount).toBe(0);
        const owedToExecutors = s.obligations.reduce((a, o) => a + o.amountOre, 0);
        const executorsOwnShares = s.settlements.reduce((a, x) => a + (x.settlement.parties.find((p) => p.role === 'executing')?.shareOre ?? 0), 0);
        expect(owedToExecutors + executorsOwnShares).toBe(total);
      }),
      { numRuns: 40 },
    );
  });

  it('keeps a typed regional account whole (1.3.2.4 stays 1.3.2.4) in the lines and the CSV', () => {
    const e = seed002Economy();
    const i = { ...e.initiatives[0], posting: { regionalAccount: '1.3.2.4' } } as Initiative;
    const s = settlePeriod({ ...e, initiatives: [i] }, { from: '2022-01', to: '2022-12' });
    const r = s.files.find((f) => f.party === 'R');
    expect(r?.lines[0]).toMatchObject({ account: '1.3.2.4', mainAccount: '', mainFunction: '', function: '' });
    const row = parseCsv(postingFileCsv(r ?? { party: '', lines: [], controlTotalOre: ore(0), lineCount: 0 })).records[1]?.cells ?? [];
    expect(row[POSTING_COLUMNS.indexOf('Konto')]).toBe('1.3.2.4');
  });

  it('names initiatives by number and title, never by id, in the CSV', () => {
    const e = seed002Economy();
    const id = '3f2b8c1e-9d4a-4b6e-8f00-1234567890ab';
    const i = { ...e.initiatives[0], id, number: 7 } as Initiative;
    const s = settlePeriod({ ...e, initiatives: [i], actuals: e.actuals.map((a) => ({ ...a, initiativeId: id })) }, { from: '2022-01', to: '2022-12' });
    for (const f of s.files) {
      const csv = postingFileCsv(f, 'Eksempelklyngen');
      expect(csv).not.toContain(id);
      if (f.lineCount > 0) expect(csv).toContain(';7;Sundhedsfremme og forebyggelse;');
    }
  });

  it('escapes user text that a spreadsheet would read as a formula (= + - @ tab CR)', () => {
    for (const t of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(spreadsheetText(t)).toBe(`'${t}`);
    expect(spreadsheetText('Kommune 1')).toBe('Kommune 1');
    const e = seed002Economy();
    const i = { ...e.initiatives[0], title: '=1+1' } as Initiative;
    const s = settlePeriod({ ...e, initiatives: [i], parties: e.parties.map((p) => (p.id === 'K1' ? { ...p, name: '@Kommune' } : p)) }, { from: '2022-01', to: '2022-12' });
    const cells = parseCsv(postingFileCsv(s.files[1] ?? { party: '', lines: [], controlTotalOre: ore(0), lineCount: 0 }, '+Klynge')).records[1]?.cells ?? [];
    expect(cells[POSTING_COLUMNS.indexOf('Indsatsnavn')]).toBe("'=1+1");
    expect(cells[POSTING_COLUMNS.indexOf('Modpartnavn')]).toBe("'@Kommune");
    expect(cells[POSTING_COLUMNS.indexOf('Klynge')]).toBe("'+Klynge");
    expect(cells[POSTING_COLUMNS.indexOf('Tekst')]?.startsWith("'")).toBe(false);
    // Amounts are numbers, not text: a negative amount keeps its minus.
    const k1 = parseCsv(postingFileCsv(s.files[0] ?? { party: '', lines: [], controlTotalOre: ore(0), lineCount: 0 })).records[2]?.cells ?? [];
    expect(k1[POSTING_COLUMNS.indexOf('Beløb (kr.)')]).toBe('-1.000.000,00');
  });

  it('settles a negative period (a refund) as negative obligations and opposite-signed lines; 0 is skipped', () => {
    const e = seed002Economy();
    const refund = { ...e, actuals: [{ ...e.actuals[0], amount: kroner(-300) }] as typeof e.actuals };
    const s = settlePeriod(refund, { from: '2022-01', to: '2022-12' });
    expect(s.obligations).toEqual([
      { payer: 'K2', executing: 'K1', amountOre: kroner(-100) },
      { payer: 'R', executing: 'K1', amountOre: kroner(-100) },
    ]);
    expect(s.files.map((f) => f.controlTotalOre)).toEqual([kroner(-100), kroner(-100), kroner(-100)]);
    expect(s.files[0]?.lines.map((l) => [l.art, l.amountOre])).toEqual([['4.0', kroner(-300)], ['7.7', kroner(100)], ['7.8', kroner(100)]]);
    const zero = { ...e, actuals: [{ ...e.actuals[0], amount: kroner(300) }, { ...e.actuals[0], amount: kroner(-300) }] as typeof e.actuals };
    expect(settlePeriod(zero, { from: '2022-01', to: '2022-12' }).settlements).toEqual([]);
  });

  it('reverses a stored run: equal and opposite, and the reversal of the reversal is the run', () => {
    const s = settlePeriod(seed002Economy(), { from: '2022-07', to: '2022-12' });
    // Stored as JSON (the only non-JSON values are the shares' bigint fractions) and read back.
    const json = JSON.stringify(s, (_k, v: unknown) => (typeof v === 'bigint' ? { $big: v.toString() } : v));
    const stored = JSON.parse(json, (_k, v: unknown) => (typeof v === 'object' && v !== null && '$big' in v ? BigInt(String((v as { $big: string }).$big)) : v)) as PeriodSettlement;
    expect(stored).toEqual(s);
    const r = reversePeriodSettlement(stored, 'Tilbageførsel af afregning 4: ');
    expect(r.obligations.map((o) => o.amountOre)).toEqual([kroner(-1_000_000), kroner(-1_000_000)]);
    expect(r.files.map((f) => [f.controlTotalOre, f.lineCount])).toEqual([[kroner(-1_000_000), 3], [kroner(-1_000_000), 1], [kroner(-1_000_000), 1]]);
    expect(r.files[1]?.lines[0]?.text).toMatch(/^Tilbageførsel af afregning 4: Nr\. 1 /);
    const back = reversePeriodSettlement(r, '');
    expect(back.files.map((f) => f.lines.map((l) => l.amountOre))).toEqual(s.files.map((f) => f.lines.map((l) => l.amountOre)));
    expect(back.settlements.map((x) => x.settlement.cost)).toEqual(s.settlements.map((x) => x.settlement.cost));
  });

  it('property: per party the lines sum to its net, the nets sum to the spending, and a reversal nets every party and account line to zero', () => {
    const base = klyngeSydEconomy();
    const parties = ['101', '167', '1084', '175'] as const;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('A', 'B'), fc.constantFrom('101', '167', '1084'), fc.integer({ min: 1, max: 12 }), fc.integer({ min: -50_000_000, max: 100_000_000 })), { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        (spends, agreed) => {
          const initiative = (id: string, number: number): Initiative => ({
            id, number, title: `Indsats ${id}`, description: '', targetGroup: 'acute', startPeriod: '2022-01', endPeriod: '2022-12',
            executingParties: ['101', '167', '1084'], status: 'running', forecast: { lines: [] },
            ...(agreed && id === 'B' ? { agreedShares: { shares: parties.map((p) => ({ party: p, basis: one })), decisionReference: 'Møde 1' } } : {}),
          });
          const actuals = spends.map(([i, party, month, amount]) => ({ initiativeId: i, party, period: `2022-${String(month).padStart(2, '0')}`, amount: ore(amount), category: 'development' as const, funding: 'common' as const, text: '' }));
          const s = settlePeriod({ ...base, initiatives: [initiative('A', 1), initiative('B', 2)], actuals }, { from: '2022-01', to: '2022-12' });
          const spending = spends.reduce((a, [, , , x]) => a + x, 0);
          // Every party's lines sum to its net frame impact over the settled initiatives.
          for (const f of s.files) {
            const net = s.settlements.reduce((a, x) => a + (x.settlement.parties.find((p) => p.party === f.party)?.netOre ?? 0), 0);
            expect(f.controlTotalOre).toBe(net);
            expect(f.lines.reduce((a, l) => a + l.amountOre, 0)).toBe(f.controlTotalOre);
            for (const l of f.lines) {
              expect(l.art).not.toBe('');
              expect(l.account).not.toBe('');
            }
          }
          // The sum over parties of net frame impact is the period's spending.
          expect(s.files.reduce((a, f) => a + f.controlTotalOre, 0)).toBe(spending);
          // Original + reversal = 0 per party and per account line.
          const r = reversePeriodSettlement(s);
          const key = (l: { party: string; accountSystem: string; account: string; art: string; counterparty: string; initiativeId: string }): string => [l.party, l.accountSystem, l.account, l.art, l.counterparty, l.initiativeId].join('|');
          const net = new Map<string, number>();
          for (const l of [...s.files, ...r.files].flatMap((f) => f.lines)) net.set(key(l), (net.get(key(l)) ?? 0) + l.amountOre);
          for (const v of net.values()) expect(v).toBe(0);
          s.files.forEach((f, i) => expect(f.controlTotalOre + (r.files[i]?.controlTotalOre ?? Number.NaN)).toBe(0));
          s.obligations.forEach((o, i) => expect(o.amountOre + (r.obligations[i]?.amountOre ?? Number.NaN)).toBe(0));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('still writes a run stored before issue 9 (account in segments, no number, empty art) without inventing values', () => {
    const legacy = {
      party: 'K2', partyName: 'Kommune 2', accountSystem: 'kommunal', mainAccount: '4', mainFunction: '62', function: '88', dranst: '1', art: null, artText: 'Betalinger til kommuner',
      amountOre: kroner(1), counterparty: 'K1', counterpartyName: 'Kommune 1', initiativeId: 'I1', initiativeTitle: 'Gammel', period: '2022-01', text: 'x',
    } as unknown as PostingFileLine;
    const cells = parseCsv(postingFileCsv({ party: 'K2', lines: [legacy], controlTotalOre: kroner(1), lineCount: 1 })).records[1]?.cells ?? [];
    expect([cells[POSTING_COLUMNS.indexOf('Konto')], cells[POSTING_COLUMNS.indexOf('Art')], cells[POSTING_COLUMNS.indexOf('Indsatsnr.')]]).toEqual(['4.62.88', '', '']);
  });
});

