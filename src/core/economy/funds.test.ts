import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { kroner, ore, type Øre } from '../money.ts';
import { fromInteger } from '../rational.ts';
import { type ClusterEconomy, approveInitiative, approveForecastRevision, fundsView } from './funds.ts';
import { type Initiative, changeStatus, editForecast } from './initiative.ts';
import { forecastDifference } from './forecast.ts';
import { decision, klyngeSydEconomy, seed002Economy } from './test-fixtures.ts';

const proposal = (id: string, amount: Øre, over: Partial<Initiative> = {}): Initiative => ({
  id,
  title: `Indsats ${id}`,
  description: '',
  targetGroup: 'vulnerable-elderly',
  startPeriod: '2022-08',
  endPeriod: '2023-06',
  executingParties: ['101'],
  status: 'proposed',
  forecast: { lines: [{ id: 'x', kind: 'other', year: 2022, description: 'Afprøvning', category: 'trial', funding: 'common', party: '101', amount }] },
  ...over,
});

describe('funds view', () => {
  it('Klynge Syd 2022: the cluster has the published 7.803.439 kr. available, the parties add up to it', () => {
    const v = fundsView(klyngeSydEconomy(), 2022);
    expect(v.cluster.available).toBe(kroner(7_803_439));
    expect(v.parties.find((p) => p.party === '1084')?.available).toBe(kroner(3_867_153));
    // Rødovre (**) takes part administratively only and contributes nothing.
    expect(v.parties.find((p) => p.party === '175')?.available).toBe(0);
    expect(v.parties.filter((p) => p.party !== '1084').reduce((s, p) => s + p.available, 0)).toBe(kroner(3_936_286));
    expect(v.cluster).toMatchObject({ committed: 0, spent: 0, remaining: kroner(7_803_439) });
  });

  it('seed 002: each party\'s grant of common funds equals its expenses', () => {
    const v = fundsView(seed002Economy(), 2022);
    for (const p of v.parties) expect(p).toMatchObject({ available: kroner(1_000_000), spent: kroner(1_000_000), committed: kroner(1_000_000), remaining: 0 });
    expect(v.cluster).toMatchObject({ available: kroner(3_000_000), spent: kroner(3_000_000), remaining: 0 });
  });

  it('counts extra local funds and carry-forward in, and refuses contributions that do not match the allocation', () => {
    const e = klyngeSydEconomy();
    const y = e.years[0];
    if (!y) throw new Error('fixture');
    const withExtra: ClusterEconomy = { ...e, years: [{ ...y, extraLocalFunds: [{ party: '167', amount: kroner(250_000), decisionReference: 'KB Hvidovre 2022-10' }], carriedIn: [{ party: '1084', amount: kroner(10) }] }] };
    const v = fundsView(withExtra, 2022);
    expect(v.cluster.available).toBe(kroner(7_803_439 + 250_000 + 10));
    expect(v.parties.find((p) => p.party === '167')?.extraLocal).toBe(kroner(250_000));
    expect(() => fundsView({ ...e, years: [{ ...y, allocatedCommonFunds: kroner(7_803_440) }] }, 2022)).toThrow(/svarer ikke til klyngens tildelte/);
    expect(() => fundsView({ ...e, years: [{ ...y, extraLocalFunds: [{ party: '167', amount: kroner(1), decisionReference: '' }] }] }, 2022)).toThrow(/beslutning/);
  });

  it('property: available = committed + remaining, spent ≤ committed, and the parties sum to the cluster', () => {
    const base = klyngeSydEconomy();
    const initiativeArb = fc.record({
      forecast: fc.integer({ min: 0, max: 300_000_000 }),
      spent: fc.integer({ min: 0, max: 300_000_000 }),
      status: fc.constantFrom('approved', 'running', 'ended', 'stopped', 'evaluated'),
      agreed: fc.option(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 12, maxLength: 12 }).filter((xs) => xs.some((x) => x > 0)), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(initiativeArb, { maxLength: 6 }), (specs) => {
        const initiatives = specs.map((s, k): Initiative => {
          const i = proposal(`I${String(k)}`, ore(s.forecast), { status: s.status, approvedForecast: proposal('', ore(s.forecast)).forecast });
          return s.agreed ? { ...i, agreedShares: { shares: base.parties.map((p, j) => ({ party: p.id, basis: fromInteger(s.agreed?.[j] ?? 0) })), decisionReference: 'Aftale' } } : i;
        });
        const actuals = specs.map((s, k) => ({ initiativeId: `I${String(k)}`, party: '101', period: '2022-10', amount: ore(s.spent), category: 'trial' as const, funding: 'common' as const, text: '' }));
        const v = fundsView({ ...base, initiatives, actuals }, 2022);
        for (const r of [...v.parties, v.cluster]) {
          expect(r.available).toBe(r.committed + r.remaining);
          expect(r.available).toBe(r.contribution + r.extraLocal + r.carriedIn);
          expect(r.spent).toBeLessThanOrEqual(r.committed);
        }
        expect(v.cluster.spent).toBe(specs.reduce((s, x) => s + x.spent, 0));
        for (const k of ['available', 'committed', 'spent', 'remaining'] as const) {
          expect(v.parties.reduce((s, p) => s + p[k], 0)).toBe(v.cluster[k]);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('approval guard and statuses', () => {
  it('approves an initiative that fits and freezes its forecast', () => {
    const e = { ...klyngeSydEconomy(), initiatives: [proposal('A', kroner(7_000_000))] };
    const a = approveInitiative(e, 'A', decision);
    expect(a).toMatchObject({ status: 'approved', approval: decision });
    expect(a.approvedForecast).toEqual(a.forecast);
    expect(fundsView({ ...e, initiatives: [a] }, 2022).cluster.remaining).toBe(kroner(803_439));
  });

  it('refuses an initiative whose forecast exceeds what is left and shows the shortfall', () => {
    const first = approveInitiative({ ...klyngeSydEconomy(), initiatives: [proposal('A', kroner(7_000_000))] }, 'A', decision);
    const e = { ...klyngeSydEconomy(), initiatives: [first, proposal('B', kroner(1_000_000))] };
    // 7.803.439 − 7.000.000 = 803.439 left; 1.000.000 asked → 196.561 kr. short.
    expect(() => approveInitiative(e, 'B', decision)).toThrow('der mangler 196.561,00 kr.');
    expect(() => approveInitiative(e, 'B', decision)).toThrow(/803\.439,00 kr\. tilbage/);
  });

  it('keeps the approved forecast when the forecast is edited, and guards the revision', () => {
    const first = approveInitiative({ ...klyngeSydEconomy(), initiatives: [proposal('A', kroner(7_000_000))] }, 'A', decision);
    const edited = editForecast(first, { lines: [{ id: 'x', kind: 'other', year: 2022, description: 'Afprøvning', category: 'trial', funding: 'common', party: '101', amount: kroner(7_900_000) }] });
    expect(edited.approvedForecast).toEqual(first.forecast);
    expect(forecastDifference(edited.approvedForecast ?? { lines: [] }, edited.forecast).difference).toBe(kroner(900_000));
    const e = { ...klyngeSydEconomy(), initiatives: [edited] };
    // Committed stays at the approved 7.000.000 until the revision is approved.
    expect(fundsView(e, 2022).cluster.committed).toBe(kroner(7_000_000));
    expect(() => approveForecastRevision(e, 'A', decision)).toThrow('der mangler 96.561,00 kr.');
  });

  it('walks the status chain and refuses shortcuts', () => {
    const i = proposal('A', kroner(1));
    expect(() => changeStatus(i, 'running')).toThrow(/kan ikke skifte/);
    expect(() => changeStatus(i, 'approved')).toThrow(/kontrol af klyngens midler/);
    expect(changeStatus(i, 'rejected').status).toBe('rejected');
    const approved = approveInitiative({ ...klyngeSydEconomy(), initiatives: [i] }, 'A', decision);
    const ended = changeStatus(changeStatus(approved, 'running'), 'ended');
    expect(changeStatus(ended, 'evaluated').status).toBe('evaluated');
    expect(() => changeStatus(ended, 'running')).toThrow(/kan ikke skifte/);
    expect(changeStatus(approved, 'stopped').status).toBe('stopped');
  });

  it('validates the initiative itself before approval', () => {
    const e = (i: Initiative): ClusterEconomy => ({ ...klyngeSydEconomy(), initiatives: [i] });
    expect(() => approveInitiative(e(proposal('A', kroner(1), { executingParties: [] })), 'A', decision)).toThrow(/udførende part/);
    expect(() => approveInitiative(e(proposal('A', kroner(1), { targetGroup: 'other' })), 'A', decision)).toThrow(/målgruppen/);
    expect(() => approveInitiative(e(proposal('A', kroner(1))), 'A', { ...decision, meetingReference: '' })).toThrow(/henvisning til mødet/);
    const barred = proposal('A', kroner(1), { forecast: { lines: [{ id: 'x', kind: 'other', year: 2022, description: 'Sekretariat', category: 'secretariat', funding: 'common', party: '101', amount: kroner(1) }] } });
    expect(() => approveInitiative(e(barred), 'A', decision)).toThrow(/sekretariatsbetjening må ikke/);
  });
});
