import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DomainError } from '../../core/errors.ts';

/** The lock file of an embedded data folder: created exclusively, holds the owner's pid. */
export const LOCK_FILE = 'klynge.lock';

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

interface LockContent {
  pid: number;
  host: string;
  since: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else — it is alive.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockContent | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockContent>;
    if (typeof parsed.pid === 'number' && Number.isSafeInteger(parsed.pid)) {
      return { pid: parsed.pid, host: String(parsed.host ?? ''), since: String(parsed.since ?? '') };
    }
  } catch {
    // unreadable: no valid owner (locks are written whole, see below)
  }
  return undefined;
}

/**
 * Takes `<dataDir>/klynge.lock` so a second process cannot open the same embedded database.
 * A lock left by a process that no longer runs (on this machine) is taken over.
 */
export function lockDataDir(dataDir: string, now: () => Date = () => new Date()): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  const me: LockContent = { pid: process.pid, host: hostname(), since: now().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    // Written to a private file first and then linked into place: link() fails if the lock exists
    // and never exposes a half-written lock to another process.
    const temp = `${path}.${String(process.pid)}.tmp`;
    writeFileSync(temp, JSON.stringify(me), { flag: 'w' });
    try {
      linkSync(temp, path);
      return {
        path,
        release: () => {
          // Only remove the file while it is still ours.
          if (readLock(path)?.pid === me.pid) unlinkSync(path);
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      unlinkSync(temp);
    }
    const holder = readLock(path);
    const otherHost = holder !== undefined && holder.host !== '' && holder.host !== me.host;
    if (holder && (otherHost || isAlive(holder.pid))) {
      throw new DomainError(
        'database.locked',
        `Databasemappen ${dataDir} er allerede i brug af proces ${String(holder.pid)}` +
          `${otherHost ? ` på ${holder.host}` : ''} (siden ${holder.since}). ` +
          'Stop den anden Klynge-proces, eller brug en anden mappe.',
        { dataDir, pid: holder.pid, host: holder.host, since: holder.since },
      );
    }
    // A stale lock (dead process or corrupt file): remove it and try again.
    try {
      unlinkSync(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  throw new DomainError('database.locked', `Kunne ikke tage låsen på databasemappen ${dataDir}.`, { dataDir });
}
