import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readKeyCsv } from './distribute.ts';

/** The file's text in chunks of `size` characters, as the CLI reads a file. */
function chunksOf(text: string, size: number): AsyncIterable<string> {
  const chunks: string[] = [];
  for (let k = 0; k < text.length; k += size) chunks.push(text.slice(k, k + size));
  return Readable.from(chunks) as AsyncIterable<string>;
}
const read = (text: string, size = 4096) => readKeyCsv(() => chunksOf(text, size), 'nøgle.csv');

describe('readKeyCsv: party names kept compactly', () => {
  it('gives back every name as written, also beyond the first buffers (Danish letters, long names, 20.000 parties)', async () => {
    const names = Array.from({ length: 20_000 }, (_, i) => (i % 3 === 0 ? `Ærø-Søby-Åbenrå ${String(i)}` : i % 3 === 1 ? `${'Lang kommune '.repeat(40)}${String(i)}` : `P${String(i)}`));
    const text = `party,basis\n${names.map((n, i) => `"${n}",${String(i + 1)}`).join('\n')}\n`;
    const key = await read(text, 777);
    expect(key.parties.count).toBe(names.length);
    for (let i = 0; i < names.length; i += 1) expect(key.parties.name(i)).toBe(names[i]);
    expect(key.integers[19_999]).toBe(20_000);
  });

  it('names a repeated party (also with Danish letters) by its line; a name that only begins like another is not a repeat', async () => {
    await expect(read('party,basis\nÆrø,1\nÆrøskøbing,2\nÆrø,3\n')).rejects.toThrow(/linje 4: "Ærø" står mere end én gang/);
    const key = await read('part;grundlag\nÆrø;1\nÆrøskøbing;2\nærø;3\n');
    expect([0, 1, 2].map((i) => key.parties.name(i))).toEqual(['Ærø', 'Ærøskøbing', 'ærø']);
  });
});
