import { createContext, useContext } from 'react';
import type { Message } from './message.ts';
import { adminDa, adminEn } from './admin.ts';
import { followUpDa, followUpEn } from './follow-up.ts';
import { keyFiguresDa, keyFiguresEn } from './key-figures.ts';
import { shellDa, shellEn } from './shell.ts';
import { overviewDa, overviewEn } from './overview.ts';

/** The interface languages: Danish (default) and English. */
export type Lang = 'da' | 'en';

const da = {
  'app.name': 'Klynge',
  'app.tagline': 'Fælles økonomi og opfølgning for sundhedsklyngerne',
  'skip': 'Gå til indhold',
  'lang.switch': 'English',
  'lang.switchLabel': 'Skift sprog til engelsk',
  'nav.label': 'Hovedmenu',
  'nav.start': 'Forside',
  'nav.register': 'Register',
  'nav.population': 'Indbyggertal',
  'nav.allocation': 'Fordeling',
  'nav.cofinancing': 'Sekretariat',
  'nav.economy': 'Økonomi',
  'user.signedInAs': 'Logget ind som',
  'logout': 'Log ud',
  'loading': 'Henter …',
  'error.heading': 'Der opstod en fejl',
  'error.network': 'Serveren kunne ikke nås. Prøv igen om lidt.',
  'error.unexpected': 'Der opstod en uventet fejl. Prøv igen, eller kontakt support.',
  'error.forbidden': 'Du har ikke adgang til denne side.',
  'login.title': 'Log ind',
  'login.intro': 'Log ind med dit brugernavn og din adgangskode.',
  'login.username': 'Brugernavn',
  'login.password': 'Adgangskode',
  'login.submit': 'Log ind',
  'login.oidc': 'Log ind med {label}',
  'login.failed': 'Log ind mislykkedes',
  'start.title': 'Velkommen, {name}',
  'start.roles': 'Dine roller',
  'start.noRoles': 'Du har endnu ingen roller i Klynge og kan derfor ikke se nogen data. Kontakt en administrator.',
  'start.tasks': 'Det kan du gøre her',
  'role.system-admin': 'Systemadministrator',
  'role.cluster-secretariat': 'Klyngesekretariat',
  'role.finance-officer': 'Økonomimedarbejder',
  'role.ssu-member': 'Medlem af sundhedssamarbejdsudvalget',
  'role.national-reader': 'National læser',
  'scope.all': 'alle',
  'task.register': 'Se registret: regioner, klynger og deres kommuner pr. år.',
  'task.registerEdit': 'Ret deltagelse og fordelingsgrundlag i registret.',
  'task.population': 'Indlæs indbyggertal (FOLK1A) fra Danmarks Statistik.',
  'task.allocation': 'Se årets fordeling af de fælles midler (Bilag 1) og hent den som regneark.',
  'task.cofinancing': 'Beregn kommunernes medfinansiering af klyngens sekretariat.',
  'year': 'År',
  'register.title': 'Register',
  'register.intro': 'Regioner, klynger og deltagende kommuner for det valgte år.',
  'register.municipality': 'Kommune',
  'register.code': 'Kode',
  'register.political': 'Politisk',
  'register.administrative': 'Administrativ',
  'register.commonFunds': 'Fælles midler',
  'register.secretariat': 'Sekretariat',
  'register.note': 'Bemærkning',
  'register.mark': 'Mærke i Tabel 2',
  'register.markHint': 'Mærket bestemmer deltagelsen: vælg det rigtige mærke, før du ændrer politisk eller administrativ deltagelse.',
  'register.noMark': 'Intet mærke',
  'register.edit': 'Ret',
  'register.editTitle': 'Ret deltagelse for {name}',
  'register.save': 'Gem',
  'register.cancel': 'Annuller',
  'register.saved': 'Ændringen er gemt.',
  'register.conflict': 'Nogen har ændret {name}, mens du rettede. Siden viser nu den nyeste version — ret igen, hvis det stadig er nødvendigt.',
  'register.members': 'Medlemmer af {name}',
  'yes': 'Ja',
  'no': 'Nej',
  'basis.population': 'Indbyggertal',
  'basis.partial': 'Del af kommunen',
  'basis.weight': 'Vægtet',
  'basis.remainder': 'Resten af kommunen',
  'basis.none': 'Bidrager ikke',
  'population.title': 'Indbyggertal',
  'population.intro': 'Indlæs en FOLK1A-fil fra Danmarks Statistik (CSV). Du ser ændringerne, før noget gemmes.',
  'population.periods': 'Indlæste perioder',
  'population.period': 'Periode',
  'population.source': 'Kilde',
  'population.municipalities': 'Kommuner',
  'population.total': 'Indbyggere i alt',
  'population.importedAt': 'Indlæst',
  'population.importedBy': 'Indlæst af',
  'population.none': 'Der er endnu ikke indlæst indbyggertal.',
  'population.file': 'FOLK1A-fil (CSV)',
  'population.fileHint': 'Filen skal have én linje pr. kommune med kommunekode og indbyggertal.',
  'population.upload': 'Vis ændringer',
  'population.preview': 'Ændringer i {period}',
  'population.previewIntro': { one: '{count} kommune ændres. Intet er gemt endnu.', other: '{count} kommuner ændres. Intet er gemt endnu.' },
  'population.old': 'Før',
  'population.new': 'Efter',
  'population.confirm': 'Gem indbyggertal',
  'population.discard': 'Fortryd',
  'population.confirmed': { one: '{count} indbyggertal for {period} er gemt.', other: '{count} indbyggertal for {period} er gemt.' },
  'population.errors': 'Filen blev ikke indlæst. Ret disse linjer og prøv igen:',
  'population.line': 'Linje',
  'population.message': 'Fejl',
  'population.chooseFile': 'Vælg en fil først.',
  'allocation.title': 'Fordeling af fælles midler {year}',
  'allocation.intro': 'Bilag 1, Tabel 1: hver regions og klynges andel. Vælg et beløb for at se, hvordan det er beregnet.',
  'allocation.none': 'Der er endnu ikke beregnet en fordeling for {year}.',
  'allocation.caption': 'Fordeling af de fælles midler {year} (kr.)',
  'allocation.area': 'Region / klynge',
  'allocation.municipal': 'Kommuner',
  'allocation.regional': 'Region',
  'allocation.total': 'I alt',
  'allocation.population': 'Indbyggere',
  'allocation.perInhabitant': 'Kr. pr. indbygger',
  'allocation.grandTotal': 'Hele landet',
  'allocation.run': 'Beregnet {at} af {by}',
  'allocation.download': 'Hent som',
  'allocation.explainButton': '{amount} kr. — vis beregning af {column} for {area}',
  'allocation.compute': 'Beregn fordeling',
  'explain.title': '{column}: {area}',
  'explain.close': 'Luk',
  'explain.amount': 'Beløb',
  'explain.basis': 'Grundlag',
  'explain.totalBasis': 'Grundlag i alt',
  'explain.share': 'Andel',
  'explain.exact': 'Eksakt kvotient',
  'explain.floor': 'Nedrundet',
  'explain.remainder': 'Restfordeling',
  'explain.remainderYes': '+1 (nr. {rank} i restfordelingen)',
  'explain.remainderNo': 'Ingen restenhed',
  'explain.rule': 'Afrundingsregel',
  'explain.text': 'Forklaring',
  'explain.sum': 'Summen af underliggende beløb',
  'explain.rows': 'Kommunernes bidrag',
  'explain.municipality': 'Kommune',
  'explain.municipal': 'Kommuner',
  'explain.regional': 'Region',
  'cofinancing.title': 'Medfinansiering af sekretariatet',
  'cofinancing.intro': 'Objektiv medfinansiering: sekretariatsudgiften fordeles mellem klyngens kommuner efter indbyggertal.',
  'cofinancing.cluster': 'Klynge',
  'cofinancing.cost': 'Udgift (kr.)',
  'cofinancing.costHint': 'Fx 370.000 for ½ årsværk.',
  'cofinancing.calculate': 'Beregn',
  'cofinancing.caption': 'Medfinansiering af {cost} for {cluster}, {year}',
  'cofinancing.share': 'Befolkningsandel',
  'cofinancing.amount': 'Beløb (kr.)',
  'cofinancing.sum': 'I alt',
  'cofinancing.basisNote': 'Sådan tæller kommunen',
  'cofinancing.decideTitle': 'Beslut medfinansieringen',
  'cofinancing.decideIntro': 'Gem beregningen af {cost} som klyngens besluttede medfinansiering af sekretariatet for {year}. En ny beslutning for samme år erstatter den gamle; den gamle ligger i revisionssporet.',
  'cofinancing.decisionReference': 'Beslutning',
  'cofinancing.decisionReferenceHint': 'Hvor blev fordelingen besluttet? Fx "Politisk møde 12.09.2022, pkt. 4".',
  'cofinancing.decidedOn': 'Beslutningsdato',
  'cofinancing.save': 'Gem beslutning',
  'cofinancing.saved': 'Medfinansieringen er gemt.',
  'cofinancing.recordTitle': 'Besluttet medfinansiering: {cluster}, {year}',
  'cofinancing.population': 'Befolkningstal',
  'cofinancing.savedBy': 'Gemt af',
  'cofinancing.downloadXlsx': 'Hent som Excel (xlsx)',
  'cofinancing.downloadCsv': 'Hent som CSV',
  'cofinancing.print': 'Udskriv',
  'notFound.title': 'Siden findes ikke',
  'notFound.back': 'Gå til forsiden',
  'action.cancel': 'Annullér',
  'action.confirmHeading': 'Før du fortsætter',
  // Governance and follow-up (issue 5): src/web/lib/text/follow-up.ts.
  ...followUpDa,
  // The administrator's screens: src/web/lib/text/admin.ts.
  ...adminDa,
  // Key figures, scenarios, StatBank (issue 14): src/web/lib/text/key-figures.ts.
  ...keyFiguresDa,
  // The page shell (phone menu, scroll regions): src/web/lib/text/shell.ts.
  ...shellDa,
  // Overviews (issue 12): src/web/lib/text/overview.ts.
  ...overviewDa,
} as const;

