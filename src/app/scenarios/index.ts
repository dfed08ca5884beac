/** The scenarios capability's public module: what other capabilities, HTTP and the CLI may use. */
export * from './export.ts';
export * from './service.ts';
