import { DomainError } from './errors.ts';

/**
 * The charts of accounts (kontoplaner) a posting line is booked in, and which type of expenditure
 * (art) each kind of settlement line gets in each chart. Pure data: the installation's mapping is
 * read from the database and passed in; the defaults below are what a fresh database is seeded with
 * (migration 0007) and what the CLI uses.
 *
 * Source of the municipal codes: "Budget- og regnskabssystem for kommuner" (Indenrigs- og
 * Boligministeriet, budregn.im.dk), the authorised type-of-expenditure list (arter): 4.0
 * Tjenesteydelser uden moms, 4.6 Betalinger til staten, 4.7 Betalinger til kommuner, 4.8
 * Betalinger til regioner; 7.7 Betalinger fra kommuner, 7.8 Betalinger fra regioner. Seed 002 names
 * function 4.62.88 Sundhedsfremme og forebyggelse.
 *
 * The regional chart ("Budget- og regnskabssystem for regioner") is the region's own: its defaults
 * are seeded with the same type-of-expenditure numbers, but marked unconfirmed until the region
 * (or the installation's administrator on its behalf) confirms or corrects them — the files say so
 * on every regional line.
 */

/** Which chart of accounts a posting line belongs to (kommunal / regional kontoplan). */
export type AccountSystem = 'kommunal' | 'regional';

export const ACCOUNT_SYSTEMS: readonly AccountSystem[] = ['kommunal', 'regional'];

/** What a posting line is for (konteringsformål); each maps to one art per chart. */
export type PostingPurpose = 'own-expense' | 'payment-to-municipality' | 'payment-to-region' | 'income-from-municipality' | 'income-from-region';

export const POSTING_PURPOSES: readonly PostingPurpose[] = ['own-expense', 'payment-to-municipality', 'payment-to-region', 'income-from-municipality', 'income-from-region'];

export const PURPOSE_LABEL: Readonly<Record<PostingPurpose, string>> = {
  'own-expense': 'Den udførende parts egen udgift til indsatsen',
  'payment-to-municipality': 'Betaling af andel til en udførende kommune',
  'payment-to-region': 'Betaling af andel til en udførende region',
  'income-from-municipality': 'Indtægt fra en betalende kommune',
  'income-from-region': 'Indtægt fra en betalende region',
};

/** The art (artskonto) a purpose is booked on in one chart. */
export interface ArtMapping {
  /** Art, e.g. 4.7 — digits and dots only. */
  readonly art: string;
  /** Artstekst, e.g. "Betalinger til kommuner". */
  readonly text: string;
  /** Where the code comes from / what to check (shown in the posting file as "Artskilde"). */
  readonly note: string;
  /** Confirmed by the chart's owner (the region for the regional chart). */
  readonly confirmed: boolean;
}

/** One chart of accounts' posting set-up (konteringsopsætning). */
export interface ChartOfAccounts {
  readonly system: AccountSystem;
  readonly name: string;
  /** Function (funktion/konto) used when the initiative names none; kept whole, e.g. 4.62.88. */
  readonly defaultFunction: string;
  /** Dranst: 1 = drift. */
  readonly dranst: string;
  readonly arts: Readonly<Record<PostingPurpose, ArtMapping>>;
}

export interface PostingCharts {
  readonly kommunal: ChartOfAccounts;
  readonly regional: ChartOfAccounts;
}

const MUNICIPAL_SOURCE = 'Budget- og regnskabssystem for kommuner, autoriserede arter';
const REGIONAL_SOURCE = 'Regionens kontoplan: standard, afventer regionens bekræftelse';

