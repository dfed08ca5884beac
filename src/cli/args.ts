import { parseArgs } from 'node:util';
import { DomainError } from '../core/errors.ts';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
  readonly short?: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | string[] | boolean[] | undefined>>;
  readonly positionals: readonly string[];
}

/** Options every command takes. */
export const COMMON_OPTIONS: OptionSpecs = {
  format: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

/** node:util parseArgs, with its English errors turned into one Danish line. */
export function parseCommandArgs(command: string, argv: readonly string[], specs: OptionSpecs, maxPositionals: number): ParsedArgs {
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs({ args: [...argv], options: { ...COMMON_OPTIONS, ...specs }, strict: true, allowPositionals: true }) as ParsedArgs;
  } catch (e) {
    const code = typeof e === 'object' && e !== null && 'code' in e ? String((e).code) : '';
    const message = e instanceof Error ? e.message : '';
    const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? '';
    switch (code) {
      case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
        throw new DomainError('cli.unknown-option', `Ukendt tilvalg ${option} til "klynge ${command}"; se klynge ${command} --help.`);
      case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
        throw new DomainError('cli.option-value', `Tilvalget ${option} skal have en værdi (fx ${option} VÆRDI).`);
      default:
        throw new DomainError('cli.arguments', `Argumenterne til "klynge ${command}" kan ikke læses; se klynge ${command} --help.`);
    }
  }
  if (parsed.positionals.length > maxPositionals) {
    const extra = parsed.positionals[maxPositionals] ?? '';
    throw new DomainError('cli.unexpected-argument', `Uventet argument "${extra}" til "klynge ${command}"; se klynge ${command} --help.`);
  }
  return parsed;
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  if (Array.isArray(v)) {
    if (v.length > 1) throw new DomainError('cli.repeated-option', `Tilvalget --${name} må kun angives én gang.`);
    const first = v[0];
    return typeof first === 'string' ? first : undefined;
  }
  return typeof v === 'string' ? v : undefined;
}

export function requiredString(args: ParsedArgs, name: string, command: string): string {
  const v = stringOption(args, name);
  if (v === undefined || v.trim() === '') {
    throw new DomainError('cli.missing-option', `"klynge ${command}" mangler --${name}; se klynge ${command} --help.`);
  }
  return v;
}

export function stringList(args: ParsedArgs, name: string): string[] {
  const v = args.values[name];
  if (v === undefined) return [];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}
