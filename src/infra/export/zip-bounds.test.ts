import { describe, expect, it } from 'vitest';
import { XLSX_UPLOAD_BOUNDS, zipBoundsViolation } from './zip-bounds.ts';
import { inflated, workbookEntries, zip } from './zip-testing.ts';

describe('upload bounds of an xlsx before ExcelJS (zip bomb)', () => {
  it('accepts a real workbook', async () => {
    const entries = await workbookEntries();
    expect(entries.some((e) => e.name === 'xl/worksheets/sheet1.xml')).toBe(true);
    expect(zipBoundsViolation(zip(entries))).toBeNull();
  });

  it('refuses a small file whose sheet inflates to 120 MB, by its declared size and when it lies about it', { timeout: 30_000 }, async () => {
    const entries = await workbookEntries();
    const bomb = entries.map((e) => (e.name === 'xl/worksheets/sheet1.xml' ? { ...e, content: inflated(e.content, 120 * 1024 * 1024) } : e));
    const honest = zip(bomb);
    expect(honest.length).toBeLessThan(1024 * 1024);
    const lying = zip(bomb.map((e) => (e.name === 'xl/worksheets/sheet1.xml' ? { ...e, declare: 10_000 } : e)));
    const started = Date.now();
    expect(zipBoundsViolation(honest)).toMatch(/fylder mere end 50 MB, når det pakkes ud/);
    expect(zipBoundsViolation(lying)).toMatch(/fylder mere end 50 MB/);
    // Refused at once: nothing was inflated beyond the 10 kB the lying entry declared.
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('refuses a sheet with more rows than allowed, and a file that is not a ZIP', async () => {
    const entries = await workbookEntries();
    const rows = Buffer.from('<row r="1"/>'.repeat(XLSX_UPLOAD_BOUNDS.maxRowsPerSheet + 1));
    const many = entries.map((e) => {
      if (e.name !== 'xl/worksheets/sheet1.xml') return e;
      const text = e.content.toString('utf8');
      return { ...e, content: Buffer.from(text.replace(/<sheetData>.*<\/sheetData>|<sheetData\/>/s, `<sheetData>${rows.toString()}</sheetData>`)) };
    });
    expect(zipBoundsViolation(zip(many))).toMatch(/mere end 100\.000 rækker/);
    expect(zipBoundsViolation(Buffer.from('ikke et regneark'))).toMatch(/kan ikke læses som et Excel-regneark/);
  });
});
