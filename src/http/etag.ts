import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * ETags for immutable resources (issue 13 §7): allocation runs, settlement runs and their exports.
 * The tag is a hash of the content, made once per object (a cached immutable run is the same
 * object on every request), weak because the bytes may differ per encoding (compression) and an
 * exported xlsx carries its creation time: the answer with the same tag means the same content.
 */
const hashes = new WeakMap<object, string>();

export function contentTag(value: object, variant = ''): string {
  let hash = hashes.get(value);
  if (hash === undefined) {
    hash = createHash('sha256')
      .update(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)))
      .digest('base64url')
      .slice(0, 32);
    hashes.set(value, hash);
  }
  return `W/"${hash}${variant === '' ? '' : `-${variant.replace(/[^A-Za-z0-9._-]/g, '_')}`}"`;
}

/** If-None-Match holds this tag (weak comparison, RFC 9110 §13.1.2). */
function matches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  const opaque = (t: string): string => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => opaque(t) === opaque(etag));
}

/**
 * Sets ETag (and `Cache-Control: private, no-cache`, so a browser keeps the answer and asks again
 * with If-None-Match) and answers true when the client already has this content: the caller then
 * ends with `reply.code(304).send()`.
 */
export function isNotModified(request: FastifyRequest, reply: FastifyReply, etag: string): boolean {
  void reply.header('etag', etag).header('cache-control', 'private, no-cache');
  return matches(request.headers['if-none-match'], etag);
}
