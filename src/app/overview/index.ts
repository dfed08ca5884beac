/** The overview capability's public module: read-only summaries for HTTP (issue 12). */
export * from './service.ts';
