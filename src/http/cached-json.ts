import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { negotiate } from '@fastify/accept-negotiator';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';

/**
 * A view kept in memory (a cached economy view, register or immutable run is the same object on
 * every request until its data changes) is serialized once: the JSON text is kept beside the
 * object and sent as it is, instead of being stringified again for every request (issue 13).
 * Only for values that are never changed after they are made.
 *
 * A text payload bypasses Fastify's response serializer, so the route's response schema is applied
 * here, once per object, exactly as the serializer would (a value that does not fit is a 500, keys
 * outside the schema are dropped): the contract holds for cached answers too.
 *
 * The compressed forms are kept too, made when a client first asks for that encoding: compressing
 * a 200 kB view for every request cost more than everything else the request does. The encodings
 * and their preference are the ones the app's compression plugin uses for other answers (br,
 * then gzip); the plugin leaves an answer alone once it carries a Content-Encoding.
 */
interface Serialized {
  readonly text: string;
  br?: Buffer;
  gzip?: Buffer;
}

const ENCODINGS: ('br' | 'gzip')[] = ['br', 'gzip'];
/** Below this the plain text is sent (as the plugin's own threshold). */
const MIN_COMPRESS_BYTES = 1024;
const serialized = new WeakMap<object, Serialized>();

function compressed(s: Serialized, encoding: 'br' | 'gzip'): Buffer {
  if (encoding === 'br') {
    // Quality 5: made once per version of the view, a little smaller than the plugin's per-request 4.
    s.br ??= brotliCompressSync(s.text, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(s.text) } });
    return s.br;
  }
  s.gzip ??= gzipSync(s.text);
  return s.gzip;
}

export function sendCachedJson(reply: FastifyReply, value: object, schema?: z.ZodType): FastifyReply {
  let s = serialized.get(value);
  if (s === undefined) {
    s = { text: JSON.stringify(schema === undefined ? value : schema.parse(value)) };
    serialized.set(value, s);
  }
  void reply.type('application/json; charset=utf-8');
  const headers = reply.request.headers;
  const accepted = headers['accept-encoding'];
  const encoding = accepted === undefined || headers['x-no-compression'] !== undefined || s.text.length < MIN_COMPRESS_BYTES ? null : negotiate(accepted, ENCODINGS);
  if (encoding === null) return reply.send(s.text);
  return reply.header('vary', 'accept-encoding').header('content-encoding', encoding).send(compressed(s, encoding));
}
