import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import fastifyCompress from '@fastify/compress';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sendCachedJson } from './cached-json.ts';

// A view as the economy route keeps it: one object, sent many times, with a key outside its schema.
const rows = Array.from({ length: 400 }, (_, i) => ({ party: `Kommune ${String(i)}`, amountOre: i * 1234 }));
const view = { rows, internal: 'not in the contract' };
const schema = z.object({ rows: z.array(z.object({ party: z.string(), amountOre: z.number() })) });
const expected = JSON.stringify({ rows });

describe('sendCachedJson', () => {
  const app = Fastify();
  beforeAll(async () => {
    // As in the app: the compression plugin is registered for every answer.
    await app.register(fastifyCompress, { global: true, encodings: ['br', 'gzip'] });
    app.get('/view', (_request, reply) => sendCachedJson(reply, view, schema));
    app.get('/small', (_request, reply) => sendCachedJson(reply, { rows: [] }, schema));
    await app.ready();
  });
  afterAll(() => app.close());

  it('sends the schema-shaped JSON as it is when no encoding is accepted', async () => {
    const res = await app.inject({ url: '/view' });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body).toBe(expected);
  });

  it('sends brotli to a browser (br preferred, as the plugin does) and the same bytes every time', async () => {
    const first = await app.inject({ url: '/view', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    const second = await app.inject({ url: '/view', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(first.headers['content-encoding']).toBe('br');
    expect(first.headers['vary']).toMatch(/accept-encoding/i);
    // Compressed once: the plugin did not compress it a second time.
    expect(brotliDecompressSync(first.rawPayload).toString('utf8')).toBe(expected);
    expect(second.rawPayload.equals(first.rawPayload)).toBe(true);
    expect(Number(first.headers['content-length'])).toBe(first.rawPayload.length);
    expect(first.rawPayload.length).toBeLessThan(expected.length / 3);
  });

  it('sends gzip to a client that accepts only gzip (Node fetch), and plain text when asked for identity', async () => {
    const gz = await app.inject({ url: '/view', headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString('utf8')).toBe(expected);
    const plain = await app.inject({ url: '/view', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(expected);
    const refused = await app.inject({ url: '/view', headers: { 'accept-encoding': 'br;q=0, gzip;q=0' } });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.body).toBe(expected);
  });

  it('sends a small answer uncompressed', async () => {
    const res = await app.inject({ url: '/small', headers: { 'accept-encoding': 'br' } });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body).toBe('{"rows":[]}');
  });
});
