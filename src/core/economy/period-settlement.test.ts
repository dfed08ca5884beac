import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseCsv } from '../csv.ts';
import { kroner, ore } from '../money.ts';
import { postingFileCsv, settlePeriod } from './period-settlement.ts';
import { klyngeSydEconomy, seed002Economy } from './test-fixtures.ts';
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

  it('posting lines carry the account key segments, sign, counterparty, initiative and period', () => {
    const s = settlePeriod(seed002Economy(), { from: '2022-07', to: '2022-12' });
    const k2 = s.files.find((f) => f.party === 'K2')?.lines[0];
    expect(k2).toMatchObject({
      accountSystem: 'kommunal', mainAccount: '4', mainFunction: '62', function: '88', dranst: '1', art: '4.6',
      amountOre: kroner(1_000_000), counterparty: 'K1', counterpartyName: 'Kommune 1', initiativeId: 'I1', period: '2022-07–2022-12',
    });
    const k1 = s.files.find((f) => f.party === 'K1')?.lines ?? [];
    expect(k1.map((l) => l.amountOre)).toEqual([kroner(3_000_000), kroner(-1_000_000), kroner(-1_000_000)]);
    const csv = parseCsv(postingFileCsv(s.files[0] ?? { party: '', lines: [], controlTotalOre: ore(0), lineCount: 0 }));
    expect(csv.records[0]?.cells.slice(0, 6)).toEqual(['Part', 'Partnavn', 'Kontoplan', 'Hovedkonto', 'Hovedfunktion', 'Funktion']);
    const last = csv.records.at(-1)?.cells ?? [];
    expect([last[0], last[1], last[9], last[10]]).toEqual(['Kontrolsum', '3 linjer', '100000000', '1.000.000,00']);
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
    expect(s.files[1]?.lines[0]).toMatchObject({ mainFunction: '62', function: '90' });
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
});
