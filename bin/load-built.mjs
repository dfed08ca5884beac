// Shared by bin/server.mjs and bin/klynge.mjs: loads an entry of the compiled build (dist/server).
import { existsSync } from 'node:fs';
import module from 'node:module';

/** @param {string} entry e.g. 'main.js' */
export async function loadBuilt(entry) {
  const url = new URL(`../dist/server/${entry}`, import.meta.url);
  if (!existsSync(url)) {
    process.stderr.write('fejl: Klynge er ikke bygget (dist/server mangler). Kør "npm install" eller "npm run build:server".\n');
    process.exit(2);
  }
  // Node ≥ 22.1 keeps the compiled code between runs (a later start skips parsing). The bundle's
  // source maps (dist/server/*.map) are used when asked for: NODE_OPTIONS=--enable-source-maps
  // makes stack traces point into src/*.ts (reading the maps at every start costs ~50 ms).
  module.enableCompileCache?.();
  return import(url.href);
}
