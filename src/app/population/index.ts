/** The population capability's public module: what other capabilities, HTTP and the CLI may use. */
export * from './folk1a.ts';
export * from './load.ts';
export * from './service.ts';
export * from './statbank.ts';
