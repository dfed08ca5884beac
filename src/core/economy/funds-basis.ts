import { distribute, explainRow, type Distribution, type DistributionUnit, type KeyEntry } from '../distribution.ts';
import { DomainError } from '../errors.ts';
import { addOre, formatInteger, formatKr, subOre, ZERO, type Øre } from '../money.ts';
import * as Q from '../rational.ts';
import type { Rational } from '../rational.ts';
import type { TabelMark } from '../register.ts';

/**
 * The basis of a cluster-year's funds per party (grundlag for klyngens midler): who contributes
 * what of the cluster's allocated common funds, and why.
 *
 * Seed 000 (B): "Midlerne kan fordeles af de bidragende kommuner og regionen på de enkelte
 * klynger." So the allocation run's split is a default the cluster may replace by a decision:
 * - computed (beregnet): the run's own per-municipality contributions (municipal population);
 * - provisional (foreløbig): the run used the cluster's total population (municipal figures
 *   incomplete), so the cluster's municipal amount is split provisionally over its contributing
 *   municipalities by the latest complete municipal population there is;
 * - agreed shares (aftalte andele): the municipal amount split by the shares the parties agreed;
 * - published (offentliggjort): the amounts of the published Tabel 1 adopted as the decided funds.
 * The region's amount is always the region's. Every split is one distribute() call, so the
 * contributions add up exactly to the cluster's allocated (or adopted) amount.
 * Members marked ** and *** (Tabel 2) are parties with no contribution.
 */

/** How a membership valid for part of the year counts (regel ved ændring i årets løb). */
export type MidYearRule = 'months' | 'whole-year';

export const MID_YEAR_RULE_LABEL: Readonly<Record<MidYearRule, string>> = {
  months: 'Efter antal måneders medlemskab (måneder/12)',
  'whole-year': 'Hele året for alle, der er medlem i årets løb',
};

/** A municipality's membership of the cluster in the year, as the funds basis needs it. */
export interface FundsMember {
  readonly code: string;
  readonly name: string;
  readonly mark: TabelMark;
  /** False for Tabel 2 ** and *** (common-funds basis `none`): a party that contributes nothing. */
  readonly contributes: boolean;
  /** First and last month of the membership within the year (1–12). */
  readonly fromMonth: number;
  readonly toMonth: number;
}

/** The cluster's row of the year's latest allocation run. */
export interface RunAmounts {
  readonly runId: string;
  readonly populationPeriod: string;
  readonly populationSource: 'municipal' | 'cluster-level';
  /** The run's own text on the population it used, with its source. */
  readonly populationText: string;
  readonly municipal: Øre;
  readonly regional: Øre;
  /** Per-municipality contributions of a municipal run (empty when cluster-level). */
  readonly byMunicipality: readonly { readonly code: string; readonly amount: Øre }[];
}

/** A complete municipal population (every contributing member has a basis), for the provisional split. */
export interface PopulationKey {
  readonly period: string;
  readonly source: string;
  /** Membership basis per municipality code (full, partial, remainder or weighted population). */
  readonly bases: ReadonlyMap<string, Rational>;
}

/** The cluster's decided basis for a year (a stored, audited record). */
export type FundsDecision =
  | { readonly kind: 'default'; readonly midYearRule: MidYearRule; readonly decisionReference: string }
  | { readonly kind: 'agreed-shares'; readonly shares: readonly { readonly party: string; readonly basis: Rational }[]; readonly midYearRule: MidYearRule; readonly decisionReference: string }
  | { readonly kind: 'published'; readonly municipal: Øre; readonly regional: Øre; readonly source: string; readonly midYearRule: MidYearRule; readonly decisionReference: string };

export interface FundsBasisInput {
  readonly year: number;
  readonly clusterName: string;
  readonly region: { readonly code: string; readonly name: string };
  readonly members: readonly FundsMember[];
  readonly run: RunAmounts | null;
  /** Needed when the run used the cluster's total population. */
  readonly provisionalKey: PopulationKey | null;
  readonly decision: FundsDecision | null;
}

export type FundsBasisStatus = 'not-allocated' | 'computed' | 'provisional' | 'agreed-shares' | 'published';

