/**
 * The governance register (organisering): who sits on a cluster's political level and
 * professional/strategic level in a year, the two co-chairs and the municipality that runs the
 * municipal secretariat — and the SSU per region. The composition rules of the law as described in
 * KL's handbook (seed 001 §3, §7, §15) are checked and deviations reported as warnings, never
 * errors: clusters may agree local variations ("Den nærmere sammensætning … kan aftales lokalt").
 */

/** A member's role on a level. */
export type MemberRole =
  /** regionsrådsformand */
  | { readonly kind: 'region-council-chair' }
  /** regionsrådsmedlem */
  | { readonly kind: 'region-council-member' }
  /** borgmester */
  | { readonly kind: 'mayor'; readonly municipalityId: string }
  /** rådmand / fagborgmester (may replace the mayor in Aalborg, Aarhus, Odense and København) */
  | { readonly kind: 'alderman'; readonly municipalityId: string }
  /** viceborgmester, where a municipality appoints one to the cluster in the mayor's place */
  | { readonly kind: 'deputy-mayor'; readonly municipalityId: string }
  /** praktiserende læge udpeget af PLO (political level) */
  | { readonly kind: 'general-practitioner' }
  /** repræsentant fra region/sygehus (professional level); psychiatry marks the psychiatric area */
  | { readonly kind: 'region-hospital'; readonly psychiatry: boolean }
  /** repræsentant for en deltagende kommune (professional level) */
  | { readonly kind: 'municipality-representative'; readonly municipalityId: string }
  /** repræsentant for almen praksis (professional level) */
  | { readonly kind: 'general-practice-representative' }
  /** repræsentant for patient- og pårørendeorganisationer */
  | { readonly kind: 'patient-representative' }
  | { readonly kind: 'other'; readonly description: string };

export interface Member {
  readonly id: string;
  readonly name: string;
  readonly organisation: string;
  readonly role: MemberRole;
}

/** A municipality in the cluster that year; `political` false = administrative participation only (`**` in Tabel 2). */
export interface ParticipatingMunicipality {
  readonly id: string;
  readonly name: string;
  readonly political: boolean;
}

export interface ClusterGovernance {
  readonly clusterId: string;
  readonly clusterName: string;
  readonly year: number;
  readonly municipalities: readonly ParticipatingMunicipality[];
  /** politisk niveau */
  readonly politicalLevel: readonly Member[];
  /** fagligt/strategisk niveau */
  readonly professionalLevel: readonly Member[];
  /** medformænd: the region council chair (born co-chair) and one mayor; member ids on the political level. */
  readonly coChairs: { readonly regionChairMemberId?: string; readonly mayorMemberId?: string };
  /** The municipality that runs the municipal side of the secretariat (sekretariatsbetjening). */
  readonly secretariatMunicipalityId?: string;
}

/** København, Odense, Aarhus, Aalborg (municipality codes): a rådmand/fagborgmester may attend instead of the mayor. */
export const ALDERMAN_MUNICIPALITIES: ReadonlySet<string> = new Set(['101', '461', '751', '851']);

export interface RuleSource {
  readonly seed: string;
  readonly section: string;
  readonly rule: string;
}

export interface CompositionWarning {
  /** Stable code for programs. */
  readonly code: WarningCode;
  /** Danish text naming who/what is missing. */
  readonly message: string;
  readonly source: RuleSource;
  /** What the warning is about, e.g. the municipality lacking its mayor. */
  readonly subject?: string;
}

export type WarningCode =
  | 'political.mayor-missing'
  | 'political.region-chair-missing'
  | 'political.region-council-member-missing'
  | 'political.general-practitioners-too-few'
  | 'professional.region-hospital-too-few'
  | 'professional.psychiatry-missing'
  | 'professional.municipality-missing'
  | 'professional.general-practice-too-few'
  | 'professional.patient-representatives-too-few'
  | 'co-chair.region-chair-not-co-chair'
  | 'co-chair.mayor-not-among-mayors'
  | 'secretariat.not-co-chair-municipality'
  | 'ssu.chair-not-region-council'
  | 'ssu.vice-chair-not-cluster-co-chair'
  | 'ssu.region-council-too-few'
  | 'ssu.cluster-co-chair-missing'
  | 'ssu.general-practitioners-too-few';

