/** The register capability's public module: what other capabilities, HTTP and the CLI may use. */
export * from './load.ts';
export * from './repository.ts';
