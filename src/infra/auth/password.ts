import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';

/**
 * Argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane). The enum is `const` in
 * the package's typings, which isolatedModules cannot read, so its value (Argon2id = 2) is spelt out.
 */
const ARGON2ID = 2 as Algorithm;
const OPTIONS: Options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** A PHC string `$argon2id$v=19$m=19456,t=2,p=1$salt$hash`; the salt is random per call. */
export async function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** False (never an exception) for a wrong password or a malformed stored hash. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  if (!storedHash.startsWith('$argon2id$')) return false;
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

/**
 * A hash of a random password, verified against when the username does not exist, so a login
 * for an unknown user takes as long as one for a known user (no user enumeration by timing).
 */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(`dummy-${Date.now()}-${Math.random()}`);
  return dummyHash;
}
