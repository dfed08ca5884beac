import type { FastifyReply } from 'fastify';

/**
 * A view kept in memory (a cached economy view, register or immutable run is the same object on
 * every request until its data changes) is serialized once: the JSON text is kept beside the
 * object and sent as it is, instead of being stringified again for every request (issue 13).
 * Only for values that are never changed after they are made.
 */
const texts = new WeakMap<object, string>();

export function sendCachedJson(reply: FastifyReply, value: object): FastifyReply {
  let text = texts.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    texts.set(value, text);
  }
  return reply.type('application/json; charset=utf-8').send(text);
}
