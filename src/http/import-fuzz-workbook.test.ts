import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../infra/db/testing.ts';
import { unzip, zip, type Entry } from '../infra/export/zip-testing.ts';
import { seedDatabase } from '../app/seed.ts';
import type { App } from './app.ts';
import { clientWithRoles, json, testApp, type TestClient } from './testing.ts';
import { generator, NASTY } from './test-fuzz.ts';

/**
 * The import fuzzer (issue 11 §8) for the workbook re-import (the cluster-year's xlsx with its
 * "Forbrug" sheet edited and sent back): files made from the cluster's own downloaded workbook by
 * damaging the zip (truncated, bytes flipped, garbage, parts dropped, sizes declared huge or too
 * small, too many parts), the workbook (sheet renamed, sheet XML broken) and the cells (values
 * replaced by nasty text, types changed, shared-string indexes out of range, formulas, rows
 * doubled or removed, 100.001 rows). Every answer must be 201 or a 4xx, within 5 s, and a refused
 * file must write nothing (the actuals table is unchanged). Small run in `npm test`; the long run:
 * KLYNGE_FUZZ_FILES=10000 KLYNGE_FUZZ_REPORT=1 npx vitest run src/http/import-fuzz-workbook.test.ts
 */
const FILES = Number(process.env['KLYNGE_FUZZ_FILES'] ?? 40);
const SEED = Number(process.env['KLYNGE_FUZZ_SEED'] ?? 20261129);
const CLUSTER = 'hovedstaden-syd';
const YEAR = 2022;
const KR = 100;

const xmlEscape = (s: string): string => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** Positions of every match of `re` in `text` (global regex). */
function matches(text: string, re: RegExp): RegExpExecArray[] {
  return [...text.matchAll(re)];
}

