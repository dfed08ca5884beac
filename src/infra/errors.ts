/**
 * A failure of the machinery, not of the user's input: the data folder is locked by another
 * process, the database's migration history does not match the files, a restore target exists.
 * The message is Danish (an operator reads it); `code` is stable. Not a DomainError: the HTTP
 * layer never answers it as the user's fault, and the CLI prints it and exits 2.
 */
export class InfrastructureError extends Error {
  override readonly name = 'InfrastructureError';
  constructor(
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

export function isInfrastructureError(e: unknown): e is InfrastructureError {
  return e instanceof InfrastructureError;
}
