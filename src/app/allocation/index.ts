/** The allocation capability's public module: what other capabilities, HTTP and the CLI may use. */
export * from './cofinancing-record.ts';
export * from './export.ts';
export * from './published.ts';
export * from './runs.ts';
export * from './service.ts';
export * from './table.ts';
