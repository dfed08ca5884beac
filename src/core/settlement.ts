import { type AccountSystem, type ChartOfAccounts, DEFAULT_POSTING_CHARTS, type PostingCharts, type PostingPurpose, chartFor } from './chart-of-accounts.ts';
import { distribute } from './distribution.ts';
import { DomainError } from './errors.ts';
import { type Øre, ZERO, addOre, negOre, subOre } from './money.ts';
import type { Rational } from './rational.ts';

export type { AccountSystem };

/**
 * Settlement of an initiative (afregning af en indsats), after the posting practice in seed 002:
 * the executing party (udførende part) books the whole cost as expense and the other parties'
 * shares as income; each paying party (betalende part) books its share as an expense, as
 * inter-municipal / inter-regional settlement (mellemkommunal/-regional afregning). A party's net
 * frame impact (nettorammepåvirkning) is expense − income = its own share.
 *
 * A negative cost is a refund or correction (tilbagebetaling/korrektion): every amount and line
 * has the opposite sign. Its split is the split of the positive amount, negated, so refunding a
 * charge in full gives each party exactly its share back (distribute() floors towards −∞, which
 * would otherwise move a leftover øre between parties).
 */

/** Municipality (kommune) books in the municipal chart; region in the regional chart. */
export type PartyKind = 'municipality' | 'region';

export interface SettlementPayer {
  readonly party: string;
  /** The party's share of the cost (andel): any non-negative basis, e.g. 1/3, 0,5 or a population. */
  readonly share: Rational;
  /** Default: a name starting with "Region" is a region, anything else a municipality. */
  readonly kind?: PartyKind;
}

export interface SettlementInput {
  /** The initiative's total cost (samlet udgift) in the period; negative for a refund/correction, never 0. */
  readonly cost: Øre;
  /** The executing party (udførende part); must also be listed among the payers with its own share. */
  readonly executing: string;
  readonly payers: readonly SettlementPayer[];
  /** Municipal function (funktion); default: the municipal chart's default (4.62.88, seed 002). */
  readonly municipalFunction?: string;
  /** The region's own account (kept whole, e.g. 1.3.2.4); default: the regional chart's default. */
  readonly regionalFunction?: string;
  /** Art of the executing party's own expense, overriding the chart's own-expense art. */
  readonly costArt?: string;
  /** Text prefix for the posting lines, e.g. the initiative's number and name. */
  readonly initiative?: string;
  /** The installation's charts of accounts (art per purpose); default DEFAULT_POSTING_CHARTS. */
  readonly charts?: PostingCharts;
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
 * positive, income negative. Function, art and amount are always given.
 */
export interface PostingLine {
  readonly party: string;
  readonly accountSystem: AccountSystem;
  /** Funktion/konto, kept whole as typed: 4.62.88, or a region's 1.3.2.4. */
  readonly function: string;
  /** Dranst (driftsart): 1 = drift. */
  readonly dranst: string;
  /** Art from the party's own chart: 4.7/4.8 payments to municipalities/regions, 7.7/7.8 from them. */
  readonly art: string;
  readonly artText: string;
  /** Where the art comes from (the chart's note), e.g. that the region has yet to confirm it. */
  readonly artSource: string;
  readonly purpose: PostingPurpose;
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

export const DEFAULT_MUNICIPAL_FUNCTION = DEFAULT_POSTING_CHARTS.kommunal.defaultFunction;

export function partyKindOf(name: string): PartyKind {
  return /^region\b/i.test(name.trim()) ? 'region' : 'municipality';
}

/** Art for a payment TO a party of this kind (udgift) and FROM it (indtægt). */
const purposeTo = (kind: PartyKind): PostingPurpose => (kind === 'region' ? 'payment-to-region' : 'payment-to-municipality');
const purposeFrom = (kind: PartyKind): PostingPurpose => (kind === 'region' ? 'income-from-region' : 'income-from-municipality');

export function settle(input: SettlementInput): Settlement {
  if (input.cost === 0) throw new DomainError('settlement.cost', 'Udgiften til indsatsen skal være forskellig fra 0 (en tilbagebetaling er negativ).');
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
  const refund = input.cost < 0;
  const split = distribute(
    refund ? negOre(input.cost) : input.cost,
    input.payers.map((p) => ({ party: p.party, basis: p.share })),
    'øre',
  );
  const signed = (amount: Øre): Øre => (refund ? negOre(amount) : amount);
  const rows = split.rows.map((r) => ({ party: r.party, basis: r.basis, amount: signed(r.amount) }));
  const charts = input.charts ?? DEFAULT_POSTING_CHARTS;
  const prefix = input.initiative ? `${input.initiative}: ` : '';
  const kindOf = new Map(input.payers.map((p) => [p.party, p.kind ?? partyKindOf(p.party)]));
  const executingKind = kindOf.get(executing) ?? partyKindOf(executing);
  const functionIn = (chart: ChartOfAccounts): string =>
    (chart.system === 'regional' ? input.regionalFunction : input.municipalFunction)?.trim() || chart.defaultFunction;
  const line = (party: string, kind: PartyKind, purpose: PostingPurpose, amountOre: Øre, counterparty: string | null, text: string): PostingLine => {
    const chart = chartFor(charts, kind);
    const mapped = chart.arts[purpose];
    const override = purpose === 'own-expense' && input.costArt !== undefined && input.costArt.trim() !== '';
    return {
      party,
      accountSystem: chart.system,
      function: functionIn(chart),
      dranst: chart.dranst,
      art: override ? (input.costArt ?? '').trim() : mapped.art,
      artText: override ? 'Udgift til indsatsen' : mapped.text,
      artSource: override ? 'Angivet ved afregningen' : mapped.note,
      purpose,
      amountOre,
      counterparty,
      text,
    };
  };

  const others = rows.filter((r) => r.party !== executing);
  const income = addOre(ZERO, ...others.map((r) => r.amount));

  const parties: SettlementParty[] = rows.map((row) => {
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

  const what = refund ? 'tilbagebetaling/korrektion af ' : '';
  const postings: PostingLine[] = [line(executing, executingKind, 'own-expense', input.cost, null, `${prefix}${what}udgift til indsatsen (udførende part)`)];
  for (const row of others) {
    if (row.amount === 0) continue;
    const payerKind = kindOf.get(row.party) ?? partyKindOf(row.party);
    const settlementWord =
      payerKind !== executingKind
        ? 'afregning mellem kommune og region'
        : payerKind === 'region'
          ? 'mellemregional afregning'
          : 'mellemkommunal afregning';
    postings.push(line(executing, executingKind, purposeFrom(payerKind), negOre(row.amount), row.party, `${prefix}${what}${settlementWord}, indtægt fra ${row.party}`));
    postings.push(line(row.party, payerKind, purposeTo(executingKind), row.amount, executing, `${prefix}${what}${settlementWord}, andel betalt til ${executing}`));
  }
  return { cost: input.cost, executing, parties, postings };
}

/** The equal and opposite settlement (modpostering): every amount and line negated, texts marked. */
export function reverseSettlement(s: Settlement, textPrefix = 'Tilbageførsel: '): Settlement {
  return {
    cost: negOre(s.cost),
    executing: s.executing,
    parties: s.parties.map((p) => ({ ...p, shareOre: negOre(p.shareOre), incomeOre: negOre(p.incomeOre), expenseOre: negOre(p.expenseOre), netOre: negOre(p.netOre) })),
    postings: s.postings.map((l) => ({ ...l, amountOre: negOre(l.amountOre), text: `${textPrefix}${l.text}` })),
  };
}
