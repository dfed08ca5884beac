import type { Kysely } from 'kysely';
import { DomainError, NotFoundError } from '../../core/errors.ts';
import { ATTACHMENT_TYPES } from '../../core/follow-up/evaluation.ts';
import type { Schema } from '../../infra/db/schema.ts';
import { newId, now } from '../../infra/clock.ts';

/**
 * Attached files (bilag) of meetings and evaluations, stored in the database so that a backup of
 * the database is a backup of everything. The allowed types are the domain's (ATTACHMENT_TYPES);
 * the size limit is the HTTP upload limit, 10 MB, which is below the domain's own 20 MB.
 */

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export type AttachmentOwner = { readonly kind: 'meeting' | 'evaluation'; readonly id: string };

export interface Upload {
  readonly fileName: string;
  /** As the browser sent it; browsers send `application/octet-stream` for types they do not know. */
  readonly mediaType: string;
  readonly content: Uint8Array;
}

export interface CheckedUpload {
  readonly id: string;
  readonly fileName: string;
  readonly mediaType: string;
  readonly sizeBytes: number;
  readonly content: Uint8Array;
}

const startsWith = (b: Uint8Array, ...bytes: number[]): boolean => bytes.every((x, i) => b[i] === x);

/** The first bytes each binary type must start with: a file named .pdf must be a PDF. */
function contentMatches(mediaType: string, b: Uint8Array): boolean {
  if (mediaType === 'application/pdf') return startsWith(b, 0x25, 0x50, 0x44, 0x46);
  if (mediaType === 'image/png') return startsWith(b, 0x89, 0x50, 0x4e, 0x47);
  if (mediaType === 'image/jpeg') return startsWith(b, 0xff, 0xd8, 0xff);
  if (mediaType.startsWith('application/vnd.')) return startsWith(b, 0x50, 0x4b); // Office/OpenDocument are ZIP files.
  return true;
}

const ALLOWED_TEXT = 'PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, CSV og tekst';

/** Checks name, type (by extension when the browser did not know it), size and content. */
export function checkUpload(u: Upload): CheckedUpload {
  const fileName = u.fileName.trim().normalize('NFC');
  if (fileName === '' || /[\\/]/.test(fileName) || fileName.length > 200) throw new DomainError('attachment.bad-name', `Filnavnet "${u.fileName}" er ikke gyldigt.`);
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  const byExtension = Object.entries(ATTACHMENT_TYPES).find(([, exts]) => extension !== undefined && exts.includes(extension))?.[0];
  const mediaType = u.mediaType === '' || u.mediaType === 'application/octet-stream' ? byExtension : u.mediaType.split(';')[0]?.trim();
  if (mediaType === undefined || !ATTACHMENT_TYPES[mediaType]) {
    throw new DomainError('attachment.type-not-allowed', `Filen "${fileName}" kan ikke vedhæftes. Tilladte filtyper: ${ALLOWED_TEXT}.`);
  }
  if (mediaType !== byExtension) throw new DomainError('attachment.extension-mismatch', `Filnavnet "${fileName}" passer ikke til filtypen ${mediaType}.`);
  if (u.content.byteLength === 0) throw new DomainError('attachment.empty', `Filen "${fileName}" er tom.`);
  if (u.content.byteLength > MAX_UPLOAD_BYTES) throw new DomainError('attachment.too-large', `Filen "${fileName}" er større end 10 MB.`);
  if (!contentMatches(mediaType, u.content)) throw new DomainError('attachment.content-mismatch', `Indholdet af "${fileName}" er ikke en gyldig ${extension?.toUpperCase() ?? ''}-fil.`);
  return { id: newId(), fileName, mediaType, sizeBytes: u.content.byteLength, content: u.content };
}

/** Stores a checked file; call inside the transaction that records it on its owner. */
export async function storeAttachment(trx: Kysely<Schema>, owner: AttachmentOwner, file: CheckedUpload, addedBy: string, agendaItemId: string | null = null): Promise<void> {
  await trx
    .insertInto('attachments')
    .values({ id: file.id, owner_kind: owner.kind, owner_id: owner.id, file_name: file.fileName, media_type: file.mediaType, size_bytes: file.sizeBytes, content: file.content, agenda_item_id: agendaItemId, added_by: addedBy })
    .execute();
}

/** What the audit trail records of a removed file (its content stays in the table). */
export interface RemovedAttachment {
  readonly attachmentId: string;
  readonly fileName: string;
  readonly mediaType: string;
  readonly sizeBytes: number;
}

/**
 * Removes a file from its owner (soft delete): hidden from lists and downloads, its content kept
 * so the audit trail's record of the removal still points at the file. Null when there was none.
 */
export async function removeAttachment(trx: Kysely<Schema>, owner: AttachmentOwner, id: string, removedBy: string): Promise<RemovedAttachment | null> {
  const row = await trx
    .updateTable('attachments')
    .set({ removed_at: now(), removed_by: removedBy })
    .where('owner_kind', '=', owner.kind)
    .where('owner_id', '=', owner.id)
    .where('id', '=', id)
    .where('removed_at', 'is', null)
    .returning(['id', 'file_name', 'media_type', 'size_bytes'])
    .executeTakeFirst();
  return row ? { attachmentId: row.id, fileName: row.file_name, mediaType: row.media_type, sizeBytes: row.size_bytes } : null;
}

export interface AttachmentFile {
  readonly fileName: string;
  readonly mediaType: string;
  readonly content: Buffer;
}

/** One file of an owner; 404 when it does not belong to that owner or was removed. */
export async function readAttachment(db: Kysely<Schema>, owner: AttachmentOwner, id: string): Promise<AttachmentFile> {
  const row = await db.selectFrom('attachments').select(['file_name', 'media_type', 'content']).where('owner_kind', '=', owner.kind).where('owner_id', '=', owner.id).where('id', '=', id).where('removed_at', 'is', null).executeTakeFirst();
  if (!row) throw new NotFoundError('attachment.not-found', 'Bilaget findes ikke.');
  return { fileName: row.file_name, mediaType: row.media_type, content: Buffer.from(row.content) };
}

/** A Content-Disposition that keeps Danish letters (RFC 6266 filename*). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
