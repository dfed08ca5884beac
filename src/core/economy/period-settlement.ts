import { DEFAULT_POSTING_CHARTS, type PostingCharts, type PostingPurpose } from '../chart-of-accounts.ts';
import { formatCsv, spreadsheetText } from '../csv.ts';
import { DomainError } from '../errors.ts';
import { type Øre, ZERO, addOre, formatOre, negOre } from '../money.ts';
import { fromInteger } from '../rational.ts';
import { type PostingLine, type Settlement, reverseSettlement, settle } from '../settlement.ts';
import { type ClusterEconomy, payerSharesFor } from './funds.ts';
import { initiativeReference } from './initiative.ts';
import { parsePeriod, partyName, requireParty } from './parties.ts';
import { actualPeriod, actualsOfInitiative } from './actuals.ts';

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

/**
 * A posting line as a finance officer books it. The account (funktion/konto) is kept whole as
 * typed; for a municipal three-part function (4.62.88) its parts are also given separately.
 * Initiatives are named by number and title; `initiativeId` is for the system, never in a file.
 */
export interface PostingFileLine {
  readonly party: string;
  readonly partyName: string;
  readonly accountSystem: PostingLine['accountSystem'];
  /** Funktion/konto whole, e.g. 4.62.88 or a region's 1.3.2.4. */
  readonly account: string;
  /** Hovedkonto, hovedfunktion, funktion of a three-part municipal function; empty otherwise. */
  readonly mainAccount: string;
  readonly mainFunction: string;
  readonly function: string;
  readonly dranst: string;
  readonly art: string;
  readonly artText: string;
  readonly artSource: string;
  readonly purpose: PostingPurpose;
  /** Øre with sign: expense positive, income negative. */
  readonly amountOre: Øre;
  readonly counterparty: string;
  readonly counterpartyName: string;
  readonly initiativeId: string;
  /** The initiative's number in its cluster (indsatsnummer); empty when it has none. */
  readonly initiativeNumber: string;
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

/** Who owes whom (mellemværende): a paying party's total to an executing party for the period; negative = owed back. */
export interface Obligation {
  readonly payer: string;
  readonly executing: string;
  readonly amountOre: Øre;
}

/** A settlement run's content; plain data (fractions are the only non-JSON values, stored by the economy codec). */
export interface PeriodSettlement {
  readonly period: SettlementPeriod;
  readonly settlements: readonly InitiativeSettlement[];
  readonly obligations: readonly Obligation[];
  readonly files: readonly PartyPostingFile[];
  /** The cluster's name, for the files (absent in runs stored before issue 9). */
  readonly clusterName?: string;
}

export interface SettlePeriodOptions {
  /** The installation's charts of accounts; default DEFAULT_POSTING_CHARTS. */
  readonly charts?: PostingCharts;
}

// How an initiative is named in files ("Nr. 3 Titel"): initiative.ts, re-exported for the files' callers.
export { initiativeReference };

function splitAccount(account: string): { mainAccount: string; mainFunction: string; function: string } {
  const parts = account.split('.');
  if (parts.length !== 3) return { mainAccount: '', mainFunction: '', function: '' };
  return { mainAccount: parts[0] ?? '', mainFunction: parts[1] ?? '', function: parts[2] ?? '' };
}

/**
 * Settles a period: for every initiative and executing party, the common-funds spending in the
 * period is settled by `settle()` over the initiative's payer shares for that year. Own-money
 * spending is the party's own and is not settled. A negative period total (a refund or a
 * correction) settles as negative obligations and opposite-signed lines; a total of 0 is skipped.
 */
export function settlePeriod(economy: ClusterEconomy, period: SettlementPeriod, options: SettlePeriodOptions = {}): PeriodSettlement {
  const charts = options.charts ?? DEFAULT_POSTING_CHARTS;
  const year = periodYear(period);
  const from = parsePeriod(period.from).month;
  const to = parsePeriod(period.to).month;
  const inPeriod = economy.actuals.filter((a) => {
    const p = actualPeriod(a);
    return a.funding === 'common' && p.year === year && p.month >= from && p.month <= to;
  });
  const settlements: InitiativeSettlement[] = [];
  const fileLines = new Map<string, PostingFileLine[]>(economy.parties.map((p) => [p.id, []]));
  for (const initiative of economy.initiatives) {
    for (const executing of initiative.executingParties) {
      const cost = actualsOfInitiative(inPeriod, initiative.id)
        .filter((a) => a.party === executing)
        .reduce((s, a) => addOre(s, a.amount), ZERO);
      if (cost === 0) continue;
      const shares = payerSharesFor(economy, initiative, year);
      const payers = shares.map((s) => ({ party: s.party, share: s.basis, kind: requireParty(economy.parties, s.party).kind }));
      if (!payers.some((p) => p.party === executing)) {
        payers.push({ party: executing, share: fromInteger(0), kind: requireParty(economy.parties, executing).kind });
      }
      const municipalFunction = initiative.posting?.municipalFunctionByYear?.[year] ?? initiative.posting?.municipalFunction;
      const settlement = settle({
        cost,
        executing,
        payers,
        charts,
        ...(municipalFunction !== undefined ? { municipalFunction } : {}),
        ...(initiative.posting?.regionalAccount !== undefined ? { regionalFunction: initiative.posting.regionalAccount } : {}),
        initiative: initiativeReference(initiative),
      });
      settlements.push({ initiativeId: initiative.id, executing, settlement });
      for (const line of settlement.postings) {
        const list = fileLines.get(line.party);
        if (!list) throw new DomainError('economy.unknown-party', `Parten "${line.party}" er ikke med i klyngens økonomi.`);
        list.push({
          party: line.party,
          partyName: partyName(economy.parties, line.party),
          accountSystem: line.accountSystem,
          account: line.function,
          ...splitAccount(line.function),
          dranst: line.dranst,
          art: line.art,
          artText: line.artText,
          artSource: line.artSource,
          purpose: line.purpose,
          amountOre: line.amountOre,
          counterparty: line.counterparty ?? '',
          counterpartyName: line.counterparty ? partyName(economy.parties, line.counterparty) : '',
          initiativeId: initiative.id,
          initiativeNumber: initiative.number !== undefined ? String(initiative.number) : '',
          initiativeTitle: initiative.title,
          period: periodLabel(period),
          text: namedText(line, economy),
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
  return { period, settlements, obligations, files: filesOf(economy.parties.map((p) => p.id), fileLines), clusterName: economy.clusterName };
}

/** Posting texts name parties by name, not code, in the files ("indtægt fra Kommune 2"). */
function namedText(line: PostingLine, economy: ClusterEconomy): string {
  if (line.counterparty === null) return line.text;
  const name = partyName(economy.parties, line.counterparty);
  return line.text.endsWith(` ${line.counterparty}`) ? `${line.text.slice(0, -line.counterparty.length)}${name}` : line.text;
}

function filesOf(parties: readonly string[], lines: ReadonlyMap<string, readonly PostingFileLine[]>): PartyPostingFile[] {
  return parties.map((party): PartyPostingFile => {
    const l = lines.get(party) ?? [];
    return { party, lines: l, controlTotalOre: addOre(ZERO, ...l.map((x) => x.amountOre)), lineCount: l.length };
  });
}

/**
 * The reversing run's content (tilbageførsel): the equal and opposite of `s` — every obligation,
 * party amount, posting line and control total negated, line texts marked with `textPrefix` — so
 * a stored run plus its reversal nets to zero for every party and every account line.
 */
export function reversePeriodSettlement(s: PeriodSettlement, textPrefix = 'Tilbageførsel: '): PeriodSettlement {
  return {
    period: s.period,
    settlements: s.settlements.map((x) => ({ ...x, settlement: reverseSettlement(x.settlement, textPrefix) })),
    obligations: s.obligations.map((o) => ({ ...o, amountOre: negOre(o.amountOre) })),
    files: s.files.map((f) => ({
      party: f.party,
      lines: f.lines.map((l) => ({ ...l, amountOre: negOre(l.amountOre), text: `${textPrefix}${l.text}` })),
      controlTotalOre: negOre(f.controlTotalOre),
      lineCount: f.lineCount,
    })),
    ...(s.clusterName !== undefined ? { clusterName: s.clusterName } : {}),
  };
}

export const POSTING_COLUMNS = [
  'Part', 'Partnavn', 'Kontoplan', 'Konto', 'Hovedkonto', 'Hovedfunktion', 'Funktion', 'Dranst', 'Art', 'Artstekst', 'Artskilde',
  'Beløb (øre)', 'Beløb (kr.)', 'Modpart', 'Modpartnavn', 'Klynge', 'Indsatsnr.', 'Indsatsnavn', 'Periode', 'Tekst',
] as const;

/** Index (0-based) of the øre amount column in POSTING_COLUMNS. */
export const POSTING_ORE_COLUMN = POSTING_COLUMNS.indexOf('Beløb (øre)');

/** A stored line of a run from before issue 9 lacks the whole account and the number; rebuild what can be. */
function accountOf(l: PostingFileLine): string {
  const stored = (l as { account?: string }).account;
  return stored ?? [l.mainAccount, l.mainFunction, l.function].filter((x) => x !== '').join('.');
}

/** The cells of a posting line in POSTING_COLUMNS order; user text made spreadsheet-safe. */
export function postingRow(l: PostingFileLine, clusterName = ''): (string | number)[] {
  const t = spreadsheetText;
  return [
    l.party, t(l.partyName), l.accountSystem, accountOf(l), l.mainAccount, l.mainFunction, l.function, l.dranst, (l as { art: string | null }).art ?? '', t(l.artText), t((l as { artSource?: string }).artSource ?? ''),
    l.amountOre, formatOre(l.amountOre), l.counterparty, t(l.counterpartyName), t(clusterName), (l as { initiativeNumber?: string }).initiativeNumber ?? '', t(l.initiativeTitle), l.period, t(l.text),
  ];
}

/**
 * A party's posting file as CSV (`;`, Danish amounts; øre as an integer column too so nothing is
 * lost), ending with a control line: number of lines and the control total.
 */
export function postingFileCsv(file: PartyPostingFile, clusterName = ''): string {
  return '\ufeff' + formatCsv(postingFileRows(file, clusterName));
}

/** The posting file's rows: header, lines, control line (the server writes them through its CSV adapter). */
export function postingFileRows(file: PartyPostingFile, clusterName = ''): (string | number)[][] {
  const control: (string | number)[] = POSTING_COLUMNS.map(() => '');
  control[0] = 'Kontrolsum';
  control[1] = `${String(file.lineCount)} linjer`;
  control[POSTING_ORE_COLUMN] = file.controlTotalOre;
  control[POSTING_ORE_COLUMN + 1] = formatOre(file.controlTotalOre);
  return [[...POSTING_COLUMNS], ...file.lines.map((l) => postingRow(l, clusterName)), control];
}
