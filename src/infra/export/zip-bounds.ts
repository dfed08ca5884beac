import { inflateRawSync } from 'node:zlib';

/**
 * Bounds on an uploaded xlsx (a ZIP file) checked before ExcelJS loads it (issue 11, zip bomb):
 * a 1,4 MB workbook can inflate to 1,5 GB, and ExcelJS holds it all in memory. The check reads
 * the ZIP's central directory (the declared uncompressed sizes), refuses when their sum or the
 * number of entries is too large, and then inflates each entry with an output cap of its declared
 * size, so a file that lies about its sizes is refused after at most the bound, not after 1,5 GB.
 * The worksheets' rows are counted in the inflated XML, so a sheet of a million empty rows is
 * refused too. Pure apart from zlib: bytes in, a Danish reason or null out.
 */

export interface ZipBounds {
  /** Sum of the uncompressed sizes of all entries. */
  readonly maxUncompressedBytes: number;
  readonly maxEntries: number;
  /** Rows (`<row` elements) in any one worksheet. */
  readonly maxRowsPerSheet: number;
}

/** Generous for a cluster-year's workbook (a few hundred kB unpacked), far below what hurts the server. */
export const XLSX_UPLOAD_BOUNDS: ZipBounds = { maxUncompressedBytes: 50 * 1024 * 1024, maxEntries: 500, maxRowsPerSheet: 100_000 };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const mb = (n: number): string => `${String(Math.round(n / (1024 * 1024)))} MB`;

/** Why the upload is refused (Danish, for the user), or null when it is within the bounds. */
export function zipBoundsViolation(bytes: Uint8Array, bounds: ZipBounds = XLSX_UPLOAD_BOUNDS): string | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const unreadable = 'Filen kan ikke læses som et Excel-regneark (xlsx).';
  // The end-of-central-directory record: 22 bytes plus a comment of at most 65.535 bytes.
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) {
    if (b.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return unreadable;
  const entries = b.readUInt16LE(eocd + 10);
  const cdSize = b.readUInt32LE(eocd + 12);
  const cdOffset = b.readUInt32LE(eocd + 16);
  // ZIP64 markers: no workbook within the upload limit needs them.
  if (entries === 0xffff || cdOffset === 0xffffffff || cdOffset + cdSize > eocd) return unreadable;
  if (entries > bounds.maxEntries) return `Regnearket har ${String(entries)} dele; højst ${String(bounds.maxEntries)} er tilladt.`;

  const tooLarge = `Regnearket fylder mere end ${mb(bounds.maxUncompressedBytes)}, når det pakkes ud, og afvises. Gem kun arket "Forbrug", eller del filen op.`;
  const found: { name: string; method: number; compressed: number; declared: number; local: number }[] = [];
  let total = 0;
  let p = cdOffset;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > b.length || b.readUInt32LE(p) !== CENTRAL) return unreadable;
    const method = b.readUInt16LE(p + 10);
    const compressed = b.readUInt32LE(p + 20);
    const declared = b.readUInt32LE(p + 24);
    const nameLength = b.readUInt16LE(p + 28);
    const name = b.toString('utf8', p + 46, p + 46 + nameLength);
    found.push({ name, method, compressed, declared, local: b.readUInt32LE(p + 42) });
    total += declared;
    if (total > bounds.maxUncompressedBytes) return tooLarge;
    p += 46 + nameLength + b.readUInt16LE(p + 30) + b.readUInt16LE(p + 32);
  }

  for (const e of found) {
    if (e.local + 30 > b.length || b.readUInt32LE(e.local) !== LOCAL) return unreadable;
    const start = e.local + 30 + b.readUInt16LE(e.local + 26) + b.readUInt16LE(e.local + 28);
    const data = b.subarray(start, start + e.compressed);
    let content: Buffer;
    if (e.method === 0) content = data;
    else if (e.method === 8) {
      try {
        // One byte more than declared: an entry that inflates beyond its declared size lies.
        content = inflateRawSync(data, { maxOutputLength: Math.max(1, e.declared + 1) });
      } catch (err) {
        if (err instanceof RangeError) return tooLarge;
        return unreadable;
      }
    } else return unreadable;
    if (content.length > e.declared) return tooLarge;
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(e.name)) {
      const rows = countRows(content, bounds.maxRowsPerSheet);
      if (rows > bounds.maxRowsPerSheet) return `Et ark i regnearket har mere end ${bounds.maxRowsPerSheet.toLocaleString('da-DK')} rækker, som er det højst tilladte.`;
    }
  }
  return null;
}

/** `<row …>` elements (with or without a namespace prefix) in a worksheet's XML, counted up to one past `limit`. */
function countRows(xml: Buffer, limit: number): number {
  const pattern = /<(?:[A-Za-z_][\w.-]*:)?row[\s>/]/g;
  const text = xml.toString('latin1');
  let count = 0;
  while (count <= limit && pattern.exec(text) !== null) count++;
  return count;
}
