/**
 * What kind of refusal a domain error is; the kind, not the code's spelling, decides how an edge
 * answers (HTTP: not-found 404, conflict 409, forbidden 403, invalid-file 422, rule 400; the CLI
 * prints the message and exits 2 for every kind).
 * - `rule`: the input breaks a rule of the domain (insufficient funds, a closed year, a bad amount).
 * - `invalid-file`: an uploaded or imported file cannot be read; `details.errors` names the lines.
 * - `not-found`: what the request names (by id, year, code) does not exist.
 * - `conflict`: someone else changed it first, or it exists already; reload and try again.
 * - `forbidden`: the domain forbids this actor the action (beyond the route's role check).
 */
export type ErrorKind = 'rule' | 'invalid-file' | 'not-found' | 'conflict' | 'forbidden';

/**
 * A rule of the domain was broken by the input. The message is Danish and meant for the user;
 * `code` is stable for programs; `kind` says what sort of refusal it is. Business logic throws only
 * this; the edges (CLI, HTTP) turn it into a one-line error or a problem+json answer.
 */
export class DomainError extends Error {
  override readonly name: string = 'DomainError';
  constructor(
    readonly code: string,
    message: string,
    /** Where in the input the problem is, e.g. a line number of an import. */
    readonly details: Readonly<Record<string, unknown>> = {},
    readonly kind: ErrorKind = 'rule',
  ) {
    super(message);
  }
}

/** What the request names does not exist (HTTP 404). */
export class NotFoundError extends DomainError {
  constructor(code: string, message: string, details: Readonly<Record<string, unknown>> = {}) {
    super(code, message, details, 'not-found');
  }
}

/** Someone else changed or created it first (HTTP 409). */
export class ConflictError extends DomainError {
  constructor(code: string, message: string, details: Readonly<Record<string, unknown>> = {}) {
    super(code, message, details, 'conflict');
  }
}

/** The domain forbids this actor the action (HTTP 403). */
export class ForbiddenError extends DomainError {
  constructor(code: string, message: string, details: Readonly<Record<string, unknown>> = {}) {
    super(code, message, details, 'forbidden');
  }
}

/** A file that cannot be imported, with its line errors in `details.errors` (HTTP 422). */
export class InvalidFileError extends DomainError {
  constructor(code: string, message: string, details: Readonly<Record<string, unknown>> = {}) {
    super(code, message, details, 'invalid-file');
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
