import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { kroner, ore } from '../money.ts';
import { type Actor, applyCarryForward, assertYearOpen, closeYear, closingTotals, reopenYear } from './carry-forward.ts';
import { fundsView } from './funds.ts';
import { decision, klyngeSydEconomy } from './test-fixtures.ts';
import type { Initiative } from './initiative.ts';

const secretariat: Actor = { name: 'Sekretariatet', role: 'secretariat' };
const admin: Actor = { name: 'Admin', role: 'administrator' };

function spentEconomy(spentOre: number) {
  const base = klyngeSydEconomy();
  const i: Initiative = {
    id: 'A', title: 'Akutteam', description: '', targetGroup: 'acute', startPeriod: '2022-07', endPeriod: '2022-12', executingParties: ['1084'],
    status: 'ended', approval: decision,
    forecast: { lines: [{ id: 'x', kind: 'other', year: 2022, description: 'Afprøvning', category: 'trial', funding: 'common', party: '1084', amount: ore(spentOre) }] },
  };
  return { ...base, initiatives: [i], actuals: [{ initiativeId: 'A', party: '1084', period: '2022-12', amount: ore(spentOre), category: 'trial' as const, funding: 'common' as const, text: '' }] };
}

describe('year end and carry-forward', () => {
  it('carries unused funds only where the ceiling commitment is recorded; the rest lapses', () => {
    // Half of Klynge Syd's 7.803.439 kr. is spent; every party has half its contribution unused (± øre).
    const e = spentEconomy(390_171_950);
    const { closing, state } = closeYear(e, { year: 2022, status: 'open' }, [
      { party: '1084', amount: kroner(5_000_000), recordedBy: 'Økonomichef, Region H', recordedAt: '2023-01-20T10:00:00Z' },
      { party: '167', amount: kroner(10_000), recordedBy: 'Hvidovre', recordedAt: '2023-01-21T09:00:00Z' },
    ], secretariat, '2023-02-01T12:00:00Z');
    expect(state.status).toBe('closed');
    const region = closing.rows.find((r) => r.party === '1084');
    // Region contributed 3.867.153 kr. and pays half the spend by its share: 3.867.153 / 7.803.439 × 3.901.719,50.
    expect(region?.contributed).toBe(kroner(3_867_153));
    expect(region?.unused).toBe(region ? region.contributed - region.spent : NaN);
    expect(region?.carriedForward).toBe(region?.unused); // commitment 5 mio. covers all of it
    expect(region?.lapsed).toBe(0);
    const hvidovre = closing.rows.find((r) => r.party === '167');
    expect(hvidovre?.carriedForward).toBe(kroner(10_000)); // only as much as committed
    expect(hvidovre?.lapsed).toBe((hvidovre?.unused ?? 0) - kroner(10_000));
    const kbh = closing.rows.find((r) => r.party === '101');
    expect(kbh).toMatchObject({ carriedForward: 0 });
    expect(kbh?.lapsed).toBe(kbh?.unused);
    const t = closingTotals(closing);
    expect(t.contributed).toBe(kroner(7_803_439));
    expect(t.spent).toBe(390_171_950);
    expect(t.unused).toBe(kroner(7_803_439) - 390_171_950);

    const next = applyCarryForward(e, closing);
    const v2023 = fundsView(next, 2023);
    expect(v2023.cluster.carriedIn).toBe(t.carriedForward);
    expect(v2023.parties.find((p) => p.party === '167')?.carriedIn).toBe(kroner(10_000));
    expect(v2023.cluster.available).toBe(kroner(7_803_439) + t.carriedForward);
  });

  it('closing is reversible only by an administrator, who takes the carry-in back', () => {
    const e = spentEconomy(100);
    const { state, closing } = closeYear(e, { year: 2022, status: 'open' }, [{ party: '101', amount: kroner(1), recordedBy: 'KK', recordedAt: '2023-01-02' }], secretariat, '2023-02-01');
    const carried = applyCarryForward(e, closing);
    expect(() => assertYearOpen([state], 2022)).toThrow(/afsluttet/);
    expect(() => reopenYear(carried, state, secretariat)).toThrow(/Kun en administrator/);
    expect(() => closeYear(e, state, [], secretariat, 'x')).toThrow(/allerede afsluttet/);
    const reopened = reopenYear(carried, state, admin);
    expect(reopened.state.status).toBe('open');
    expect(fundsView(reopened.economy, 2023).cluster.carriedIn).toBe(0);
    expect(() => closeYear(e, { year: 2022, status: 'open' }, [{ party: '101', amount: kroner(1), recordedBy: '', recordedAt: '' }], secretariat, 'x')).toThrow(/hvem og hvornår/);
  });

  it('property: carry-forward never creates money', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_200_000_000 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 11 }), fc.integer({ min: 0, max: 500_000_000 })), { maxLength: 12 }),
        (spent, commits) => {
          const e = spentEconomy(spent);
          const parties = e.parties.map((p) => p.id);
          const unique = new Map(commits.map(([k, amount]) => [parties[k] ?? '101', amount]));
          const { closing } = closeYear(e, { year: 2022, status: 'open' }, [...unique].map(([party, amount]) => ({ party, amount: ore(amount), recordedBy: 'x', recordedAt: 'y' })), secretariat, 'z');
          for (const r of closing.rows) {
            expect(r.carriedForward).toBeGreaterThanOrEqual(0);
            expect(r.carriedForward + r.lapsed).toBe(Math.max(0, r.contributed - r.spent));
          }
          const t = closingTotals(closing);
          expect(t.carriedForward).toBeLessThanOrEqual(Math.max(0, t.contributed - t.spent) + closing.rows.reduce((s, r) => s + Math.max(0, r.spent - r.contributed), 0));
          const next = fundsView(applyCarryForward(e, closing), 2023);
          expect(next.cluster.available - kroner(7_803_439)).toBe(t.carriedForward);
        },
      ),
      { numRuns: 50 },
    );
  });
});
