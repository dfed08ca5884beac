import { describe, expect, it } from 'vitest';
import { date, dateTime, decimal, integer, kr, percent, wholeKr } from './format.ts';

describe('Danish formats in the web app', () => {
  it('writes kroner with øre the Danish way (issue: 1.234.567,89 kr.)', () => {
    expect(kr(123456789)).toBe('1.234.567,89 kr.');
    expect(kr(-37000000)).toBe('-370.000,00 kr.');
    expect(kr(5)).toBe('0,05 kr.');
  });

  it('writes whole kroner as Bilag 1 prints them, and keeps øre when there are any', () => {
    // Region Hovedstaden's key in Bilag 1 Tabel 1 (seed 000): 12.497.516 kr.
    expect(wholeKr(1249751600)).toBe('12.497.516');
    expect(wholeKr(17767800)).toBe('177.678');
    expect(wholeKr(150)).toBe('1,50');
  });

  it('groups integers (population 287.181 in seed 003)', () => {
    expect(integer(287181)).toBe('287.181');
    expect(integer(5873420)).toBe('5.873.420');
    expect(() => integer(1.5)).toThrow();
  });

  it('writes decimals with a comma and rounds half away from zero on the digits', () => {
    // 40 mio. kr. / 5.873.420 inhabitants ≈ 6,81 kr. per inhabitant (DOMAIN §2.1).
    expect(decimal(40_000_000 / 5_873_420)).toBe('6,81');
    expect(decimal('2.675')).toBe('2,68');
    expect(decimal(1234.5, 1)).toBe('1.234,5');
    expect(decimal('-0.001')).toBe('0,00');
    expect(decimal(7, 0)).toBe('7');
  });

  it('writes shares as percentages (seed 003: København 48,0 %)', () => {
    expect(percent(287181 / 598032)).toBe('48,0 %');
    expect(percent(20691 / 598032)).toBe('3,5 %');
  });

  it('writes dates as 22.11.2026 in Danish time', () => {
    expect(date('2026-11-22')).toBe('22.11.2026');
    expect(date('2026-11-22T10:00:00Z')).toBe('22.11.2026');
    // 23:30 UTC on 21 Nov is 00:30 on 22 Nov in Copenhagen (winter time, UTC+1).
    expect(date('2026-11-21T23:30:00Z')).toBe('22.11.2026');
    expect(dateTime('2026-07-01T12:05:00Z')).toBe('01.07.2026 kl. 14.05');
    expect(() => date('ikke en dato')).toThrow();
  });
});
