import { HttpException } from '@nestjs/common';
import { type DomainError, type DomainErrorKind, DomainErrorException } from '@acc/kernel';

/** RFC 9457 problem details, with a stable `code` for machines. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly instance?: string;
  readonly errors?: readonly FieldError[];
  readonly [extension: string]: unknown;
}

export interface FieldError {
  readonly field: string;
  readonly constraints: readonly string[];
}

export const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  limit: 409,
  rule: 422,
  throttled: 429,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const problemType = (code: string) => `urn:account-center:problem:${code.toLowerCase().replace(/_/g, '-')}`;

export function problem(status: number, code: string, detail: string, extra: Record<string, unknown> = {}): ProblemDetails {
  return { type: problemType(code), title: TITLES[status] ?? 'Error', status, detail, code, ...extra };
}

export function fromDomainError(error: DomainError, instance?: string): ProblemDetails {
  return problem(STATUS_BY_KIND[error.kind], error.code, error.message, { ...(error.details ? { details: error.details } : {}), ...(instance ? { instance } : {}) });
}

/** A finished problem response (e.g. replayed for an idempotency key), rendered as is. */
export class ProblemResponse extends Error {
  constructor(readonly problem: ProblemDetails) {
    super(problem.code);
  }
}

/** Validation failures collected by the ValidationPipe. */
export class ValidationProblem extends Error {
  constructor(readonly errors: FieldError[]) {
    super('VALIDATION_FAILED');
  }
}

const CODES_BY_STATUS: Record<number, string> = {
  400: 'MALFORMED_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'ROUTE_NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/** Maps anything thrown while serving a request to problem details; unknown errors become a bland 500. */
export function toProblem(exception: unknown, instance?: string): ProblemDetails {
  if (exception instanceof ProblemResponse) return exception.problem;
  if (exception instanceof DomainErrorException) return fromDomainError(exception.error, instance);
  if (exception instanceof ValidationProblem) {
    const unknown = exception.errors.filter((e) => e.constraints.includes('whitelistValidation'));
    const detail = unknown.length
      ? `unknown field(s): ${unknown.map((e) => e.field).join(', ')}`
      : `invalid field(s): ${exception.errors.map((e) => e.field).join(', ')}`;
    return problem(400, 'VALIDATION_FAILED', detail, { errors: exception.errors, ...(instance ? { instance } : {}) });
  }
  const status =
    exception instanceof HttpException
      ? exception.getStatus()
      : typeof (exception as { statusCode?: unknown })?.statusCode === 'number'
        ? (exception as { statusCode: number }).statusCode
        : 500;
  if (status >= 500) return problem(500, 'INTERNAL_ERROR', 'the request could not be completed; it is safe to retry with the same Idempotency-Key');
  const fault = exception as { code?: unknown; name?: unknown } | null;
  // Fastify's JSON parser fails before routing; Nest hands it over as a 400 HttpException carrying the parser's message.
  const badJson =
    fault?.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    fault?.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    fault?.name === 'SyntaxError' ||
    (status === 400 && /not valid JSON|JSON at position|Unexpected (token|end of JSON)/i.test(String((exception as Error)?.message)));
  const code = badJson ? 'MALFORMED_JSON' : (CODES_BY_STATUS[status] ?? 'BAD_REQUEST');
  const detail = code === 'MALFORMED_JSON' ? 'the request body is not valid JSON' : code === 'ROUTE_NOT_FOUND' ? 'no such route' : (exception as Error)?.message ?? 'bad request';
  return problem(status, code, detail, instance ? { instance } : {});
}
