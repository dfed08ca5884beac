/**
 * A text with plural forms, chosen by `Intl.PluralRules` for the `count` parameter:
 * `{ one: '{count} ændring', other: '{count} ændringer' }`.
 */
export interface Plural {
  one: string;
  other: string;
}

/** A text of the interface: plain, or with plural forms. */
export type Message = string | Plural;
