import { formatInteger, formatKr, formatWholeKroner, ore } from '../../core/money.ts';

/**
 * Danish number and date formats for the interface (1.234.567,89 kr.; 22.11.2026). The numbers
 * stay Danish also when the interface is English: they are Danish kroner in Danish documents.
 */

/** Integer øre from the API → `1.234.567,89 kr.` */
export function kr(amountOre: number): string {
  return formatKr(ore(amountOre));
}

/** Whole kroner as published tables print them (`1.234.568`); øre shown when not whole. */
export function wholeKr(amountOre: number): string {
  const amount = ore(amountOre);
  return amount % 100 === 0 ? formatWholeKroner(amount) : formatKr(amount).replace(/ kr\.$/, '');
}

/** `287181` → `287.181` */
export function integer(n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${String(n)} er ikke et helt tal.`);
  return formatInteger(n);
}

/**
 * A decimal number with a fixed number of decimals, Danish style: `6.8103` → `6,81`.
 * Rounds half away from zero on the decimal string, so 2,675 shows as 2,68 (no binary surprise).
 */
export function decimal(value: number | string, decimals = 2): string {
  const text = typeof value === 'number' ? value.toString() : value.trim();
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) {
    if (typeof value === 'number' && Number.isFinite(value)) return decimal(value.toFixed(decimals + 2), decimals);
    throw new RangeError(`"${text}" er ikke et tal.`);
  }
  const negative = m[1] === '-';
  const whole = m[2] ?? '0';
  const fraction = (m[3] ?? '').padEnd(decimals + 1, '0');
  let scaled = BigInt(whole + fraction.slice(0, decimals));
  if (Number(fraction[decimals] ?? '0') >= 5) scaled += 1n;
  const digits = scaled.toString().padStart(decimals + 1, '0');
  const intPart = digits.slice(0, digits.length - decimals);
  const fracPart = digits.slice(digits.length - decimals);
  const isZero = scaled === 0n;
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${negative && !isZero ? '-' : ''}${grouped}${decimals > 0 ? `,${fracPart}` : ''}`;
}

/** A share (0..1) as a Danish percentage: `0.48` → `48,0 %`. */
export function percent(share: number, decimals = 1): string {
  return `${decimal((share * 100).toFixed(decimals + 3), decimals)} %`;
}

const dateFormat = new Intl.DateTimeFormat('da-DK', {
  timeZone: 'Europe/Copenhagen',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const timeFormat = new Intl.DateTimeFormat('da-DK', {
  timeZone: 'Europe/Copenhagen',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** An ISO date or timestamp → `22.11.2026` (Danish time). A bare date (`2026-11-22`) is taken as is. */
export function date(iso: string): string {
  const bare = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (bare) return `${bare[3] ?? ''}.${bare[2] ?? ''}.${bare[1] ?? ''}`;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new RangeError(`"${iso}" er ikke en dato.`);
  // Some ICU versions write 22.11.2026, others 22/11/2026; the Danish standard is dots.
  return dateFormat.format(d).replace(/\//g, '.');
}

/** An ISO timestamp → `22.11.2026 kl. 14.05` (Danish time). */
export function dateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new RangeError(`"${iso}" er ikke et tidspunkt.`);
  return `${date(iso)} kl. ${timeFormat.format(d).replace(':', '.')}`;
}
