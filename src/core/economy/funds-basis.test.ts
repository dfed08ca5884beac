import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { kroner, type Øre } from '../money.ts';
import * as Q from '../rational.ts';
import { fundsBasis, monthWeight, SEED_000_AGREEMENT, type FundsBasisInput, type FundsMember } from './funds-basis.ts';

const member = (code: string, name: string, extra: Partial<FundsMember> = {}): FundsMember => ({ code, name, mark: '', contributes: true, fromMonth: 1, toMonth: 12, ...extra });

/** A cluster of three contributing municipalities, one ** member, and its region. */
function input(over: Partial<FundsBasisInput> = {}): FundsBasisInput {
  return {
    year: 2022,
    clusterName: 'Eksempelklyngen',
    region: { code: '1083', name: 'Region Syddanmark' },
    members: [member('607', 'Fredericia'), member('621', 'Kolding'), member('630', 'Vejle'), member('530', 'Billund', { mark: '**', contributes: false })],
    run: { runId: '1', populationPeriod: '2022K1', populationSource: 'cluster-level', populationText: 'Klyngens samlede befolkningstal', municipal: kroner(1_000_001), regional: kroner(999_999), byMunicipality: [] },
    provisionalKey: { period: '2020K1', source: 'FOLK1A 2020K1', bases: new Map([['607', Q.fromInteger(50_000)], ['621', Q.fromInteger(100_000)], ['630', Q.fromInteger(50_000)]]) },
    decision: null,
    ...over,
  };
}
const amount = (b: ReturnType<typeof fundsBasis>, party: string): Øre | undefined => b.rows.find((r) => r.party === party)?.amount;