export const FUNDS_BASIS_LABEL: Readonly<Record<FundsBasisStatus, string>> = {
  'not-allocated': 'Ingen fordeling for året',
  computed: 'Beregnet (fordelingskørsel)',
  provisional: 'Foreløbig',
  'agreed-shares': 'Aftalte andele',
  published: 'Offentliggjort (Tabel 1)',
};

/** One party's funds for the year, with what it would be by the computed/provisional default. */
export interface FundsPartyRow {
  readonly party: string;
  readonly name: string;
  readonly kind: 'municipality' | 'region';
  readonly mark: TabelMark;
  readonly contributes: boolean;
  /** Months of membership in the year (12 for the region). */
  readonly months: number;
  readonly fromMonth: number;
  readonly toMonth: number;
  readonly amount: Øre;
  /** By the default (computed or provisional) basis. */
  readonly computed: Øre;
  /** amount − computed */
  readonly deviation: Øre;
  /** What the amount rests on, in one line. */
  readonly basisText: string;
  /** The figure's explanation: basis, share, exact quotient and rounding, and the source. */
  readonly explanation: string;
}

export interface FundsBasis {
  readonly year: number;
  readonly status: FundsBasisStatus;
  readonly label: string;
  readonly explanation: string;
  readonly warnings: readonly string[];
  readonly midYearRule: MidYearRule;
  readonly decisionReference: string | null;
  readonly runId: string | null;
  /** The cluster's funds for the year (allocated, or adopted from Tabel 1); null without an allocation. */
  readonly allocated: Øre | null;
  /** The default (computed/provisional) total, to compare an adopted total with. */
  readonly computedTotal: Øre | null;
  readonly municipal: Øre | null;
  readonly regional: Øre | null;
  readonly rows: readonly FundsPartyRow[];
  /** Contributions for the economy: every contributing party with a non-zero amount. */
  readonly contributions: readonly { readonly party: string; readonly amount: Øre }[];
}

/** The seed 000 sentence that lets the cluster's parties decide the split. */
export const SEED_000_AGREEMENT = 'Midlerne kan fordeles af de bidragende kommuner og regionen på de enkelte klynger.';

export function monthsOf(m: { fromMonth: number; toMonth: number }): number {
  return m.toMonth - m.fromMonth + 1;
}

export function validateMonths(fromMonth: number, toMonth: number): void {
  if (!Number.isInteger(fromMonth) || !Number.isInteger(toMonth) || fromMonth < 1 || toMonth > 12 || fromMonth > toMonth) {
    throw new DomainError('membership.validity', `Gyldighedsperioden skal være fra måned 1–12 til en måned, der ikke er før (fik ${String(fromMonth)}–${String(toMonth)}).`);
  }
}

function monthsText(m: { fromMonth: number; toMonth: number }): string {
  return monthsOf(m) === 12 ? 'hele året' : `måned ${String(m.fromMonth)}–${String(m.toMonth)} (${String(monthsOf(m))} mdr.)`;
}

/** The weight of a membership under the rule: months/12, or 1. */
export function monthWeight(m: { fromMonth: number; toMonth: number }, rule: MidYearRule): Rational {
  return rule === 'months' ? Q.rational(BigInt(monthsOf(m)), 12n) : Q.fromInteger(1);
}

const unitFor = (amount: Øre): DistributionUnit => (amount % 100 === 0 ? 'krone' : 'øre');

interface Split {
  readonly amounts: ReadonlyMap<string, Øre>;
  readonly texts: ReadonlyMap<string, string>;
}

function splitBy(amount: Øre, key: readonly KeyEntry[], describe: (party: string) => string): Split {
  const d: Distribution = distribute(amount, key, unitFor(amount));
  return {
    amounts: new Map(d.rows.map((r) => [r.party, r.amount])),
    texts: new Map(d.rows.map((r) => [r.party, `${describe(r.party)}. ${explainRow(r, d)}.`])),
  };
}

/**
 * The default split of a municipal amount over the contributing members: the run's own
 * contributions (municipal run) or the provisional population key (cluster-level run), each
 * weighted by months of membership when the rule says so. Untouched run contributions are used
 * as they are when nobody's weight differs from 1 and the amount is the run's own.
 */
