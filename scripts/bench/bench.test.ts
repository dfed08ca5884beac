import { expect, it } from 'vitest';
import { formatTable, runBench } from './run.ts';

// The smoke run of `npm run bench`: tiny sizes, every group, on PGlite (and the server when
// KLYNGE_TEST_DATABASE_URL is set). It checks the rows come out — never the timings, which are noisy.
it('npm run bench in tiny mode produces a row for every measurement', async () => {
  const serverUrl = process.env['KLYNGE_TEST_DATABASE_URL']?.trim() ?? null;
  const rows = await runBench({ tiny: true, serverUrl: serverUrl === '' ? null : serverUrl, only: ['history', 'load', 'cli', 'audit'] });
  const whats = rows.map((r) => r.what).join('\n');
  for (const w of ['økonomivisning 2022', 'regneark 2022', 'afregning', 'opret og godkend', 'register 2022', 'fordeling 2022', 'klynge --help', 'klynge distribute', 'revisionssøgning']) expect(whats).toContain(w);
  for (const r of rows) {
    expect(Number.isFinite(r.ratio), formatTable([r])).toBe(true);
    expect(r.n, formatTable([r])).toBeGreaterThan(0);
  }
  expect(formatTable(rows).split('\n').length).toBe(rows.length + 2);
});
