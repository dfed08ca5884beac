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
});
