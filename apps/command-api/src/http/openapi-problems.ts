import type { ResponseObject, SchemaObject } from '@nestjs/swagger';

/** RFC 9457 problem details as every refusal of this API renders them (problem-details.ts). */
export const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'RFC 9457 problem details with a stable machine-readable `code`; other members may be added (e.g. `position` of READ_MODEL_BEHIND).',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', description: '`urn:account-center:problem:<code in kebab case>`', example: 'urn:account-center:problem:identity-already-registered' },
    title: { type: 'string', description: 'the status phrase', example: 'Conflict' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$', example: 'IDENTITY_ALREADY_REGISTERED' },
    instance: { type: 'string', description: 'the request path' },
    errors: {
      type: 'array',
      description: 'VALIDATION_FAILED: the fields refused and the rules they broke',
      items: {
        type: 'object',
        required: ['field', 'constraints'],
        properties: { field: { type: 'string' }, constraints: { type: 'array', items: { type: 'string' } } },
      },
    },
    details: { type: 'object', additionalProperties: true, description: 'facts of the refusal, e.g. `requiredScope`, masked account choices' },
  },
  additionalProperties: true,
};

const RETRY_AFTER = { 'Retry-After': { description: 'seconds to wait before retrying', schema: { type: 'integer', minimum: 0 } } };

function problem(description: string, headers?: ResponseObject['headers']): ResponseObject {
  return { description, ...(headers ? { headers } : {}), content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
}

/** What any authenticated route can answer, whatever it does. */
const ANY: Record<string, ResponseObject> = {
  400: problem(
    'The request is malformed: `VALIDATION_FAILED` (with `errors`), `MALFORMED_JSON`, `JSON_TOO_DEEP`, `INVALID_UTF8`, `MALFORMED_REQUEST`, `MALFORMED_URL`, `INVALID_ACCOUNT_ID`, `INVALID_END_USER`, `INVALID_IDEMPOTENCY_KEY`, and the rules of this operation (`INVALID_PHONE`, `INVALID_EMAIL`, `INVALID_CHALLENGE_ID`, `INVALID_QUERY`, …).',
  ),
  401: problem('`UNAUTHENTICATED`: no valid API key. Login and session routes also answer `INVALID_CREDENTIALS`, `SESSION_INVALID`, `INVALID_PROVIDER_ASSERTION`.'),
  403: problem('`INSUFFICIENT_SCOPE`: the key lacks the scope this operation needs (`details.requiredScope`); or `IDENTITY_VERIFICATION_REQUIRED`, `WECHAT_SCAN_WRONG_IDENTITY`.'),
  404: problem('`ACCOUNT_NOT_FOUND`, `LOGIN_METHOD_NOT_BOUND`, `MFA_NOT_BOUND`, `LOGIN_CHALLENGE_NOT_FOUND`, `NO_ACCOUNT_FOR_IDENTITY`, `FEATURE_DISABLED`, …'),
  408: problem('`REQUEST_TIMEOUT`: the request was not received in time.'),
  414: problem('`URI_TOO_LONG`: the request line is too long.'),
  429: problem('Too many requests: `SEND_RATE_LIMITED`, `LOGIN_RATE_LIMITED`, `VERIFICATION_CODE_THROTTLED`, `ACCOUNT_LOCKED`, `MFA_LOCKED`, `RECOVERY_RATE_LIMITED`, `LOGIN_APPLICATION_RATE_LIMITED`; retry after `Retry-After` seconds.', RETRY_AFTER),
  431: problem('`HEADERS_TOO_LARGE`: the request headers are too large.'),
  500: problem('`INTERNAL_ERROR`: the request could not be completed; it is safe to retry with the same `Idempotency-Key`.'),
};

/** What a command (POST, PUT, PATCH, DELETE) can answer besides. */
const COMMAND: Record<string, ResponseObject> = {
  409: problem(
    'A conflict or a counted limit: `IDEMPOTENCY_REQUEST_IN_PROGRESS` (the first request with this `Idempotency-Key` is still running), `CONCURRENCY_CONFLICT`, `IDENTITY_ALREADY_REGISTERED`, `LOGIN_METHOD_ALREADY_BOUND`, `MFA_ALREADY_BOUND`, `REGISTRATION_ALREADY_COMPLETED`, `PHONE_BINDING_LIMIT_REACHED`, …',
  ),
  413: problem('`PAYLOAD_TOO_LARGE`: the body exceeds 64 KiB.'),
  415: problem('`UNSUPPORTED_MEDIA_TYPE`: a body must be `application/json`.'),
  422: problem(
    'A business rule refuses it: `IDEMPOTENCY_KEY_REUSED` (the key came with another request), `VERIFICATION_CODE_MISMATCH`, `VERIFICATION_CODE_EXPIRED`, `OLD_PASSWORD_MISMATCH`, `PASSWORD_RECENTLY_USED`, `ONLY_LOGIN_METHOD`, `MFA_CODE_INVALID`, `ACCOUNT_NOT_ACTIVE`, …',
  ),
};

/** Reads of the read models. */
const READ_MODEL: Record<string, ResponseObject> = {
  503: problem('`READ_MODEL_BEHIND` (not at `waitForPosition` within `waitMs`) or `READ_STORE_UNAVAILABLE`; retry after `Retry-After` seconds.', RETRY_AFTER),
};

/** Deregistration asks the platform's resource service, which may be down. */
const RESOURCE_SERVICE: Record<string, ResponseObject> = {
  503: problem('`RESOURCE_SERVICE_UNAVAILABLE`: the platform’s resource service could not be reached; retry later.'),
};

export const isCommand = (method: string) => ['post', 'put', 'patch', 'delete'].includes(method);

/** The problem responses of one operation, by status. */
export function problemResponses(method: string, path: string): Record<string, ResponseObject> {
  return { ...ANY, ...(isCommand(method) ? COMMAND : {}), ...(path.startsWith('/v1/read/') ? READ_MODEL : {}), ...(/\/deregistration(\/|$)/.test(path) ? RESOURCE_SERVICE : {}) };
}
