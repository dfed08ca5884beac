#!/usr/bin/env node
// `npm start`: the Klynge server (embedded PostgreSQL unless DATABASE_URL is set).
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
