import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { distribute, type KeyEntry } from '../core/distribution.ts';
import { kroner } from '../core/money.ts';
import { fromInteger, rational } from '../core/rational.ts';
import { runCli } from './test-io.ts';

const KEY_SYD = 'src/cli/fixtures/key-syd-2022.csv';

describe('klynge distribute', () => {
  it('reproduces seed 003: ½ FTE (370.000 kr.) over Planområde Syd to the krone', async () => {
    const run = await runCli(['distribute', '--amount', '370000', '--key', KEY_SYD, '--format', 'json']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const json = JSON.parse(run.stdout) as { shares: { party: string; basis: number; ore: number }[] };
    // The seed's row "½ årsværk (370.000 kr.)", in kroner.
    const seed003: Record<string, number> = {
      København: 177_678, 'Høje-Taastrup': 32_824, Albertslund: 17_075, Ishøj: 14_369, Vallensbæk: 10_201,
      Brøndby: 22_057, Glostrup: 14_548, Hvidovre: 32_956, Tårnby: 26_433, Dragør: 9_058, Rødovre: 12_801,
    };
    expect(json.shares.map((s) => s.party)).toEqual(Object.keys(seed003));
    expect(Object.fromEntries(json.shares.map((s) => [s.party, s.ore / 100]))).toEqual(seed003);
    expect(json.shares[0]).toEqual({ party: 'København', basis: 287181, ore: 17_767_800 });
    // Rødovre counts with half of 41.382.
    expect(json.shares[10]).toEqual({ party: 'Rødovre', basis: 20691, ore: 1_280_100 });
  });

  it('prints a Danish table and a CSV that Danish Excel reads', async () => {
    const table = await runCli(['distribute', '--amount', '370.000', '--key', KEY_SYD]);
    expect(table.stdout).toContain('Beløb (kr.)');
    expect(table.stdout).toMatch(/København\s+287\.181\s+48,021\s+177\.678/);
    expect(table.stdout).toMatch(/I alt\s+598\.032\s+100\s+370\.000/);
    const csv = await runCli(['distribute', '--amount', '370000', '--key', KEY_SYD, '--format', 'csv']);
    expect(csv.stdout.split('\r\n')[0]).toBe('Part;Grundlag;Andel (%);Beløb (kr.);Restenhed');
    expect(csv.stdout).toContain('\r\nKøbenhavn;287181;48,021;177678;');
  });

  it('distributes in øre when asked', async () => {
    const run = await runCli(['distribute', '--amount', '370000', '--key', KEY_SYD, '--unit', 'øre', '--format', 'json']);
    const json = JSON.parse(run.stdout) as { shares: { ore: number }[] };
    // 37.000.000 øre × 287.181 / 598.032 = 17.767.773,30 (computed by hand with exact fractions)
    expect(json.shares[0]?.ore).toBe(17_767_773);
    expect(json.shares.reduce((a, s) => a + s.ore, 0)).toBe(37_000_000);
  });

  it('distributes a key of 130.000 parties (the table once crashed above 125.000) with the same shares as the core', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'klynge-key-'));
    try {
      const parties = 130_000;
      const lines = ['party;basis'];
      const key: KeyEntry[] = [];
      for (let k = 0; k < parties; k += 1) {
        // Every 1000th basis a half, so the common denominator is 2.
        const basis = k % 1000 === 7 ? rational(BigInt(2 * k + 1), 2n) : fromInteger(1 + ((k * 7919) % 10_000));
        lines.push(`P${String(k)};${basis.den === 1n ? basis.num.toString() : `${basis.num.toString()}/2`}`);
        key.push({ party: `P${String(k)}`, basis });
      }
      const file = join(dir, 'key.csv');
      writeFileSync(file, `\ufeff${lines.join('\r\n')}\r\n`);
      const expected = distribute(kroner(370_000), key, 'krone');
      const json = await runCli(['distribute', '--amount', '370000', '--key', file, '--format', 'json']);
      expect(json).toMatchObject({ code: 0, stderr: '' });
      const shares = (JSON.parse(json.stdout) as { shares: { party: string; ore: number }[] }).shares;
      expect(shares.map((s) => s.ore)).toEqual(expected.rows.map((r) => r.amount));
      expect(shares.map((s) => s.party)).toEqual(key.map((e) => e.party));
      const table = await runCli(['distribute', '--amount', '370000', '--key', file]);
      expect(table.code).toBe(0);
      expect(table.stdout.split('\n').filter((l) => /^P\d+ /.test(l))).toHaveLength(parties);
      expect(table.stdout).toMatch(/I alt\s+[\d.,]+\s+100\s+370\.000\n/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the line of each error in a key with blank lines and quoted cells', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'klynge-key-'));
    try {
      const file = join(dir, 'key.csv');
      writeFileSync(file, 'part;grundlag\n\n"A";10\n\n"B\nC";2\nA;3\nD;x\n');
      const run = await runCli(['distribute', '--amount', '10', '--key', file]);
      expect(run).toMatchObject({ code: 2, stdout: '' });
      expect(run.stderr).toMatch(/linje 7: "A" står mere end én gang \(og 1 fejl mere\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('klynge settle', () => {
  it('reproduces seed 002 (3 members, 3,0 mio. kr.) as JSON', async () => {
    const run = await runCli([
      'settle', '--cost', '3000000', '--executing', 'Kommune 1',
      '--payer', 'Kommune 1=1/3', '--payer', 'Kommune 2=1/3', '--payer', 'Region=1/3', '--format', 'json',
    ]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const json = JSON.parse(run.stdout) as { parties: Record<string, unknown>[]; postings: Record<string, unknown>[] };
    expect(json.parties.map(({ party, incomeOre, expenseOre, netOre }) => ({ party, incomeOre, expenseOre, netOre }))).toEqual([
      { party: 'Kommune 1', incomeOre: 200_000_000, expenseOre: 300_000_000, netOre: 100_000_000 },
      { party: 'Kommune 2', incomeOre: 0, expenseOre: 100_000_000, netOre: 100_000_000 },
      { party: 'Region', incomeOre: 0, expenseOre: 100_000_000, netOre: 100_000_000 },
    ]);
    expect(json.postings[1]).toEqual({
      party: 'Kommune 1', accountSystem: 'kommunal', function: '4.62.88', dranst: '1', art: '7.7',
      artText: 'Betalinger fra kommuner', artSource: 'Budget- og regnskabssystem for kommuner, autoriserede arter',
      amountOre: -100_000_000, counterparty: 'Kommune 2', text: 'mellemkommunal afregning, indtægt fra Kommune 2',
    });
    // Payments to municipalities are 4.7 (4.6 is payments to the State); the region books in its own chart.
    expect(json.postings.map((l) => [l['party'], l['accountSystem'], l['function'], l['art']])).toEqual([
      ['Kommune 1', 'kommunal', '4.62.88', '4.0'],
      ['Kommune 1', 'kommunal', '4.62.88', '7.7'],
      ['Kommune 2', 'kommunal', '4.62.88', '4.7'],
      ['Kommune 1', 'kommunal', '4.62.88', '7.8'],
      ['Region', 'regional', '1.60.41', '4.7'],
    ]);
  });

  it('settles a refund (negative cost) as the mirror image, with the region on its own account', async () => {
    const run = await runCli([
      'settle', '--cost=-3000000', '--executing', 'Kommune 1', '--payer', 'Kommune 1=1/3', '--payer', 'Kommune 2=1/3', '--payer', 'Region=1/3',
      '--regional-function', '1.3.2.4', '--format', 'json',
    ]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const json = JSON.parse(run.stdout) as { parties: { netOre: number }[]; postings: { party: string; function: string; art: string; amountOre: number }[] };
    expect(json.parties.map((p) => p.netOre)).toEqual([-100_000_000, -100_000_000, -100_000_000]);
    expect(json.postings.map((l) => [l.party, l.function, l.art, l.amountOre])).toEqual([
      ['Kommune 1', '4.62.88', '4.0', -300_000_000],
      ['Kommune 1', '4.62.88', '7.7', 100_000_000],
      ['Kommune 2', '4.62.88', '4.7', -100_000_000],
      ['Kommune 1', '4.62.88', '7.8', 100_000_000],
      ['Region', '1.3.2.4', '4.7', -100_000_000],
    ]);
  });

  it('prints the Danish money-flow table', async () => {
    const run = await runCli(['settle', '--cost', '3.000.000', '--executing', 'Kommune 1', '--payer', 'Kommune 1=1/3', '--payer', 'Kommune 2=1/3', '--payer', 'Region=1/3']);
    expect(run.stdout).toMatch(/Kommune 1\s+Kommune\s+Udførende\s+1\/3\s+2\.000\.000,00\s+3\.000\.000,00\s+1\.000\.000,00/);
    expect(run.stdout).toContain('Nettorammepåvirkning');
    expect(run.stdout).toContain('Konteringslinjer');
  });
});

/** Every way a user can get the input wrong: one Danish line on stderr, exit 2, nothing on stdout. */
const BAD_INPUT: readonly (readonly [string, readonly string[], RegExp])[] = [
  ['no command', [], /ingen kommando/],
  ['unknown command', ['fordel'], /ukendt kommando "fordel"/],
  ['unknown help topic', ['help', 'nope'], /ukendt kommando "nope"/],
  ['distribute: missing --amount', ['distribute', '--key', KEY_SYD], /mangler --amount/],
  ['distribute: missing --key', ['distribute', '--amount', '10'], /mangler --key/],
  ['distribute: option without value', ['distribute', '--key', KEY_SYD, '--amount'], /--amount skal have en værdi/],
  ['distribute: unknown option', ['distribute', '--amount', '10', '--key', KEY_SYD, '--beløb', '3'], /Ukendt tilvalg --beløb/],
  ['distribute: stray argument', ['distribute', 'x', '--amount', '10', '--key', KEY_SYD], /Uventet argument "x"/],
  ['distribute: missing file', ['distribute', '--amount', '10', '--key', 'nope.csv'], /Filen "nope\.csv" findes ikke/],
  ['distribute: non-numeric amount', ['distribute', '--amount', 'ti kroner', '--key', KEY_SYD], /"ti kroner" er ikke et beløb/],
  ['distribute: negative amount', ['distribute', '--amount=-10', '--key', KEY_SYD], /ikke være negativt/],
  ['distribute: øre amount in krone unit', ['distribute', '--amount', '10,50', '--key', KEY_SYD], /ikke et helt antal kroner/],
  ['distribute: negative basis', ['distribute', '--amount', '10', '--key', 'src/cli/fixtures/key-bad.csv'], /linje 3: grundlaget for B er negativt \(-5\) \(og 1 fejl mere\)/],
  ['distribute: malformed CSV', ['distribute', '--amount', '10', '--key', 'src/cli/fixtures/key-unclosed.csv'], /Linje 2: et citationstegn/],
  ['distribute: key without header', ['distribute', '--amount', '10', '--key', 'reference/published/tabel1-2022.csv'], /skal have kolonnerne party og basis/],
  ['distribute: unknown unit', ['distribute', '--amount', '10', '--key', KEY_SYD, '--unit', 'dollar'], /Ukendt enhed "dollar"/],
  ['distribute: unknown format', ['distribute', '--amount', '10', '--key', KEY_SYD, '--format', 'pdf'], /Ukendt format "pdf"/],
  ['distribute: xlsx to a terminal', ['distribute', '--amount', '10', '--key', KEY_SYD, '--format', 'xlsx'], /binært format .* angiv --out/],
  ['distribute: --out into a missing folder', ['distribute', '--amount', '10', '--key', KEY_SYD, '--out', '/nonexistent-dir/x.txt'], /Mappen til "\/nonexistent-dir\/x\.txt" findes ikke/],
  ['check-table: no file', ['check-table'], /mangler filen/],
  ['check-table: missing file', ['check-table', 'nope.csv'], /Filen "nope\.csv" findes ikke/],
  ['check-table: a folder', ['check-table', 'src'], /"src" er en mappe/],
  ['check-table: wrong header', ['check-table', KEY_SYD], /overskriften skal være/],
  ['check-table: malformed CSV', ['check-table', 'src/cli/fixtures/key-unclosed.csv'], /citationstegn/],
  ['check-table: bad tolerance', ['check-table', 'reference/published/tabel1-2022.csv', '--tolerance', 'lidt'], /Tolerancen "lidt" er ikke et tal/],
  ['check-table: two files', ['check-table', 'a.csv', 'b.csv'], /Uventet argument "b\.csv"/],
  ['check-table: unknown option', ['check-table', 'a.csv', '--strict'], /Ukendt tilvalg --strict/],
  ['settle: missing --cost', ['settle', '--executing', 'A', '--payer', 'A=1'], /mangler --cost/],
  ['settle: missing --payer', ['settle', '--cost', '10', '--executing', 'A'], /mangler --payer/],
  ['settle: non-numeric cost', ['settle', '--cost', 'tre mio', '--executing', 'A', '--payer', 'A=1'], /"tre mio" er ikke et beløb/],
  ['settle: zero cost', ['settle', '--cost', '0', '--executing', 'A', '--payer', 'A=1'], /forskellig fra 0/],
  ['settle: payer without share', ['settle', '--cost', '10', '--executing', 'A', '--payer', 'A'], /--payer skal skrives NAVN=VÆRDI/],
  ['settle: non-numeric share', ['settle', '--cost', '10', '--executing', 'A', '--payer', 'A=en tredjedel'], /Andelen "en tredjedel" for A er ikke et tal/],
  ['settle: negative share', ['settle', '--cost', '10', '--executing', 'A', '--payer', 'A=1', '--payer', 'B=-1'], /"B" har et negativt grundlag/],
  ['settle: executing not a payer', ['settle', '--cost', '10', '--executing', 'A', '--payer', 'B=1'], /"A" skal også stå blandt de betalende/],
  ['settle: duplicate payer', ['settle', '--cost', '10', '--executing', 'A', '--payer', 'A=1', '--payer', 'A=2'], /mere end én gang/],
  ['settle: bad kind', ['settle', '--cost', '10', '--executing', 'A', '--payer', 'A=1', '--kind', 'A=amt'], /Ukendt parttype "amt"/],
  ['settle: unknown option', ['settle', '--cost', '10', '--betaler', 'A=1'], /Ukendt tilvalg --betaler/],
  ['settle: unknown format', ['settle', '--cost', '10', '--executing', 'A', '--payer', 'A=1', '--format', 'html'], /Ukendt format "html"/],
];

describe('bad input', () => {
  it.each(BAD_INPUT)('%s', async (_name, argv, message) => {
    const run = await runCli(argv, { terminal: true });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.bytes).toEqual([]);
    expect(run.stderr).toMatch(/^fejl: [^\n]+\n$/);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
});

describe('help', () => {
  it('lists the commands and each command has Danish help', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    for (const name of ['distribute', 'check-table', 'settle']) {
      expect(top.stdout).toContain(`  ${name}`);
      const help = await runCli([name, '--help']);
      expect(help).toMatchObject({ code: 0, stderr: '' });
      expect(help.stdout).toMatch(new RegExp(`^Brug: klynge ${name}`));
      expect(help.stdout).toContain('--format table|csv|json|xlsx');
      expect((await runCli(['help', name])).stdout).toBe(help.stdout);
    }
  });

  // The installed bin runs the build in dist/server (npm test builds it first).
  it('the installed bin runs: node bin/klynge.mjs --help', { timeout: 180_000 }, async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['bin/klynge.mjs', '--help'], { timeout: 170_000 });
    expect(stdout).toMatch(/^Brug: klynge KOMMANDO/);
    expect(stdout).toContain('check-table');
  });

  it('the installed bin exits 2 with one line on bad input', { timeout: 180_000 }, async () => {
    const result = await promisify(execFile)(process.execPath, ['bin/klynge.mjs', 'settle', '--cost', 'x'], { timeout: 170_000 }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^fejl: [^\n]+\n$/);
  });
});
