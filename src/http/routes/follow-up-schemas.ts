import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DomainError, NotFoundError } from '../../core/errors.ts';
import { contentDisposition, type AttachmentFile, type Upload } from '../../app/attachments/index.ts';
import { clusterFacts } from '../../app/register/index.ts';
import { memberRoleSchema } from '../../app/governance/index.ts';
import type { Resource } from '../../infra/auth/policy.ts';
import type { Schema } from '../../infra/db/schema.ts';
import type { Kysely } from 'kysely';

/** Shared pieces of the governance and follow-up routes (issue 5). */

export const clusterIdParam = z.string().regex(/^[a-z0-9-]{1,80}$/);
export const regionCodeParam = z.string().regex(/^10[0-9]{2}$/);
export const uuidParam = z.string().uuid();
export const versionField = z.number().int().min(0);
export const isoDateField = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Datoen skal skrives som ÅÅÅÅ-MM-DD.');

/** A member as saved; the role is the schema the governance capability also reads the stored register with. */
export const memberSchema = z.object({
  id: z.string().min(1).max(100).optional(),
  name: z.string().max(200),
  organisation: z.string().max(200),
  role: memberRoleSchema,
});

/** The cluster in the path, for the policy; an unknown cluster is 404 (before the policy says 403). */
export function clusterResource(db: Kysely<Schema>) {
  return async (request: FastifyRequest): Promise<Resource> => {
    const { clusterId, year } = request.params as { clusterId: string; year?: number };
    const facts = await clusterFacts(db, clusterId, year ?? null);
    if (!facts) throw new NotFoundError('cluster.not-found', `Klyngen "${clusterId}" findes ikke.`);
    return { kind: 'cluster', ...facts };
  };
}

/** The region in the path (its SSU), for the policy. */
export function regionResource(db: Kysely<Schema>) {
  return async (request: FastifyRequest): Promise<Resource> => {
    const { regionCode } = request.params as { regionCode: string };
    const region = await db.selectFrom('regions').select('code').where('code', '=', regionCode).executeTakeFirst();
    if (!region) throw new NotFoundError('region.not-found', `Regionen "${regionCode}" findes ikke.`);
    return { kind: 'region', regionCode };
  };
}

/** The one file of a multipart upload (field `file`); the 10 MB limit is the app's multipart limit. */
export async function readUpload(request: FastifyRequest): Promise<Upload> {
  if (!request.isMultipart()) throw new DomainError('attachment.no-file', 'Vælg en fil at vedhæfte.');
  const part = await request.file();
  if (!part) throw new DomainError('attachment.no-file', 'Vælg en fil at vedhæfte.');
  let content: Buffer;
  try {
    content = await part.toBuffer();
  } catch {
    throw new DomainError('attachment.too-large', `Filen "${part.filename}" er større end 10 MB.`);
  }
  return { fileName: part.filename, mediaType: part.mimetype, content };
}

export function sendFile(reply: FastifyReply, file: AttachmentFile): FastifyReply {
  return reply
    .header('content-type', file.mediaType)
    .header('content-disposition', contentDisposition(file.fileName))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(file.content);
}
