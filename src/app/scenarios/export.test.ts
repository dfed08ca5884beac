import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarioWorkbook } from './export.ts';
import type { ScenarioView } from './service.ts';

const row = (clusterId: string, cluster: string, party: string, partyName: string, decidedOre: number, scenarioOre: number): ScenarioView['rows'][number] => ({
  clusterId,
  cluster,
  region: 'Region Syddanmark',
  party,
  partyName,
  decidedOre,
  scenarioOre,
  differenceOre: scenarioOre - decidedOre,
  differencePercent: null,
});

const VIEW: ScenarioView = {
  id: '00000000-0000-4000-8000-000000000001',
  year: 2022,
  name: 'Test',
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'test',
  decidedRunId: '2',
  promotedRunId: null,
  promotedAt: null,
  promotedBy: null,
  inputs: { regionalSplits: [{ regionCode: '1083', kind: 'population' }] },
  comparedRunId: '2',
  baseIsCurrent: true,
  rows: [
    row('s', 'Sønderjysk Klynge', 'municipalities', 'Kommunerne', 152_957_900, 152_957_900),
    row('s', 'Sønderjysk Klynge', 'region', 'Region Syddanmark', 162_688_400, 156_467_300),
    row('s', 'Sønderjysk Klynge', 'total', 'I alt', 315_646_300, 309_425_200),
    row('l', 'Lillebælt-klyngen', 'region', 'Region Syddanmark', 205_873_100, 212_094_200),
    row('l', 'Lillebælt-klyngen', 'total', 'I alt', 205_873_100, 212_094_200),
  ],
  totals: { decidedOre: 521_519_400, scenarioOre: 521_519_400, differenceOre: 0 },
};

describe('scenario workbook recomputed by LibreOffice', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'klynge-scenario-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('differences and the country total are formulas that recompute to the app’s figures', { timeout: 300_000 }, async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await scenarioWorkbook(VIEW)).buffer as ArrayBuffer);
    // Spoil every cached result, so only a recomputation can give the right figures.
    wb.eachSheet((sheet) =>
      sheet.eachRow((r) =>
        r.eachCell((cell) => {
          const v = cell.value;
          if (v && typeof v === 'object' && 'formula' in v) cell.value = { formula: v.formula, result: -1 };
        }),
      ),
    );
    await wb.xlsx.writeFile(join(dir, 'scenario.xlsx'));
    const home = join(dir, 'home');
    await mkdir(join(home, 'user'), { recursive: true });
    await writeFile(
      join(home, 'user', 'registrymodifications.xcu'),
      '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n' +
        '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>\n</oor:items>\n',
    );
    await promisify(execFile)('soffice', ['--headless', '--norestore', `-env:UserInstallation=file://${home}`, '--convert-to', 'csv', '--outdir', dir, join(dir, 'scenario.xlsx')], { timeout: 280_000, env: { ...process.env, HOME: home } });
    const lines = (await readFile(join(dir, 'scenario.csv'), 'utf8'))
      .trim()
      .split(/\r?\n/)
      .map((l) => (l.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? []).map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '')));
    const num = (s: string | undefined): number => Number((s ?? '').replace(/,/g, ''));
    VIEW.rows.forEach((r, i) => {
      const line = lines[3 + i] ?? [];
      expect(line[2]).toBe(r.partyName);
      expect(Math.round(num(line[5]) * 100)).toBe(r.differenceOre);
    });
    const total = lines[3 + VIEW.rows.length] ?? [];
    expect(total[2]).toBe('I alt');
    expect(Math.round(num(total[3]) * 100)).toBe(VIEW.totals.decidedOre);
    expect(Math.round(num(total[5]) * 100)).toBe(0);
  });
});
