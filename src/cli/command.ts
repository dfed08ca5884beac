import type { OutputTable } from '../infra/export/table-output.ts';
import type { ParsedArgs, OptionSpecs } from './args.ts';
import type { CliIo } from './io.ts';

/** What a command hands back; main renders it in the chosen format and writes it in one go. */
export interface CommandResult {
  /** Tables for `table`, `csv` and `xlsx`. */
  readonly tables: readonly OutputTable[];
  /** The stable JSON contract for `json` (amounts as integer øre). */
  readonly json: unknown;
  /** A line printed after the text table only (e.g. a count of findings). */
  readonly summary?: string;
  /** Non-zero when the command ran but has something to report (check-table with findings). */
  readonly exitCode?: number;
  /**
   * For results too large to hold as text (distribute over 10⁶ parties): writes the table, CSV or
   * JSON in chunks. Called only after the command has finished computing, so a failing command
   * still writes nothing to stdout.
   */
  readonly write?: (format: 'table' | 'csv' | 'json', write: (text: string) => void) => void;
}

export interface Command {
  readonly name: string;
  /** The full Danish help text for `klynge NAME --help`. */
  readonly help: string;
  readonly options: OptionSpecs;
  readonly maxPositionals: number;
  readonly run: (args: ParsedArgs, io: CliIo) => Promise<CommandResult>;
}

export const FORMAT_HELP = `Fælles tilvalg:
  --format table|csv|json|xlsx   uddata-format (standard: table). json: beløb i hele øre.
  --out FIL                       skriv til FIL i stedet for standard-output (krævet for xlsx i en terminal)
  -h, --help                      vis denne hjælp`;
