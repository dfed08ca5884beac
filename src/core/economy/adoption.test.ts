import { describe, expect, it } from 'vitest';
import { ore } from '../money.ts';
import * as Q from '../rational.ts';
import { adoptedForecastLines, spreadLineYears } from './adoption.ts';
import { lineCost, type CostLine } from './forecast.ts';

describe('adopted forecast lines follow their months into the new period (issue 15 point 6)', () => {
  const y2023 = { startPeriod: { year: 2023, month: 1 }, endPeriod: { year: 2023, month: 12 } };
  const other = (id: string, year: number, kr: number): CostLine => ({ id, kind: 'other', year, description: 'Afprøvning', category: 'trial', funding: 'common', party: '167', amount: ore(kr * 100) });

  it('spreads a whole-year line over the two years a later start makes it span, to the øre', () => {
    // Adopted from March 2024: 10 months in 2024, 2 in 2025.
    expect(spreadLineYears(2023, y2023.startPeriod, y2023.endPeriod, 14)).toEqual([{ year: 2024, months: 10 }, { year: 2025, months: 2 }]);
    const lines = adoptedForecastLines([other('L1', 2023, 100_001)], y2023, 14, '147');
    expect(lines.map((l) => [l.id, l.year, l.party, l.kind === 'other' ? l.amount : null])).toEqual([
      ['L1-2024', 2024, '147', 8_333_417],
      ['L1-2025', 2025, '147', 1_666_683],
    ]);
    expect(lines.reduce((s, l) => s + (l.kind === 'other' ? l.amount : 0), 0)).toBe(100_001_00);
  });

  it('keeps a line in one year when the new start keeps it there, and splits salary months exactly', () => {
    expect(adoptedForecastLines([other('L1', 2023, 600_000)], y2023, 12, '147').map((l) => [l.id, l.year])).toEqual([['L1', 2024]]);
    const salary: CostLine = { id: 'S1', kind: 'salary', year: 2023, description: 'Sygeplejerske', category: 'development', funding: 'common', party: '167', annualSalary: ore(480_000_00), fteShare: Q.rational(1n), months: Q.rational(12n) };
    const [a, b] = adoptedForecastLines([salary], y2023, 17, '147');
    // From June 2024: 7 months in 2024, 5 in 2025.
    expect([a?.year, a?.kind === 'salary' ? Q.toFractionString(a.months) : null, b?.year, b?.kind === 'salary' ? Q.toFractionString(b.months) : null]).toEqual([2024, '7', 2025, '5']);
    expect((a ? lineCost(a) : 0) + (b ? lineCost(b) : 0)).toBe(lineCost(salary));
  });
});
