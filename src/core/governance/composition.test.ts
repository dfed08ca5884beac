import { describe, expect, it } from 'vitest';
import { checkClusterComposition, checkSsuComposition, eligibleMunicipalCoChairs, eligibleRegionCoChairs, eligibleSsuChairs, eligibleSsuViceChairs, type ClusterGovernance, type Member, type SsuComposition } from './composition.ts';

/**
 * Klynge Syd, Region Hovedstaden, as seed 000 Tabel 2 lists it: eleven municipalities, København
 * (*: political and administrative, with some districts) and Rødovre (**: administrative only).
 * The levels are filled as seed 001 §3 prescribes. Names are invented; the co-chair municipality
 * (Hvidovre) is an assumption of this fixture, not a fact from the seeds.
 */
const SYD_MUNICIPALITIES = [
  ['101', 'København', true],
  ['169', 'Høje-Taastrup', true],
  ['165', 'Albertslund', true],
  ['183', 'Ishøj', true],
  ['187', 'Vallensbæk', true],
  ['153', 'Brøndby', true],
  ['161', 'Glostrup', true],
  ['167', 'Hvidovre', true],
  ['185', 'Tårnby', true],
  ['155', 'Dragør', true],
  ['175', 'Rødovre', false],
] as const;

const municipalities = SYD_MUNICIPALITIES.map(([id, name, political]) => ({ id, name, political }));

const political: Member[] = [
  { id: 'rrf', name: 'Regionsrådsformand A', organisation: 'Region Hovedstaden', role: { kind: 'region-council-chair' } },
  { id: 'rrm', name: 'Regionsrådsmedlem B', organisation: 'Region Hovedstaden', role: { kind: 'region-council-member' } },
  // København attends with its health and care mayor (fagborgmester), which §3 ** allows.
  { id: 'kbh', name: 'Sundheds- og omsorgsborgmester C', organisation: 'Københavns Kommune', role: { kind: 'alderman', municipalityId: '101' } },
  ...municipalities
    .filter((m) => m.political && m.id !== '101')
    .map((m): Member => ({ id: `bm-${m.id}`, name: `Borgmester i ${m.name}`, organisation: `${m.name} Kommune`, role: { kind: 'mayor', municipalityId: m.id } })),
  { id: 'plo1', name: 'Praktiserende læge D', organisation: 'PLO-Hovedstaden', role: { kind: 'general-practitioner' } },
  { id: 'plo2', name: 'Praktiserende læge E', organisation: 'PLO-Hovedstaden', role: { kind: 'general-practitioner' } },
];

const professional: Member[] = [
  { id: 'ahh', name: 'Hospitalsdirektør F', organisation: 'Amager og Hvidovre Hospital', role: { kind: 'region-hospital', psychiatry: false } },
  { id: 'psy', name: 'Direktør G', organisation: 'Region Hovedstadens Psykiatri', role: { kind: 'region-hospital', psychiatry: true } },
  { id: 'reg', name: 'Koncerndirektør H', organisation: 'Region Hovedstaden', role: { kind: 'region-hospital', psychiatry: false } },
  ...municipalities.map((m): Member => ({ id: `fag-${m.id}`, name: `Sundhedschef i ${m.name}`, organisation: `${m.name} Kommune`, role: { kind: 'municipality-representative', municipalityId: m.id } })),
  { id: 'ap1', name: 'Praksiskonsulent I', organisation: 'PLO-Hovedstaden', role: { kind: 'general-practice-representative' } },
  { id: 'ap2', name: 'Praksiskonsulent J', organisation: 'PLO-Hovedstaden', role: { kind: 'general-practice-representative' } },
  { id: 'pt1', name: 'Patientrepræsentant K', organisation: 'Danske Patienter', role: { kind: 'patient-representative' } },
  { id: 'pt2', name: 'Pårørenderepræsentant L', organisation: 'Ældre Sagen', role: { kind: 'patient-representative' } },
];

