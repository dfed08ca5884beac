import { describe, expect, it } from 'vitest';
import { decodeText } from './text-encoding.ts';

describe('decodeText', () => {
  it('reads UTF-8 (BOM dropped) as UTF-8 and anything else as Windows-1252', () => {
    expect(decodeText(Buffer.from('\uFEFF101 København;2020K1', 'utf8'))).toEqual({ text: '101 København;2020K1', encoding: 'utf-8' });
    expect(decodeText(Buffer.from('101 København; Ærø; Å', 'latin1'))).toEqual({ text: '101 København; Ærø; Å', encoding: 'windows-1252' });
    // 0x80 is € in Windows-1252 (not a control character as in ISO 8859-1).
    expect(decodeText(Uint8Array.from([0x80, 0x20, 0x31]))).toEqual({ text: '€ 1', encoding: 'windows-1252' });
  });
});
