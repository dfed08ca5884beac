import { distribute, type Distribution, type DistributionRow, type DistributionUnit, type KeyEntry } from './distribution.ts';
import { DomainError } from './errors.ts';
import { formatInteger, type Øre } from './money.ts';
import * as Q from './rational.ts';
import type { Rational } from './rational.ts';
import {
  clusterById,
  membersOf,
  membershipBasis,
  municipalityName,
  type ClusterId,
  type DistributionBasis,
  type MunicipalityCode,
  type Register,
} from './register.ts';

/** One municipality's share of a cluster's secretariat cost (objektiv medfinansiering). */
export interface CoFinancingRow {
  readonly municipalityCode: MunicipalityCode;
  readonly municipality: string;
  readonly basisKind: DistributionBasis['kind'];
  /** The population it counts with, e.g. 287.181 (København's districts) or 41.382 × ½. */
  readonly basis: Rational;
  readonly amount: Øre;
  readonly row: DistributionRow;
  /** Danish note on how it counts: a half or a partial population is explained (seed 003: Rødovre at half). */
  readonly basisNote: string;
}

export interface CoFinancing {
  readonly clusterId: ClusterId;
  readonly cluster: string;
  readonly cost: Øre;
  readonly unit: DistributionUnit;
  readonly distribution: Distribution;
  /** In register order; members with no secretariat basis are left out. */
  readonly rows: readonly CoFinancingRow[];
}

/**
 * Splits a cluster's secretariat cost (sekretariatsbetjening; never paid from the common funds)
 * over its municipalities by each membership's secretariat basis: full population, a partial
 * population (København's districts), a weight (Rødovre ½) — through distribute().
 * `population` holds whole-municipality populations; partial bases need none.
 */
export function secretariatCoFinancing(
  register: Register,
  clusterId: ClusterId,
  population: ReadonlyMap<MunicipalityCode, number>,
  cost: Øre,
  unit: DistributionUnit = 'krone',
): CoFinancing {
  const cluster = clusterById(register, clusterId);
  const members = membersOf(register, clusterId).filter((m) => m.basis.secretariat.kind !== 'none');
  if (members.length === 0) {
    throw new DomainError('cofinancing.no-members', `${cluster.name} har ingen kommuner, der medfinansierer sekretariatet.`);
  }
  const bases = members.map((m) => membershipBasis(register, m, 'secretariat', population.get(m.municipalityCode)));
  const distribution = distribute(
    cost,
    members.map((m, i): KeyEntry => ({ party: m.municipalityCode, basis: bases[i] ?? { num: 0n, den: 1n } })),
    unit,
  );
  const rows = members.map((m, i): CoFinancingRow => {
    const row = distribution.rows[i];
    if (!row) throw new DomainError('cofinancing.internal', `Rækken for ${m.municipalityCode} mangler.`);
    const clusterCount = register.memberships.filter((x) => x.municipalityCode === m.municipalityCode).length;
    return {
      municipalityCode: m.municipalityCode,
      municipality: municipalityName(register, m.municipalityCode),
      basisKind: m.basis.secretariat.kind,
      basis: row.basis,
      amount: row.amount,
      row,
      basisNote: basisNote(m.basis.secretariat, row.basis, population.get(m.municipalityCode), clusterCount),
    };
  });
  return { clusterId, cluster: cluster.name, cost, unit, distribution, rows };
}

const decimalText = (r: Rational): string => (r.den === 1n ? formatInteger(Number(r.num)) : Q.toDecimalString(r, 1).replace('.', ','));

/**
 * How a municipality counts in the split, for people: the whole population, the districts of a
 * partial member (København: Valby, Vesterbro og Amager – 287.181), a weighted population
 * (Rødovre: ½ × 41.382 = 20.691, since it takes part in two clusters), or the remainder.
 */
export function basisNote(basis: DistributionBasis, counted: Rational, population: number | undefined, clusterCount: number): string {
  switch (basis.kind) {
    case 'full':
      return `Hele befolkningen (${decimalText(counted)} indbyggere).`;
    case 'partial':
      return `Kun en del af kommunen${basis.label ? `: ${basis.label}` : ''} (${formatInteger(basis.population)} indbyggere).`;
    case 'remainder':
      return `Resten af befolkningen, uden de bydele der tæller i en anden klynge (${decimalText(counted)} indbyggere).`;
    case 'weight': {
      const half = basis.weight.num === 1n && basis.weight.den === 2n;
      const of = population !== undefined ? `${Q.toFractionString(basis.weight)} × ${formatInteger(population)} = ${decimalText(counted)}` : decimalText(counted);
      const why = clusterCount > 1 ? `, fordi kommunen deltager i ${String(clusterCount)} klynger` : '';
      return `${half ? 'Halvdelen af befolkningen' : `Vægtet befolkning (${Q.toFractionString(basis.weight)})`}: ${of} indbyggere${why}.`;
    }
    case 'none':
      return 'Bidrager ikke.';
  }
}