const syd: ClusterGovernance = {
  clusterId: 'hovedstaden-syd',
  clusterName: 'Klynge Syd',
  year: 2023,
  municipalities,
  politicalLevel: political,
  professionalLevel: professional,
  coChairs: { regionChairMemberId: 'rrf', mayorMemberId: 'bm-167' },
  secretariatMunicipalityId: '167',
};

const without = (members: readonly Member[], ...ids: string[]): Member[] => members.filter((m) => !ids.includes(m.id));
const codes = (g: ClusterGovernance): string[] => checkClusterComposition(g).map((w) => w.code);

describe('cluster composition (seed 001 §3)', () => {
  it('a compliant Klynge Syd Hovedstaden gives no warnings', () => {
    expect(checkClusterComposition(syd)).toEqual([]);
  });

  it('a participating municipality without its mayor: exactly that warning, naming the municipality', () => {
    const w = checkClusterComposition({ ...syd, politicalLevel: without(political, 'bm-161') });
    expect(w).toEqual([
      expect.objectContaining({ code: 'political.mayor-missing', subject: '161', message: 'Borgmesteren for Glostrup mangler på det politiske niveau.' }),
    ]);
    expect(w[0]?.source.section).toBe('§3');
  });

  it('only København, Odense, Aarhus and Aalborg may send a rådmand/fagborgmester instead of the mayor', () => {
    const glostrupAlderman: Member = { id: 'ald-161', name: 'Rådmand M', organisation: 'Glostrup Kommune', role: { kind: 'alderman', municipalityId: '161' } };
    expect(codes({ ...syd, politicalLevel: [...without(political, 'bm-161'), glostrupAlderman] })).toEqual(['political.mayor-missing']);
    expect(checkClusterComposition({ ...syd, politicalLevel: without(political, 'kbh') })[0]?.message).toBe(
      'Borgmesteren for København (eller en rådmand/fagborgmester) mangler på det politiske niveau.',
    );
  });

  it('Rødovre (administrative participation only) needs no mayor on the political level but a representative on the professional level', () => {
    expect(political.some((m) => m.role.kind === 'mayor' && m.role.municipalityId === '175')).toBe(false);
    expect(checkClusterComposition({ ...syd, professionalLevel: without(professional, 'fag-175') })).toEqual([
      expect.objectContaining({ code: 'professional.municipality-missing', message: 'Rødovre har ingen repræsentant på det faglige/strategiske niveau.' }),
    ]);
  });

  it.each([
    ['no region council member besides the chair', { politicalLevel: without(political, 'rrm') }, 'political.region-council-member-missing'],
    ['fewer than 2 GPs on the political level', { politicalLevel: without(political, 'plo2') }, 'political.general-practitioners-too-few'],
    ['only 2 from region/hospital', { professionalLevel: without(professional, 'reg') }, 'professional.region-hospital-too-few'],
    [
      'no psychiatry among the region/hospital representatives',
      { professionalLevel: [...without(professional, 'psy'), { id: 'x', name: 'N', organisation: 'Bispebjerg', role: { kind: 'region-hospital', psychiatry: false } }] },
      'professional.psychiatry-missing',
    ],
    ['fewer than 2 from general practice', { professionalLevel: without(professional, 'ap1') }, 'professional.general-practice-too-few'],
    ['no patient representatives (2 expected)', { professionalLevel: without(professional, 'pt1', 'pt2') }, 'professional.patient-representatives-too-few'],
    ['a co-chair who is not among the mayors', { coChairs: { regionChairMemberId: 'rrf', mayorMemberId: 'plo1' } }, 'co-chair.mayor-not-among-mayors'],
    ['the region council chair not co-chair', { coChairs: { regionChairMemberId: 'rrm', mayorMemberId: 'bm-167' } }, 'co-chair.region-chair-not-co-chair'],
    ['the secretariat in another municipality than the co-chair', { secretariatMunicipalityId: '185' }, 'secretariat.not-co-chair-municipality'],
  ] as [string, Partial<ClusterGovernance>, string][])('%s gives exactly its warning', (_label, change, code) => {
    expect(codes({ ...syd, ...change })).toEqual([code]);
  });

  it('missing region council chair: the level lacks its chair and the chair is not co-chair', () => {
    expect(codes({ ...syd, politicalLevel: without(political, 'rrf') })).toEqual(['political.region-chair-missing', 'co-chair.region-chair-not-co-chair']);
  });

  it('names who is missing and how many there are', () => {
    const [w] = checkClusterComposition({ ...syd, professionalLevel: without(professional, 'pt1', 'pt2') });
    expect(w?.message).toBe('Det faglige/strategiske niveau har 0 repræsentant(er) for patient- og pårørendeorganisationer; der skal være 2.');
    expect(w?.source.rule).toBe('2 repræsentanter for patient- og pårørendeorganisationer.');
    const [s] = checkClusterComposition({ ...syd, secretariatMunicipalityId: '185' });
    expect(s?.message).toBe('Sekretariatet betjenes af Tårnby, ikke af medformandskommunen Hvidovre.');
  });
});

