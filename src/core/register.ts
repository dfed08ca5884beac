import { DomainError, NotFoundError } from './errors.ts';
import * as Q from './rational.ts';
import type { Rational } from './rational.ts';

/** A calendar year the register and the allocation model are kept for (e.g. 2022). */
export type Year = number;

/** Official 3-digit municipality code (kommunekode), e.g. `101` København … `860` Hjørring. */
export type MunicipalityCode = string;

/** Official region code (regionskode): `1081` Nordjylland … `1085` Sjælland. */
export type RegionCode = string;

/** Stable cluster id, e.g. `hovedstaden-syd` (display names repeat across regions). */
export type ClusterId = string;

/** Region (region). */
export interface Region {
  readonly code: RegionCode;
  /** As Tabel 1 prints it, e.g. "Region Nordjylland". */
  readonly name: string;
}

/** Municipality (kommune). */
export interface Municipality {
  readonly code: MunicipalityCode;
  readonly name: string;
  readonly regionCode: RegionCode;
}

/** Health cluster (sundhedsklynge). */
export interface Cluster {
  readonly id: ClusterId;
  readonly regionCode: RegionCode;
  /** Exactly as in Bilag 1, Tabel 1, e.g. "Klynge Syd", "Lillebælt-klyngen". */
  readonly name: string;
}

/** What a membership's basis is used for: common funds (fælles midler) or secretariat cost (sekretariatsbetjening). */
export type Purpose = 'common-funds' | 'secretariat';

export const PURPOSES: readonly Purpose[] = ['common-funds', 'secretariat'];

/** How much a membership counts in a split (fordelingsgrundlag). */
export type DistributionBasis =
  /** The municipality's whole population. */
  | { readonly kind: 'full' }
  /** A fixed part of the population, e.g. København's districts Valby, Vesterbro and Amager: 287.181. */
  | { readonly kind: 'partial'; readonly population: number; readonly label: string }
  /** The whole population minus the partial counts this municipality has in other clusters (same purpose). */
  | { readonly kind: 'remainder' }
  /** A weighted population, e.g. Rødovre ½ for the Syd secretariat. */
  | { readonly kind: 'weight'; readonly weight: Rational }
  /** Takes part but does not pay (Tabel 2 `**` and `***`). */
  | { readonly kind: 'none' };

/** Footnote mark in Tabel 2: `*` partial, `**` administrative only and not contributing, `***` political+administrative, not contributing. */
export type TabelMark = '' | '*' | '**' | '***';

/**
 * What a Tabel 2 mark says about a membership (seed 000 Tabel 2): `*` political and administrative
 * participation (with part of the municipality); `**` administrative participation only and no
 * contribution to the common funds (Billund, Middelfart, Rødovre); `***` political and
 * administrative participation without contribution (Vejen); no mark: a full member that
 * contributes. `contributes` is about the common funds (the 80 mio. kr.).
 */
export const MARK_FLAGS: Readonly<Record<TabelMark, { readonly political: boolean; readonly administrative: boolean; readonly contributes: boolean; readonly text: string }>> = {
  '': { political: true, administrative: true, contributes: true, text: 'intet mærke: politisk og administrativ deltagelse; bidrager til de fælles midler' },
  '*': { political: true, administrative: true, contributes: true, text: 'politisk og administrativ deltagelse med en del af kommunen; bidrager til de fælles midler' },
  '**': { political: false, administrative: true, contributes: false, text: 'kun administrativ deltagelse; bidrager ikke til de fælles midler' },
  '***': { political: true, administrative: true, contributes: false, text: 'politisk og administrativ deltagelse; bidrager ikke til de fælles midler' },
};

/**
 * Where a membership's flags contradict its mark, in Danish (empty when they agree). `who` names
 * the municipality and cluster for the message.
 */
