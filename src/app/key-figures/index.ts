/** The key-figures capability's public module: what other capabilities, HTTP and the CLI may use. */
export * from './sample.ts';
export * from './service.ts';
