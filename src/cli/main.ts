import { isDomainError } from '../core/errors.ts';
import { isInfrastructureError } from '../infra/errors.ts';
import { type OutputFormat, parseOutputFormat, renderCsv, renderTextTables } from '../infra/export/table-output.ts';
import { parseCommandArgs, stringOption } from './args.ts';
import type { CommandResult } from './command.ts';
import { commands } from './commands/index.ts';
import { type CliIo, processIo } from './io.ts';

/** Exit codes: 0 ok, 1 the command ran and has findings to report, 2 bad input. */
const EXIT_BAD_INPUT = 2;

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `Brug: klynge KOMMANDO [tilvalg]

Klynge — fælles økonomi og opfølgning for sundhedsklyngerne.

Kommandoer:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Skriv "klynge KOMMANDO --help" for hjælp til en kommando.
`;
}

async function render(result: CommandResult, format: OutputFormat, out: string | undefined, io: CliIo): Promise<void> {
  if (format === 'xlsx') {
    // Refused earlier when stdout is a terminal; here stdout is a pipe or a file.
    const { writeWorkbook } = await import('../infra/export/xlsx.ts');
    const bytes = await writeWorkbook(result.tables);
    if (out === undefined) io.stdoutBytes(bytes);
    else await io.writeFile(out, bytes);
    return;
  }
  if (result.write) {
    if (out === undefined) result.write(format, io.stdout);
    else {
      const parts: string[] = [];
      result.write(format, (t) => parts.push(t));
      await io.writeFile(out, parts.join(''));
    }
    return;
  }
  let text: string;
  switch (format) {
    case 'json':
      text = `${JSON.stringify(result.json, null, 2)}\n`;
      break;
    case 'csv':
      text = renderCsv(result.tables);
      break;
    case 'table':
      text = renderTextTables(result.tables) + (result.summary ? `\n${result.summary}\n` : '');
      break;
  }
  if (out === undefined) io.stdout(text);
  else await io.writeFile(out, text);
}

/**
 * Runs `klynge ARGV…` and returns the exit code. All output is built before anything is written,
 * so a failing command prints one `fejl: …` line on stderr and nothing on stdout.
 */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const fail = (message: string): number => {
    io.stderr(`fejl: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
    return EXIT_BAD_INPUT;
  };
  const [name, ...rest] = argv;
  if (name === undefined) return fail('ingen kommando angivet; se klynge --help.');
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    const entry = topic ? commands.find((c) => c.name === topic) : undefined;
    if (topic && !entry) return fail(`ukendt kommando "${topic}"; se klynge --help.`);
    io.stdout(entry ? `${(await entry.load()).help}\n` : usage());
    return 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) return fail(`ukendt kommando "${name}"; se klynge --help.`);
  // Only this command's module is loaded (klynge --help loads none).
  const command = await entry.load();
  try {
    const args = parseCommandArgs(command.name, rest, command.options, command.maxPositionals);
    if (args.values.help === true) {
      io.stdout(`${command.help}\n`);
      return 0;
    }
    const format = parseOutputFormat(stringOption(args, 'format'));
    const out = stringOption(args, 'out');
    if (format === 'xlsx' && out === undefined && io.stdoutIsTerminal) {
      return fail('xlsx er et binært format og skrives ikke til terminalen; angiv --out FIL.xlsx.');
    }
    if (out !== undefined && out.trim() === '') return fail('--out skal have et filnavn.');
    const result = await command.run(args, io);
    await render(result, format, out, io);
    return result.exitCode ?? 0;
  } catch (e) {
    if (isDomainError(e) || isInfrastructureError(e)) return fail(e.message);
    // Anything else is a defect, but the user still gets one line and no stack trace.
    const message = e instanceof Error ? e.message : String(e);
    return fail(`uventet fejl i "klynge ${command.name}": ${message}`);
  }
}