const HANDBOOK = 'KL: Sundhedsklynger og sundhedssamarbejdsudvalg (seed 001)';
const SOURCES: Record<WarningCode, RuleSource> = {
  'political.mayor-missing': { seed: HANDBOOK, section: '§3', rule: 'Borgmestrene fra klyngens kommuner (i Aalborg, Aarhus, Odense og København kan rådmand eller fagborgmester repræsentere kommunen).' },
  'political.region-chair-missing': { seed: HANDBOOK, section: '§3', rule: 'Regionsrådsformand og mindst 1 regionsrådsmedlem.' },
  'political.region-council-member-missing': { seed: HANDBOOK, section: '§3', rule: 'Regionsrådsformand og mindst 1 regionsrådsmedlem.' },
  'political.general-practitioners-too-few': { seed: HANDBOOK, section: '§3', rule: '2 praktiserende læger udpeget af PLO.' },
  'professional.region-hospital-too-few': { seed: HANDBOOK, section: '§3', rule: '3 repræsentanter fra region/sygehus, herunder det psykiatriske område.' },
  'professional.psychiatry-missing': { seed: HANDBOOK, section: '§3', rule: '3 repræsentanter fra region/sygehus, herunder det psykiatriske område.' },
  'professional.municipality-missing': { seed: HANDBOOK, section: '§3', rule: 'Én repræsentant for hver af de deltagende kommuner.' },
  'professional.general-practice-too-few': { seed: HANDBOOK, section: '§3', rule: '2 repræsentanter for almen praksis.' },
  'professional.patient-representatives-too-few': { seed: HANDBOOK, section: '§3', rule: '2 repræsentanter for patient- og pårørendeorganisationer.' },
  'co-chair.region-chair-not-co-chair': { seed: HANDBOOK, section: '§3', rule: 'Regionsrådsformanden er født medformand.' },
  'co-chair.mayor-not-among-mayors': { seed: HANDBOOK, section: '§3', rule: 'Der udpeges én medformand blandt borgmestrene.' },
  'secretariat.not-co-chair-municipality': { seed: HANDBOOK, section: '§15', rule: 'Det vil være naturligt, hvis de kommuner, hvis borgmester er medformand for klyngen, løfter en særlig rolle i sekretariatsbetjeningen.' },
  'ssu.chair-not-region-council': { seed: HANDBOOK, section: '§7', rule: 'Formanden udpeges blandt regionsrådets repræsentanter.' },
  'ssu.vice-chair-not-cluster-co-chair': { seed: HANDBOOK, section: '§7', rule: 'Næstformanden skal være én af de borgmestre, som er medformand i en sundhedsklynge.' },
  'ssu.region-council-too-few': { seed: HANDBOOK, section: '§7', rule: 'Regionsrådsformanden og 2 regionsrådsmedlemmer.' },
  'ssu.cluster-co-chair-missing': { seed: HANDBOOK, section: '§7', rule: 'Kommunernes medlemmer udgøres af medformændene fra de respektive klynger.' },
  'ssu.general-practitioners-too-few': { seed: HANDBOOK, section: '§7', rule: '2 praktiserende læger.' },
};

function warn(code: WarningCode, message: string, subject?: string): CompositionWarning {
  return { code, message, source: SOURCES[code], ...(subject !== undefined ? { subject } : {}) };
}

const count = (members: readonly Member[], kind: MemberRole['kind']): number => members.filter((m) => m.role.kind === kind).length;

/**
 * The municipality a member holds the municipal political seat for: its mayor, a deputy mayor the
 * municipality appointed, or — in Aalborg, Aarhus, Odense and København — the rådmand or
 * fagborgmester (seed 001 §3: "I Aalborg, Aarhus, Odense og København, kan rådmand eller
 * fagborgmester repræsentere kommunen i klyngen"). Such a member is also eligible as the
 * municipal co-chair, on the cluster and (as that co-chair) in the SSU.
 */
export function municipalSeatOf(m: Member | undefined): string | undefined {
  if (m === undefined) return undefined;
  const r = m.role;
  if (r.kind === 'mayor' || r.kind === 'deputy-mayor') return r.municipalityId;
  if (r.kind === 'alderman') return ALDERMAN_MUNICIPALITIES.has(r.municipalityId) ? r.municipalityId : undefined;
  return undefined;
}

function representsOnPolitical(m: Member, municipalityId: string): boolean {
  return municipalSeatOf(m) === municipalityId;
}

