import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';

/** Test helpers: ZIP files (xlsx) written by hand, so a test can make a zip bomb. */

export interface Entry {
  readonly name: string;
  readonly content: Buffer;
  /** Write this as the uncompressed size instead of the true one (a lying bomb). */
  readonly declare?: number;
}

/** A ZIP file as xlsx writers make them (deflate, 32-bit sizes). */
export function zip(entries: readonly Entry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const data = deflateRawSync(e.content, { level: 1 });
    const size = e.declare ?? e.content.length;
    const crc = crc32(e.content);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** The entries of a real workbook with a "Forbrug" sheet (ExcelJS writes it), to put a bomb into. */
export async function workbookEntries(): Promise<Entry[]> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Forbrug').addRow(['Indsats', 'Part', 'Periode', 'Beløb (kr.)', 'Udgiftstype', 'Finansiering', 'Tekst']);
  return unzip(Buffer.from(await wb.xlsx.writeBuffer()));
}

/** The entries of a ZIP file as xlsx writers make them (stored or deflate, 32-bit sizes). */
export function unzip(bytes: Buffer): Entry[] {
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const entries: Entry[] = [];
  let p = bytes.readUInt32LE(end + 16);
  for (let n = bytes.readUInt16LE(end + 10); n > 0; n--) {
    const method = bytes.readUInt16LE(p + 10);
    const compressed = bytes.readUInt32LE(p + 20);
    const nameLength = bytes.readUInt16LE(p + 28);
    const name = bytes.toString('utf8', p + 46, p + 46 + nameLength);
    const local = bytes.readUInt32LE(p + 42);
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(start, start + compressed);
    entries.push({ name, content: method === 8 ? inflateRawSync(data) : Buffer.from(data) });
    p += 46 + nameLength + bytes.readUInt16LE(p + 30) + bytes.readUInt16LE(p + 32);
  }
  return entries;
}

/** The "Forbrug" sheet's XML padded with whitespace inside the root element to `bytes`. */
export function inflated(sheet: Buffer, bytes: number): Buffer {
  const text = sheet.toString('utf8');
  const at = text.indexOf('<sheetData');
  const pad = Buffer.alloc(bytes - sheet.length, 0x20);
  return Buffer.concat([Buffer.from(text.slice(0, at)), pad, Buffer.from(text.slice(at))]);
}

