import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_POSTING_CHARTS } from './chart-of-accounts.ts';
import { DomainError } from './errors.ts';
import { kroner, negOre, ore } from './money.ts';
import { fromInteger, parseDecimal } from './rational.ts';
import { reverseSettlement, settle } from './settlement.ts';

const third = parseDecimal('1/3');

// Seed 002, "Illustration af pengestrømme i en sundhedsklynge (mio. kr.)": 3 members, municipality 1
// runs an initiative costing 3,0 mio. kr.; each member's share is a third.
const seed002Input = {
  cost: kroner(3_000_000),
  executing: 'Kommune 1',
  payers: [
    { party: 'Kommune 1', share: third },
    { party: 'Kommune 2', share: third },
    { party: 'Region', share: third },
  ],
};
const seed002 = () => settle(seed002Input);

describe('settlement of an initiative (seed 002)', () => {
  it('reproduces the money-flow illustration exactly', () => {
    const s = seed002();
    const byParty = Object.fromEntries(s.parties.map((p) => [p.party, p]));
    // Udførende kommune: Indtægt 2,0 · Udgift 3,0 · Nettorammepåvirkning 1,0
    expect(byParty['Kommune 1']).toMatchObject({ role: 'executing', kind: 'municipality', incomeOre: 200_000_000, expenseOre: 300_000_000, netOre: 100_000_000 });
    // Betalende kommune: Indtægt 0,0 · Udgift 1,0 · Nettorammepåvirkning 1,0
    expect(byParty['Kommune 2']).toMatchObject({ role: 'paying', kind: 'municipality', incomeOre: 0, expenseOre: 100_000_000, netOre: 100_000_000 });
    // Betalende region: Indtægt 0,0 · Udgift 1,0 · Nettorammepåvirkning 1,0
    expect(byParty['Region']).toMatchObject({ role: 'paying', kind: 'region', incomeOre: 0, expenseOre: 100_000_000, netOre: 100_000_000 });
  });

  it('books on 4.62.88 with the authorised arts: 4.7/4.8 payments to, 7.7/7.8 payments from', () => {
    const s = seed002();
    expect(s.postings).toEqual([
      // The executing municipality's own cost: never an empty art (4.0 by default, configurable).
      expect.objectContaining({ party: 'Kommune 1', accountSystem: 'kommunal', function: '4.62.88', dranst: '1', art: '4.0', purpose: 'own-expense', amountOre: 300_000_000, counterparty: null }),
      expect.objectContaining({ party: 'Kommune 1', function: '4.62.88', art: '7.7', artText: 'Betalinger fra kommuner', amountOre: -100_000_000, counterparty: 'Kommune 2' }),
      expect.objectContaining({ party: 'Kommune 2', accountSystem: 'kommunal', function: '4.62.88', art: '4.7', artText: 'Betalinger til kommuner', amountOre: 100_000_000, counterparty: 'Kommune 1' }),
      expect.objectContaining({ party: 'Kommune 1', function: '4.62.88', art: '7.8', artText: 'Betalinger fra regioner', amountOre: -100_000_000, counterparty: 'Region' }),
      // The region books in its own chart: the regional default account, the regional table's art.
      expect.objectContaining({ party: 'Region', accountSystem: 'regional', function: '1.60.41', art: '4.7', artSource: expect.stringContaining('afventer regionens bekræftelse') as unknown, amountOre: 100_000_000, counterparty: 'Kommune 1' }),
    ]);
    // Every party's postings sum to its net frame impact, and all lines together to the cost.
    for (const p of s.parties) {
      const sum = s.postings.filter((l) => l.party === p.party).reduce((a, l) => a + l.amountOre, 0);
      expect(sum).toBe(p.netOre);
    }
    expect(s.postings.reduce((a, l) => a + l.amountOre, 0)).toBe(300_000_000);
    expect(s.postings[2]?.text).toContain('mellemkommunal afregning');
  });

  it('takes every art from the chart of the party that books the line (never the municipal chart for a region)', () => {
    const charts = {
      ...DEFAULT_POSTING_CHARTS,
      regional: {
        ...DEFAULT_POSTING_CHARTS.regional,
        defaultFunction: '1.3.2.4',
        arts: {
          ...DEFAULT_POSTING_CHARTS.regional.arts,
          'payment-to-municipality': { art: '4.71', text: 'Regional: betalinger til kommuner', note: 'Bekræftet af regionen', confirmed: true },
          'income-from-municipality': { art: '7.71', text: 'Regional: betalinger fra kommuner', note: 'Bekræftet af regionen', confirmed: true },
          'own-expense': { art: '2.9', text: 'Regional: anskaffelser', note: 'Bekræftet af regionen', confirmed: true },
        },
      },
    };
    const asPayer = settle({ ...seed002Input, charts });
    expect(asPayer.postings.find((l) => l.party === 'Region')).toMatchObject({ accountSystem: 'regional', function: '1.3.2.4', art: '4.71' });
    expect(asPayer.postings.filter((l) => l.party !== 'Region').map((l) => l.art)).toEqual(['4.0', '7.7', '4.7', '7.8']);
    const asExecutor = settle({ ...seed002Input, executing: 'Region', charts });
    expect(asExecutor.postings.filter((l) => l.party === 'Region').map((l) => [l.art, l.function])).toEqual([['2.9', '1.3.2.4'], ['7.71', '1.3.2.4'], ['7.71', '1.3.2.4']]);
    // Paying municipalities pay TO a region: 4.8.
    expect(asExecutor.postings.filter((l) => l.party !== 'Region').map((l) => l.art)).toEqual(['4.8', '4.8']);
  });

  it('settles a refund (negative cost) as the mirror image of the charge', () => {
    const charge = seed002();
    const refund = settle({ ...seed002Input, cost: kroner(-3_000_000) });
    expect(refund.parties.map((p) => [p.party, p.shareOre, p.incomeOre, p.expenseOre, p.netOre])).toEqual(
      charge.parties.map((p) => [p.party, negOre(p.shareOre), negOre(p.incomeOre), negOre(p.expenseOre), negOre(p.netOre)]),
    );
    expect(refund.postings.map((l) => [l.party, l.art, l.amountOre])).toEqual(charge.postings.map((l) => [l.party, l.art, negOre(l.amountOre)]));
    expect(refund.postings[0]?.text).toContain('tilbagebetaling/korrektion');
  });

  it('splits an uneven cost by distribute(): shares add up to the øre', () => {
    const s = settle({
      cost: kroner(1_000_000),
      executing: 'Region Hovedstaden',
      regionalFunction: '1.90.10',
      payers: ['Region Hovedstaden', 'Albertslund', 'Brøndby'].map((party) => ({ party, share: third })),
    });
    // 100.000.000 øre / 3 = 33.333.333⅓: one leftover øre goes to the first in the key (equal remainders, equal bases).
    expect(s.parties.map((p) => p.shareOre)).toEqual([33_333_334, 33_333_333, 33_333_333]);
    expect(s.parties[0]).toMatchObject({ kind: 'region', incomeOre: 66_666_666, expenseOre: 100_000_000, netOre: 33_333_334 });
    expect(s.postings[0]).toMatchObject({ accountSystem: 'regional', function: '1.90.10' });
    expect(s.postings[1]).toMatchObject({ art: '7.7', text: expect.stringContaining('afregning mellem kommune og region') as unknown });
  });

  it('refuses an executing party that is not a payer, a zero cost and an empty key', () => {
    expect(() => settle({ cost: kroner(10), executing: 'X', payers: [{ party: 'Y', share: third }] })).toThrow(DomainError);
    expect(() => settle({ cost: kroner(0), executing: 'X', payers: [{ party: 'X', share: third }] })).toThrow(/forskellig fra 0/);
    expect(() => settle({ cost: kroner(10), executing: 'X', payers: [] })).toThrow(/ingen betalende/);
    expect(() =>
      settle({ cost: kroner(10), executing: 'X', payers: [{ party: 'X', share: parseDecimal('-1') }] }),
    ).toThrow(/negativt/);
  });

  it('property: every party nets its share, the parties net the cost, and a reversal nets every line to zero', () => {
    const party = fc.constantFrom('Kommune A', 'Kommune B', 'Region C', 'Kommune D');
    fc.assert(
      fc.property(
        fc.integer({ min: -50_000_000_00, max: 50_000_000_00 }).filter((x) => x !== 0),
        fc.uniqueArray(fc.tuple(party, fc.integer({ min: 0, max: 1_000_000 })), { minLength: 1, maxLength: 4, selector: ([p]) => p }).filter((ps) => ps.some(([, b]) => b > 0)),
        (cost, shares) => {
          const executing = shares[0]?.[0] ?? '';
          const s = settle({ cost: ore(cost), executing, payers: shares.map(([p, b]) => ({ party: p, share: fromInteger(b) })) });
          for (const p of s.parties) {
            expect(s.postings.filter((l) => l.party === p.party).reduce((a, l) => a + l.amountOre, 0)).toBe(p.netOre);
            expect(p.netOre).toBe(p.shareOre);
          }
          expect(s.parties.reduce((a, p) => a + p.netOre, 0)).toBe(cost);
          for (const l of s.postings) expect(l.art).toMatch(/^\d+(\.\d+)*$/);
          const r = reverseSettlement(s);
          s.postings.forEach((l, i) => expect(l.amountOre + (r.postings[i]?.amountOre ?? Number.NaN)).toBe(0));
          s.parties.forEach((p, i) => expect(p.netOre + (r.parties[i]?.netOre ?? Number.NaN)).toBe(0));
        },
      ),
      { numRuns: 200 },
    );
  });
});
