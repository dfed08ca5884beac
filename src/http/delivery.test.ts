import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthStore } from '../infra/auth/store.ts';
import { buildApp, type App, type AppContext, type RouteModule } from './app.ts';

/**
 * Issue 12 §7: how the web app reaches the browser. The build (vite.config.ts) writes name.br and
 * name.gz next to each file; the server sends the one the browser accepts, caches hashed assets
 * for a year and never lets index.html go stale. A web root made here stands in for dist/web.
 */
const JS = `export const figures = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => ({ line: i, text: 'Indsats for borgere med kronisk sygdom' })))};\n`;
const INDEX = '<!doctype html><html lang="da"><head><title>Klynge</title><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body><div id="root"></div></body></html>';

/** The app with only these routes; public routes never touch the session store. */
async function appWith(routes: readonly RouteModule<AppContext>[], webRoot: string | null): Promise<App> {
  const auth = new Proxy({}, { get: () => { throw new Error('the session store is not used by public routes'); } }) as AuthStore;
  const app = await buildApp({ context: { auth, oidc: null, secureCookies: false, loginRateLimit: { max: 100, timeWindowMs: 60_000 } }, routes, webRoot });
  await app.ready();
  return app;
}

describe('delivery of the web app', () => {
  let root: string;
  let app: App;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'klynge-web-'));
    await mkdir(join(root, 'assets'));
    await writeFile(join(root, 'index.html'), INDEX);
    await writeFile(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32"/></svg>');
    const js = join(root, 'assets', 'index-Ab12Cd34.js');
    await writeFile(js, JS);
    await writeFile(`${js}.br`, brotliCompressSync(JS));
    await writeFile(`${js}.gz`, gzipSync(JS));
    app = await appWith([], root);
  });
  afterAll(async () => {
    await app.close();
    await rm(root, { recursive: true, force: true });
  });

  it('sends the main script brotli-compressed to a browser that accepts br, cacheable for a year', async () => {
    const res = await app.inject({ url: '/assets/index-Ab12Cd34.js', headers: { 'accept-encoding': 'br, gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(String(res.headers['content-type'])).toMatch(/^(text|application)\/javascript/);
    expect(String(res.headers['vary'])).toMatch(/accept-encoding/i);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(JS);
    expect(res.rawPayload.length).toBeLessThan(JS.length / 5);
  });

  it('sends gzip to a browser that accepts only gzip, and the plain file to one that accepts neither', async () => {
    const gz = await app.inject({ url: '/assets/index-Ab12Cd34.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(JS);
    const plain = await app.inject({ url: '/assets/index-Ab12Cd34.js', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(JS);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('always revalidates index.html, also when it answers for a page of the app', async () => {
    for (const url of ['/', '/index.html', '/klynger/hovedstaden-syd/2022/oekonomi/midler']) {
      const res = await app.inject({ url, headers: { 'accept-encoding': 'br, gzip' } });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.headers['content-encoding'], url).toBe('br');
      expect(brotliDecompressSync(res.rawPayload).toString(), url).toBe(INDEX);
    }
  });

  it('serves the favicon, and answers 404 (not the app) for a file that does not exist', async () => {
    const svg = await app.inject({ url: '/favicon.svg' });
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    for (const url of ['/favicon.ico', '/assets/index-OldHash0.js', '/robots.txt']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toMatch(/^application\/problem\+json/);
    }
  });

  it('compresses API answers for a client that accepts it', async () => {
    const api = await appWith([(a) => {
        a.get('/api/figures', { config: { action: 'public' } }, () => ({ js: JS }));
      }], null);
    const res = await api.inject({ url: '/api/figures', headers: { 'accept-encoding': 'br, gzip' } });
    await api.close();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(JSON.parse(brotliDecompressSync(res.rawPayload).toString())).toEqual({ js: JS });
  });
});
