import { formatCsv } from '../csv.ts';
import { DomainError } from '../errors.ts';
import { type Øre, ZERO, addOre, formatOre } from '../money.ts';
import { fromInteger } from '../rational.ts';
import { type PostingLine, type Settlement, settle } from '../settlement.ts';
import { type ClusterEconomy, payerSharesFor } from './funds.ts';
import { municipalFunctionFor } from './initiative.ts';
import { parsePeriod, partyName, requireParty } from './parties.ts';

/** A settlement period (afregningsperiode): months `from`–`to` within one year (payer shares are per year). */
export interface SettlementPeriod {
  readonly from: string;
  readonly to: string;
}

export function periodLabel(p: SettlementPeriod): string {
  return p.from === p.to ? p.from : `${p.from}–${p.to}`;
}

function periodYear(p: SettlementPeriod): number {
  const a = parsePeriod(p.from);
  const b = parsePeriod(p.to);
  if (a.year !== b.year) throw new DomainError('settlement.period-years', 'En afregningsperiode skal ligge inden for ét år.');
  if (a.month > b.month) throw new DomainError('settlement.period-order', 'Afregningsperioden slutter før den begynder.');
  return a.year;
}

/** One initiative's settlement for one executing party in the period (built on core/settlement.ts). */
export interface InitiativeSettlement {
  readonly initiativeId: string;
  readonly executing: string;
  readonly settlement: Settlement;
}

/** A posting line as a finance officer books it: account key segments as separate fields. */
export interface PostingFileLine {
  readonly party: string;
  readonly partyName: string;
  readonly accountSystem: PostingLine['accountSystem'];
  /** Hovedkonto, hovedfunktion, funktion — e.g. 4 / 62 / 88 from 4.62.88; empty when not given. */
  readonly mainAccount: string;
  readonly mainFunction: string;
  readonly function: string;
  readonly dranst: string;
  readonly art: string;
  readonly artText: string;
  /** Øre with sign: expense positive, income negative. */
  readonly amountOre: Øre;
  readonly counterparty: string;
  readonly counterpartyName: string;
  readonly initiativeId: string;
  readonly initiativeTitle: string;
  readonly period: string;
  readonly text: string;
}

export interface PartyPostingFile {
  readonly party: string;
  readonly lines: readonly PostingFileLine[];
  /** Kontrolsum: the sum of the lines' amounts = the party's net frame impact in the period. */
  readonly controlTotalOre: Øre;
  readonly lineCount: number;
}

/** Who owes whom (mellemværende): a paying party's total to an executing party for the period. */
export interface Obligation {
  readonly payer: string;
  readonly executing: string;
  readonly amountOre: Øre;
}

export interface PeriodSettlement {
  readonly period: SettlementPeriod;
  readonly settlements: readonly InitiativeSettlement[];
  readonly obligations: readonly Obligation[];
  readonly files: readonly PartyPostingFile[];
}

/**
 * Settles a period: for every initiative and executing party, the common-funds spending in the
 * period is settled by `settle()` over the initiative's payer shares for that year. Own-money
 * spending is the party's own and is not settled.
 */