function defaultSplit(input: FundsBasisInput, run: RunAmounts, amount: Øre, rule: MidYearRule): Split & { provisional: boolean } {
  const contributors = input.members.filter((m) => m.contributes);
  if (contributors.length === 0) throw new DomainError('economy.no-contributors', `${input.clusterName} har ingen bidragende kommuner i ${String(input.year)}.`);
  const partYear = contributors.filter((m) => rule === 'months' && monthsOf(m) < 12);
  if (run.populationSource === 'municipal') {
    const runAmount = (code: string): Øre => run.byMunicipality.find((b) => b.code === code)?.amount ?? ZERO;
    if (partYear.length === 0 && amount === run.municipal) {
      return {
        provisional: false,
        amounts: new Map(contributors.map((m) => [m.code, runAmount(m.code)])),
        texts: new Map(contributors.map((m) => [m.code, `Kommunens bidrag i fordelingskørsel ${run.runId} (${run.populationText}).`])),
      };
    }
    const key = contributors.map((m) => ({ party: m.code, basis: Q.mul(Q.fromInteger(runAmount(m.code)), monthWeight(m, rule)) }));
    const split = splitBy(amount, key, (code) => {
      const m = contributors.find((c) => c.code === code);
      return `Grundlag: kommunens bidrag i fordelingskørsel ${run.runId} (${formatKr(runAmount(code))})${m && rule === 'months' && monthsOf(m) < 12 ? ` × ${String(monthsOf(m))}/12 måneders medlemskab` : ''}`;
    });
    return { ...split, provisional: false };
  }
  const key = input.provisionalKey;
  if (!key) {
    throw new DomainError('economy.no-population-key', `${input.clusterName}: der findes intet fuldstændigt kommunalt befolkningstal at fordele kommunernes beløb efter i ${String(input.year)}.`);
  }
  const missing = contributors.filter((m) => !key.bases.has(m.code));
  if (missing.length > 0) {
    throw new DomainError('economy.no-population-key', `${input.clusterName}: befolkningstallet ${key.period} mangler ${missing.map((m) => m.name).join(', ')}.`);
  }
  const entries = contributors.map((m) => ({ party: m.code, basis: Q.mul(key.bases.get(m.code) ?? Q.fromInteger(0), monthWeight(m, rule)) }));
  const split = splitBy(amount, entries, (code) => {
    const m = contributors.find((c) => c.code === code);
    const pop = key.bases.get(code) ?? Q.fromInteger(0);
    return `Foreløbigt grundlag: indbyggertal ${pop.den === 1n ? formatInteger(Number(pop.num)) : Q.toDecimalString(pop, 2)} (${key.period})${m && rule === 'months' && monthsOf(m) < 12 ? ` × ${String(monthsOf(m))}/12 måneders medlemskab` : ''}`;
  });
  return { ...split, provisional: true };
}

function validateShares(input: FundsBasisInput, shares: readonly { party: string; basis: Rational }[]): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const s of shares) {
    const m = input.members.find((x) => x.code === s.party);
    if (s.party === input.region.code) problems.push(`${input.region.name}: regionens beløb er regionens og fordeles ikke efter kommunernes andele.`);
    else if (!m) problems.push(`Parten "${s.party}" er ikke medlem af ${input.clusterName} i ${String(input.year)}.`);
    else if (!m.contributes) problems.push(`${m.name} (Tabel 2 ${m.mark || 'uden bidrag'}) bidrager ikke til de fælles midler og kan ikke have en andel.`);
    if (seen.has(s.party)) problems.push(`Parten "${s.party}" står mere end én gang.`);
    seen.add(s.party);
    if (s.basis.num < 0n) problems.push(`Andelen for "${s.party}" er negativ.`);
  }
  const missing = input.members.filter((m) => m.contributes && !seen.has(m.code));
  if (missing.length > 0) problems.push(`Der mangler en andel for ${missing.map((m) => m.name).join(', ')} (skriv 0, hvis kommunen ikke skal bidrage).`);
  if (problems.length === 0 && shares.every((s) => Q.isZero(s.basis))) problems.push('Mindst én andel skal være større end 0.');
  if (problems.length > 0) throw new DomainError('funds-basis.shares', `De aftalte andele kan ikke bruges: ${problems.join(' ')}`, { problems });
}

/**
 * The cluster-year's funds per party. Throws DomainError for a decision that cannot apply (e.g.
 * shares for a non-contributing member); the caller refuses such a decision before storing it.
 */
