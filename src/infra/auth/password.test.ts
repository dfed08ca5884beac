import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password.ts';

describe('password hashing (argon2id)', () => {
  it('produces an argon2id PHC string with the OWASP parameters and a fresh salt each time', async () => {
    const a = await hashPassword('korrekt hest batteri hæfteklamme');
    const b = await hashPassword('korrekt hest batteri hæfteklamme');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('hæfteklamme');
  });

  it('verifies the right password and rejects a wrong one or a malformed hash', async () => {
    const h = await hashPassword('Sommer2022!');
    expect(await verifyPassword(h, 'Sommer2022!')).toBe(true);
    expect(await verifyPassword(h, 'sommer2022!')).toBe(false);
    expect(await verifyPassword('not-a-hash', 'Sommer2022!')).toBe(false);
    // A bcrypt-style or argon2i hash is refused: only argon2id is accepted.
    expect(await verifyPassword(h.replace('$argon2id$', '$argon2i$'), 'Sommer2022!')).toBe(false);
  });
});
