import { isIsoDate, type IsoDate } from '../../core/calendar.ts';
import { isDomainError } from '../../core/errors.ts';
import { parseDanishAmount, type Øre } from '../../core/money.ts';
import { parsePeriod } from '../../core/economy/parties.ts';
import { parseDecimal } from '../../core/rational.ts';
import type { Lang } from './text/i18n.ts';

/**
 * One form layer (issue 12, item 4): what a user types in an amount, date, period or number field
 * is parsed in the browser by the same core functions the server uses, and a mistake becomes a
 * message at the field — Danish, or English in English mode — with an example of what to type.
 * A form sends nothing until every field parses, so the server's refusal is left for rules only
 * the server can judge (and its Danish message is then shown as is).
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

const MESSAGES = {
  da: {
    amountEmpty: 'Skriv et beløb i kr. (fx 1.234.567,89).',
    amountMalformed: '"{value}" er ikke et beløb (skriv fx 1.234.567,89).',
    amountDecimals: '"{value}" har mere end to decimaler (skriv fx 1.234,50).',
    amountNegative: 'Beløbet kan ikke være negativt (skriv fx 50.000).',
    dateEmpty: 'Skriv en dato som dd.mm.åååå (fx 15.03.2022).',
    dateMalformed: '"{value}" er ikke en dato (skriv dd.mm.åååå, fx 15.03.2022).',
    periodEmpty: 'Skriv år og måned (fx 2022-06).',
    periodMalformed: '"{value}" er ikke en periode (skriv år og måned, fx 2022-06).',
    numberEmpty: 'Skriv et tal (fx 0,5 eller 1/3).',
    numberMalformed: '"{value}" er ikke et tal (skriv fx 0,5 eller 1/3).',
    yearMalformed: '"{value}" er ikke et år (skriv fx 2022).',
    required: 'Udfyld feltet.',
  },
  en: {
    amountEmpty: 'Type an amount in DKK (e.g. 1.234.567,89).',
    amountMalformed: '"{value}" is not an amount (type e.g. 1.234.567,89).',
    amountDecimals: '"{value}" has more than two decimals (type e.g. 1.234,50).',
    amountNegative: 'The amount cannot be negative (type e.g. 50.000).',
    dateEmpty: 'Type a date as dd.mm.yyyy (e.g. 15.03.2022).',
    dateMalformed: '"{value}" is not a date (type dd.mm.yyyy, e.g. 15.03.2022).',
    periodEmpty: 'Type year and month (e.g. 2022-06).',
    periodMalformed: '"{value}" is not a period (type year and month, e.g. 2022-06).',
    numberEmpty: 'Type a number (e.g. 0,5 or 1/3).',
    numberMalformed: '"{value}" is not a number (type e.g. 0,5 or 1/3).',
    yearMalformed: '"{value}" is not a year (type e.g. 2022).',
    required: 'Fill in the field.',
  },
} as const;

type MessageName = keyof (typeof MESSAGES)['da'];

export function formMessage(lang: Lang, name: MessageName, value = ''): string {
  return MESSAGES[lang][name].replace('{value}', value.trim());
}

/** An amount in kroner as Danes write it (`1.234.567,89`, `-12.000`) → øre, by core's parser. */
export function parseAmount(text: string, lang: Lang, options: { allowNegative?: boolean } = {}): Parsed<Øre> {
  if (text.trim() === '') return fail(formMessage(lang, 'amountEmpty'));
  try {
    const value = parseDanishAmount(text);
    if (value < 0 && options.allowNegative !== true) return fail(formMessage(lang, 'amountNegative'));
    return ok(value);
  } catch (e) {
    if (isDomainError(e) && e.code === 'money.too-many-decimals') return fail(formMessage(lang, 'amountDecimals', text));
    return fail(formMessage(lang, 'amountMalformed', text));
  }
}

/** A Danish date `15.03.2022` (also `1.3.2022`, or ISO `2022-03-15`) → ISO for the API. */
export function parseDate(text: string, lang: Lang): Parsed<IsoDate> {
  const t = text.trim();
  if (t === '') return fail(formMessage(lang, 'dateEmpty'));
  const danish = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(t);
  const iso = danish ? `${danish[3] ?? ''}-${(danish[2] ?? '').padStart(2, '0')}-${(danish[1] ?? '').padStart(2, '0')}` : t;
  return isIsoDate(iso) ? ok(iso) : fail(formMessage(lang, 'dateMalformed', text));
}

/** `2026-11-22` → `22.11.2026`: how a date is shown in a field the user edits. */
export function danishDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3] ?? ''}.${m[2] ?? ''}.${m[1] ?? ''}` : iso;
}

/** A period `2022-06` (år-måned), by core's parser. */
export function parsePeriodField(text: string, lang: Lang): Parsed<string> {
  const t = text.trim();
  if (t === '') return fail(formMessage(lang, 'periodEmpty'));
  try {
    const p = parsePeriod(t);
    return ok(`${String(p.year)}-${String(p.month).padStart(2, '0')}`);
  } catch {
    return fail(formMessage(lang, 'periodMalformed', text));
  }
}

/** A non-negative exact number (`0,5`, `1/3`, `200`), by core's parser; sent on as typed. */
export function parseNumber(text: string, lang: Lang): Parsed<string> {
  const t = text.trim();
  if (t === '') return fail(formMessage(lang, 'numberEmpty'));
  try {
    const r = parseDecimal(t);
    if (r.num < 0n) return fail(formMessage(lang, 'numberMalformed', text));
    return ok(t);
  } catch {
    return fail(formMessage(lang, 'numberMalformed', text));
  }
}

export function parseYear(text: string, lang: Lang): Parsed<number> {
  const t = text.trim();
  return /^\d{4}$/.test(t) ? ok(Number(t)) : fail(formMessage(lang, 'yearMalformed', text));
}

export function parseRequired(text: string, lang: Lang): Parsed<string> {
  return text.trim() === '' ? fail(formMessage(lang, 'required')) : ok(text.trim());
}

/**
 * Collects field errors while a form's values are parsed: `f.take('amount', parseAmount(…))`
 * returns the value (or undefined) and remembers the message under the field's name.
 */
export class FieldErrors {
  readonly errors: Record<string, string> = {};
  take<T>(field: string, parsed: Parsed<T>): T | undefined {
    if (parsed.ok) return parsed.value;
    this.errors[field] = parsed.message;
    return undefined;
  }
  get ok(): boolean {
    return Object.keys(this.errors).length === 0;
  }
}