describe('the municipal co-chair seat (seed 001 §3)', () => {
  // Seed 001 §3: "I Aalborg, Aarhus, Odense og København, kan rådmand eller fagborgmester repræsentere kommunen i klyngen."
  it("København's fagborgmester as municipal co-chair raises no warning (secretariat in København)", () => {
    expect(checkClusterComposition({ ...syd, coChairs: { regionChairMemberId: 'rrf', mayorMemberId: 'kbh' }, secretariatMunicipalityId: '101' })).toEqual([]);
  });

  it('a deputy mayor a municipality appoints holds its seat and may be co-chair; a rådmand outside the four cities may not', () => {
    const deputy: Member = { id: 'vbm-161', name: 'Viceborgmester R', organisation: 'Glostrup Kommune', role: { kind: 'deputy-mayor', municipalityId: '161' } };
    const withDeputy = { ...syd, politicalLevel: [...without(political, 'bm-161'), deputy] };
    expect(checkClusterComposition(withDeputy)).toEqual([]);
    expect(codes({ ...withDeputy, coChairs: { regionChairMemberId: 'rrf', mayorMemberId: 'vbm-161' }, secretariatMunicipalityId: '161' })).toEqual([]);
    const glostrupAlderman: Member = { id: 'ald-161', name: 'Rådmand M', organisation: 'Glostrup Kommune', role: { kind: 'alderman', municipalityId: '161' } };
    expect(codes({ ...syd, politicalLevel: [...political, glostrupAlderman], coChairs: { regionChairMemberId: 'rrf', mayorMemberId: 'ald-161' } })).toEqual(['co-chair.mayor-not-among-mayors']);
  });

  // Seed 001 §3: "Der udpeges én medformand blandt borgmestrene, mens regionsrådsformanden er født medformand."
  it('the pickers offer only eligible people: the region council chair, and the municipal seat-holders of political municipalities', () => {
    expect(eligibleRegionCoChairs(syd).map((m) => m.id)).toEqual(['rrf']);
    const ids = eligibleMunicipalCoChairs(syd).map((m) => m.id);
    expect(ids).toContain('kbh');
    expect(ids).toContain('bm-167');
    expect(ids).not.toContain('plo1');
    expect(ids).not.toContain('rrm');
    expect(ids).toHaveLength(10);
  });
});

