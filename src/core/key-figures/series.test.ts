import { describe, expect, it } from 'vitest';
import { targetProgress, type SeriesPoint, type ShownCell } from './series.ts';

const v = (value: number): ShownCell => ({ status: 'value', numerator: value, denominator: null, value });
const hidden: ShownCell = { status: 'suppressed', reason: 'small' };
const point = (period: string, cluster: ShownCell): SeriesPoint => ({ period, cluster, region: v(100), country: v(1000) });

describe('development against a target', () => {
  it('lower is better: reached at or below the target, towards when the gap shrinks, away when it grows', () => {
    expect(targetProgress([point('2020', v(20)), point('2022', v(15))], { value: 15, period: '2025' }, 'lower-better').status).toBe('reached');
    expect(targetProgress([point('2020', v(20)), point('2022', v(18))], { value: 15, period: '2025' }, 'lower-better')).toMatchObject({ status: 'towards', remaining: -3, baseline: { period: '2020', value: 20 }, latest: { period: '2022', value: 18 } });
    expect(targetProgress([point('2020', v(20)), point('2022', v(22))], { value: 15, period: '2025' }, 'lower-better').status).toBe('away');
  });

  it('higher is better mirrors it; a hidden ("<5") period is skipped, never used', () => {
    expect(targetProgress([point('2020', v(10)), point('2021', hidden), point('2022', v(12))], { value: 15, period: '2025' }, 'higher-better')).toMatchObject({ status: 'towards', latest: { period: '2022', value: 12 } });
    expect(targetProgress([point('2020', hidden)], { value: 15, period: '2025' }, 'higher-better').status).toBe('unknown');
    expect(targetProgress([point('2022', v(12))], { value: 15, period: '2025' }, 'neutral').status).toBe('unchanged');
  });
});
