import { describe, expect, it } from 'vitest';
import { href, parseHash } from './router.ts';

describe('hash router', () => {
  it('reads pages and parameters', () => {
    expect(parseHash('')).toEqual({ page: 'start', params: [] });
    expect(parseHash('#/')).toEqual({ page: 'start', params: [] });
    expect(parseHash('#/allocation/2022')).toEqual({ page: 'allocation', params: ['2022'] });
    expect(parseHash('#/cofinancing/klynge%20syd/2022')).toEqual({ page: 'cofinancing', params: ['klynge syd', '2022'] });
    expect(parseHash('#/nothing-here')).toEqual({ page: 'not-found', params: ['nothing-here'] });
  });

  it('writes links that it reads back', () => {
    expect(href('start')).toBe('#/');
    expect(parseHash(href('cofinancing', 'klynge syd', 2022))).toEqual({ page: 'cofinancing', params: ['klynge syd', '2022'] });
  });
});
