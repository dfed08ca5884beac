import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, realpathSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError } from '../../core/errors.ts';

/**
 * The lock of an embedded data folder, so two processes never open the same PGlite files.
 *
 * The lock itself is a listening Unix socket named after the folder's real path, held by the
 * process for its lifetime. The kernel closes it when the process ends in any way (also
 * kill -9), so the lock dies with the process: there is no stale lock to judge by a pid (which
 * may have been reused) or a hostname (which changes when a container is recreated), and
 * binding is atomic, so of several processes starting at once exactly one wins. On Linux the
 * socket lives in the abstract namespace (no file at all); elsewhere it is a socket file in the
 * temporary folder, and a file nobody listens on any more is taken over under a takeover file.
 * Not in the data folder itself: PGlite's backup cannot copy a socket. The abstract namespace
 * belongs to the network namespace, so two containers must not share one data folder (the
 * embedded database is for one instance; scale out on a PostgreSQL server). `klynge.lock` in the
 * folder only describes the holder (pid, host, since) for the error message.
 */
export const LOCK_FILE = 'klynge.lock';
/** Held (created exclusively) only while removing a stale socket file, so two takers cannot race. */
const TAKEOVER_SUFFIX = '.takeover';
/** A takeover file older than this was left by a process that died mid-takeover. */
const TAKEOVER_STALE_MS = 5_000;

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

interface LockContent {
  pid: number;
  host: string;
  since: string;
}

function readLock(path: string): LockContent | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockContent>;
    if (typeof parsed.pid === 'number' && Number.isSafeInteger(parsed.pid)) {
      return { pid: parsed.pid, host: String(parsed.host ?? ''), since: String(parsed.since ?? '') };
    }
  } catch {
    // no description: the message says less
  }
  return undefined;
}

/** Where the socket lives: see the comment at the top. */
function socketAddress(dataDir: string): { address: string; file: string | null } {
  const key = createHash('sha256').update(realpathSync(dataDir)).digest('hex').slice(0, 40);
  if (process.platform === 'linux') return { address: `\0klynge-lock-${key}`, file: null };
  const file = join(tmpdir(), `klynge-lock-${key}.sock`);
  return { address: file, file };
}

function listen(address: string): Promise<Server | 'in-use'> {
  return new Promise((resolve, reject) => {
    // Whoever checks whether the lock is live connects and is hung up on at once.
    const server = createServer((socket) => socket.destroy());
    server.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE') resolve('in-use');
      else reject(e);
    });
    server.listen(address, () => {
      // The lock must never keep the process alive on its own.
      server.unref();
      resolve(server);
    });
  });
}

function isLive(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(address);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    // ECONNREFUSED: a socket file nobody listens on (its process has ended); ENOENT: gone.
    socket.once('error', () => resolve(false));
  });
}

/** Takes the takeover file exclusively; a stale one (dead taker) is removed first. */
function claimTakeover(path: string): boolean {
  try {
    writeFileSync(path, String(process.pid), { flag: 'wx' });
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    try {
      if (Date.now() - statSync(path).mtimeMs > TAKEOVER_STALE_MS) unlinkSync(path);
    } catch {
      // gone meanwhile
    }
    return false;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Takes the folder's lock, or refuses with `database.locked` naming the holder. A lock whose
 * process has ended is taken over; of several processes starting at once exactly one wins.
 */
export async function lockDataDir(dataDir: string, now: () => Date = () => new Date()): Promise<DataDirLock> {
  mkdirSync(dataDir, { recursive: true });
  const infoPath = join(dataDir, LOCK_FILE);
  const { address, file } = socketAddress(dataDir);
  const takeoverPath = `${file ?? join(dataDir, 'klynge.lock')}${TAKEOVER_SUFFIX}`;
  for (let attempt = 0; attempt < 200; attempt++) {
    const server = await listen(address);
    if (server !== 'in-use') {
      const me: LockContent = { pid: process.pid, host: hostname(), since: now().toISOString() };
      writeFileSync(infoPath, JSON.stringify(me));
      return {
        path: infoPath,
        release: () => {
          if (readLock(infoPath)?.pid === me.pid) unlinkSync(infoPath);
          server.close();
        },
      };
    }
    if (await isLive(address)) {
      const holder = readLock(infoPath);
      throw new DomainError(
        'database.locked',
        `Databasemappen ${dataDir} er allerede i brug` +
          (holder ? ` af proces ${String(holder.pid)}${holder.host !== '' && holder.host !== hostname() ? ` på ${holder.host}` : ''} (siden ${holder.since})` : '') +
          '. Stop den anden Klynge-proces, eller brug en anden mappe.',
        holder ? { dataDir, pid: holder.pid, host: holder.host, since: holder.since } : { dataDir },
      );
    }
    // Stale: its process has ended. Only the holder of the takeover file may remove it, and only
    // after checking again, so a socket another process has just made live is never removed.
    if (file !== null && claimTakeover(takeoverPath)) {
      try {
        if (!(await isLive(address))) unlinkSync(file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      } finally {
        unlinkSync(takeoverPath);
      }
    } else {
      await sleep(10 + Math.floor(attempt / 10) * 10);
    }
  }
  throw new DomainError('database.locked', `Kunne ikke tage låsen på databasemappen ${dataDir}.`, { dataDir });
}