/** One damaged workbook made from the valid one's entries. */
function mutateWorkbook(base: readonly Entry[], random: () => number): Buffer {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  let entries: Entry[] = base.map((e) => ({ ...e }));
  const sheets = entries.map((e, i) => ({ e, i })).filter(({ e }) => /^xl\/worksheets\/sheet\d+\.xml$/.test(e.name));
  const textOf = (i: number): string => (entries[i] as Entry).content.toString('utf8');
  const setText = (i: number, text: string): void => {
    entries[i] = { ...(entries[i] as Entry), content: Buffer.from(text, 'utf8') };
  };
  const anySheet = (): number => pick(sheets).i;
  const indexOf = (name: string): number => entries.findIndex((e) => e.name === name);

  const steps = 1 + Math.floor(random() * 3);
  for (let s = 0; s < steps; s++) {
    switch (Math.floor(random() * 14)) {
      case 0: {
        // A cell's value replaced by nasty text (kept as a number cell, or made an inline string).
        const i = anySheet();
        const text = textOf(i);
        const vs = matches(text, /<v>[^<]*<\/v>/g);
        const m = vs.length > 0 ? pick(vs) : undefined;
        if (m) setText(i, `${text.slice(0, m.index)}<v>${xmlEscape(pick(NASTY))}</v>${text.slice(m.index + m[0].length)}`);
        break;
      }
      case 1: {
        // A cell's type changed: shared string ↔ number ↔ error ↔ boolean ↔ inline string.
        const i = anySheet();
        const text = textOf(i);
        const cs = matches(text, /<c r="[A-Z]+\d+"( s="\d+")?( t="\w+")?/g);
        const m = cs.length > 0 ? pick(cs) : undefined;
        if (m) {
          const head = m[0].replace(/ t="\w+"/, '');
          setText(i, `${text.slice(0, m.index)}${head} t="${pick(['s', 'n', 'e', 'b', 'str', 'inlineStr', 'd', 'bogus'])}"${text.slice(m.index + m[0].length)}`);
        }
        break;
      }
      case 2: {
        // A shared-string index out of range.
        const i = anySheet();
        const text = textOf(i);
        const cs = matches(text, /t="s"([^>]*)><v>\d+<\/v>/g);
        const m = cs.length > 0 ? pick(cs) : undefined;
        if (m) setText(i, `${text.slice(0, m.index)}t="s"${m[1] ?? ''}><v>${pick(['99999', '-1', '4294967296', ''])}</v>${text.slice(m.index + m[0].length)}`);
        break;
      }
      case 3: {
        // A formula put into a cell.
        const i = anySheet();
        const text = textOf(i);
        const vs = matches(text, /<v>[^<]*<\/v>/g);
        const m = vs.length > 0 ? pick(vs) : undefined;
        if (m) setText(i, `${text.slice(0, m.index)}<f>${xmlEscape(pick(['1/0', 'A1', 'HYPERLINK("http://x","y")', 'SUM(A:A)', '"', 'INDIRECT("Z"&1)']))}</f>${m[0]}${text.slice(m.index + m[0].length)}`);
        break;
      }
      case 4: {
        // A row doubled or removed.
        const i = anySheet();
        const text = textOf(i);
        const rows = matches(text, /<row [^>]*>.*?<\/row>/gs);
        const m = rows.length > 0 ? pick(rows) : undefined;
        if (m) setText(i, `${text.slice(0, m.index)}${random() < 0.5 ? `${m[0]}${m[0]}` : ''}${text.slice(m.index + m[0].length)}`);
        break;
      }
      case 5: {
        // A shared string replaced by nasty text.
        const i = indexOf('xl/sharedStrings.xml');
        if (i < 0) break;
        const text = textOf(i);
        const ts = matches(text, /<t( [^>]*)?>[^<]*<\/t>/g);
        const m = ts.length > 0 ? pick(ts) : undefined;
        if (m) setText(i, `${text.slice(0, m.index)}<t>${xmlEscape(pick(NASTY))}</t>${text.slice(m.index + m[0].length)}`);
        break;
      }
      case 6: {
        // The sheet renamed or the workbook's sheet list damaged (wrong sheets).
        const i = indexOf('xl/workbook.xml');
        if (i < 0) break;
        const text = textOf(i);
        setText(i, pick([text.replaceAll('name="Forbrug"', 'name="Ark1"'), text.replaceAll('name="Forbrug"', 'name="forbrug "'), text.replace(/<sheets>.*<\/sheets>/s, '<sheets></sheets>'), text.replace(/r:id="rId\d+"/, 'r:id="rId999"')]));
        break;
      }
      case 7: {
        // XML broken: truncated, or a NUL or a stray tag inside.
        const i = random() < 0.7 ? anySheet() : Math.floor(random() * entries.length);
        const text = textOf(i);
        const at = Math.floor(random() * text.length);
        setText(i, pick([text.slice(0, at), `${text.slice(0, at)}\u0000${text.slice(at)}`, `${text.slice(0, at)}<x>${text.slice(at)}`, `${text.slice(0, at)}&bogus;${text.slice(at)}`]));
        break;
      }
      case 8:
        // A part dropped.
        entries.splice(Math.floor(random() * entries.length), 1);
        break;
      case 9: {
        // A part that declares a huge (or a too small) uncompressed size.
        const i = Math.floor(random() * entries.length);
        const e = entries[i] as Entry;
        entries[i] = { ...e, declare: pick([0xffffffff, 60 * 1024 * 1024, 0, Math.max(0, e.content.length - 1)]) };
        break;
      }
      case 10:
        // Too many parts.
        entries = [...entries, ...Array.from({ length: 501 }, (_, k) => ({ name: `xl/media/x${String(k)}.bin`, content: Buffer.alloc(0) }))];
        break;
      case 11: {
        // A sheet of 100.001 empty rows (over the row bound).
        const i = anySheet();
        const text = textOf(i);
        const at = text.indexOf('</sheetData>');
        if (at >= 0) setText(i, `${text.slice(0, at)}${'<row/>'.repeat(100_001)}${text.slice(at)}`);
        break;
      }
      case 12: {
        // A cell far away (a huge declared dimension or a cell reference out of Excel's range).
        const i = anySheet();
        const text = textOf(i);
        setText(i, text.replace(/<dimension ref="[^"]*"\/>/, `<dimension ref="A1:${pick(['XFD1048576', 'ZZZZ99999999', 'A0'])}"/>`).replace(/<c r="[A-Z]+(\d+)"/, (_m, row: string) => `<c r="${pick(['XFE', 'AAAAA', ''])}${row}"`));
        break;
      }
      default:
        break;
    }
  }
  let bytes = zip(entries);
  if (random() < 0.25) {
    // Byte-level damage to the zip itself: truncated, bytes flipped, garbage before, empty.
    const at = Math.floor(random() * bytes.length);
    switch (Math.floor(random() * 4)) {
      case 0:
        bytes = bytes.subarray(0, at);
        break;
      case 1:
        bytes = Buffer.from(bytes);
        for (let k = 0; k < 1 + Math.floor(random() * 8); k++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
        break;
      case 2:
        bytes = Buffer.concat([Buffer.from(pick(['PK\u0003\u0004', 'Indsats;Part\n', '\u0000'.repeat(64)]), 'latin1'), bytes]);
        break;
      default:
        bytes = Buffer.alloc(0);
        break;
    }
  }
  return bytes;
}

describeEachDatabase('import fuzzer: the workbook re-import over HTTP', (getDb) => {
  let app: App;
  let secretariat: TestClient;
  let full: Entry[] = [];
  let small: Entry[] = [];

  beforeAll(async () => {
    await seedDatabase(getDb().kysely);
    app = await testApp(getDb());
    secretariat = await clientWithRoles(getDb(), [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: CLUSTER } }], 'fuzz-wb');
    const post = (url: string, payload: Record<string, unknown>) => app.inject({ method: 'POST', url, headers: secretariat.headers(), payload });
    const created = json<{ id: string; version: number }>(await post(`/api/clusters/${CLUSTER}/initiatives`, {
      title: 'Fuzz-indsats', description: 'Udføres af København', targetGroup: 'chronic-illness', startPeriod: '2022-01', endPeriod: '2022-12', executingParties: ['101', '167'],
      lines: [{ kind: 'other', id: 'l1', year: YEAR, description: 'Afprøvning', category: 'development', funding: 'common', party: '101', amountOre: 1_000_000 * KR }],
    }));
    const approved = json<{ version: number }>(await post(`/api/initiatives/${created.id}/approve`, { version: created.version, date: '2022-02-01', level: 'political', meetingReference: 'Fuzz 01.02.2022' }));
    await post(`/api/initiatives/${created.id}/status`, { version: approved.version, status: 'running' });
    const lines = ['Indsats;Part;Periode;Beløb;Kategori;Finansiering;Tekst'];
    for (let m = 1; m <= 8; m++) lines.push(`${created.id};${m % 2 === 0 ? '101' : '167'};2022-${String(m).padStart(2, '0')};${String(m)}00,${String(m)}5;Udvikling;Fælles midler;Løn ${String(m)}`);
    const imported = await app.inject({ method: 'POST', url: `/api/clusters/${CLUSTER}/actuals/import?filename=base.csv`, headers: secretariat.headers({ 'content-type': 'text/csv' }), payload: `${lines.join('\n')}\n` });
    expect(imported.statusCode, imported.body).toBe(201);
    const download = await app.inject({ url: `/api/clusters/${CLUSTER}/economy/${String(YEAR)}/workbook`, headers: secretariat.headers() });
    expect(download.statusCode).toBe(200);
    full = unzip(download.rawPayload);
    // Most files start from the workbook with only its "Forbrug" sheet (as a user may save it;
    // parsing it is quicker), every fourth from the whole downloaded workbook.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(download.rawPayload as unknown as ArrayBuffer);
    for (const sheet of [...wb.worksheets]) if (sheet.name !== 'Forbrug') wb.removeWorksheet(sheet.id);
    small = unzip(Buffer.from(await wb.xlsx.writeBuffer()));
    // Both bases are accepted as they are (no change: nothing to correct).
    for (const base of [full, small]) {
      const again = await upload(zip(base));
      expect(again.statusCode, again.body).toBe(201);
      expect(json<{ count: number }>(again).count).toBe(0);
    }
  });
  afterAll(async () => {
    if ((app as App | undefined) !== undefined) await app.close();
  });

  const upload = (body: Buffer) =>
    app.inject({ method: 'POST', url: `/api/clusters/${CLUSTER}/economy/${String(YEAR)}/workbook-actuals`, headers: secretariat.headers({ 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), payload: body });
  const written = async (): Promise<number> => Number((await getDb().kysely.selectFrom('actuals').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  it(`${String(FILES)} generated workbooks: never 5xx, never over 5 s, nothing written on refusal`, async () => {
    const random = generator(SEED);
    const counts = { accepted: 0, refused: 0, defects: 0 };
    let slowest = 0;
    // Nothing else writes during the run: the count after one file is the count before the next.
    let before = await written();
    for (let n = 0; n < FILES; n++) {
      const file = mutateWorkbook(n % 4 === 0 ? full : small, random);
      const started = performance.now();
      const res = await upload(file);
      const ms = performance.now() - started;
      slowest = Math.max(slowest, ms);
      const accepted = res.statusCode === 201;
      if (!(accepted || (res.statusCode >= 400 && res.statusCode < 500)) || ms > 5000) {
        counts.defects += 1;
        expect.soft({ n, status: res.statusCode, ms, body: res.body.slice(0, 300) }).toBeUndefined();
      }
      const after = await written();
      if (accepted) counts.accepted += 1;
      else {
        counts.refused += 1;
        if (after !== before) {
          counts.defects += 1;
          expect.soft({ n, writtenOnRefusal: after - before, status: res.statusCode }).toBeUndefined();
        }
      }
      before = after;
      // Progress of a long run, so a run stopped early still has its figures.
      if (process.env['KLYNGE_FUZZ_REPORT'] === '1' && (n + 1) % 1000 === 0) console.log(JSON.stringify({ import: 'workbook-xlsx', progress: n + 1, ...counts, slowestMs: Math.round(slowest) }));
    }
    expect(counts.defects).toBe(0);
    expect(counts.accepted + counts.refused).toBe(FILES);
    // Refusals occur (the unchanged workbooks were accepted in beforeAll). The files differ a
    // little from run to run (the download carries its creation time), so the split does too.
    expect(counts.refused).toBeGreaterThan(0);
    if (process.env['KLYNGE_FUZZ_REPORT'] === '1') console.log(JSON.stringify({ import: 'workbook-xlsx', files: FILES, ...counts, slowestMs: Math.round(slowest) }));
  }, 3_600_000);
});
