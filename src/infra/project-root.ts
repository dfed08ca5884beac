import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository's root folder: the nearest folder above this module holding package.json. Found
 * by walking up rather than by a fixed `../../` because the same code runs from src/ (tsx, tests)
 * and bundled from dist/server/ (`npm start`, `klynge`), where a relative path would point
 * elsewhere. Files read at run time (migrations, reference/, dist/web) are located from here.
 */
export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`package.json not found above ${from}`);
  }
}

/** A path inside the repository, e.g. `projectPath('reference')`. */
export function projectPath(...parts: string[]): string {
  return join(PROJECT_ROOT, ...parts);
}