describe('the basis of a cluster-year’s funds', () => {
  it('quotes seed 000: the contributing municipalities and the region may distribute the funds as they agree', () => {
    // Seed 000 (Afrapportering for arbejdsgruppen for sundhedsklyngeøkonomi), section B, verbatim.
    expect(SEED_000_AGREEMENT).toBe('Midlerne kan fordeles af de bidragende kommuner og regionen på de enkelte klynger.');
    const b = fundsBasis(input({ decision: { kind: 'agreed-shares', shares: [{ party: '607', basis: Q.fromInteger(1) }, { party: '621', basis: Q.fromInteger(1) }, { party: '630', basis: Q.fromInteger(1) }], midYearRule: 'months', decisionReference: 'Klyngemøde 12.09.2022' } }));
    expect(b.explanation).toContain(SEED_000_AGREEMENT);
  });

  it('splits a cluster-level run’s municipal amount provisionally by the complete population, labelled and exact', () => {
    const b = fundsBasis(input());
    expect(b.status).toBe('provisional');
    expect(b.label).toBe('Foreløbig');
    expect(b.explanation).toMatch(/^FORELØBIG/);
    // 1.000.001 kr. over 1:2:1 in whole kroner: 250.000,25 / 500.000,5 / 250.000,25 → the one leftover krone to Kolding.
    expect(amount(b, '607')).toBe(kroner(250_000));
    expect(amount(b, '621')).toBe(kroner(500_001));
    expect(amount(b, '630')).toBe(kroner(250_000));
    expect(amount(b, '1083')).toBe(kroner(999_999));
    expect(b.allocated).toBe(kroner(2_000_000));
    expect(b.rows.reduce((s, r) => s + r.amount, 0)).toBe(kroner(2_000_000));
    expect(b.rows.find((r) => r.party === '621')?.explanation).toContain('indbyggertal 100.000 (2020K1)');
  });

  it('a ** member is a party with no contribution and no payer share', () => {
    const b = fundsBasis(input());
    const billund = b.rows.find((r) => r.party === '530');
    expect(billund?.amount).toBe(0);
    expect(billund?.contributes).toBe(false);
    expect(billund?.explanation).toContain('kan tilføre lokale midler og udføre indsatser');
    expect(b.contributions.map((c) => c.party)).not.toContain('530');
  });

  it('uses a municipal run’s own contributions as they are', () => {
    const b = fundsBasis(input({ run: { runId: '2', populationPeriod: '2022K1', populationSource: 'municipal', populationText: 'FOLK1A 2022K1', municipal: kroner(300), regional: kroner(100), byMunicipality: [{ code: '607', amount: kroner(100) }, { code: '621', amount: kroner(150) }, { code: '630', amount: kroner(50) }] }, provisionalKey: null }));
    expect(b.status).toBe('computed');
    expect([amount(b, '607'), amount(b, '621'), amount(b, '630')]).toEqual([kroner(100), kroner(150), kroner(50)]);
  });

  it('agreed shares split the municipal amount only; the region keeps its amount; the deviation is shown', () => {
    const b = fundsBasis(input({ decision: { kind: 'agreed-shares', shares: [{ party: '607', basis: Q.parseDecimal('1/2') }, { party: '621', basis: Q.parseDecimal('1/2') }, { party: '630', basis: Q.fromInteger(0) }], midYearRule: 'months', decisionReference: 'Klyngemøde 12.09.2022' } }));
    expect(b.status).toBe('agreed-shares');
    expect(amount(b, '607')! + amount(b, '621')!).toBe(kroner(1_000_001));
    expect(amount(b, '630')).toBe(0);
    expect(amount(b, '1083')).toBe(kroner(999_999));
    expect(b.rows.find((r) => r.party === '630')?.deviation).toBe(kroner(-250_000));
  });

  it('refuses shares for a non-contributing member, for the region, or missing a contributor — naming them', () => {
    const shares = (extra: { party: string; basis: Q.Rational }[]) => input({ decision: { kind: 'agreed-shares', shares: [{ party: '607', basis: Q.fromInteger(1) }, { party: '621', basis: Q.fromInteger(1) }, ...extra], midYearRule: 'months', decisionReference: 'x' } });
    expect(() => fundsBasis(shares([{ party: '630', basis: Q.fromInteger(1) }, { party: '530', basis: Q.fromInteger(1) }]))).toThrow(/Billund/);
    expect(() => fundsBasis(shares([{ party: '630', basis: Q.fromInteger(1) }, { party: '1083', basis: Q.fromInteger(1) }]))).toThrow(/regionens beløb er regionens/);
    expect(() => fundsBasis(shares([]))).toThrow(/mangler en andel for Vejle/);
    expect(() => fundsBasis(shares([{ party: '630', basis: Q.fromInteger(1) }, { party: '630', basis: Q.fromInteger(1) }]))).toThrow(DomainError);
  });

  it('adopting Tabel 1 takes the published amounts and shows the deviation from the run per party', () => {
    const b = fundsBasis(input({ decision: { kind: 'published', municipal: kroner(1_000_000), regional: kroner(1_063_416), source: 'Tabel 1', midYearRule: 'months', decisionReference: 'Klyngemøde' } }));
    expect(b.status).toBe('published');
    expect(b.allocated).toBe(kroner(2_063_416));
    expect(b.computedTotal).toBe(kroner(2_000_000));
    expect(b.rows.find((r) => r.party === '1083')?.deviation).toBe(kroner(63_417));
    expect(b.rows.reduce((s, r) => s + r.deviation, 0)).toBe(kroner(63_416));
    expect(b.rows.reduce((s, r) => s + r.amount, 0)).toBe(b.allocated);
  });

  it('a member for part of the year counts by its months, or fully under the whole-year rule', () => {
    expect(Q.toFractionString(monthWeight({ fromMonth: 7, toMonth: 12 }, 'months'))).toBe('1/2');
    const members = [member('607', 'Fredericia'), member('621', 'Kolding'), member('630', 'Vejle', { fromMonth: 7, toMonth: 12 })];
    const months = fundsBasis(input({ members }));
    // Bases 50.000 / 100.000 / 50.000 × 6/12 = 25.000: 1.000.001 kr. × 2/7, 4/7, 1/7.
    expect(amount(months, '630')).toBe(kroner(142_857));
    expect(months.rows.find((r) => r.party === '630')?.explanation).toContain('6/12 måneders medlemskab');
    expect(months.warnings.join(' ')).toContain('Vejle måned 7–12 (6 mdr.)');
    const whole = fundsBasis(input({ members, decision: { kind: 'default', midYearRule: 'whole-year', decisionReference: 'Klyngemøde' } }));
    expect(amount(whole, '630')).toBe(kroner(250_000));
    expect(whole.rows.reduce((s, r) => s + r.amount, 0)).toBe(kroner(2_000_000));
  });

  it('a year without its own allocation has no funds and says so; figures of another year are not reused', () => {
    const b = fundsBasis(input({ year: 2023, run: null, provisionalKey: null }));
    expect(b.status).toBe('not-allocated');
    expect(b.allocated).toBeNull();
    expect(b.contributions).toEqual([]);
    expect(b.explanation).toContain('Tal fra et andet år genbruges ikke');
  });

  it('warns when a year’s run rests on another year’s population', () => {
    const b = fundsBasis(input({ year: 2023 }));
    expect(b.warnings.join(' ')).toContain('bygger på befolkningstal fra 2022K1, ikke fra 2023');
  });
});
