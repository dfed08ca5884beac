import { kroner, type Øre } from '../money.ts';
import { fromInteger, parseDecimal } from '../rational.ts';
import { populationKey, distribute } from '../distribution.ts';
import type { Decision, Initiative } from './initiative.ts';
import type { ClusterEconomy } from './funds.ts';
import type { EconomyParty } from './parties.ts';

/** Test data only. Seed 002: three members with equal shares of the common funds. */
export const seed002Parties: EconomyParty[] = [
  { id: 'K1', name: 'Kommune 1', kind: 'municipality' },
  { id: 'K2', name: 'Kommune 2', kind: 'municipality' },
  { id: 'R', name: 'Region', kind: 'region' },
];

export const decision: Decision = { date: '2022-09-15', level: 'political', meetingReference: 'Klyngemøde 15.09.2022, pkt. 4' };

export function seed002Economy(): ClusterEconomy {
  const initiative: Initiative = {
    id: 'I1',
    number: 1,
    title: 'Sundhedsfremme og forebyggelse',
    description: 'Kommune 1 afprøver en opgave på vegne af klyngen (seed 002).',
    targetGroup: 'chronic-illness',
    startPeriod: '2022-07',
    endPeriod: '2022-12',
    executingParties: ['K1'],
    status: 'running',
    approval: decision,
    forecast: { lines: [{ id: 'L1', kind: 'other', year: 2022, description: 'Afprøvning', category: 'trial', funding: 'common', party: 'K1', amount: kroner(3_000_000) }] },
    approvedForecast: { lines: [{ id: 'L1', kind: 'other', year: 2022, description: 'Afprøvning', category: 'trial', funding: 'common', party: 'K1', amount: kroner(3_000_000) }] },
  };
  return {
    clusterName: 'Eksempelklyngen',
    parties: seed002Parties,
    years: [
      {
        year: 2022,
        contributions: seed002Parties.map((p) => ({ party: p.id, amount: kroner(1_000_000) })),
        allocatedCommonFunds: kroner(3_000_000),
        extraLocalFunds: [],
        carriedIn: [],
      },
    ],
    initiatives: [initiative],
    actuals: [{ initiativeId: 'I1', party: 'K1', period: '2022-11', amount: kroner(3_000_000), category: 'trial', funding: 'common', text: 'Løn og materialer' }],
  };
}

/**
 * Klynge Syd, Region Hovedstaden 2022 (seed 000 Bilag 1 Tabel 1): Kommuner 3.936.286 kr.
 * (printed "3.936286"), Region 3.867.153 kr., I alt 7.803.439 kr. The municipal part is spread over
 * the contributing municipalities by the populations in seed 003 (Rødovre ** contributes nothing).
 */
export const klyngeSydPopulations = [
  { party: '101', name: 'København', population: 287_181 },
  { party: '169', name: 'Høje-Taastrup', population: 53_053 },
  { party: '165', name: 'Albertslund', population: 27_599 },
  { party: '183', name: 'Ishøj', population: 23_225 },
  { party: '187', name: 'Vallensbæk', population: 16_488 },
  { party: '153', name: 'Brøndby', population: 35_651 },
  { party: '161', name: 'Glostrup', population: 23_514 },
  { party: '167', name: 'Hvidovre', population: 53_267 },
  { party: '185', name: 'Tårnby', population: 42_723 },
  { party: '155', name: 'Dragør', population: 14_640 },
] as const;

export function klyngeSydEconomy(): ClusterEconomy {
  const parties: EconomyParty[] = [
    ...klyngeSydPopulations.map((m) => ({ id: m.party, name: m.name, kind: 'municipality' as const })),
    { id: '175', name: 'Rødovre', kind: 'municipality' },
    { id: '1084', name: 'Region Hovedstaden', kind: 'region' },
  ];
  const municipal = distribute(kroner(3_936_286), populationKey(klyngeSydPopulations.map((m) => ({ party: m.party, population: m.population }))), 'krone');
  const contributions: { party: string; amount: Øre }[] = [
    ...municipal.rows.map((r) => ({ party: r.party, amount: r.amount })),
    { party: '175', amount: kroner(0) },
    { party: '1084', amount: kroner(3_867_153) },
  ];
  return {
    clusterName: 'Klynge Syd (Region Hovedstaden)',
    parties,
    years: [
      { year: 2022, contributions, allocatedCommonFunds: kroner(7_803_439), extraLocalFunds: [], carriedIn: [] },
      { year: 2023, contributions, allocatedCommonFunds: kroner(7_803_439), extraLocalFunds: [], carriedIn: [] },
    ],
    initiatives: [],
    actuals: [],
  };
}

export const half = parseDecimal('0,5');
export const one = fromInteger(1);
