import { distribute } from './distribution.ts';
import { DomainError } from './errors.ts';
import { type Øre, ZERO, addOre, negOre, subOre } from './money.ts';
import type { Rational } from './rational.ts';

/**
 * Settlement of an initiative (afregning af en indsats), after the posting practice in seed 002:
 * the executing party (udførende part) books the whole cost as expense and the other parties'
 * shares as income; each paying party (betalende part) books its share as an expense, as
 * inter-municipal / inter-regional settlement (mellemkommunal/-regional afregning). A party's net
 * frame impact (nettorammepåvirkning) is expense − income = its own share.
 */

/** Municipality (kommune) books in the municipal chart; region in the regional chart. */
export type PartyKind = 'municipality' | 'region';

/** Which chart of accounts a posting line belongs to (kommunal / regional kontoplan). */
export type AccountSystem = 'kommunal' | 'regional';

export interface SettlementPayer {
  readonly party: string;
  /** The party's share of the cost (andel): any non-negative basis, e.g. 1/3, 0,5 or a population. */
  readonly share: Rational;
  /** Default: a name starting with "Region" is a region, anything else a municipality. */
  readonly kind?: PartyKind;
}

export interface SettlementInput {
  /** The initiative's total cost (samlet udgift). */
  readonly cost: Øre;
  /** The executing party (udførende part); must also be listed among the payers with its own share. */
  readonly executing: string;
  readonly payers: readonly SettlementPayer[];
  /** Municipal function (funktion) — 4.62.88 Sundhedsfremme og forebyggelse by default (seed 002). */
  readonly municipalFunction?: string;
  /**
   * Function in the regional chart of accounts. The seed names none; the region decides, so there
   * is no default and region lines carry `function: null` until it is given.
   */
  readonly regionalFunction?: string;
  /** Art of the executing party's own expense (e.g. salary or purchase); the seed names none. */
  readonly costArt?: string;
  /** Text prefix for the posting lines, e.g. the initiative's name. */
  readonly initiative?: string;
}

export interface SettlementParty {
  readonly party: string;
  readonly kind: PartyKind;
  readonly role: 'executing' | 'paying';
  readonly share: Rational;
  /** This party's share of the cost, by distribute() over the shares. */
  readonly shareOre: Øre;
  /** Indtægt: what the others transfer to the executing party; 0 for paying parties. */
  readonly incomeOre: Øre;
  /** Udgift: the whole cost for the executing party; its share for a paying party. */
  readonly expenseOre: Øre;
  /** Nettorammepåvirkning = udgift − indtægt. */
  readonly netOre: Øre;
}

/**
 * One posting line (konteringslinje). Sign as in the municipal and regional accounts: expense
 * positive, income negative. Account key segments are separate fields.
 */
export interface PostingLine {
  readonly party: string;
  readonly accountSystem: AccountSystem;
  /** Funktion, e.g. 4.62.88; null when the party's chart needs a function nobody has given. */
  readonly function: string | null;
  /** Dranst (driftsart): 1 = drift. */
  readonly dranst: string;
  /** Art: 4.6/4.7 payments to municipalities/regions, 7.6/7.7 payments from them; null when not given. */
  readonly art: string | null;
  readonly artText: string;
  readonly amountOre: Øre;
  /** The other side of a settlement line; null for the executing party's own expense. */
  readonly counterparty: string | null;
  readonly text: string;
}

export interface Settlement {
  readonly cost: Øre;
  readonly executing: string;
  readonly parties: readonly SettlementParty[];
  readonly postings: readonly PostingLine[];
}

export const DEFAULT_MUNICIPAL_FUNCTION = '4.62.88';
const DRANST_DRIFT = '1';

export function partyKindOf(name: string): PartyKind {
  return /^region\b/i.test(name.trim()) ? 'region' : 'municipality';
}

/** Art for a payment TO a party of this kind (udgift) and FROM it (indtægt). */
function artTo(kind: PartyKind): { art: string; text: string } {
  return kind === 'region' ? { art: '4.7', text: 'Betalinger til regioner' } : { art: '4.6', text: 'Betalinger til kommuner' };
}
function artFrom(kind: PartyKind): { art: string; text: string } {
  return kind === 'region' ? { art: '7.7', text: 'Betalinger fra regioner' } : { art: '7.6', text: 'Betalinger fra kommuner' };
}