export type MessageKey = keyof typeof da;

const en: Record<MessageKey, Message> = {
  'app.name': 'Klynge',
  'app.tagline': 'Shared economy and follow-up for the health clusters',
  'skip': 'Skip to content',
  'lang.switch': 'Dansk',
  'lang.switchLabel': 'Switch language to Danish',
  'nav.label': 'Main menu',
  'nav.start': 'Home',
  'nav.register': 'Register',
  'nav.population': 'Population',
  'nav.allocation': 'Allocation',
  'nav.cofinancing': 'Secretariat',
  'nav.economy': 'Economy',
  'user.signedInAs': 'Signed in as',
  'logout': 'Sign out',
  'loading': 'Loading …',
  'error.heading': 'Something went wrong',
  'error.network': 'The server could not be reached. Please try again shortly.',
  'error.unexpected': 'An unexpected error occurred. Please try again or contact support.',
  'error.forbidden': 'You do not have access to this page.',
  'login.title': 'Sign in',
  'login.intro': 'Sign in with your user name and password.',
  'login.username': 'User name',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.oidc': 'Sign in with {label}',
  'login.failed': 'Sign-in failed',
  'start.title': 'Welcome, {name}',
  'start.roles': 'Your roles',
  'start.noRoles': 'You have no roles in Klynge yet, so you cannot see any data. Please contact an administrator.',
  'start.tasks': 'What you can do here',
  'role.system-admin': 'System administrator',
  'role.cluster-secretariat': 'Cluster secretariat',
  'role.finance-officer': 'Finance officer',
  'role.ssu-member': 'Member of the health collaboration committee (SSU)',
  'role.national-reader': 'National reader',
  'scope.all': 'all',
  'task.register': 'See the register: regions, clusters and their municipalities per year.',
  'task.registerEdit': 'Edit participation and distribution bases in the register.',
  'task.population': 'Import population figures (FOLK1A) from Statistics Denmark.',
  'task.allocation': "See the year's allocation of the common funds (Bilag 1) and download it as a spreadsheet.",
  'task.cofinancing': "Compute the municipalities' co-financing of the cluster secretariat.",
  'year': 'Year',
  'register.title': 'Register',
  'register.intro': 'Regions, clusters and participating municipalities for the chosen year.',
  'register.municipality': 'Municipality',
  'register.code': 'Code',
  'register.political': 'Political',
  'register.administrative': 'Administrative',
  'register.commonFunds': 'Common funds',
  'register.secretariat': 'Secretariat',
  'register.note': 'Note',
  'register.mark': 'Mark in Tabel 2',
  'register.markHint': 'The mark decides the participation: choose the right mark before changing political or administrative participation.',
  'register.noMark': 'No mark',
  'register.edit': 'Edit',
  'register.editTitle': 'Edit participation of {name}',
  'register.save': 'Save',
  'register.cancel': 'Cancel',
  'register.saved': 'The change has been saved.',
  'register.conflict': 'Someone changed {name} while you were editing. The page now shows the latest version — edit again if still needed.',
  'register.members': 'Members of {name}',
  'yes': 'Yes',
  'no': 'No',
  'basis.population': 'Population',
  'basis.partial': 'Part of the municipality',
  'basis.weight': 'Weighted',
  'basis.remainder': 'The rest of the municipality',
  'basis.none': 'Does not contribute',
  'population.title': 'Population',
  'population.intro': 'Import a FOLK1A file from Statistics Denmark (CSV). You see the changes before anything is saved.',
  'population.periods': 'Imported periods',
  'population.period': 'Period',
  'population.source': 'Source',
  'population.municipalities': 'Municipalities',
  'population.total': 'Total inhabitants',
  'population.importedAt': 'Imported',
  'population.importedBy': 'Imported by',
  'population.none': 'No population figures have been imported yet.',
  'population.file': 'FOLK1A file (CSV)',
  'population.fileHint': 'The file must have one line per municipality with municipality code and population.',
  'population.upload': 'Show changes',
  'population.preview': 'Changes in {period}',
  'population.previewIntro': { one: '{count} municipality changes. Nothing has been saved yet.', other: '{count} municipalities change. Nothing has been saved yet.' },
  'population.old': 'Before',
  'population.new': 'After',
  'population.confirm': 'Save population',
  'population.discard': 'Discard',
  'population.confirmed': { one: '{count} population figure for {period} has been saved.', other: '{count} population figures for {period} have been saved.' },
  'population.errors': 'The file was not imported. Fix these lines and try again:',
  'population.line': 'Line',
  'population.message': 'Error',
  'population.chooseFile': 'Choose a file first.',
  'allocation.title': 'Allocation of common funds {year}',
  'allocation.intro': "Bilag 1, Table 1: each region's and cluster's share. Choose an amount to see how it was computed.",
  'allocation.none': 'No allocation has been computed for {year} yet.',
  'allocation.caption': 'Allocation of the common funds {year} (DKK)',
  'allocation.area': 'Region / cluster',
  'allocation.municipal': 'Municipalities',
  'allocation.regional': 'Region',
  'allocation.total': 'Total',
  'allocation.population': 'Inhabitants',
  'allocation.perInhabitant': 'DKK per inhabitant',
  'allocation.grandTotal': 'All of Denmark',
  'allocation.run': 'Computed {at} by {by}',
  'allocation.download': 'Download as',
  'allocation.explainButton': '{amount} DKK — show how {column} for {area} was computed',
  'allocation.compute': 'Compute allocation',
  'explain.title': '{column}: {area}',
  'explain.close': 'Close',
  'explain.amount': 'Amount',
  'explain.basis': 'Basis',
  'explain.totalBasis': 'Total basis',
  'explain.share': 'Share',
  'explain.exact': 'Exact quotient',
  'explain.floor': 'Rounded down',
  'explain.remainder': 'Remainder',
  'explain.remainderYes': '+1 (no. {rank} in the remainder order)',
  'explain.remainderNo': 'No remainder unit',
  'explain.rule': 'Rounding rule',
  'explain.text': 'Explanation',
  'explain.sum': 'Sum of the underlying amounts',
  'explain.rows': 'The municipalities’ contributions',
  'explain.municipality': 'Municipality',
  'explain.municipal': 'Municipalities',
  'explain.regional': 'Region',
  'cofinancing.title': 'Co-financing of the secretariat',
  'cofinancing.intro': "Objective co-financing: the secretariat cost is split among the cluster's municipalities by population.",
  'cofinancing.cluster': 'Cluster',
  'cofinancing.cost': 'Cost (DKK)',
  'cofinancing.costHint': 'E.g. 370.000 for ½ FTE.',
  'cofinancing.calculate': 'Compute',
  'cofinancing.caption': 'Co-financing of {cost} for {cluster}, {year}',
  'cofinancing.share': 'Population share',
  'cofinancing.amount': 'Amount (DKK)',
  'cofinancing.sum': 'Total',
  'cofinancing.basisNote': 'How the municipality counts',
  'cofinancing.decideTitle': 'Decide the co-financing',
  'cofinancing.decideIntro': "Save the calculation of {cost} as the cluster's decided co-financing of the secretariat for {year}. A new decision for the same year replaces the old one; the old one stays in the audit trail.",
  'cofinancing.decisionReference': 'Decision',
  'cofinancing.decisionReferenceHint': 'Where was the split decided? E.g. "Political meeting 12.09.2022, item 4".',
  'cofinancing.decidedOn': 'Decision date',
  'cofinancing.save': 'Save decision',
  'cofinancing.saved': 'The co-financing is saved.',
  'cofinancing.recordTitle': 'Decided co-financing: {cluster}, {year}',
  'cofinancing.population': 'Population figures',
  'cofinancing.savedBy': 'Saved by',
  'cofinancing.downloadXlsx': 'Download as Excel (xlsx)',
  'cofinancing.downloadCsv': 'Download as CSV',
  'cofinancing.print': 'Print',
  'notFound.title': 'Page not found',
  'notFound.back': 'Go to the home page',
  'action.cancel': 'Cancel',
  'action.confirmHeading': 'Before you continue',
  ...followUpEn,
  ...adminEn,
  ...keyFiguresEn,
  ...shellEn,
  ...overviewEn,
};

