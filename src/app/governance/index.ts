/** The governance capability's public module: what other capabilities, HTTP and the CLI may use. */
export * from './meetings.ts';
export * from './register.ts';
export { memberRoleSchema } from './stored.ts';
