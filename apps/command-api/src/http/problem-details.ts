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
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

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
  408: 'REQUEST_TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  431: 'HEADERS_TOO_LARGE',
};

/**
 * Fixed wording for refusals made by the framework or the HTTP layer: their own messages may quote
 * the request (Fastify's 414 quotes the URL, JSON errors quote the body), so none is passed on.
 */
const DETAILS_BY_CODE: Record<string, string> = {
  MALFORMED_REQUEST: 'the request could not be read',
  MALFORMED_URL: 'the request target is not a valid URL',
  MALFORMED_JSON: 'the request body is not valid JSON',
  JSON_TOO_DEEP: 'the request body nests deeper than 32 levels',
  INVALID_UTF8: 'the request body is not valid UTF-8',
  UNAUTHENTICATED: 'authentication is required',
  FORBIDDEN: 'the request is not allowed',
  ROUTE_NOT_FOUND: 'no such route',
  METHOD_NOT_ALLOWED: 'the route does not accept this method; the Allow header lists those it does',
  METHOD_NOT_IMPLEMENTED: 'the request method is not supported',
  REQUEST_TIMEOUT: 'the request was not received in time',
  PAYLOAD_TOO_LARGE: 'the request body is too large',
  URI_TOO_LONG: 'the request target is too long',
  UNSUPPORTED_MEDIA_TYPE: 'the request body must be application/json (UTF-8)',
  HEADERS_TOO_LARGE: 'the request header fields are too large',
};

/** A refusal of the HTTP layer (not of the domain), with its fixed wording. */
export function httpProblem(status: number, code = CODES_BY_STATUS[status] ?? 'BAD_REQUEST', instance?: string): ProblemDetails {
  return problem(status, code, DETAILS_BY_CODE[code] ?? 'the request was refused', instance ? { instance } : {});
}

/** The whole HTTP/1.1 response for a refusal written straight to a socket (before any request object exists). */
export function rawProblemResponse(body: ProblemDetails, headers: Record<string, string> = {}): string {
  const json = JSON.stringify(body);
  const lines = Object.entries({ 'content-type': PROBLEM_CONTENT_TYPE, 'content-length': String(Buffer.byteLength(json)), connection: 'close', ...headers });
  return `HTTP/1.1 ${body.status} ${body.title}\r\n${lines.map(([name, value]) => `${name}: ${value}`).join('\r\n')}\r\n\r\n${json}`;
}

/** Maps anything thrown while serving a request to problem details; unknown errors become a bland 500. */
export function toProblem(exception: unknown, target?: string): ProblemDetails {
  // The path only: a query string is the caller's input.
  const instance = target?.split('?')[0];
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
  const badUrl = fault?.code === 'FST_ERR_BAD_URL' || (exception instanceof URIError && status === 400);
  const code = badJson ? 'MALFORMED_JSON' : badUrl ? 'MALFORMED_URL' : (CODES_BY_STATUS[status] ?? 'BAD_REQUEST');
  return httpProblem(status, code, code === 'ROUTE_NOT_FOUND' ? undefined : instance);
}
