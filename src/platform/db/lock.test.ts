import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import { LOCK_FILE, lockDataDir } from './lock.ts';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'klynge-lock-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The pid of a process that has certainly ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('data folder lock', () => {
  it('refuses a second holder and names the process that has it', () => {
    const dir = tempDir();
    const first = lockDataDir(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    let error: unknown;
    try {
      lockDataDir(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'database.locked', details: { pid: process.pid } });
    expect((error as Error).message).toContain(`proces ${String(process.pid)}`);
    first.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    lockDataDir(dir).release();
  });

  it('refuses a lock held by another running process', () => {
    const dir = tempDir();
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      const pid = other.pid ?? 0;
      writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, host: hostname(), since: '2026-01-01T00:00:00.000Z' }));
      expect(() => lockDataDir(dir)).toThrow(`proces ${String(pid)}`);
    } finally {
      other.kill();
    }
  });

  it('takes over a stale lock left by a process that has ended', () => {
    const dir = tempDir();
    const pid = deadPid();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, host: hostname(), since: '2026-01-01T00:00:00.000Z' }));
    const lock = lockDataDir(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it('keeps a second openDatabase off an embedded folder in use, and lets it in after close', async () => {
    const dir = tempDir();
    const first = await openDatabase({ kind: 'embedded', dataDir: dir });
    await expect(openDatabase({ kind: 'embedded', dataDir: dir })).rejects.toMatchObject({ code: 'database.locked' });
    await first.kysely.insertInto('regions').values({ code: '1082', name: 'Region Midtjylland' }).execute();
    await first.close();
    const second = await openDatabase({ kind: 'embedded', dataDir: dir });
    try {
      const rows = await second.kysely.selectFrom('regions').selectAll().execute();
      expect(rows).toEqual([{ code: '1082', name: 'Region Midtjylland' }]);
    } finally {
      await second.close();
    }
  });
});
