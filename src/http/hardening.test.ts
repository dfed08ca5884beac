import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../infra/db/testing.ts';
import { seedDatabase } from '../app/seed.ts';
import type { App } from './app.ts';
import { CONTENT_SECURITY_POLICY, findBadText } from './hardening.ts';
import { clientWithRoles, json, testApp, type TestClient } from './testing.ts';

const CLUSTER = 'hovedstaden-syd';

describeEachDatabase('HTTP hardening: conflicts, text, amounts, headers', (getDb) => {
  let app: App;
  let ssu: TestClient;
  let secretariat: TestClient;

  beforeAll(async () => {
    await seedDatabase(getDb().kysely);
    app = await testApp(getDb());
    ssu = await clientWithRoles(getDb(), [{ role: 'ssu-member', scope: { kind: 'region', id: '1084' } }], 'ssu');
    secretariat = await clientWithRoles(getDb(), [{ role: 'cluster-secretariat', scope: { kind: 'cluster', id: CLUSTER } }], 'sekretariat');
  });
  afterAll(async () => {
    if ((app as App | undefined) !== undefined) await app.close();
  });

  it('answers 24 simultaneous first saves of one SSU composition with one success and 23 × 409 in Danish, never 500', async () => {
    const body = { version: 0, members: [], chairMemberId: null, viceChairMemberId: null };
    const answers = await Promise.all(Array.from({ length: 24 }, () => app.inject({ method: 'PUT', url: '/api/regions/1084/years/2031/ssu', headers: ssu.headers(), payload: body })));
    const statuses = answers.map((a) => a.statusCode).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(23);
    for (const a of answers.filter((x) => x.statusCode === 409)) {
      expect(a.headers['content-type']).toContain('application/problem+json');
      expect(json<{ detail: string }>(a).detail).toMatch(/samtidig|ændret/i);
    }
  });

  it('refuses a NUL or a lone surrogate anywhere in the body, query or path with a Danish 400 that names the field', async () => {
    const nul = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin\u0000', password: 'x' } });
    expect(nul.statusCode).toBe(400);
    expect(json<{ code: string; detail: string }>(nul)).toMatchObject({ code: 'request.invalid-text', detail: expect.stringContaining('username') as unknown });
    // A lone surrogate as the JSON escape a client would send.
    const lone = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":"a\\ud800b","password":"x"}' });
    expect(lone.statusCode).toBe(400);
    expect(json<{ detail: string }>(lone).detail).toContain('surrogat');
    const members = [{ id: 'm1', name: 'Navn\u0000', organisation: 'Region', role: { kind: 'other' } }];
    const deep = await app.inject({ method: 'PUT', url: '/api/regions/1084/years/2032/ssu', headers: ssu.headers(), payload: { version: 0, members, chairMemberId: null, viceChairMemberId: null } });
    expect(deep.statusCode).toBe(400);
    expect(json<{ detail: string }>(deep).detail).toContain('members[0].name');
    const query = await app.inject({ method: 'GET', url: '/api/years?q=%00', headers: ssu.headers() });
    expect(query.statusCode).toBe(400);
    const path = await app.inject({ method: 'GET', url: '/api/clusters/%00/economy/2022', headers: secretariat.headers() });
    expect(path.statusCode).toBe(400);
    // Nothing of the refused saves was stored.
    const stored = await getDb().kysely.selectFrom('ssu_composition').select('year').where('year', '=', 2032).execute();
    expect(stored).toEqual([]);
    const attempts = await getDb().kysely.selectFrom('login_attempts').select('username').execute();
    expect(attempts.some((a) => a.username.includes('\u0000'))).toBe(false);
  });

  it('refuses extra local funds of 9007199254740991 øre with 400 and commits nothing; the economy still answers', async () => {
    const before = await getDb().kysely.selectFrom('extra_local_funds').select('id').execute();
    const res = await app.inject({ method: 'POST', url: `/api/clusters/${CLUSTER}/economy/2022/extra-funds`, headers: secretariat.headers(), payload: { party: '167', amountOre: 9007199254740991, decisionReference: 'Byrådet' } });
    expect(res.statusCode).toBe(400);
    expect(json<{ code: string }>(res).code).toBe('request.invalid');
    const after = await getDb().kysely.selectFrom('extra_local_funds').select('id').execute();
    expect(after).toHaveLength(before.length);
    expect((await app.inject({ method: 'GET', url: `/api/clusters/${CLUSTER}/economy/2022`, headers: secretariat.headers() })).statusCode).toBe(200);
    // The largest amount the edge allows (10^13 øre = 100 mia. kr.) is accepted as input.
    const edge = await app.inject({ method: 'POST', url: `/api/clusters/${CLUSTER}/economy/2022/extra-funds`, headers: secretariat.headers(), payload: { party: '167', amountOre: 10_000_000_000_001, decisionReference: 'Byrådet' } });
    expect(edge.statusCode).toBe(400);
  });

  it('reads a FOLK1A file sent over HTTP in Windows-1252 like the CLI does (not refused, names intact)', async () => {
    const admin = await clientWithRoles(getDb(), [{ role: 'system-admin', scope: { kind: 'all', id: null } }], 'admin');
    const utf8 = readFileSync(new URL('../../e2e/fixtures/folk1a-2020k1.csv', import.meta.url), 'utf8');
    const send = (payload: Buffer) => app.inject({ method: 'POST', url: '/api/population/imports', headers: admin.headers({ 'content-type': 'text/csv' }), payload });
    const fromUtf8 = await send(Buffer.from(utf8, 'utf8'));
    const from1252 = await send(Buffer.from(utf8, 'latin1'));
    expect(from1252.statusCode).toBe(201);
    type Preview = { period: string; changes: { municipalityCode: string; newPopulation: number }[] };
    const strip = (p: Preview) => ({ period: p.period, changes: p.changes.map((c) => [c.municipalityCode, c.newPopulation]) });
    expect(strip(json<Preview>(from1252))).toEqual(strip(json<Preview>(fromUtf8)));
  });

  it('sends the security headers on every answer: API, errors and the SPA; HSTS only over TLS', async () => {
    for (const res of [
      await app.inject({ method: 'GET', url: '/api/health' }),
      await app.inject({ method: 'GET', url: '/api/findes-ikke' }),
      await app.inject({ method: 'GET', url: '/api/auth/me' }),
    ]) {
      expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('same-origin');
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self'(;|$)/);
  });
});

describeEachDatabase('HTTP hardening: HSTS behind a TLS proxy', (getDb) => {
  let app: App;
  const saved = process.env['KLYNGE_TRUST_PROXY'];
  beforeAll(async () => {
    process.env['KLYNGE_TRUST_PROXY'] = '1';
    app = await testApp(getDb());
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env['KLYNGE_TRUST_PROXY'];
    else process.env['KLYNGE_TRUST_PROXY'] = saved;
    if ((app as App | undefined) !== undefined) await app.close();
  });

  it('sends Strict-Transport-Security when a trusted proxy says the request came over https, not otherwise', async () => {
    const tls = await app.inject({ method: 'GET', url: '/api/health', headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers['strict-transport-security']).toMatch(/^max-age=\d{7,}/);
    const plain = await app.inject({ method: 'GET', url: '/api/health', headers: { 'x-forwarded-proto': 'http' } });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('text check and page without inline script', () => {
  it('finds NUL and lone surrogates in nested values and keys, and lets valid text (incl. emoji and æøå) through', () => {
    expect(findBadText({ a: ['ok', { b: 'x\u0000' }] })).toEqual({ path: 'a[1].b', what: expect.stringContaining('NUL') as unknown });
    expect(findBadText({ ['k\uDC00']: 1 })?.path).toBe('k\uDC00');
    expect(findBadText('\uD83D')).not.toBeNull();
    expect(findBadText({ t: 'Sundhedsklynge æøå 😀 – “citat”' })).toBeNull();
    expect(findBadText({ file: Buffer.from([0, 0xd8]) })).toBeNull();
  });

  it('the web page template has no inline script (the CSP forbids it)', () => {
    const html = readFileSync(new URL('../web/index.html', import.meta.url), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc=/);
      expect(body?.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });
});
