import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

// The entry points as `npm start` and `npx klynge` run them: the JavaScript built at install time
// (dist/server, `npm run build:server`; `npm test` builds first), not the TypeScript source.

interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
}

/** `node bin/server.mjs` on `dataDir` and a free port; resolves once it says where it runs. */
async function startBuilt(dataDir: string): Promise<Started> {
  const child = spawn(process.execPath, ['bin/server.mjs'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', KLYNGE_DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const check = (): void => {
      const m = /Klynge kører på (http:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve(m[1].replace('localhost', '127.0.0.1'));
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => reject(new Error(`bin/server.mjs exited ${String(code)}: ${out}`)));
  });
  return { child, url, output: () => out };
}

async function stop(s: Started): Promise<number | null> {
  const exited = new Promise<number | null>((r) => s.child.once('exit', (code) => r(code)));
  s.child.kill('SIGTERM');
  return exited;
}

describe('the built entry points', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('npm start runs the compiled server: first start on an empty data folder, then a second start on it', async () => {
    const main = await readFile('bin/server.mjs', 'utf8');
    expect(main).not.toMatch(/tsx|\.ts['"]/);
    expect(existsSync('dist/server/main.js')).toBe(true);

    const dir = await mkdtemp(join(tmpdir(), 'klynge-built-'));
    dirs.push(dir);
    const dataDir = join(dir, 'data');
    const first = await startBuilt(dataDir);
    try {
      const health = await fetch(`${first.url}/api/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
      // The first start made the administrator and loaded the reference data (from the
      // install-time database when present, else by seeding).
      expect(first.output()).toContain('Første administrator oprettet.');
      expect(first.output()).toMatch(/Referencedata indlæst: register 2022/);
      expect((await fetch(`${first.url}/api/openapi.json`)).status).toBe(200);
    } finally {
      expect(await stop(first)).toBe(0);
    }
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);

    const second = await startBuilt(dataDir);
    try {
      expect((await fetch(`${second.url}/api/health`)).status).toBe(200);
      // Same database: the administrator and the reference data are there already.
      expect(second.output()).not.toContain('Første administrator oprettet.');
      expect(second.output()).not.toContain('Referencedata indlæst');
    } finally {
      expect(await stop(second)).toBe(0);
    }
  });

  it('klynge runs compiled: --help and a command', async () => {
    const run = (args: string[]): Promise<{ stdout: string }> => promisify(execFile)(process.execPath, ['bin/klynge.mjs', ...args], { timeout: 120_000 });
    const help = await run(['--help']);
    expect(help.stdout).toMatch(/^Brug: klynge KOMMANDO/);
    for (const name of ['allocation', 'distribute', 'check-table', 'settle', 'seed', 'backup', 'audit']) expect(help.stdout).toContain(`  ${name}`);
    const result = await run(['distribute', '--amount', '1000', '--key', 'src/cli/fixtures/key-syd-2022.csv', '--format', 'json']);
    const json = JSON.parse(result.stdout) as { amountOre: number; shares: { party: string; ore: number }[] };
    expect(json.amountOre).toBe(100_000);
    expect(json.shares.length).toBeGreaterThan(1);
    expect(json.shares.reduce((sum, s) => sum + s.ore, 0)).toBe(100_000);
  });
});
