import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-policy.ts';

describe('password policy', () => {
  it('refuses what the issue found accepted: twelve spaces, aaaaaaaaaaaa, the username, common passwords', () => {
    expect(passwordProblem(' '.repeat(12))).toMatch(/mellemrum/);
    expect(passwordProblem('aaaaaaaaaaaa')).toMatch(/let at gætte/);
    expect(passwordProblem('123456789012')).toMatch(/let at gætte/);
    expect(passwordProblem('abcabcabcabc')).toMatch(/let at gætte/);
    expect(passwordProblem('sekretær-syd-2022', { username: 'sekretær-syd-2022' })).toMatch(/brugernavnet/);
    expect(passwordProblem('x-okonomi-101-y', { username: 'okonomi-101' })).toMatch(/brugernavnet/);
    expect(passwordProblem('Password2024!')).toMatch(/mest brugte/);
    expect(passwordProblem('Adgangskode123!')).toMatch(/mest brugte/);
    expect(passwordProblem('qwertyuiop12')).toMatch(/mest brugte/);
    expect(passwordProblem('Klynge2024!!')).toMatch(/klynge/);
    expect(passwordProblem('Sundhedsklynge-2022!')).toMatch(/mest brugte/);
    expect(passwordProblem('Hanne Jensen 1', { displayName: 'Hanne Jensen' })).toMatch(/navnet/);
    expect(passwordProblem('kort1!')).toMatch(/mindst 12 tegn \(den har 6\)/);
  });

  it('accepts long passphrases, also with æøå and the word klynge as a small part', () => {
    expect(passwordProblem('hest batteri hæfteklamme korrekt')).toBeNull();
    expect(passwordProblem('Min klynge har 29 kommuner')).toBeNull();
    expect(passwordProblem('e2e-Adgangskode-1234', { username: 'admin', displayName: 'Systemadministrator' })).toBeNull();
    // Counted in characters, not UTF-16 units: 12 emoji-free letters with æøå.
    expect(passwordProblem('æøåÆØÅæøåxyz')).toBeNull();
  });
});
