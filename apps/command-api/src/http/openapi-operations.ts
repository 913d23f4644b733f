import type { OpenAPIObject, OperationObject, ParameterObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import { LOGIN_METHOD_TYPES } from '@acc/accounts-domain';
import { isCommand, problemResponses } from './openapi-problems';
import { SUCCESS_SCHEMA } from './openapi-responses';

// Post-processing of each operation: what the guard, the interceptors and the path
// parsers enforce, which the decorators of the controllers do not say.

const IDEMPOTENCY_KEY: ParameterObject = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'repeat a command safely: the same key with the same request replays the first answer (`idempotent-replayed: true`) and changes nothing; the same key with another request is 422 `IDEMPOTENCY_KEY_REUSED`; while the first is still running, 409 `IDEMPOTENCY_REQUEST_IN_PROGRESS`. Routes answering secrets (session tokens, MFA secrets) ignore it.',
  schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,128}$' },
};

const END_USER: ParameterObject = {
  name: 'X-End-User',
  in: 'header',
  required: false,
  description: 'the end user on whose behalf the calling team acts, recorded as the actor of the events',
  schema: { type: 'string', maxLength: 128 },
};

/** The path parameters, as their parsers check them (http/params.ts and the controllers). */
const PATH_PARAMETERS: Record<string, SchemaObject & { description: string }> = {
  accountId: { type: 'string', pattern: '^[1-9]\\d{11}$', description: 'the account’s UIN (12 digits); otherwise 400 INVALID_ACCOUNT_ID', example: '100000000001' },
  type: { type: 'string', enum: [...LOGIN_METHOD_TYPES], description: 'a login-method type; otherwise 400 INVALID_LOGIN_METHOD' },
  kind: { type: 'string', enum: ['login', 'operation', 'remote-login'], description: 'otherwise 400 INVALID_PROTECTION' },
  challengeId: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,200}$', description: 'the login challenge’s id; otherwise 400 INVALID_CHALLENGE_ID' },
};

const REPLAYED = { 'idempotent-replayed': { description: 'with an Idempotency-Key: `true` when this answer is the replay of the first', schema: { type: 'string', enum: ['true', 'false'] } } };

function parameters(op: OperationObject, method: string): ParameterObject[] {
  const own = ((op.parameters ?? []) as ParameterObject[]).filter((p) => p.name !== 'Idempotency-Key');
  const described = own.map((p) => (p.in === 'path' && PATH_PARAMETERS[p.name] ? { ...p, description: PATH_PARAMETERS[p.name].description, schema: PATH_PARAMETERS[p.name] } : p));
  return [...described, ...(isCommand(method) ? [IDEMPOTENCY_KEY] : []), END_USER];
}

/** The success answer: its schema (from `@Returns`) moved into the status Nest computed. */
function success(op: OperationObject & Record<string, unknown>, method: string): Record<string, ResponseObject> {
  const entry = Object.entries(op.responses).find(([status]) => status.startsWith('2'));
  if (!entry) throw new Error(`OpenAPI: ${op.operationId} has no success response`);
  const schema = op[SUCCESS_SCHEMA] as SchemaObject | undefined;
  if (!schema) throw new Error(`OpenAPI: ${op.operationId} declares no success body (@Returns)`);
  delete op[SUCCESS_SCHEMA];
  const [status, response] = entry as [string, ResponseObject];
  const description = response.description || { 200: 'OK', 201: 'Created', 202: 'Accepted' }[status] || 'Success';
  return { [status]: { description, ...(isCommand(method) ? { headers: REPLAYED } : {}), content: { 'application/json': { schema } } } };
}

/** Adds security, scope, headers, parameter rules, the success body and every problem response to each operation. */
export function describeOperations(document: OpenAPIObject): void {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(item) as [string, OperationObject & Record<string, unknown>][]) {
      const scope = op['x-required-scope'] as string | undefined;
      if (!scope) throw new Error(`OpenAPI: ${op.operationId} declares no scope (@RequireScope)`);
      op.security = [{ bearer: [] }, { apiKey: [] }];
      op.description = [op.description, `Requires the scope \`${scope}\`; a key without it gets 403 \`INSUFFICIENT_SCOPE\`.`].filter(Boolean).join('\n\n');
      op.parameters = parameters(op, method);
      op.responses = { ...success(op, method), ...problemResponses(method, path) };
    }
  }
}
