import { describe, expect, it } from 'vitest';
import { DomainError } from '../../core/errors.ts';
import { checkUpload, contentDisposition, MAX_UPLOAD_BYTES, type Upload } from './attachments.ts';

/**
 * What a file must be before it is stored (storing and reading it with its owner is tested with
 * the services that own files: src/app/governance/service.test.ts and src/app/follow-up/service.test.ts).
 */
const PDF = new Uint8Array(Buffer.from('%PDF-1.4\n%%EOF\n', 'latin1'));
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const ZIP = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]);

function code(u: Upload): string {
  try {
    checkUpload(u);
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return 'ok';
}

describe('checkUpload: name, type, size and content', () => {
  it('takes the type from the extension when the browser did not know it, and keeps Danish letters (NFC)', () => {
    const decomposed = 'Møde\u0301referat.pdf'.normalize('NFD');
    const file = checkUpload({ fileName: `  ${decomposed} `, mediaType: 'application/octet-stream', content: PDF });
    expect(file).toMatchObject({ fileName: decomposed.trim().normalize('NFC'), mediaType: 'application/pdf', sizeBytes: PDF.byteLength });
    expect(file.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(checkUpload({ fileName: 'budget.xlsx', mediaType: '', content: ZIP }).mediaType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(checkUpload({ fileName: 'foto.JPEG', mediaType: 'image/jpeg; charset=binary', content: new Uint8Array([0xff, 0xd8, 0xff, 0xe0]) }).mediaType).toBe('image/jpeg');
  });

  it('refuses what is not allowed, each with its own reason', () => {
    expect(code({ fileName: '', mediaType: 'application/pdf', content: PDF })).toBe('attachment.bad-name');
    expect(code({ fileName: '../../etc/passwd.txt', mediaType: 'text/plain', content: PDF })).toBe('attachment.bad-name');
    expect(code({ fileName: `${'a'.repeat(197)}.pdf`, mediaType: 'application/pdf', content: PDF })).toBe('attachment.bad-name');
    expect(code({ fileName: 'program.exe', mediaType: 'application/octet-stream', content: PDF })).toBe('attachment.type-not-allowed');
    expect(code({ fileName: 'side.html', mediaType: 'text/html', content: PDF })).toBe('attachment.type-not-allowed');
    // A name that does not match the type the browser sent.
    expect(code({ fileName: 'billede.png', mediaType: 'application/pdf', content: PDF })).toBe('attachment.extension-mismatch');
    expect(code({ fileName: 'tom.pdf', mediaType: 'application/pdf', content: new Uint8Array() })).toBe('attachment.empty');
    // Content that is not what the name says: a .pdf must start %PDF, a .png with the PNG signature, Office files are ZIP.
    expect(code({ fileName: 'falsk.pdf', mediaType: 'application/pdf', content: PNG })).toBe('attachment.content-mismatch');
    expect(code({ fileName: 'falsk.png', mediaType: 'image/png', content: PDF })).toBe('attachment.content-mismatch');
    expect(code({ fileName: 'falsk.docx', mediaType: '', content: PDF })).toBe('attachment.content-mismatch');
  });

  it('accepts exactly the upload limit and refuses one byte more', () => {
    const at = new Uint8Array(MAX_UPLOAD_BYTES);
    at.set(PDF);
    expect(code({ fileName: 'stor.pdf', mediaType: 'application/pdf', content: at })).toBe('ok');
    const over = new Uint8Array(MAX_UPLOAD_BYTES + 1);
    over.set(PDF);
    expect(code({ fileName: 'for-stor.pdf', mediaType: 'application/pdf', content: over })).toBe('attachment.too-large');
  });

  it('names the download with an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('Referat "møde" æøå.pdf')).toBe(`attachment; filename="Referat _m_de_ ___.pdf"; filename*=UTF-8''${encodeURIComponent('Referat "møde" æøå.pdf')}`);
  });
});