/** What a fresh installation is seeded with (the same rows as migration 0007). */
export const DEFAULT_POSTING_CHARTS: PostingCharts = {
  kommunal: {
    system: 'kommunal',
    name: 'Budget- og regnskabssystem for kommuner',
    defaultFunction: '4.62.88',
    dranst: '1',
    arts: {
      // The executing party's own cost is mostly bought services or staff; 4.0 is the default the
      // finance officer changes (e.g. to 1.0 Lønninger) where the cost was booked otherwise.
      'own-expense': { art: '4.0', text: 'Tjenesteydelser uden moms', note: `${MUNICIPAL_SOURCE} (standard for udgiften; ret efter den faktiske art)`, confirmed: true },
      'payment-to-municipality': { art: '4.7', text: 'Betalinger til kommuner', note: MUNICIPAL_SOURCE, confirmed: true },
      'payment-to-region': { art: '4.8', text: 'Betalinger til regioner', note: MUNICIPAL_SOURCE, confirmed: true },
      'income-from-municipality': { art: '7.7', text: 'Betalinger fra kommuner', note: MUNICIPAL_SOURCE, confirmed: true },
      'income-from-region': { art: '7.8', text: 'Betalinger fra regioner', note: MUNICIPAL_SOURCE, confirmed: true },
    },
  },
  regional: {
    system: 'regional',
    name: 'Budget- og regnskabssystem for regioner',
    // Hovedkonto 1 Sundhed, 1.60.41 Øvrige udgifter og indtægter (Danmarks Statistik REGR55); only
    // used when the initiative names no regional account, and unconfirmed like the arts.
    defaultFunction: '1.60.41',
    dranst: '1',
    arts: {
      'own-expense': { art: '4.0', text: 'Tjenesteydelser uden moms', note: REGIONAL_SOURCE, confirmed: false },
      'payment-to-municipality': { art: '4.7', text: 'Betalinger til kommuner', note: REGIONAL_SOURCE, confirmed: false },
      'payment-to-region': { art: '4.8', text: 'Betalinger til regioner', note: REGIONAL_SOURCE, confirmed: false },
      'income-from-municipality': { art: '7.7', text: 'Betalinger fra kommuner', note: REGIONAL_SOURCE, confirmed: false },
      'income-from-region': { art: '7.8', text: 'Betalinger fra regioner', note: REGIONAL_SOURCE, confirmed: false },
    },
  },
};

const CODE = /^\d+(\.\d+)*$/;
const SYSTEM_LABEL: Record<AccountSystem, string> = { kommunal: 'den kommunale kontoplan', regional: 'den regionale kontoplan' };

/** Checks a chart before it is stored: every code digits and dots, every text given; names the field. */
export function validateChart(chart: ChartOfAccounts): void {
  const where = SYSTEM_LABEL[chart.system];
  const code = (value: string, field: string, max: number): void => {
    if (!CODE.test(value) || value.length > max) {
      throw new DomainError('chart.code', `${field} i ${where} skal skrives med tal og punktum (fx 4.7), men er "${value}".`, { field });
    }
  };
  code(chart.defaultFunction, 'Standardfunktionen', 40);
  code(chart.dranst, 'Dranst', 4);
  for (const purpose of POSTING_PURPOSES) {
    const a = chart.arts[purpose] as ArtMapping | undefined;
    if (!a) throw new DomainError('chart.missing-art', `Arten for "${PURPOSE_LABEL[purpose]}" mangler i ${where}.`, { purpose });
    code(a.art, `Arten for "${PURPOSE_LABEL[purpose]}"`, 10);
    if (a.text.trim() === '' || a.text.length > 200) {
      throw new DomainError('chart.art-text', `Artsteksten for "${PURPOSE_LABEL[purpose]}" i ${where} skal udfyldes (højst 200 tegn).`, { purpose });
    }
    if (a.note.length > 300) throw new DomainError('chart.note', `Bemærkningen for "${PURPOSE_LABEL[purpose]}" i ${where} er for lang (højst 300 tegn).`, { purpose });
  }
}

/** The chart a party of this kind books in. */
export function chartFor(charts: PostingCharts, kind: 'municipality' | 'region'): ChartOfAccounts {
  return kind === 'region' ? charts.regional : charts.kommunal;
}
