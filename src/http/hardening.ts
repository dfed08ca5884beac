/**
 * Request and response hardening shared by every route: the text check on what comes in and the
 * security headers on what goes out.
 */

/** Where a bad character sits in the request (`body.title`, `query.q`) and which kind it is. */
export interface BadText {
  path: string;
  what: string;
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkString(s: string): string | null {
  if (s.includes('\u0000')) return 'NUL-tegnet \\u0000';
  if (LONE_SURROGATE.test(s)) return 'et enligt surrogattegn, dvs. ugyldig Unicode';
  return null;
}

/**
 * The first string (key or value) in a parsed request part that holds a NUL or a lone
 * surrogate, or null. Buffers (uploaded files) are not text and are left to their parsers.
 */
export function findBadText(value: unknown, path = ''): BadText | null {
  if (typeof value === 'string') {
    const what = checkString(value);
    return what === null ? null : { path: path === '' ? 'værdien' : path, what };
  }
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value) || value instanceof Uint8Array) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = findBadText(value[i], `${path}[${String(i)}]`);
      if (bad) return bad;
    }
    return null;
  }
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    const here = path === '' ? key : `${path}.${key}`;
    const keyWhat = checkString(key);
    if (keyWhat !== null) return { path: here, what: keyWhat };
    const bad = findBadText(inner, here);
    if (bad) return bad;
  }
  return null;
}

/**
 * The content security policy: scripts and everything else only from the app's own origin (the
 * built index.html has no inline script — hardening.test.ts checks it), no framing. Inline
 * styles stay allowed because components set `style` attributes; styles cannot run code.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Headers for every response. HSTS only when the request came over TLS (directly, or through a
 * trusted proxy's x-forwarded-proto: https with KLYNGE_TRUST_PROXY=1): on plain http it would
 * be ignored anyway, and sending it on a local http test install would be misleading.
 */
export function securityHeaders(overTls: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'cross-origin-opener-policy': 'same-origin',
  };
  if (overTls) headers['strict-transport-security'] = 'max-age=31536000; includeSubDomains';
  return headers;
}
