/**
 * A rule of the domain was broken by the input. The message is Danish and meant for the user;
 * `code` is stable for programs. Business logic throws only this; the edges (CLI, HTTP) turn it
 * into a one-line error or a problem+json answer.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: string,
    message: string,
    /** Where in the input the problem is, e.g. a line number of an import. */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
