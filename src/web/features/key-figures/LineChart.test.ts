import { describe, expect, it } from 'vitest';
import { niceTicks } from './LineChart.tsx';

describe('chart axis', () => {
  it('covers the values with round steps', () => {
    expect(niceTicks(8.6, 18.5)).toEqual([8, 10, 12, 14, 16, 18, 20]);
    const t = niceTicks(39_499, 40_000);
    expect(t[0]).toBeLessThanOrEqual(39_499);
    expect(t.at(-1)).toBeGreaterThanOrEqual(40_000);
    expect(niceTicks(5, 5).length).toBeGreaterThan(1);
  });
});
