import { createReadStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { DomainError, NotFoundError } from '../core/errors.ts';

/** What a command may touch outside itself; tests pass their own to capture output. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Raw bytes to stdout (an xlsx piped to a file). */
  readonly stdoutBytes: (bytes: Uint8Array) => void;
  readonly stdoutIsTerminal: boolean;
  readonly readTextFile: (path: string) => Promise<string>;
  /** The same text as readTextFile, decoded as it is read (a large key file is never held whole). */
  readonly readTextChunks: (path: string) => AsyncIterable<string>;
  readonly writeFile: (path: string, data: string | Uint8Array) => Promise<void>;
}

function fileError(path: string, e: unknown, reading: boolean): DomainError {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String((e).code) : '';
  if (code === 'ENOENT') {
    return new NotFoundError('cli.file-not-found', reading ? `Filen "${path}" findes ikke.` : `Mappen til "${path}" findes ikke.`);
  }
  if (code === 'EISDIR') return new DomainError('cli.file-is-directory', `"${path}" er en mappe, ikke en fil.`);
  if (code === 'EACCES' || code === 'EPERM') return new DomainError('cli.file-access', `Ingen adgang til "${path}".`);
  return new DomainError('cli.file', `Filen "${path}" kan ikke ${reading ? 'læses' : 'skrives'} (${code || 'ukendt fejl'}).`);
}

export const processIo: CliIo = {
  stdout: (text) => {
    process.stdout.write(text);
  },
  stderr: (text) => {
    process.stderr.write(text);
  },
  stdoutBytes: (bytes) => {
    process.stdout.write(bytes);
  },
  stdoutIsTerminal: process.stdout.isTTY,
  readTextFile: async (path) => {
    try {
      const bytes = await readFile(path);
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch (e) {
      if (e instanceof TypeError) throw new DomainError('cli.file-encoding', `Filen "${path}" er ikke UTF-8-tekst.`);
      throw fileError(path, e, true);
    }
  },
  readTextChunks: async function* (path) {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const decode = (bytes?: Uint8Array): string => {
      try {
        return bytes === undefined ? decoder.decode() : decoder.decode(bytes, { stream: true });
      } catch {
        throw new DomainError('cli.file-encoding', `Filen "${path}" er ikke UTF-8-tekst.`);
      }
    };
    const stream = createReadStream(path, { highWaterMark: 1 << 16 });
    try {
      for await (const chunk of stream) yield decode(chunk as Buffer);
    } catch (e) {
      if (e instanceof DomainError) throw e;
      throw fileError(path, e, true);
    }
    yield decode();
  },
  writeFile: async (path, data) => {
    try {
      await writeFile(path, data);
    } catch (e) {
      throw fileError(path, e, false);
    }
  },
};
