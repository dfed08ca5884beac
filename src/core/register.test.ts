import { describe, expect, it } from 'vitest';
import { rational } from './rational.ts';
import { membershipBasis, parseBasis, validateRegister, type Membership, type Register } from './register.ts';

const member = (clusterId: string, municipalityCode: string, cf: string, sek: string = cf): Membership => ({
  clusterId,
  municipalityCode,
  political: true,
  administrative: true,
  basis: { 'common-funds': parseBasis(cf), secretariat: parseBasis(sek) },
  mark: '',
  note: '',
});

const base = (memberships: Membership[]): Register => ({
  year: 2099,
  regions: [{ code: '1084', name: 'Region Hovedstaden' }],
  municipalities: [
    { code: '101', name: 'København', regionCode: '1084' },
    { code: '175', name: 'Rødovre', regionCode: '1084' },
  ],
  clusters: [
    { id: 'syd', regionCode: '1084', name: 'Klynge Syd' },
    { id: 'by', regionCode: '1084', name: 'Klynge By' },
  ],
  memberships,
  provenance: [],
});

describe('distribution bases', () => {
  it('parses every kind', () => {
    expect(parseBasis('full')).toEqual({ kind: 'full' });
    expect(parseBasis('partial:287181:Valby')).toEqual({ kind: 'partial', population: 287_181, label: 'Valby' });
    expect(parseBasis('remainder')).toEqual({ kind: 'remainder' });
    expect(parseBasis('weight:1/2')).toEqual({ kind: 'weight', weight: rational(1n, 2n) });
    expect(parseBasis('weight:0,5')).toEqual({ kind: 'weight', weight: rational(1n, 2n) });
    expect(parseBasis('none')).toEqual({ kind: 'none' });
    expect(() => parseBasis('halv')).toThrowError(expect.objectContaining({ code: 'register.invalid-basis' }));
    expect(() => parseBasis('weight:0')).toThrowError(expect.objectContaining({ code: 'register.invalid-basis' }));
  });

  it('computes partial, remainder, weight and none against a population', () => {
    const syd = member('syd', '101', 'partial:1000');
    const by = member('by', '101', 'remainder');
    const rod = member('syd', '175', 'none', 'weight:1/2');
    const r = base([syd, by, rod, member('by', '175', 'full')]);
    expect(membershipBasis(r, syd, 'common-funds', undefined)).toEqual(rational(1000n));
    expect(membershipBasis(r, by, 'common-funds', 5000)).toEqual(rational(4000n));
    expect(membershipBasis(r, rod, 'common-funds', 41_382)).toEqual(rational(0n));
    expect(membershipBasis(r, rod, 'secretariat', 41_382)).toEqual(rational(20_691n));
    expect(() => membershipBasis(r, by, 'common-funds', undefined)).toThrowError(expect.objectContaining({ code: 'register.population-missing' }));
    expect(() => membershipBasis(r, by, 'common-funds', 999)).toThrowError(expect.objectContaining({ code: 'register.negative-remainder' }));
  });
});

describe('validateRegister', () => {
  it('accepts a consistent register', () => {
    expect(() => validateRegister(base([member('syd', '101', 'partial:1000'), member('by', '101', 'remainder'), member('by', '175', 'full')]))).not.toThrow();
  });

  it('lists every problem: paying twice, not paying, a remainder with no partial, unknown references', () => {
    try {
      validateRegister(base([member('syd', '101', 'full'), member('by', '101', 'full'), member('by', '175', 'remainder'), member('nowhere', '999', 'none')]));
      expect.unreachable();
    } catch (e) {
      const problems = (e as { details: { problems: string[] } }).details.problems;
      expect(problems).toEqual(
        expect.arrayContaining([
          'Medlemskab i ukendt klynge nowhere.',
          'Medlemskab for ukendt kommune 999.',
          'København bidrager ikke præcis én gang med hele sin befolkning til de fælles midler.',
          'Rødovre har "resten" uden bydele andre steder (common-funds).',
          'Rødovre bidrager ikke præcis én gang med hele sin befolkning til de fælles midler.',
        ]),
      );
    }
  });
});
