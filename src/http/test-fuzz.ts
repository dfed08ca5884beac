/**
 * The import fuzzers' shared generator (issue 11 §8): files made by mutating a valid one (lines
 * dropped, doubled, swapped; fields broken; bytes flipped — NUL, bad UTF-8, lone surrogate bytes,
 * Windows-1252; separators and line endings changed; truncated), seeded so a run can be repeated.
 */

/** mulberry32: a small seeded generator, so a failing file can be made again. */
export function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const NASTY = ['', '0', '-1', '9007199254740993', '1e9', '1.000', '1,5', ' 42 ', '٣', 'NaN', '\u0000', '"', '""', '=1+1', 'x'.repeat(3000), '101', '2020K5', '2020K1', 'København'];

export function mutate(base: Buffer, random: () => number): Buffer {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  let lines = base.toString('utf8').split('\n');
  const steps = 1 + Math.floor(random() * 4);
  for (let s = 0; s < steps; s++) {
    const i = Math.floor(random() * lines.length);
    switch (Math.floor(random() * 9)) {
      case 0:
        lines.splice(i, 1);
        break;
      case 1:
        lines.splice(i, 0, lines[i] ?? '');
        break;
      case 2: {
        const j = Math.floor(random() * lines.length);
        [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
        break;
      }
      case 3: {
        const cells = (lines[i] ?? '').split(';');
        cells[Math.floor(random() * Math.max(1, cells.length))] = pick(NASTY);
        lines[i] = cells.join(';');
        break;
      }
      case 4:
        lines[i] = (lines[i] ?? '').replaceAll(';', pick([',', '\t', ';;', '']));
        break;
      case 5:
        lines = lines.slice(0, Math.floor(random() * lines.length));
        break;
      case 6:
        lines = [lines.join(pick(['\r\n', '\r', '\n\n']))];
        break;
      case 7:
        lines[i] = `${lines[i] ?? ''};${pick(NASTY)}`;
        break;
      default:
        break;
    }
  }
  let bytes = Buffer.from(lines.join('\n'), 'utf8');
  if (random() < 0.3) {
    // Byte-level damage: NUL, invalid UTF-8, an encoded lone surrogate, a BOM, Windows-1252.
    const at = Math.floor(random() * bytes.length);
    const insert = pick([Buffer.from([0]), Buffer.from([0xff, 0xfe]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Ærø', 'latin1')]);
    bytes = Buffer.concat([bytes.subarray(0, at), insert, bytes.subarray(at)]);
  }
  return bytes;
}
