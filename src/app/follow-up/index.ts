/** The follow-up capability's public module: what other capabilities, HTTP and the CLI may use. */
export * from './catalogue.ts';
export * from './evaluations.ts';
export * from './guide.ts';
export * from './spreading.ts';
