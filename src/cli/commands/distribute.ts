import { parseCsv } from '../../core/csv.ts';
import { type DistributionUnit, TIE_BREAK_RULE, distribute } from '../../core/distribution.ts';
import { DomainError } from '../../core/errors.ts';
import { parseDanishAmount } from '../../core/money.ts';
import * as Q from '../../core/rational.ts';
import type { KeyEntry } from '../../core/distribution.ts';
import type { OutputTable } from '../../infra/export/table-output.ts';
import { requiredString, stringOption } from '../args.ts';
import { type Command, FORMAT_HELP } from '../command.ts';

export function parseUnit(value: string | undefined, fallback: DistributionUnit): DistributionUnit {
  if (value === undefined) return fallback;
  const v = value.trim().toLowerCase();
  if (v === 'krone' || v === 'kr' || v === 'kroner') return 'krone';
  if (v === 'øre' || v === 'ore') return 'øre';
  throw new DomainError('cli.unit', `Ukendt enhed "${value}"; vælg krone eller øre.`);
}

/** Reads a key file (fordelingsnøgle): columns `party,basis` (or `part;grundlag`); collects every line error. */
export function parseKeyCsv(text: string, fileName: string): KeyEntry[] {
  const { records } = parseCsv(text);
  const [header, ...rows] = records;
  if (!header) throw new DomainError('key.empty', `Nøglefilen "${fileName}" er tom.`);
  const names = header.cells.map((c) => c.trim().toLowerCase());
  const partyAt = names.findIndex((n) => n === 'party' || n === 'part');
  const basisAt = names.findIndex((n) => n === 'basis' || n === 'grundlag');
  if (partyAt < 0 || basisAt < 0) {
    throw new DomainError('key.header', `Nøglefilen "${fileName}" skal have kolonnerne party og basis (linje ${String(header.line)}).`);
  }
  const errors: { line: number; message: string }[] = [];
  const entries: KeyEntry[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    const party = (row.cells[partyAt] ?? '').trim();
    const basisText = (row.cells[basisAt] ?? '').trim();
    if (party === '') {
      errors.push({ line: row.line, message: 'parten mangler et navn' });
      continue;
    }
    if (seen.has(party)) errors.push({ line: row.line, message: `"${party}" står mere end én gang` });
    seen.add(party);
    let basis: Q.Rational;
    try {
      basis = Q.parseDecimal(basisText);
    } catch {
      errors.push({ line: row.line, message: `grundlaget "${basisText}" for ${party} er ikke et tal` });
      continue;
    }
    if (basis.num < 0n) errors.push({ line: row.line, message: `grundlaget for ${party} er negativt (${basisText})` });
    entries.push({ party, basis });
  }
  if (errors.length > 0) {
    const first = errors[0];
    throw new DomainError(
      'key.invalid',
      `Nøglefilen "${fileName}", linje ${String(first?.line)}: ${first?.message ?? ''}${errors.length > 1 ? ` (og ${String(errors.length - 1)} fejl mere)` : ''}.`,
      { errors },
    );
  }
  if (entries.length === 0) throw new DomainError('key.no-rows', `Nøglefilen "${fileName}" har ingen parter.`);
  return entries;
}

/** A basis for JSON: a number (exact for populations and halves), plus the exact fraction when it is not whole. */
function basisJson(b: Q.Rational): { basis: number; basisExact?: string } {
  return b.den === 1n ? { basis: Number(b.num) } : { basis: Q.toNumber(b), basisExact: Q.toFractionString(b) };
}

export const distributeCommand: Command = {
  name: 'distribute',
  help: `Brug: klynge distribute --amount BELØB --key FIL.csv [--unit krone|øre]

Fordeler BELØB (kroner, fx 370000 eller 370.000,00) over parterne i FIL.csv i forhold til
deres grundlag, efter største brøkrest-metoden. Summen går altid præcist op.
  --amount BELØB    beløbet i kroner
  --key FIL.csv     kolonnerne party,basis (eller part;grundlag); grundlag fx 287181, 20690,5 eller 41382/2
  --unit ENHED      krone (standard; som publicerede tabeller) eller øre
Afrunding: ${TIE_BREAK_RULE}

${FORMAT_HELP}`,
  options: { amount: { type: 'string' }, key: { type: 'string' }, unit: { type: 'string' } },
  maxPositionals: 0,
  run: async (args, io) => {
    const amountText = requiredString(args, 'amount', 'distribute');
    const keyFile = requiredString(args, 'key', 'distribute');
    const unit = parseUnit(stringOption(args, 'unit'), 'krone');
    const amount = parseDanishAmount(amountText);
    if (amount < 0) throw new DomainError('cli.negative-amount', 'Beløbet må ikke være negativt.');
    const key = parseKeyCsv(await io.readTextFile(keyFile), keyFile);
    const d = distribute(amount, key, unit);
    const table: OutputTable = {
      title: `Fordeling af ${amountText.trim()} kr. (afrundet til hele ${unit === 'krone' ? 'kroner' : 'øre'})`,
      wholeKroner: unit === 'krone',
      columns: [
        { key: 'party', label: 'Part', type: 'text' },
        { key: 'basis', label: 'Grundlag', type: key.every((e) => e.basis.den === 1n) ? 'integer' : 'number' },
        { key: 'share', label: 'Andel (%)', type: 'text' },
        { key: 'amount', label: 'Beløb', type: 'ore' },
        { key: 'remainder', label: 'Restenhed', type: 'text' },
      ],
      rows: [
        ...d.rows.map((r) => ({
          kind: 'detail' as const,
          values: {
            party: r.party,
            basis: Q.toNumber(r.basis),
            share: Q.toDecimalString(Q.mul(r.shareOfTotal, Q.fromInteger(100)), 4),
            amount: r.amount,
            remainder: r.receivedRemainderUnit ? `ja (nr. ${String(r.remainderRank)})` : 'nej',
          },
        })),
        {
          kind: 'total' as const,
          values: { party: 'I alt', basis: Q.toNumber(d.totalBasis), share: '100', amount: d.amount, remainder: null },
        },
      ],
      notes: [`Afrunding: ${TIE_BREAK_RULE}`],
    };
    return {
      tables: [table],
      json: {
        amountOre: d.amount,
        unit: d.unit,
        shares: d.rows.map((r) => ({ party: r.party, ...basisJson(r.basis), ore: r.amount })),
      },
    };
  },
};
