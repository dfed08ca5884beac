import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import { LOCK_FILE, lockDataDir } from './lock.ts';

const LOCK_MODULE = fileURLToPath(new URL('./lock.ts', import.meta.url));

const dirs: string[] = [];
const children: ChildProcess[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'klynge-lock-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/**
 * Another process that tries to take the lock on `dir` and prints "locked <pid>" or "refused",
 * then stays alive (holding it) until killed.
 */
function lockInChild(dir: string): { child: ChildProcess; outcome: Promise<string> } {
  const code = `const { lockDataDir } = await import(${JSON.stringify(LOCK_MODULE)});
    try { await lockDataDir(${JSON.stringify(dir)}); console.log('locked ' + process.pid); }
    catch (e) { console.log('refused ' + e.code); }
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const outcome = new Promise<string>((resolve) => {
    let out = '';
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
  });
  return { child, outcome };
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('data folder lock', () => {
  it('refuses a second holder in the same process and names it; free again after release', async () => {
    const dir = tempDir();
    const first = await lockDataDir(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    await expect(lockDataDir(dir)).rejects.toMatchObject({ code: 'database.locked', details: { pid: process.pid }, message: expect.stringContaining(`proces ${String(process.pid)}`) as unknown });
    first.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    (await lockDataDir(dir)).release();
  });

  it('refuses while another process holds it, and takes it over after that process is killed with SIGKILL', async () => {
    const dir = tempDir();
    const { child, outcome } = lockInChild(dir);
    expect(await outcome).toBe(`locked ${String(child.pid)}`);
    await expect(lockDataDir(dir)).rejects.toMatchObject({ code: 'database.locked', message: expect.stringContaining(`proces ${String(child.pid)}`) as unknown });
    await killed(child);
    // The description is left behind, but the lock died with the process.
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    const lock = await lockDataDir(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
  }, 30_000);

  it('is not fooled by a description naming a live pid (pid reuse) or another host (a recreated container)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.pid, host: 'gammel-container-1f3a', since: '2026-01-01T00:00:00.000Z' }));
    const lock = await lockDataDir(dir);
    lock.release();
  });

  it('of four processes racing for a stale lock exactly one wins', async () => {
    const dir = tempDir();
    const first = lockInChild(dir);
    expect(await first.outcome).toMatch(/^locked/);
    await killed(first.child);
    const racers = Array.from({ length: 4 }, () => lockInChild(dir));
    const outcomes = await Promise.all(racers.map((r) => r.outcome));
    expect(outcomes.filter((o) => o.startsWith('locked'))).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'refused database.locked')).toHaveLength(3);
  }, 60_000);

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