describe('SSU composition (seed 001 §7)', () => {
  // Region Hovedstaden's other clusters, reduced to their co-chair mayor.
  const otherCluster = (clusterId: string, clusterName: string, municipalityId: string): ClusterGovernance => ({
    clusterId,
    clusterName,
    year: 2023,
    municipalities: [{ id: municipalityId, name: clusterName, political: true }],
    politicalLevel: [{ id: `bm-${municipalityId}`, name: 'Borgmester', organisation: '', role: { kind: 'mayor', municipalityId } }],
    professionalLevel: [],
    coChairs: { mayorMemberId: `bm-${municipalityId}` },
  });
  const clusters = [syd, otherCluster('hovedstaden-by', 'Klynge By', '147'), otherCluster('hovedstaden-nord', 'Klynge Nord', '219')];
  const members: Member[] = [
    { id: 'rrf', name: 'Regionsrådsformand A', organisation: 'Region Hovedstaden', role: { kind: 'region-council-chair' } },
    { id: 'rr1', name: 'Regionsrådsmedlem B', organisation: 'Region Hovedstaden', role: { kind: 'region-council-member' } },
    { id: 'rr2', name: 'Regionsrådsmedlem O', organisation: 'Region Hovedstaden', role: { kind: 'region-council-member' } },
    { id: 'bm-167', name: 'Borgmester i Hvidovre', organisation: 'Hvidovre Kommune', role: { kind: 'mayor', municipalityId: '167' } },
    { id: 'bm-147', name: 'Borgmester i Frederiksberg', organisation: 'Frederiksberg Kommune', role: { kind: 'mayor', municipalityId: '147' } },
    { id: 'bm-219', name: 'Borgmester i Hillerød', organisation: 'Hillerød Kommune', role: { kind: 'mayor', municipalityId: '219' } },
    { id: 'gp1', name: 'Praktiserende læge P', organisation: 'PLO', role: { kind: 'general-practitioner' } },
    { id: 'gp2', name: 'Praktiserende læge Q', organisation: 'PLO', role: { kind: 'general-practitioner' } },
  ];
  const ssu: SsuComposition = { regionId: '1084', regionName: 'Region Hovedstaden', year: 2023, members, chairMemberId: 'rrf', viceChairMemberId: 'bm-167' };
  const ssuCodes = (s: SsuComposition): string[] => checkSsuComposition(s, clusters).map((w) => w.code);

  it('a compliant SSU gives no warnings', () => {
    expect(checkSsuComposition(ssu, clusters)).toEqual([]);
  });

  it.each([
    ['a chair from outside the regional council', { chairMemberId: 'bm-147' }, 'ssu.chair-not-region-council'],
    ['a vice-chair who is not a cluster co-chair mayor', { viceChairMemberId: 'rr1' }, 'ssu.vice-chair-not-cluster-co-chair'],
    ['only one region council member besides the chair', { members: members.filter((m) => m.id !== 'rr2') }, 'ssu.region-council-too-few'],
    ['a GP short', { members: members.filter((m) => m.id !== 'gp2') }, 'ssu.general-practitioners-too-few'],
  ] as [string, Partial<SsuComposition>, string][])('%s gives exactly its warning', (_label, change, code) => {
    expect(ssuCodes({ ...ssu, ...change })).toEqual([code]);
  });

  it("names the cluster whose co-chair mayor is not in the SSU", () => {
    expect(checkSsuComposition({ ...ssu, members: members.filter((m) => m.id !== 'bm-219') }, clusters)).toEqual([
      expect.objectContaining({ code: 'ssu.cluster-co-chair-missing', message: 'Medformanden for Klynge Nord er ikke medlem af sundhedssamarbejdsudvalget.' }),
    ]);
  });

  it("København's fagborgmester, co-chair of Klynge Syd, sits in the SSU as that co-chair and may be vice-chair", () => {
    const sydKbh = { ...syd, coChairs: { regionChairMemberId: 'rrf', mayorMemberId: 'kbh' }, secretariatMunicipalityId: '101' };
    const kbh: Member = { id: 'kbh', name: 'Sundheds- og omsorgsborgmester C', organisation: 'Københavns Kommune', role: { kind: 'alderman', municipalityId: '101' } };
    const withKbh = [...members.filter((m) => m.id !== 'bm-167'), kbh];
    const all = [sydKbh, clusters[1], clusters[2]].filter((c): c is ClusterGovernance => c !== undefined);
    expect(checkSsuComposition({ ...ssu, members: withKbh, viceChairMemberId: 'kbh' }, all)).toEqual([]);
    expect(eligibleSsuChairs(withKbh).map((m) => m.id)).toEqual(['rrf', 'rr1', 'rr2']);
    expect(eligibleSsuViceChairs(withKbh).map((m) => m.id)).toEqual(['bm-147', 'bm-219', 'kbh']);
  });
});
