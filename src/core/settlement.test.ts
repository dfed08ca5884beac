import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.ts';
import { kroner } from './money.ts';
import { parseDecimal } from './rational.ts';
import { settle } from './settlement.ts';

const third = parseDecimal('1/3');

// Seed 002, "Illustration af pengestrømme i en sundhedsklynge (mio. kr.)": 3 members, municipality 1
// runs an initiative costing 3,0 mio. kr.; each member's share is a third.
const seed002 = () =>
  settle({
    cost: kroner(3_000_000),
    executing: 'Kommune 1',
    payers: [
      { party: 'Kommune 1', share: third },
      { party: 'Kommune 2', share: third },
      { party: 'Region', share: third },
    ],
  });

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

  it('books on 4.62.88 with settlement lines that balance', () => {
    const s = seed002();
    expect(s.postings).toEqual([
      expect.objectContaining({ party: 'Kommune 1', accountSystem: 'kommunal', function: '4.62.88', dranst: '1', amountOre: 300_000_000, counterparty: null }),
      expect.objectContaining({ party: 'Kommune 1', function: '4.62.88', art: '7.6', amountOre: -100_000_000, counterparty: 'Kommune 2' }),
      expect.objectContaining({ party: 'Kommune 2', accountSystem: 'kommunal', function: '4.62.88', art: '4.6', amountOre: 100_000_000, counterparty: 'Kommune 1' }),
      expect.objectContaining({ party: 'Kommune 1', function: '4.62.88', art: '7.7', amountOre: -100_000_000, counterparty: 'Region' }),
      // The regional side is on the regional chart; the seed names no regional function.
      expect.objectContaining({ party: 'Region', accountSystem: 'regional', function: null, art: '4.6', amountOre: 100_000_000, counterparty: 'Kommune 1' }),
    ]);
    // Every party's postings sum to its net frame impact, and all lines together to the cost.
    for (const p of s.parties) {
      const sum = s.postings.filter((l) => l.party === p.party).reduce((a, l) => a + l.amountOre, 0);
      expect(sum).toBe(p.netOre);
    }
    expect(s.postings.reduce((a, l) => a + l.amountOre, 0)).toBe(300_000_000);
    expect(s.postings[2]?.text).toContain('mellemkommunal afregning');
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
    expect(s.postings[1]).toMatchObject({ art: '7.6', text: expect.stringContaining('afregning mellem kommune og region') as unknown });
  });

  it('refuses an executing party that is not a payer, a zero cost and an empty key', () => {
    expect(() => settle({ cost: kroner(10), executing: 'X', payers: [{ party: 'Y', share: third }] })).toThrow(DomainError);
    expect(() => settle({ cost: kroner(0), executing: 'X', payers: [{ party: 'X', share: third }] })).toThrow(/må ikke være 0/);
    expect(() => settle({ cost: kroner(10), executing: 'X', payers: [] })).toThrow(/ingen betalende/);
    expect(() =>
      settle({ cost: kroner(10), executing: 'X', payers: [{ party: 'X', share: parseDecimal('-1') }] }),
    ).toThrow(/negativt/);
  });
});