export function settle(input: SettlementInput): Settlement {
  // A negative cost is a refund or correction (tilbagebetaling/rettelse): every line has the opposite sign.
  if (input.cost === 0) throw new DomainError('settlement.cost', 'Udgiften til indsatsen må ikke være 0.');
  const executing = input.executing.trim();
  if (executing === '') throw new DomainError('settlement.executing', 'Den udførende part mangler.');
  if (input.payers.length === 0) throw new DomainError('settlement.no-payers', 'Der er ingen betalende parter.');
  const executingPayer = input.payers.find((p) => p.party === executing);
  if (!executingPayer) {
    throw new DomainError(
      'settlement.executing-not-payer',
      `Den udførende part "${executing}" skal også stå blandt de betalende parter med sin egen andel (evt. 0).`,
    );
  }
  const split = distribute(
    input.cost,
    input.payers.map((p) => ({ party: p.party, basis: p.share })),
    'øre',
  );
  const municipalFunction = input.municipalFunction ?? DEFAULT_MUNICIPAL_FUNCTION;
  const prefix = input.initiative ? `${input.initiative}: ` : '';
  const kindOf = new Map(input.payers.map((p) => [p.party, p.kind ?? partyKindOf(p.party)]));
  const executingKind = kindOf.get(executing) ?? partyKindOf(executing);
  const accountOf = (kind: PartyKind): { accountSystem: AccountSystem; function: string | null } =>
    kind === 'region'
      ? { accountSystem: 'regional', function: input.regionalFunction ?? null }
      : { accountSystem: 'kommunal', function: municipalFunction };

  const others = split.rows.filter((r) => r.party !== executing);
  const income = addOre(ZERO, ...others.map((r) => r.amount));

  const parties: SettlementParty[] = split.rows.map((row) => {
    const kind = kindOf.get(row.party) ?? partyKindOf(row.party);
    const isExecuting = row.party === executing;
    const incomeOre = isExecuting ? income : ZERO;
    const expenseOre = isExecuting ? input.cost : row.amount;
    return {
      party: row.party,
      kind,
      role: isExecuting ? 'executing' : 'paying',
      share: row.basis,
      shareOre: row.amount,
      incomeOre,
      expenseOre,
      netOre: subOre(expenseOre, incomeOre),
    };
  });

  const postings: PostingLine[] = [
    {
      party: executing,
      ...accountOf(executingKind),
      dranst: DRANST_DRIFT,
      art: input.costArt ?? null,
      artText: input.costArt ? 'Udgift til indsatsen' : 'Efter udgiftens art (løn, køb m.v.)',
      amountOre: input.cost,
      counterparty: null,
      text: `${prefix}udgift til indsatsen (udførende part)`,
    },
  ];
  for (const row of others) {
    if (row.amount === 0) continue;
    const payerKind = kindOf.get(row.party) ?? partyKindOf(row.party);
    const settlementWord =
      payerKind !== executingKind
        ? 'afregning mellem kommune og region'
        : payerKind === 'region'
          ? 'mellemregional afregning'
          : 'mellemkommunal afregning';
    const from = artFrom(payerKind);
    postings.push({
      party: executing,
      ...accountOf(executingKind),
      dranst: DRANST_DRIFT,
      art: from.art,
      artText: from.text,
      amountOre: negOre(row.amount),
      counterparty: row.party,
      text: `${prefix}${settlementWord}, indtægt fra ${row.party}`,
    });
    const to = artTo(executingKind);
    postings.push({
      party: row.party,
      ...accountOf(payerKind),
      dranst: DRANST_DRIFT,
      art: to.art,
      artText: to.text,
      amountOre: row.amount,
      counterparty: executing,
      text: `${prefix}${settlementWord}, andel betalt til ${executing}`,
    });
  }
  return { cost: input.cost, executing, parties, postings };
}
