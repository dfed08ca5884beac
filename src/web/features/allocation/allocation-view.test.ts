import { describe, expect, it } from 'vitest';
import { allocationRows } from './allocation-view.ts';

describe('allocationRows', () => {
  // Shape: the CLI's JSON contract (src/allocation/service.ts AllocationJson). Figures: Region
  // Nordjylland's regional key in Bilag 1 Tabel 1 (seed 000) is 4.135.869 kr.
  const result = {
    year: 2022,
    totalOre: 813_586_900,
    regions: [
      {
        region: 'Region Nordjylland',
        municipalOre: 400_000_000,
        regionalOre: 413_586_900,
        totalOre: 813_586_900,
        clusters: [
          { cluster: 'Klynge A', population: 100, municipalOre: 150_000_000, regionalOre: 200_000_000, totalOre: 350_000_000, explanations: { total: { text: 'x' } } },
          { cluster: 'Klynge B', population: 200, municipalOre: 250_000_000, regionalOre: 213_586_900, totalOre: 463_586_900 },
        ],
      },
    ],
  };

  it('lists each region followed by its clusters, then the national total', () => {
    const rows = allocationRows(result, 'Hele landet');
    expect(rows.map((r) => [r.level, r.name])).toEqual([
      ['region', 'Region Nordjylland'],
      ['cluster', 'Klynge A'],
      ['cluster', 'Klynge B'],
      ['total', 'Hele landet'],
    ]);
    expect(rows[0]?.population).toBe(300);
    expect(rows[1]?.parent).toBe('Region Nordjylland');
    expect(rows[1]?.explanations.total).toEqual({ text: 'x' });
    expect(rows[3]?.amounts).toEqual({ municipal: 400_000_000, regional: 413_586_900, total: 813_586_900 });
  });

  it('gives no rows for something that is not an allocation', () => {
    expect(allocationRows(null, 'x')).toEqual([]);
    expect(allocationRows({ regions: 'no' }, 'x')).toEqual([]);
  });
  it('rounds kr. per inhabitant once from the exact figure, as the export does, not again from the server\'s 4 decimals', () => {
    // 13.000,21 kr. over 101 inhabitants = 128,714950… kr.: the server's "128.7150" rounded again would show 128,72.
    const run = { regions: [{ region: 'Region X', population: 101, totalOre: 1_300_021, perInhabitantKr: '128.7150', clusters: [{ cluster: 'Klynge X', population: 101, totalOre: 1_300_021, perInhabitantKr: '128.7150' }] }], totals: { totalOre: 1_300_021, population: 101, perInhabitantKr: '128.7150' } };
    expect(allocationRows(run, 'Hele landet').map((r) => r.perInhabitant)).toEqual(['128.71', '128.71', '128.71']);
    // A half inhabitant (a split municipality) is exact too; no population keeps the server's figure.
    const half = allocationRows({ regions: [{ region: 'R', population: 20_690.5, totalOre: 41_381_000, clusters: [] }] }, 'I alt');
    expect(half[0]?.perInhabitant).toBe('20');
    const unknown = allocationRows({ regions: [{ region: 'R', totalOre: 100, perInhabitantKr: '1.2345', clusters: [{ cluster: 'K', totalOre: 100, perInhabitantKr: '1.2345' }] }] }, 'I alt');
    expect(unknown[1]?.perInhabitant).toBe('1.2345');
  });
});
