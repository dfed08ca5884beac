import { processIo, type CliIo } from './io.ts';
import { main } from './main.ts';

/** Test helper: runs `klynge ARGV…` in-process with captured stdout/stderr and the real file system. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly bytes: Uint8Array[];
}

export async function runCli(argv: readonly string[], options: { terminal?: boolean } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const bytes: Uint8Array[] = [];
  const io: CliIo = {
    ...processIo,
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    stdoutBytes: (b) => {
      bytes.push(b);
    },
    stdoutIsTerminal: options.terminal ?? false,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr, bytes };
}
