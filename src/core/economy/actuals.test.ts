import { describe, expect, it } from 'vitest';
import { kroner, ore } from '../money.ts';
import { type Actual, applyActuals, budgetVsActual, parseActualsCsv, requireValidImport } from './actuals.ts';
import { seed002Economy } from './test-fixtures.ts';

const e = seed002Economy();
const ctx = { parties: e.parties, initiatives: e.initiatives, year: 2022 };

describe('actuals import (ledger extract)', () => {
  it('parses a Danish CSV with BOM, semicolons and Danish amounts', () => {
    const csv = '\ufeffIndsats;Part;Periode;Beløb;Kategori;Finansiering;Tekst\r\nI1;K1;2022-09;1.234.567,89;Afprøvning;Fælles midler;Løn sep.\r\nI1;Kommune 1;2022-10;-500,00;trial;egne;Kreditnota\r\n';
    const r = parseActualsCsv(csv, ctx);
    expect(r).toEqual({
      ok: true,
      actuals: [
        { initiativeId: 'I1', party: 'K1', period: '2022-09', amount: ore(123_456_789), category: 'trial', funding: 'common', text: 'Løn sep.' },
        { initiativeId: 'I1', party: 'K1', period: '2022-10', amount: ore(-50_000), category: 'trial', funding: 'own', text: 'Kreditnota' },
      ],
    });
  });

  it('collects every line\'s errors with line numbers and accepts nothing', () => {
    const csv = [
      'Indsats;Part;Periode;Beløb;Kategori;Finansiering;Tekst',
      'I1;K1;2022-09;100,00;Afprøvning;Fælles midler;ok',
      'I9;K1;2022-09;100,00;Afprøvning;Fælles midler;ukendt indsats',
      'I1;K2;2022-13;12,345;Udvikling;Fælles midler;',
      'I1;K1;2023-01;10;Drift;Fælles midler;',
    ].join('\n');
    const r = parseActualsCsv(csv, ctx);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((x) => x.line)).toEqual([3, 4, 5]);
    expect(r.errors[0]?.message).toBe('Linje 3: indsatsen "I9" findes ikke i klyngen.');
    expect(r.errors[1]?.message).toMatch(/^Linje 4: Kommune 2 er ikke udførende part.*"2022-13" er ikke en periode.*har mere end to decimaler/);
    expect(r.errors[2]?.message).toMatch(/^Linje 5: perioden 2023-01 ligger ikke i 2022; perioden 2023-01 ligger uden for indsatsens periode.*ikke til drift/);
    expect(() => requireValidImport(r)).toThrow(/Importen er afvist, og intet er ændret: 3 linje\(r\)/);
  });

  it('names a missing column and an empty file', () => {
    expect(parseActualsCsv('Indsats;Part;Periode;Kategori\nI1;K1;2022-09;x', ctx)).toEqual({ ok: false, errors: [{ line: 1, message: 'Overskriftslinjen mangler kolonnen "Beløb", "Finansiering".' }] });
    expect(parseActualsCsv('', ctx).ok).toBe(false);
    expect(parseActualsCsv('Indsats;Part\n"I1;K1', ctx)).toMatchObject({ ok: false, errors: [{ line: 2 }] });
  });

  it('appends a ledger extract or replaces a year', () => {
    const a: Actual = { initiativeId: 'I1', party: 'K1', period: '2022-09', amount: kroner(1), category: 'trial', funding: 'common', text: '' };
    const b: Actual = { ...a, period: '2021-12' };
    expect(applyActuals([a, b], [a], { kind: 'append' })).toHaveLength(3);
    expect(applyActuals([a, b], [{ ...a, amount: kroner(2) }], { kind: 'replace-year', year: 2022 })).toEqual([b, { ...a, amount: kroner(2) }]);
  });
});

describe('budget vs actual', () => {
  it('per initiative and for the cluster (seed 002: 3,0 mio. budget, 3,0 mio. spent)', () => {
    const r = budgetVsActual(e.initiatives, [...e.actuals, { ...e.actuals[0], amount: kroner(-250_000) } as Actual], 2022);
    expect(r.rows[0]).toMatchObject({ budgetCommon: kroner(3_000_000), actualCommon: kroner(2_750_000), differenceCommon: kroner(250_000) });
    expect(r.total).toMatchObject({ title: 'I alt', budgetCommon: kroner(3_000_000), differenceCommon: kroner(250_000) });
  });
});