export function fundsBasis(input: FundsBasisInput): FundsBasis {
  const rule: MidYearRule = input.decision?.midYearRule ?? 'months';
  const warnings: string[] = [];
  const memberRow = (m: FundsMember, amount: Øre, computed: Øre, basisText: string, explanation: string): FundsPartyRow => ({
    party: m.code,
    name: m.name,
    kind: 'municipality',
    mark: m.mark,
    contributes: m.contributes,
    months: monthsOf(m),
    fromMonth: m.fromMonth,
    toMonth: m.toMonth,
    amount,
    computed,
    deviation: subOre(amount, computed),
    basisText,
    explanation,
  });
  const nonContributing = (m: FundsMember): string =>
    `Tabel 2 ${m.mark || '(uden bidrag)'}: deltager uden at bidrage til de fælles midler; part i økonomien, som kan tilføre lokale midler og udføre indsatser, men får og betaler ingen fælles midler.`;
  const run = input.run;
  if (!run) {
    return {
      year: input.year,
      status: 'not-allocated',
      label: FUNDS_BASIS_LABEL['not-allocated'],
      explanation: `Der er ingen fordelingskørsel for ${String(input.year)}, så klyngen har endnu ingen fælles midler for året. Tal fra et andet år genbruges ikke: indlæs FOLK1A for ${String(input.year)}, og beregn årets fordeling.`,
      warnings,
      midYearRule: rule,
      decisionReference: input.decision?.decisionReference ?? null,
      runId: null,
      allocated: null,
      computedTotal: null,
      municipal: null,
      regional: null,
      rows: [
        ...input.members.map((m) => memberRow(m, ZERO, ZERO, m.contributes ? 'ingen fordeling endnu' : 'bidrager ikke', m.contributes ? 'Ingen fordelingskørsel for året.' : nonContributing(m))),
        { party: input.region.code, name: input.region.name, kind: 'region', mark: '', contributes: true, months: 12, fromMonth: 1, toMonth: 12, amount: ZERO, computed: ZERO, deviation: ZERO, basisText: 'ingen fordeling endnu', explanation: 'Ingen fordelingskørsel for året.' },
      ],
      contributions: [],
    };
  }
  if (!run.populationPeriod.startsWith(String(input.year))) {
    warnings.push(`Fordelingskørsel ${run.runId} for ${String(input.year)} bygger på befolkningstal fra ${run.populationPeriod}, ikke fra ${String(input.year)}.`);
  }
  const partYear = input.members.filter((m) => monthsOf(m) < 12);
  if (partYear.length > 0) {
    warnings.push(
      `Medlemskab i en del af året: ${partYear.map((m) => `${m.name} ${monthsText(m)}`).join(', ')}. Regel: ${MID_YEAR_RULE_LABEL[rule]}${rule === 'months' ? '' : ' (ingen månedsvægt)'}.`,
    );
  }
  const byDefault = defaultSplit(input, run, run.municipal, rule);
  const computedTotal = addOre(run.municipal, run.regional);
  const decision = input.decision;
  let status: FundsBasisStatus = byDefault.provisional ? 'provisional' : 'computed';
  let municipalAmounts = byDefault.amounts;
  let municipalTexts = byDefault.texts;
  let municipal = run.municipal;
  let regional = run.regional;
  let regionalText = `Regionens beløb til klyngen i fordelingskørsel ${run.runId}: regionens andel fordelt på dens klynger efter befolkningstal.`;
  let explanation: string;
  if (decision?.kind === 'agreed-shares') {
    validateShares(input, decision.shares);
    status = 'agreed-shares';
    const shareOf = (code: string): Rational => decision.shares.find((s) => s.party === code)?.basis ?? Q.fromInteger(0);
    const split = splitBy(
      run.municipal,
      input.members.filter((m) => m.contributes).map((m) => ({ party: m.code, basis: shareOf(m.code) })),
      (code) => `Aftalt andel ${Q.toFractionString(shareOf(code))} (${decision.decisionReference})`,
    );
    municipalAmounts = split.amounts;
    municipalTexts = split.texts;
    explanation = `Kommunernes beløb ${formatKr(run.municipal)} (fordelingskørsel ${run.runId}) er fordelt efter de andele, klyngens parter har aftalt (${decision.decisionReference}); regionens beløb er regionens. Seed 000: "${SEED_000_AGREEMENT}" De aftalte andele gælder som aftalt, uden månedsvægt.`;
  } else if (decision?.kind === 'published') {
    status = 'published';
    municipal = decision.municipal;
    regional = decision.regional;
    const split = defaultSplit(input, run, decision.municipal, rule);
    municipalAmounts = split.amounts;
    municipalTexts = new Map([...split.texts].map(([k, v]) => [k, `Tabel 1's kommunebeløb ${formatKr(decision.municipal)} fordelt med samme nøgle som ${byDefault.provisional ? 'den foreløbige fordeling' : 'kørslen'}. ${v}`]));
    regionalText = `Regionens beløb til klyngen i den offentliggjorte Tabel 1 (${decision.source}).`;
    explanation = `Klyngen har vedtaget de offentliggjorte beløb i Tabel 1 (${decision.source}) som sine midler (${decision.decisionReference}): kommunerne ${formatKr(decision.municipal)}, regionen ${formatKr(decision.regional)}. Afvigelsen fra fordelingskørsel ${run.runId} vises pr. part.`;
  } else if (byDefault.provisional) {
    const key = input.provisionalKey;
    explanation = `FORELØBIG: Fordelingskørsel ${run.runId} brugte klyngens samlede befolkningstal (${run.populationText}), fordi ikke alle medlemskommuners tal for ${run.populationPeriod} kendes. Kommunernes beløb ${formatKr(run.municipal)} er derfor foreløbigt fordelt på de bidragende kommuner efter det seneste fuldstændige kommunale befolkningstal${key ? ` (${key.period}: ${key.source})` : ''}. Det gælder, indtil klyngen registrerer aftalte andele eller vedtager Tabel 1's beløb, eller FOLK1A ${run.populationPeriod} for alle kommuner indlæses og fordelingen beregnes igen.`;
  } else {
    explanation = `Beregnet: kommunernes bidrag pr. kommune og regionens beløb fra fordelingskørsel ${run.runId} (${run.populationText}).${partYear.length > 0 && rule === 'months' ? ' Kommunernes beløb er fordelt igen med kørslens bidrag vægtet med måneders medlemskab.' : ''}`;
  }
  const rows: FundsPartyRow[] = input.members.map((m) => {
    if (!m.contributes) return memberRow(m, ZERO, ZERO, 'bidrager ikke (Tabel 2)', nonContributing(m));
    const amount = municipalAmounts.get(m.code) ?? ZERO;
    const computed = byDefault.amounts.get(m.code) ?? ZERO;
    const basisText = status === 'agreed-shares' ? 'aftalt andel' : status === 'published' ? 'Tabel 1' : byDefault.provisional ? `foreløbig: befolkning ${input.provisionalKey?.period ?? ''}` : 'fordelingskørsel';
    return memberRow(m, amount, computed, `${basisText}, ${monthsText(m)}`, municipalTexts.get(m.code) ?? '');
  });
  rows.push({
    party: input.region.code,
    name: input.region.name,
    kind: 'region',
    mark: '',
    contributes: true,
    months: 12,
    fromMonth: 1,
    toMonth: 12,
    amount: regional,
    computed: run.regional,
    deviation: subOre(regional, run.regional),
    basisText: status === 'published' ? 'Tabel 1' : 'fordelingskørsel',
    explanation: regionalText,
  });
  const allocated = addOre(municipal, regional);
  const sum = addOre(ZERO, ...rows.map((r) => r.amount));
  if (sum !== allocated) {
    // Cannot happen: every split is one distribute() call. Kept as the law the figures rest on.
    throw new DomainError('economy.contributions-mismatch', `Parternes bidrag (${formatKr(sum)}) svarer ikke til klyngens midler (${formatKr(allocated)}).`);
  }
  return {
    year: input.year,
    status,
    label: FUNDS_BASIS_LABEL[status],
    explanation,
    warnings,
    midYearRule: rule,
    decisionReference: decision?.decisionReference ?? null,
    runId: run.runId,
    allocated,
    computedTotal,
    municipal,
    regional,
    rows,
    contributions: rows.filter((r) => r.contributes && r.amount !== 0).map((r) => ({ party: r.party, amount: r.amount })),
  };
}
