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
 */
const texts = new WeakMap<object, string>();

export function sendCachedJson(reply: FastifyReply, value: object, schema?: z.ZodType): FastifyReply {
  let text = texts.get(value);
  if (text === undefined) {
    text = JSON.stringify(schema === undefined ? value : schema.parse(value));
    texts.set(value, text);
  }
  return reply.type('application/json; charset=utf-8').send(text);
}
