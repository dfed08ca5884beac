import { describe, expect, it } from 'vitest';
import { diff, flatten } from './audit-diff.ts';

describe('the audit trail diff', () => {
  it('flattens objects to dotted paths and keeps lists of plain values whole', () => {
    expect(flatten({ a: 1, b: { c: 'x', d: [1, 2] }, e: [{ f: true }] })).toEqual([
      { path: 'a', value: 1 },
      { path: 'b.c', value: 'x' },
      { path: 'b.d', value: [1, 2] },
      { path: 'e[1].f', value: true },
    ]);
  });

  it('shows only what changed: created, removed and changed fields', () => {
    expect(diff(null, { username: 'ane', roles: ['a'] })).toEqual([
      { path: 'username', before: undefined, after: 'ane' },
      { path: 'roles', before: undefined, after: ['a'] },
    ]);
    expect(diff({ roles: ['a'], note: 'x' }, { roles: ['a', 'b'], note: 'x' })).toEqual([{ path: 'roles', before: ['a'], after: ['a', 'b'] }]);
    expect(diff({ ip: '127.0.0.1' }, null)).toEqual([{ path: 'ip', before: '127.0.0.1', after: undefined }]);
    expect(diff({ a: 1 }, { a: 1 })).toEqual([]);
  });

  it('treats a plain value as one field', () => {
    expect(diff(1, 2)).toEqual([{ path: '', before: 1, after: 2 }]);
  });
});
