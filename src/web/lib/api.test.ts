import { afterEach, describe, expect, it } from 'vitest';
import { api, ApiError, errorMessage, setCsrfToken, setFetch } from './api.ts';

interface Seen {
  method: string;
  headers: Record<string, string>;
}

function recordingFetch(response: () => Response, seen: Seen[]): typeof fetch {
  return (_input, init) => {
    seen.push({ method: init?.method ?? 'GET', headers: { ...(init?.headers as Record<string, string>) } });
    return Promise.resolve(response());
  };
}

afterEach(() => {
  setCsrfToken(null);
});

describe('api()', () => {
  it('sends the CSRF token on state-changing requests only', async () => {
    const seen: Seen[] = [];
    setFetch(recordingFetch(() => Response.json({ ok: true }), seen));
    setCsrfToken('tok-1');
    await api('/api/years');
    await api('/api/memberships/m1', { method: 'PATCH', json: { version: 1 } });
    expect(seen[0]?.headers['x-csrf-token']).toBeUndefined();
    expect(seen[1]?.headers['x-csrf-token']).toBe('tok-1');
    expect(seen[1]?.headers['content-type']).toBe('application/json');
  });

  it("turns problem+json into an error carrying the server's Danish detail and line errors", async () => {
    const problem = {
      type: 'about:blank',
      title: 'Ugyldig fil',
      status: 422,
      detail: 'Filen har 2 fejl.',
      code: 'population.invalid',
      errors: [{ line: 3, message: 'Ukendt kommunekode 999.' }],
    };
    setFetch(recordingFetch(() => new Response(JSON.stringify(problem), { status: 422, headers: { 'content-type': 'application/problem+json' } }), []));
    const error = await api('/api/population/imports', { method: 'POST', body: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(errorMessage(error)).toBe('Filen har 2 fejl.');
    expect((error as ApiError).problem.errors).toEqual([{ line: 3, message: 'Ukendt kommunekode 999.' }]);
  });

  it('never shows a non-problem body (e.g. a stack trace) to the user', async () => {
    setFetch(recordingFetch(() => new Response('Error: boom\n    at foo (/srv/x.ts:1:1)', { status: 500, headers: { 'content-type': 'text/plain' } }), []));
    const error = await api('/api/years').catch((e: unknown) => e);
    expect(errorMessage(error)).toBe('Der opstod en uventet fejl. Prøv igen, eller kontakt support.');
    expect(errorMessage(error)).not.toContain('at foo');
  });

  it('reports an unreachable server in Danish', async () => {
    setFetch(() => Promise.reject(new TypeError('fetch failed')));
    const error = await api('/api/years').catch((e: unknown) => e);
    expect((error as ApiError).status).toBe(0);
    expect(errorMessage(error)).toBe('Serveren kunne ikke nås. Prøv igen om lidt.');
  });
});