export function settlePeriod(economy: ClusterEconomy, period: SettlementPeriod): PeriodSettlement {
  const year = periodYear(period);
  const from = parsePeriod(period.from).month;
  const to = parsePeriod(period.to).month;
  const inPeriod = economy.actuals.filter((a) => {
    const p = parsePeriod(a.period);
    return a.funding === 'common' && p.year === year && p.month >= from && p.month <= to;
  });
  const settlements: InitiativeSettlement[] = [];
  const fileLines = new Map<string, PostingFileLine[]>(economy.parties.map((p) => [p.id, []]));
  for (const initiative of economy.initiatives) {
    const shares = payerSharesFor(economy, initiative, year);
    for (const executing of initiative.executingParties) {
      const cost = inPeriod
        .filter((a) => a.initiativeId === initiative.id && a.party === executing)
        .reduce((s, a) => addOre(s, a.amount), ZERO);
      if (cost === 0) continue;
      const payers = shares.map((s) => ({ party: s.party, share: s.basis, kind: requireParty(economy.parties, s.party).kind }));
      if (!payers.some((p) => p.party === executing)) {
        payers.push({ party: executing, share: fromInteger(0), kind: requireParty(economy.parties, executing).kind });
      }
      const settlement = settle({
        cost,
        executing,
        payers,
        municipalFunction: municipalFunctionFor(initiative, year),
        ...(initiative.posting?.regionalAccount !== undefined ? { regionalFunction: initiative.posting.regionalAccount } : {}),
        initiative: initiative.title,
      });
      settlements.push({ initiativeId: initiative.id, executing, settlement });
      for (const line of settlement.postings) {
        const [mainAccount = '', mainFunction = '', fn = ''] = (line.function ?? '').split('.');
        const list = fileLines.get(line.party);
        if (!list) throw new DomainError('economy.unknown-party', `Parten "${line.party}" er ikke med i klyngens økonomi.`);
        list.push({
          party: line.party,
          partyName: partyName(economy.parties, line.party),
          accountSystem: line.accountSystem,
          mainAccount,
          mainFunction,
          function: fn,
          dranst: line.dranst,
          art: line.art ?? '',
          artText: line.artText,
          amountOre: line.amountOre,
          counterparty: line.counterparty ?? '',
          counterpartyName: line.counterparty ? partyName(economy.parties, line.counterparty) : '',
          initiativeId: initiative.id,
          initiativeTitle: initiative.title,
          period: periodLabel(period),
          text: line.text,
        });
      }
    }
  }
  const owed = new Map<string, Øre>();
  for (const s of settlements) {
    for (const p of s.settlement.parties) {
      if (p.role !== 'paying' || p.shareOre === 0) continue;
      const k = `${p.party}\u0000${s.executing}`;
      owed.set(k, addOre(owed.get(k) ?? ZERO, p.shareOre));
    }
  }
  const obligations = [...owed].map(([k, amountOre]): Obligation => {
    const [payer = '', executing = ''] = k.split('\u0000');
    return { payer, executing, amountOre };
  });
  const files = economy.parties.map((p): PartyPostingFile => {
    const lines = fileLines.get(p.id) ?? [];
    return { party: p.id, lines, controlTotalOre: addOre(ZERO, ...lines.map((l) => l.amountOre)), lineCount: lines.length };
  });
  return { period, settlements, obligations, files };
}

export const POSTING_COLUMNS = [
  'Part', 'Partnavn', 'Kontoplan', 'Hovedkonto', 'Hovedfunktion', 'Funktion', 'Dranst', 'Art', 'Artstekst',
  'Beløb (øre)', 'Beløb (kr.)', 'Modpart', 'Modpartnavn', 'Indsats', 'Indsatsnavn', 'Periode', 'Tekst',
] as const;

export function postingRow(l: PostingFileLine): (string | number)[] {
  return [
    l.party, l.partyName, l.accountSystem, l.mainAccount, l.mainFunction, l.function, l.dranst, l.art, l.artText,
    l.amountOre, formatOre(l.amountOre), l.counterparty, l.counterpartyName, l.initiativeId, l.initiativeTitle, l.period, l.text,
  ];
}

/**
 * A party's posting file as CSV (`;`, Danish amounts; øre as an integer column too so nothing is
 * lost), ending with a control line: number of lines and the control total.
 */
export function postingFileCsv(file: PartyPostingFile): string {
  const control = ['Kontrolsum', `${String(file.lineCount)} linjer`, '', '', '', '', '', '', '', file.controlTotalOre, formatOre(file.controlTotalOre), '', '', '', '', '', ''];
  return '\ufeff' + formatCsv([[...POSTING_COLUMNS], ...file.lines.map(postingRow), control]);
}
