/** The attachments capability's public module: what other capabilities, HTTP and the CLI may use. */
export * from './attachments.ts';
