// The floor under Klynge's second start (scripts/bench/start.ts): PGlite alone on the data folder
// KLYNGE_DATA_DIR — its WebAssembly compiled, PGlite.create with the options Klynge gives it
// (src/infra/db/database.ts: no initdb module, shared_buffers 16MB) and one query — then a bare
// node:http server on PORT. Nothing of Klynge's own is loaded.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import module from 'node:module';
import { PGlite } from '@electric-sql/pglite';

module.enableCompileCache?.();
const dist = new URL('../../node_modules/@electric-sql/pglite/dist/', import.meta.url);
const pgliteWasmModule = await WebAssembly.compile(readFileSync(new URL('pglite.wasm', dist)));
const fsBundle = new Blob([readFileSync(new URL('pglite.data', dist))]);
const db = await PGlite.create(process.env.KLYNGE_DATA_DIR, { pgliteWasmModule, fsBundle, startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'] });
await db.query('SELECT 1');
const server = createServer((_req, res) => res.end('ok')).listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close();
  db.close().then(() => process.exit(0), () => process.exit(1));
});
