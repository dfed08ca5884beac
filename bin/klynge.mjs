#!/usr/bin/env node
// `npx klynge …`: the CLI compiled at install time (dist/server/cli.js; `npm run build:server`).
import { loadBuilt } from './load-built.mjs';

const { main } = await loadBuilt('cli.js');
process.exitCode = await main(process.argv.slice(2));
