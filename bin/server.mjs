#!/usr/bin/env node
// `npm start`: the Klynge server (embedded PostgreSQL unless DATABASE_URL is set), run from the
// JavaScript compiled at install time (dist/server; `npm run build:server`). Development from
// the TypeScript source: `npm run dev:server`.
import { loadBuilt } from './load-built.mjs';

await loadBuilt('main.js');