export function markContradictions(m: { readonly mark: TabelMark; readonly political: boolean; readonly administrative: boolean; readonly commonFundsBasis: DistributionBasis }, who: string): string[] {
  const want = MARK_FLAGS[m.mark];
  const label = m.mark === '' ? 'uden mærke' : `mærket ${m.mark}`;
  const head = `${who} er ${label} i Tabel 2 (${want.text}), men`;
  const out: string[] = [];
  if (m.political !== want.political) out.push(`${head} ${m.political ? 'har politisk deltagelse' : 'har ikke politisk deltagelse'}.`);
  if (m.administrative !== want.administrative) out.push(`${head} ${m.administrative ? 'har administrativ deltagelse' : 'har ikke administrativ deltagelse'}.`);
  const contributes = m.commonFundsBasis.kind !== 'none';
  if (contributes !== want.contributes) out.push(`${head} ${contributes ? 'bidrager til de fælles midler' : 'bidrager ikke til de fælles midler'}.`);
  return out;
}

/** A municipality's participation in a cluster for a year (deltagelse). */
export interface Membership {
  readonly clusterId: ClusterId;
  readonly municipalityCode: MunicipalityCode;
  /** Political participation (politisk deltagelse). */
  readonly political: boolean;
  /** Administrative participation (administrativ deltagelse). */
  readonly administrative: boolean;
  readonly basis: Readonly<Record<Purpose, DistributionBasis>>;
  readonly mark: TabelMark;
  readonly note: string;
}

/** The register for one year: regions, municipalities, clusters and memberships, with where they come from. */
export interface Register {
  readonly year: Year;
  readonly regions: readonly Region[];
  readonly municipalities: readonly Municipality[];
  /** In Tabel 1 order. */
  readonly clusters: readonly Cluster[];
  readonly memberships: readonly Membership[];
  readonly provenance: readonly string[];
}

/**
 * Parses a basis as the register files write it: `full`, `partial:287181:Valby, Vesterbro og Amager`,
 * `remainder`, `weight:1/2` (or `weight:0,5`), `none`.
 */
export function parseBasis(text: string): DistributionBasis {
  const t = text.trim();
  if (t === 'full') return { kind: 'full' };
  if (t === 'remainder') return { kind: 'remainder' };
  if (t === 'none') return { kind: 'none' };
  const partial = /^partial:(\d+)(?::(.*))?$/.exec(t);
  if (partial) return { kind: 'partial', population: Number(partial[1]), label: (partial[2] ?? '').trim() };
  const weight = /^weight:(.+)$/.exec(t);
  if (weight) {
    const w = Q.parseDecimal(weight[1] ?? '');
    if (w.num <= 0n) throw new DomainError('register.invalid-basis', `Vægten i "${t}" skal være større end 0.`);
    return { kind: 'weight', weight: w };
  }
  throw new DomainError(
    'register.invalid-basis',
    `"${t}" er ikke et fordelingsgrundlag (brug full, partial:ANTAL:TEKST, remainder, weight:BRØK eller none).`,
  );
}

export function formatBasis(b: DistributionBasis): string {
  switch (b.kind) {
    case 'full':
      return 'hele befolkningen';
    case 'partial':
      return `del af befolkningen: ${String(b.population)}${b.label ? ` (${b.label})` : ''}`;
    case 'remainder':
      return 'resten af befolkningen';
    case 'weight':
      return `vægt ${Q.toFractionString(b.weight)} af befolkningen`;
    case 'none':
      return 'bidrager ikke';
  }
}

/** Whether computing this basis needs the municipality's population figure. */
export function basisNeedsPopulation(b: DistributionBasis): boolean {
  return b.kind === 'full' || b.kind === 'remainder' || b.kind === 'weight';
}

/**
 * The numeric basis of one membership for a purpose. `population` is the municipality's whole
 * population (required unless the basis is partial or none). Remainder subtracts the partial
 * counts the same municipality has in other clusters for the same purpose.
 */
