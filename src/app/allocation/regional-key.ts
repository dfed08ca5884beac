import type { RegionalKey } from '../../core/allocation.ts';
import { readCsv } from '../../infra/csv.ts';
import { DomainError } from '../../core/errors.ts';
import { parseDanishAmount, type Øre } from '../../core/money.ts';
import { parseDecimal, type Rational } from '../../core/rational.ts';
import type { Region, RegionCode } from '../../core/register.ts';
import type { ImportLineError } from '../population/index.ts';

const norm = (s: string): string => s.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * Parses a regional key file (regionsnøgle / bloktilskudsnøgle): CSV with a header `region,amount`
 * (kroner, Danish or plain notation) or `region,share` (a fraction or decimal; shares are used
 * as weights, so they need not add to exactly 1). A region is named by code (1081), full name
 * (Region Nordjylland) or short name (Nordjylland). All errors are collected (DomainError
 * `regional-key.invalid`, `details.errors` = `{line, message}[]`).
 */
export function parseRegionalKey(text: string, regions: readonly Region[], source: string): RegionalKey {
  const errors: ImportLineError[] = [];
  const { records } = readCsv(text);
  const [header, ...rows] = records;
  const cols = header?.cells.map(norm) ?? [];
  const kind = cols[1] === 'amount' || cols[1] === 'beløb' ? 'amounts' : cols[1] === 'share' || cols[1] === 'andel' ? 'shares' : null;
  if (!header || cols[0] !== 'region' || kind === null) {
    throw new DomainError('regional-key.invalid', 'Regionsnøglen skal have overskriften "region,amount" eller "region,share".', {
      errors: [{ line: header?.line ?? 0, message: 'Forkert overskrift.' }],
    });
  }
  const find = (label: string): Region | undefined => {
    const n = norm(label);
    return regions.find((r) => r.code === n || norm(r.name) === n || norm(r.name) === `region ${n}`);
  };
  const amounts: { regionCode: RegionCode; amount: Øre }[] = [];
  const shares: { regionCode: RegionCode; share: Rational }[] = [];
  const seen = new Map<RegionCode, number>();
  for (const r of rows) {
    const [label = '', value = ''] = r.cells;
    const region = find(label);
    if (!region) {
      errors.push({ line: r.line, message: `Ukendt region "${label}".` });
      continue;
    }
    const first = seen.get(region.code);
    if (first !== undefined) {
      errors.push({ line: r.line, message: `${region.name} står der allerede (linje ${String(first)}).` });
      continue;
    }
    seen.set(region.code, r.line);
    try {
      if (kind === 'amounts') {
        const amount = parseDanishAmount(value);
        if (amount < 0) throw new DomainError('regional-key.negative', 'negativt beløb');
        amounts.push({ regionCode: region.code, amount });
      } else {
        const share = parseDecimal(value);
        if (share.num < 0n) throw new DomainError('regional-key.negative', 'negativ andel');
        shares.push({ regionCode: region.code, share });
      }
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      errors.push({ line: r.line, message: `"${value}" er ikke ${kind === 'amounts' ? 'et beløb' : 'en andel'} (${e.message}).` });
    }
  }
  for (const region of regions) {
    if (!seen.has(region.code)) errors.push({ line: 0, message: `${region.name} mangler.` });
  }
  if (errors.length > 0) {
    throw new DomainError(
      'regional-key.invalid',
      `Regionsnøglen blev ikke indlæst (${String(errors.length)} fejl): ${errors.map((e) => (e.line > 0 ? `linje ${String(e.line)}: ${e.message}` : e.message)).join(' ')}`,
      { errors },
    );
  }
  return kind === 'amounts'
    ? { kind, entries: amounts, source, assumption: false }
    : { kind, entries: shares, source, assumption: false };
}
