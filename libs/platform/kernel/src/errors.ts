/**
 * Domain errors are plain values: the domain never throws framework exceptions.
 * The HTTP layer maps `kind` to a status code and `code` to a stable problem type.
 */
export type DomainErrorKind =
  | 'validation' // 400: the request itself is malformed
  | 'not_found' // 404
  | 'conflict' // 409: state or concurrency conflict
  | 'limit' // 409: a counted limit (REG-5) is reached
  | 'throttled' // 429: too soon, try again later
  | 'rule' // 422: a business rule forbids it
  | 'unauthorized' // 401
  | 'forbidden'; // 403

export interface DomainError {
  readonly kind: DomainErrorKind;
  /** Stable, machine-readable code, e.g. `IDENTITY_ALREADY_REGISTERED`. */
  readonly code: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export function domainError(
  kind: DomainErrorKind,
  code: string,
  message: string,
  details?: Record<string, unknown>,
): DomainError {
  return details ? { kind, code, message, details } : { kind, code, message };
}

export function isDomainError(value: unknown): value is DomainError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as DomainError).code === 'string' &&
    typeof (value as DomainError).kind === 'string' &&
    typeof (value as DomainError).message === 'string'
  );
}

/**
 * Carries a DomainError through layers that can only throw (e.g. a command bus).
 * Application code throws it; the domain itself returns errors as values.
 */
export class DomainErrorException extends Error {
  constructor(readonly error: DomainError) {
    super(`${error.code}: ${error.message}`);
    this.name = 'DomainErrorException';
  }
}
