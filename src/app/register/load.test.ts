import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { markContradictions, membersOf, membershipBasis, type Membership, type Register } from '../../core/register.ts';
import { toFractionString } from '../../core/rational.ts';
import { loadRegister, registerYears } from './load.ts';

const r2022 = loadRegister(2022);

function membership(register: Register, clusterId: string, municipality: string): Membership {
  const code = register.municipalities.find((m) => m.name === municipality)?.code;
  const m = register.memberships.find((x) => x.clusterId === clusterId && x.municipalityCode === code);
  if (!m) throw new Error(`${municipality} is not in ${clusterId}`);
  return m;
}

describe('the register (reference/)', () => {
  it('has 2022 and 2023 and refuses other years with a Danish message', () => {
    expect(registerYears()).toEqual([2022, 2023]);
    expect(() => loadRegister(2021)).toThrowError(expect.objectContaining({ code: 'register.unknown-year', message: expect.stringContaining('2022, 2023') as string }));
  });

  it('has the 5 regions with their official codes and the 98 municipalities with 3-digit codes', () => {
    expect(r2022.regions.map((r) => `${r.code} ${r.name}`)).toEqual([
      '1081 Region Nordjylland',
      '1082 Region Midtjylland',
      '1083 Region Syddanmark',
      '1085 Region Sjælland',
      '1084 Region Hovedstaden',
    ]);
    expect(r2022.municipalities).toHaveLength(98);
    expect(r2022.municipalities.every((m) => /^\d{3}$/.test(m.code))).toBe(true);
    expect(r2022.municipalities[0]).toEqual({ code: '101', name: 'København', regionCode: '1084' });
    expect(r2022.municipalities.at(-1)).toEqual({ code: '860', name: 'Hjørring', regionCode: '1081' });
    // Same codes, names and regions as DST's list in the SSI table (shared/data/folk1a-2020k1.csv).
    const ssi = readFileSync(new URL('../population/fixtures/folk1a-2020k1-statbank.csv', import.meta.url), 'utf8');
    for (const m of r2022.municipalities) expect(ssi).toContain(`"${m.code} ${m.name}"`);
  });

  it('has the 22 clusters of Tabel 1 per region with stable ids', () => {
    expect(r2022.clusters).toHaveLength(22);
    const perRegion = r2022.regions.map((r) => r2022.clusters.filter((c) => c.regionCode === r.code).length);
    expect(perRegion).toEqual([4, 5, 4, 4, 5]);
    expect(new Set(r2022.clusters.map((c) => c.id)).size).toBe(22);
    expect(r2022.clusters.filter((c) => c.name === 'Klynge Syd').map((c) => c.id)).toEqual(['nordjylland-syd', 'hovedstaden-syd']);
  });

  it('carries Tabel 2\'s marks: * København (districts), ** Billund/Middelfart/Rødovre, *** Vejen', () => {
    const kbhSyd = membership(r2022, 'hovedstaden-syd', 'København');
    expect(kbhSyd.mark).toBe('*');
    expect(kbhSyd.basis['common-funds']).toEqual({ kind: 'partial', population: 287_181, label: 'Valby, Vesterbro og Amager' });
    expect(membership(r2022, 'hovedstaden-by', 'København').basis['common-funds']).toEqual({ kind: 'remainder' });

    for (const [cluster, name] of [
      ['syddanmark-lillebaelt', 'Billund'],
      ['syddanmark-fyn', 'Middelfart'],
      ['hovedstaden-syd', 'Rødovre'],
    ] as const) {
      const m = membership(r2022, cluster, name);
      expect([m.mark, m.political, m.administrative, m.basis['common-funds'].kind]).toEqual(['**', false, true, 'none']);
    }
    const vejen = membership(r2022, 'syddanmark-lillebaelt', 'Vejen');
    expect([vejen.mark, vejen.political, vejen.administrative, vejen.basis['common-funds'].kind]).toEqual(['***', true, true, 'none']);

    // Where they do contribute.
    expect(membership(r2022, 'syddanmark-sydvestjysk', 'Billund').basis['common-funds'].kind).toBe('full');
    expect(membership(r2022, 'syddanmark-sydvestjysk', 'Vejen').basis['common-funds'].kind).toBe('full');
    expect(membership(r2022, 'syddanmark-lillebaelt', 'Middelfart').basis['common-funds'].kind).toBe('full');
    expect(membership(r2022, 'hovedstaden-midt', 'Rødovre').basis['common-funds'].kind).toBe('full');

    const rodovreSek = membership(r2022, 'hovedstaden-syd', 'Rødovre').basis.secretariat;
    expect(rodovreSek.kind === 'weight' && toFractionString(rodovreSek.weight)).toBe('1/2');
  });

  it('makes every municipality contribute its whole population to the common funds exactly once', () => {
    const population = 600_000;
    for (const m of r2022.municipalities) {
      const total = r2022.memberships
        .filter((x) => x.municipalityCode === m.code)
        .map((x) => membershipBasis(r2022, x, 'common-funds', population))
        .reduce((s, q) => s + Number(q.num) / Number(q.den), 0);
      expect(total, m.name).toBe(population);
    }
    // København: 287.181 in Syd, the rest in By.
    expect(membershipBasis(r2022, membership(r2022, 'hovedstaden-by', 'København'), 'common-funds', 644_431)).toEqual({ num: 357_250n, den: 1n });
  });

  it('lists the members of Klynge Syd (Hovedstaden) as seed 003 names them', () => {
    const names = membersOf(r2022, 'hovedstaden-syd').map((m) => r2022.municipalities.find((x) => x.code === m.municipalityCode)?.name);
    expect(new Set(names)).toEqual(
      new Set(['København', 'Høje-Taastrup', 'Albertslund', 'Ishøj', 'Vallensbæk', 'Brøndby', 'Glostrup', 'Hvidovre', 'Tårnby', 'Dragør', 'Rødovre']),
    );
  });

  it('carries the 2022 memberships over to 2023 and says so', () => {
    const r2023 = loadRegister(2023);
    expect(r2023.year).toBe(2023);
    expect(r2023.memberships).toEqual(r2022.memberships);
    expect(r2023.provenance.join(' ')).toContain('videreført uændret fra 2022');
  });

  // Seed 000 Tabel 2: "*" politisk og administrativ deltagelse, "**" kun administrativ deltagelse og bidrager ikke,
  // "***" politisk og administrativ deltagelse men bidrager ikke til de 80 mio. kr.
  it('every membership of 2022 and 2023 agrees with its Tabel 2 mark; a contradiction is named', () => {
    for (const year of registerYears()) {
      const r = loadRegister(year);
      const problems = r.memberships.flatMap((m) => markContradictions({ mark: m.mark, political: m.political, administrative: m.administrative, commonFundsBasis: m.basis['common-funds'] }, `${m.municipalityCode}/${m.clusterId}`));
      expect(problems, String(year)).toEqual([]);
    }
    const vejen = membership(r2022, 'syddanmark-lillebaelt', 'Vejen');
    expect(vejen.mark).toBe('***');
    expect(markContradictions({ mark: '***', political: true, administrative: true, commonFundsBasis: { kind: 'full' } }, 'Vejen i Lillebælt-klyngen')).toEqual([
      'Vejen i Lillebælt-klyngen er mærket *** i Tabel 2 (politisk og administrativ deltagelse; bidrager ikke til de fælles midler), men bidrager til de fælles midler.',
    ]);
  });
});
