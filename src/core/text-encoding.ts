/**
 * Text files from Danish users arrive as UTF-8 (with or without BOM) or as Windows-1252 — what
 * Excel and Statistikbanken write on a Danish Windows. Valid UTF-8 is read as UTF-8; anything
 * else is read as Windows-1252, which maps every byte (æ ø å Æ Ø Å and € included). Pure.
 */

/** Windows-1252's 0x80–0x9F (the rest is ISO 8859-1); undefined bytes kept as their C1 code. Spelt out because Node's TextDecoder reads this label as ISO 8859-1. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

function decodeWindows1252(bytes: Uint8Array): string {
  const units = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    units[i] = b >= 0x80 && b <= 0x9f ? (CP1252_HIGH[b - 0x80] ?? b) : b;
  }
  // In chunks: fromCharCode takes its arguments on the stack.
  const parts: string[] = [];
  for (let i = 0; i < units.length; i += 8192) parts.push(String.fromCharCode(...units.subarray(i, i + 8192)));
  return parts.join('');
}

export function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  try {
    // ignoreBOM: false (the default) drops a leading UTF-8 BOM.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}
