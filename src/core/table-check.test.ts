import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.ts';
import { rational } from './rational.ts';
import { checkPublishedTable } from './table-check.ts';

const header = 'Klynge/Region;Kommuner;Region;I alt';

describe('checkPublishedTable on small tables', () => {
  it('finds nothing in a table that adds up', () => {
    const text = [header, 'Region A;300;600;900', 'K1;100;200;300', 'K2;200;400;600', 'Total;300;600;900'].join('\n');
    expect(checkPublishedTable(text)).toEqual({ findings: [], regions: 1, clusters: 2 });
  });

  it('reports a row, a region column, a total column and a deviating cluster, comma separated', () => {
    const text = [
      'Klynge/Region,Kommuner,Region,I alt',
      'Region A,"1.000","1.000","2.000"',
      'K1,"500","500","1.001"', // row: 500 + 500 = 1.000, printed 1.001
      'K2,"500","600","1.100"', // region column: 500 + 600 = 1.100 ≠ 1.000; K2 gets 1,2 regional kr. per municipal kr. vs 1,0
      'Total,"1.000","1.000","2.001"', // I alt: regions sum to 2.000
    ].join('\r\n');
    const { findings } = checkPublishedTable(text);
    expect(findings.map((f) => [f.kind, f.row, f.column, f.statedKr, f.computedKr])).toEqual([
      ['row-sum', 'K1', 'I alt', 1001, 1000],
      ['region-sum', 'Region A', 'Region', 1000, 1100],
      ['region-sum', 'Region A', 'I alt', 2000, 2101],
      // At the region's rate K2 would get 1.000 × 500/1.000 = 500.
      ['per-inhabitant-deviation', 'K2', 'Region', 600, 500],
      ['row-sum', 'Total', 'I alt', 2001, 2000],
      ['total-sum', 'Total', 'I alt', 2001, 2000],
    ]);
    expect(findings[0]?.text).toBe('K1 (Region A): I alt er trykt som "1.001", men Kommuner + Region = 500 + 500 = 1.000 (forskel -1 kr.).');
    expect(findings[3]?.text).toContain('afviger +20 % fra regionens egen sats');
  });

  it('respects the tolerance for per-inhabitant deviation', () => {
    const text = [header, 'Region A;1000;1000;2000', 'K1;500;495;995', 'K2;500;505;1005', 'Total;1000;1000;2000'].join('\n');
    expect(checkPublishedTable(text).findings.map((f) => f.kind)).toEqual(['per-inhabitant-deviation', 'per-inhabitant-deviation']);
    expect(checkPublishedTable(text, { deviationTolerance: rational(1n, 100n) }).findings).toEqual([]);
  });

  it('reports empty and malformed cells, a missing total and an empty region', () => {
    const text = [header, 'Region A;;10;10', 'K1;0;10;10', 'Region B;1;1;2'].join('\n');
    const { findings } = checkPublishedTable(text);
    expect(findings.map((f) => [f.kind, f.row, f.column, f.computedKr])).toEqual([
      ['malformed-number', 'Region A', 'Kommuner', 0],
      ['empty-region', 'Region B', null, null],
      ['missing-total', 'Total', null, null],
    ]);
    expect(findings[0]?.text).toBe('Region A, Kommuner: er tom; rækkens øvrige celler giver 0.');
  });

  it('refuses what is not such a table, naming the line', () => {
    expect(() => checkPublishedTable('')).toThrow(/tom/);
    expect(() => checkPublishedTable('a;b;c;d\n')).toThrow(/Linje 1: overskriften/);
    expect(() => checkPublishedTable(`${header}\nK1;1;1;2\n`)).toThrow(/linje 2: klyngen "K1" står før den første region/);
    expect(() => checkPublishedTable(`${header}\nRegion A;1;1\n`)).toThrow(/linje 2: rækken har 3 celler/);
    expect(() => checkPublishedTable(`${header}\nRegion A;1;1;2\nTotal;1;1;2\nK9;1;1;2\n`)).toThrow(/efter Total/);
    expect(() => checkPublishedTable(`${header}\n`)).toThrow(DomainError);
  });
});
