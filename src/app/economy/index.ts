/** The economy capability's public module: what other capabilities, HTTP and the CLI may use. */
export * from './chart-of-accounts.ts';
export * from './codec.ts';
export * from './funds-basis.ts';
export * from './funds-source.ts';
export * from './initiatives.ts';
export * from './service.ts';