/** The political-level members eligible as the born regional co-chair: the region council chair. */
export function eligibleRegionCoChairs(g: Pick<ClusterGovernance, 'politicalLevel'>): Member[] {
  return g.politicalLevel.filter((m) => m.role.kind === 'region-council-chair');
}

/** The political-level members eligible as municipal co-chair: a municipal seat of one of the cluster's political municipalities. */
export function eligibleMunicipalCoChairs(g: Pick<ClusterGovernance, 'politicalLevel' | 'municipalities'>): Member[] {
  return g.politicalLevel.filter((m) => {
    const seat = municipalSeatOf(m);
    return seat !== undefined && g.municipalities.some((x) => x.political && x.id === seat);
  });
}

/** SSU members eligible as chair: the region council's representatives (seed 001 §7). */
export function eligibleSsuChairs(members: readonly Member[]): Member[] {
  return members.filter((m) => m.role.kind === 'region-council-chair' || m.role.kind === 'region-council-member');
}

/** SSU members eligible as vice-chair: a municipal seat-holder (the co-chairs are checked by checkSsuComposition). */
export function eligibleSsuViceChairs(members: readonly Member[]): Member[] {
  return members.filter((m) => municipalSeatOf(m) !== undefined);
}

/** Checks a cluster's composition for a year; an empty list means it follows the rules. */
export function checkClusterComposition(g: ClusterGovernance): CompositionWarning[] {
  const warnings: CompositionWarning[] = [];
  const pol = g.politicalLevel;
  const prof = g.professionalLevel;
  const name = (id: string): string => g.municipalities.find((m) => m.id === id)?.name ?? id;

  // Political level.
  for (const mun of g.municipalities.filter((m) => m.political)) {
    if (!pol.some((m) => representsOnPolitical(m, mun.id))) {
      const alt = ALDERMAN_MUNICIPALITIES.has(mun.id) ? ' (eller en rådmand/fagborgmester)' : '';
      warnings.push(warn('political.mayor-missing', `Borgmesteren for ${mun.name}${alt} mangler på det politiske niveau.`, mun.id));
    }
  }
  const chairs = count(pol, 'region-council-chair');
  if (chairs === 0) warnings.push(warn('political.region-chair-missing', 'Regionsrådsformanden mangler på det politiske niveau.'));
  if (count(pol, 'region-council-member') < 1) {
    warnings.push(warn('political.region-council-member-missing', 'Det politiske niveau mangler mindst ét regionsrådsmedlem ud over regionsrådsformanden.'));
  }
  const gps = count(pol, 'general-practitioner');
  if (gps < 2) {
    warnings.push(warn('political.general-practitioners-too-few', `Det politiske niveau har ${String(gps)} praktiserende læge(r) udpeget af PLO; der skal være 2.`));
  }

  // Professional/strategic level.
  const regionReps = prof.filter((m) => m.role.kind === 'region-hospital');
  if (regionReps.length < 3) {
    warnings.push(warn('professional.region-hospital-too-few', `Det faglige/strategiske niveau har ${String(regionReps.length)} repræsentant(er) fra region/sygehus; der skal være 3.`));
  }
  if (!regionReps.some((m) => m.role.kind === 'region-hospital' && m.role.psychiatry)) {
    warnings.push(warn('professional.psychiatry-missing', 'Det psykiatriske område er ikke repræsenteret på det faglige/strategiske niveau.'));
  }
  for (const mun of g.municipalities) {
    if (!prof.some((m) => m.role.kind === 'municipality-representative' && m.role.municipalityId === mun.id)) {
      warnings.push(warn('professional.municipality-missing', `${mun.name} har ingen repræsentant på det faglige/strategiske niveau.`, mun.id));
    }
  }
  const gpReps = count(prof, 'general-practice-representative');
  if (gpReps < 2) {
    warnings.push(warn('professional.general-practice-too-few', `Det faglige/strategiske niveau har ${String(gpReps)} repræsentant(er) for almen praksis; der skal være 2.`));
  }
  const patients = count(prof, 'patient-representative');
  if (patients < 2) {
    warnings.push(warn('professional.patient-representatives-too-few', `Det faglige/strategiske niveau har ${String(patients)} repræsentant(er) for patient- og pårørendeorganisationer; der skal være 2.`));
  }

  // Co-chairs and secretariat.
  const regionCoChair = pol.find((m) => m.id === g.coChairs.regionChairMemberId);
  if (regionCoChair?.role.kind !== 'region-council-chair') {
    warnings.push(warn('co-chair.region-chair-not-co-chair', 'Regionsrådsformanden er ikke angivet som medformand (regionsrådsformanden er født medformand).'));
  }
  const mayorCoChair = pol.find((m) => m.id === g.coChairs.mayorMemberId);
  const mayorOf = municipalSeatOf(mayorCoChair);
  const coChairMunicipality = g.municipalities.some((m) => m.political && m.id === mayorOf) ? mayorOf : undefined;
  if (coChairMunicipality === undefined) {
    const who = mayorCoChair ? `${mayorCoChair.name} er ikke borgmester (eller fagborgmester/rådmand, viceborgmester) i en af klyngens kommuner` : 'Der er ikke valgt en medformand';
    warnings.push(warn('co-chair.mayor-not-among-mayors', `${who}; den kommunale medformand skal vælges blandt borgmestrene i klyngen.`));
  } else if (g.secretariatMunicipalityId !== coChairMunicipality) {
    const sec = g.secretariatMunicipalityId === undefined ? 'Ingen kommune er angivet til sekretariatsbetjeningen' : `Sekretariatet betjenes af ${name(g.secretariatMunicipalityId)}`;
    warnings.push(
      warn('secretariat.not-co-chair-municipality', `${sec}, ikke af medformandskommunen ${name(coChairMunicipality)}.`, g.secretariatMunicipalityId),
    );
  }
  return warnings;
}