export function membershipBasis(
  register: Register,
  membership: Membership,
  purpose: Purpose,
  population: number | undefined,
): Rational {
  const b = membership.basis[purpose];
  const need = (): number => {
    if (population === undefined) {
      throw new DomainError(
        'register.population-missing',
        `Der mangler et befolkningstal for kommune ${membership.municipalityCode} (${municipalityName(register, membership.municipalityCode)}).`,
        { municipality: membership.municipalityCode },
      );
    }
    return population;
  };
  switch (b.kind) {
    case 'none':
      return Q.fromInteger(0);
    case 'partial':
      return Q.fromInteger(b.population);
    case 'full':
      return Q.fromInteger(need());
    case 'weight':
      return Q.mul(b.weight, Q.fromInteger(need()));
    case 'remainder': {
      const taken = register.memberships
        .filter((m) => m !== membership && m.municipalityCode === membership.municipalityCode)
        .reduce((s, m) => {
          const other = m.basis[purpose];
          return other.kind === 'partial' ? s + other.population : s;
        }, 0);
      const rest = need() - taken;
      if (rest < 0) {
        throw new DomainError(
          'register.negative-remainder',
          `${municipalityName(register, membership.municipalityCode)}: bydelene i andre klynger (${String(taken)}) er flere end kommunens befolkning (${String(need())}).`,
          { municipality: membership.municipalityCode },
        );
      }
      return Q.fromInteger(rest);
    }
  }
}

export function municipalityName(register: Register, code: MunicipalityCode): string {
  return register.municipalities.find((m) => m.code === code)?.name ?? code;
}

export function clusterById(register: Register, id: ClusterId): Cluster {
  const c = register.clusters.find((x) => x.id === id);
  if (!c) {
    throw new NotFoundError('register.unknown-cluster', `Klyngen "${id}" findes ikke i registret for ${String(register.year)}.`, {
      cluster: id,
    });
  }
  return c;
}

export function membersOf(register: Register, clusterId: ClusterId): Membership[] {
  return register.memberships.filter((m) => m.clusterId === clusterId);
}

/**
 * Checks the register's consistency; throws a DomainError listing every problem. Rules: known
 * references, no municipality twice in a cluster, at most one remainder per municipality and
 * purpose (and only next to partials), and for common funds every municipality pays exactly once
 * in full (one full membership, or partials plus one remainder).
 */
export function validateRegister(register: Register): void {
  const problems: string[] = [];
  const regionCodes = new Set(register.regions.map((r) => r.code));
  const muniCodes = new Set(register.municipalities.map((m) => m.code));
  const clusterIds = new Set(register.clusters.map((c) => c.id));
  for (const m of register.municipalities) {
    if (!regionCodes.has(m.regionCode)) problems.push(`Kommune ${m.code} har en ukendt region ${m.regionCode}.`);
  }
  for (const c of register.clusters) {
    if (!regionCodes.has(c.regionCode)) problems.push(`Klynge ${c.id} har en ukendt region ${c.regionCode}.`);
  }
  const pairs = new Set<string>();
  for (const m of register.memberships) {
    if (!clusterIds.has(m.clusterId)) problems.push(`Medlemskab i ukendt klynge ${m.clusterId}.`);
    if (!muniCodes.has(m.municipalityCode)) problems.push(`Medlemskab for ukendt kommune ${m.municipalityCode}.`);
    const key = `${m.clusterId}/${m.municipalityCode}`;
    if (pairs.has(key)) problems.push(`Kommune ${m.municipalityCode} står mere end én gang i klynge ${m.clusterId}.`);
    pairs.add(key);
  }
  for (const purpose of PURPOSES) {
    for (const muni of register.municipalities) {
      const bases = register.memberships.filter((m) => m.municipalityCode === muni.code).map((m) => m.basis[purpose]);
      const remainders = bases.filter((b) => b.kind === 'remainder').length;
      const partials = bases.filter((b) => b.kind === 'partial').length;
      const fulls = bases.filter((b) => b.kind === 'full').length;
      if (remainders > 1) problems.push(`${muni.name} har mere end én "resten" (${purpose}).`);
      if (remainders === 1 && partials === 0) problems.push(`${muni.name} har "resten" uden bydele andre steder (${purpose}).`);
      if (purpose === 'common-funds') {
        const paysOnce = (fulls === 1 && remainders === 0) || (fulls === 0 && remainders === 1 && partials >= 1);
        if (!paysOnce) problems.push(`${muni.name} bidrager ikke præcis én gang med hele sin befolkning til de fælles midler.`);
      }
    }
  }
  if (problems.length > 0) {
    throw new DomainError('register.invalid', `Registret for ${String(register.year)} er ikke gyldigt: ${problems.join(' ')}`, {
      problems,
    });
  }
}
