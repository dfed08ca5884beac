import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DomainError } from '../errors.ts';
import { kroner, ore } from '../money.ts';
import { fromInteger, parseDecimal } from '../rational.ts';
import { type CostLine, assertChargeable, forecastTotals, forecastDifference, lineCost, validateForecast, explainLineCost } from './forecast.ts';

const salary = (over: Partial<CostLine> = {}): CostLine =>
  ({ id: 'S', kind: 'salary', year: 2023, description: 'Projektleder', category: 'development', funding: 'common', party: 'K1',
    annualSalary: kroner(520_000), fteShare: parseDecimal('0,37'), months: fromInteger(7), ...over }) as CostLine;

describe('cost of a forecast line', () => {
  it('salary: annual salary × FTE share × months / 12, computed exactly and rounded once to the øre', () => {
    // 520.000 × 0,37 = 192.400 kr.; × 7/12 = 112.233,333… kr. → 112.233,33 kr.
    expect(lineCost(salary())).toBe(ore(11_223_333));
    // 100,01 kr. × 1 × 6/12 = 50,005 kr. = 5.000,5 øre: the half øre rounds up.
    expect(lineCost(salary({ annualSalary: ore(10_001), fteShare: fromInteger(1), months: fromInteger(6) }))).toBe(ore(5_001));
    // 1/3 FTE over 12 months of 600.000,00 kr. = exactly 200.000,00 kr. — no float drift.
    expect(lineCost(salary({ annualSalary: kroner(600_000), fteShare: parseDecimal('1/3'), months: fromInteger(12) }))).toBe(kroner(200_000));
  });

  it('hourly rate × hours, with the agreed rate recorded', () => {
    const line: CostLine = { id: 'H', kind: 'hourly', year: 2023, description: 'Sygeplejerske', category: 'trial', funding: 'common', party: 'K1', hourlyRate: ore(42_550), hours: parseDecimal('37,5'), rateAgreement: 'Klyngens timetakst 2023' };
    // 425,50 × 37,5 = 15.956,25 kr.
    expect(lineCost(line)).toBe(ore(1_595_625));
    expect(explainLineCost(line)).toContain('Klyngens timetakst 2023');
    expect(() => validateForecast({ lines: [{ ...line, rateAgreement: ' ' }] })).toThrow(/timetaksten/);
  });

  it('rounding is at most half an øre from the exact value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200_000_000 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 12 }), (salaryOre, pct, months) => {
        const cost = lineCost(salary({ annualSalary: ore(salaryOre), fteShare: parseDecimal(`${String(pct)}/100`), months: fromInteger(months) }));
        const exactTimes1200 = salaryOre * pct * months; // exact øre × 1200, an integer
        expect(Math.abs(cost * 1200 - exactTimes1200)).toBeLessThanOrEqual(600);
      }),
    );
  });
});

describe('cost category guard', () => {
  it('refuses administration, secretariat, operations and implementation on common funds, with the reason', () => {
    for (const category of ['administration', 'secretariat', 'operations', 'implementation'] as const) {
      expect(() => assertChargeable(category, 'common', 'Linjen')).toThrow(DomainError);
    }
    expect(() => assertChargeable('secretariat', 'common', 'Linjen')).toThrow(/sekretariatsbetjening må ikke betales af de fælles midler/);
    expect(() => assertChargeable('operations', 'common', 'Linjen')).toThrow(/ikke til drift/);
  });
  it('allows the same costs as the party\'s own money, and development/trials on common funds', () => {
    for (const category of ['administration', 'secretariat', 'operations', 'implementation', 'development', 'trial'] as const) {
      expect(() => assertChargeable(category, 'own', 'Linjen')).not.toThrow();
    }
    expect(() => assertChargeable('development', 'common', 'L')).not.toThrow();
    expect(() => validateForecast({ lines: [salary({ category: 'secretariat' })] })).toThrow(/egne midler/);
    expect(() => validateForecast({ lines: [salary({ category: 'secretariat', funding: 'own' })] })).not.toThrow();
  });
});

describe('forecast totals and versions', () => {
  const lines: CostLine[] = [
    salary(),
    { id: 'O', kind: 'other', year: 2023, description: 'Materialer', category: 'trial', funding: 'common', party: 'K2', amount: kroner(100_000) },
    { id: 'D', kind: 'other', year: 2024, description: 'Drift efter projektet', category: 'operations', funding: 'own', party: 'K1', amount: kroner(50_000) },
  ];
  const shares = [{ party: 'K1', basis: fromInteger(1) }, { party: 'K2', basis: fromInteger(1) }, { party: 'R', basis: fromInteger(1) }];

  it('totals per year, common/own, per executing party and per paying party', () => {
    const [y2023, y2024] = forecastTotals({ lines }, shares);
    expect(y2023).toMatchObject({ year: 2023, common: ore(11_223_333 + 10_000_000), own: 0, total: ore(21_223_333) });
    expect(y2023?.byExecutingParty.get('K2')).toBe(kroner(100_000));
    // 21.223.333 øre / 3 = 7.074.444,33…: the leftover øre goes to the first party in the key.
    expect([...(y2023?.commonByPayer.values() ?? [])]).toEqual([7_074_445, 7_074_444, 7_074_444]);
    expect(y2024).toMatchObject({ year: 2024, common: 0, own: kroner(50_000) });
  });

  it('shows the difference between the approved forecast and an edited one', () => {
    const edited: CostLine[] = [salary({ months: fromInteger(9) }), lines[2] as CostLine, { id: 'N', kind: 'other', year: 2023, description: 'Ny', category: 'development', funding: 'common', party: 'K1', amount: kroner(1_000) }];
    const d = forecastDifference({ lines }, { lines: edited });
    // 520.000 × 0,37 × 9/12 = 144.300,00 kr.
    expect(d.lines.find((l) => l.id === 'S')).toMatchObject({ change: 'changed', approved: 11_223_333, current: 14_430_000, difference: 3_206_667 });
    expect(d.lines.find((l) => l.id === 'O')).toMatchObject({ change: 'removed', difference: -10_000_000 });
    expect(d.lines.find((l) => l.id === 'N')).toMatchObject({ change: 'added', difference: 100_000 });
    expect(d.lines.find((l) => l.id === 'D')).toMatchObject({ change: 'unchanged', difference: 0 });
    expect(d.difference).toBe(3_206_667 - 10_000_000 + 100_000);
    expect(d.years.reduce((s, y) => s + y.difference, 0)).toBe(d.difference);
  });
});