/** sundhedssamarbejdsudvalg: one per region. */
export interface SsuComposition {
  readonly regionId: string;
  readonly regionName: string;
  readonly year: number;
  readonly members: readonly Member[];
  readonly chairMemberId?: string;
  readonly viceChairMemberId?: string;
}

/**
 * Checks an SSU's composition against seed 001 §7, using the region's clusters' governance for the
 * same year to know who the clusters' co-chair mayors are.
 */
export function checkSsuComposition(ssu: SsuComposition, clusters: readonly ClusterGovernance[]): CompositionWarning[] {
  const warnings: CompositionWarning[] = [];
  const m = ssu.members;
  const chair = m.find((x) => x.id === ssu.chairMemberId);
  if (chair?.role.kind !== 'region-council-chair' && chair?.role.kind !== 'region-council-member') {
    warnings.push(warn('ssu.chair-not-region-council', 'Formanden for sundhedssamarbejdsudvalget skal udpeges blandt regionsrådets repræsentanter.'));
  }
  // The co-chair mayors of the region's clusters, by municipality.
  const coChairMayors = new Map<string, string>();
  for (const c of clusters) {
    const municipalityId = municipalSeatOf(c.politicalLevel.find((x) => x.id === c.coChairs.mayorMemberId));
    if (municipalityId !== undefined) coChairMayors.set(c.clusterName, municipalityId);
  }
  const isCoChairMayor = (x: Member | undefined): boolean => [...coChairMayors.values()].some((id) => id === municipalSeatOf(x));
  const vice = m.find((x) => x.id === ssu.viceChairMemberId);
  if (!isCoChairMayor(vice)) {
    warnings.push(warn('ssu.vice-chair-not-cluster-co-chair', 'Næstformanden for sundhedssamarbejdsudvalget skal være en borgmester, der er medformand i en af regionens sundhedsklynger.'));
  }
  const regionCouncil = count(m, 'region-council-chair') + count(m, 'region-council-member');
  if (count(m, 'region-council-chair') === 0 || regionCouncil < 3) {
    warnings.push(warn('ssu.region-council-too-few', `Sundhedssamarbejdsudvalget skal have regionsrådsformanden og 2 regionsrådsmedlemmer; det har ${String(regionCouncil)} fra regionsrådet${count(m, 'region-council-chair') === 0 ? ' og ingen regionsrådsformand' : ''}.`));
  }
  for (const [clusterName, municipalityId] of coChairMayors) {
    if (!m.some((x) => municipalSeatOf(x) === municipalityId)) {
      warnings.push(warn('ssu.cluster-co-chair-missing', `Medformanden for ${clusterName} er ikke medlem af sundhedssamarbejdsudvalget.`, clusterName));
    }
  }
  const gps = count(m, 'general-practitioner');
  if (gps < 2) {
    warnings.push(warn('ssu.general-practitioners-too-few', `Sundhedssamarbejdsudvalget har ${String(gps)} praktiserende læge(r); der skal være 2.`));
  }
  return warnings;
}