export const messages: Record<Lang, Record<MessageKey, Message>> = { da, en };

export type { Message, Plural } from './message.ts';

export type Params = Readonly<Record<string, string | number>>;

const pluralRules: Record<Lang, Intl.PluralRules> = { da: new Intl.PluralRules('da-DK'), en: new Intl.PluralRules('en-GB') };

/** Fills `{name}` placeholders; a plural message picks its form by `params.count` first. */
export function formatMessage(lang: Lang, message: Message, params: Params = {}): string {
  const count = params['count'];
  const text = typeof message === 'string' ? message : pluralRules[lang].select(typeof count === 'number' ? count : Number(count ?? 0)) === 'one' ? message.one : message.other;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** `translate('da', 'start.title', {name: 'Ane'})` → `Velkommen, Ane` */
export function translate(lang: Lang, key: MessageKey, params: Params = {}): string {
  return formatMessage(lang, messages[lang][key], params);
}

/**
 * A feature's own texts in the same mechanism as the app's: Danish defines the keys, English must
 * have every one of them (the type says so), and plurals work the same way. Returns the hook the
 * feature's components call: `const x = useText(); x('saved')`.
 */
export function defineTexts<K extends string>(texts: { da: Record<K, Message>; en: Record<K, Message> }): () => (key: K, params?: Params) => string {
  return function useText() {
    const { lang } = useI18n();
    return (key, params) => formatMessage(lang, texts[lang][key], params);
  };
}

/**
 * A label the server sent (the server speaks Danish) in the user's language: the web's own text
 * under `key` when it has one (e.g. `initiative.status.proposed`), else the server's label.
 */
export function serverLabel(lang: Lang, key: string, label: string): string {
  const message = (messages[lang] as Partial<Record<string, Message>>)[key];
  return message === undefined ? label : formatMessage(lang, message);
}

const STORAGE_KEY = 'klynge.lang';

/** The remembered language, Danish unless the user chose English. */
export function initialLang(storage: Pick<Storage, 'getItem'> | undefined): Lang {
  return storage?.getItem(STORAGE_KEY) === 'en' ? 'en' : 'da';
}

export function rememberLang(storage: Pick<Storage, 'setItem'> | undefined, lang: Lang): void {
  storage?.setItem(STORAGE_KEY, lang);
}

export interface I18n {
  lang: Lang;
  t: (key: MessageKey, params?: Params) => string;
  setLang: (lang: Lang) => void;
}

export const I18nContext = createContext<I18n>({
  lang: 'da',
  t: (key, params) => translate('da', key, params),
  setLang: () => undefined,
});

export function useI18n(): I18n {
  return useContext(I18nContext);
}
