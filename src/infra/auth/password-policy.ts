/**
 * The password policy (adgangskodepolitik), after NIST SP 800-63B §5.1.1.2: length rather than
 * composition rules, plus a check against passwords that are common or guessable from context
 * (the username, the display name, the product). Pure: no I/O.
 */

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 1000;

/**
 * A short bundled list of the most used passwords and their Danish favourites (from the public
 * top lists, e.g. SecLists' 10k-most-common, and Danish variants). Compared case-insensitively,
 * also with trailing digits and punctuation removed ("Password2024!" is "password").
 */
const COMMON = new Set(
  `password passw0rd passord adgangskode kodeord hemmelig hemmeligt sommer vinter foraar efterår efteraar
  forår qwerty qwertyuiop qwertzuiop asdfghjkl zxcvbnm azerty letmein welcome velkommen admin administrator
  root toor changeme skiftmig iloveyou jegelskerdig dragon monkey football fodbold master superman batman
  trustno1 sunshine princess shadow michael jennifer baseball whatever starwars computer internet login
  abc123 abcdef abcdefgh abcdefghijkl danmark denmark kobenhavn københavn copenhagen aarhus odense aalborg
  sundhed hospital region kommune test testtest testing secret secure security default guest user bruger
  brugernavn sundhedsklynge sundhedsklyngen hejmeddig hejsa godmorgen tusindtak kaffe hygge lego carlsberg
  mypassword minkode nytkodeord newpassword temppassword midlertidig adgang adgangskode123 summer winter
  spring autumn january february december monday`
    .split(/\s+/)
    .filter((w) => w !== ''),
);

/** The words of a context value worth checking (4 characters or more), lower-cased. */
function contextWords(value: string): string[] {
  const lower = value.toLowerCase();
  return [lower, ...lower.split(/[^\p{L}\p{N}]+/u)].filter((w) => w.length >= 4);
}

/** True when the password is one run like "123456789012" or "abcdefghijkl" (ascending or descending). */
function isSequence(chars: readonly string[]): boolean {
  if (chars.length < 3) return false;
  const codes = chars.map((c) => c.codePointAt(0) ?? 0);
  const step = (codes[1] ?? 0) - (codes[0] ?? 0);
  if (step !== 1 && step !== -1) return false;
  return codes.every((c, i) => i === 0 || c - (codes[i - 1] ?? 0) === step);
}

/** True when the password is one short block repeated ("abcabcabcabc", "aaaaaaaaaaaa"). */
function isRepetition(s: string): boolean {
  return /^(.{1,4})\1+$/su.test(s);
}

export interface PasswordContext {
  username?: string;
  displayName?: string;
}

/**
 * Null when the password may be used, or the Danish reason it may not (for the field's error).
 */
export function passwordProblem(password: string, context: PasswordContext = {}): string | null {
  const chars = [...password];
  if (chars.length < PASSWORD_MIN_LENGTH) return `Adgangskoden skal være mindst ${String(PASSWORD_MIN_LENGTH)} tegn (den har ${String(chars.length)}).`;
  if (chars.length > PASSWORD_MAX_LENGTH) return `Adgangskoden må højst være ${String(PASSWORD_MAX_LENGTH)} tegn.`;
  if (password.trim() === '') return 'Adgangskoden må ikke kun bestå af mellemrum.';
  const lower = password.toLowerCase();
  const squeezed = lower.replace(/\s+/g, '');
  if (isRepetition(squeezed) || isSequence([...squeezed]) || new Set(squeezed).size < 5 || /^[\d\s\p{P}\p{S}]+$/u.test(squeezed)) {
    return 'Adgangskoden er for let at gætte (gentagne tegn, kun tal eller en simpel række). Brug fx flere ord i en sætning.';
  }
  const core = lower.replace(/[\d\s\p{P}\p{S}]+$/u, '').replace(/^[\d\s\p{P}\p{S}]+/u, '');
  if (COMMON.has(lower) || COMMON.has(core) || COMMON.has(squeezed)) return 'Adgangskoden er en af de mest brugte adgangskoder. Vælg en anden.';
  const context_ = ['klynge', ...contextWords(context.username ?? ''), ...contextWords(context.displayName ?? '')];
  for (const word of context_) {
    // Contained as a large part of the password: "klynge2024!!" or "admin-admin-1" is guessable.
    if (lower.includes(word) && word.length * 2 >= squeezed.length - 2) {
      return word === 'klynge' ? 'Adgangskoden må ikke bygge på ordet »klynge«.' : 'Adgangskoden må ikke bygge på brugernavnet eller navnet.';
    }
  }
  if (context.username !== undefined && context.username !== '' && lower.includes(context.username.toLowerCase()) && context.username.length >= 3) {
    return 'Adgangskoden må ikke indeholde brugernavnet.';
  }
  return null;
}
