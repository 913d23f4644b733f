import { appendFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

// Every response an e2e suite receives is checked against the served OpenAPI document:
// the operation must list the status, and the body must validate against its schema.

interface Operation {
  readonly method: string;
  readonly template: string;
  readonly pattern: RegExp;
  readonly params: number;
  readonly id: string;
  readonly responses: Record<string, { content?: Record<string, unknown> }>;
}

interface Checker {
  readonly operations: Operation[];
  readonly ajv: Ajv;
}

export interface RecordedResponse {
  readonly method: string;
  readonly path: string;
  readonly operation?: string;
  readonly status: number;
  readonly body: unknown;
}

/** Every response the e2e suites received in this process, in order. */
export const recordedResponses: RecordedResponse[] = [];

const checkers = new Map<string, Promise<Checker>>();
const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

async function load(baseUrl: string): Promise<Checker> {
  const document = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as { paths: Record<string, Record<string, Operation['responses'] & Record<string, unknown>>> };
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...document, $id: 'openapi' });
  const operations = Object.entries(document.paths).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      template,
      pattern: new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`),
      params: (template.match(/\{/g) ?? []).length,
      id: String((op as { operationId?: string }).operationId ?? `${method} ${template}`),
      responses: (op as { responses: Operation['responses'] }).responses,
    })),
  );
  // A literal segment wins over a parameter (`login-methods/email` before `login-methods/{type}`).
  operations.sort((a, b) => a.params - b.params);
  return { operations, ajv };
}

function validatorFor(checker: Checker, operation: Operation | undefined, status: number, contentType: string): { validate?: ValidateFunction; where: string } | 'undocumented' {
  if (!operation) {
    if (status < 400) return { where: 'no operation' };
    return { validate: checker.ajv.getSchema('openapi#/components/schemas/Problem'), where: 'the generic Problem schema' };
  }
  const key = String(status) in operation.responses ? String(status) : 'default' in operation.responses ? 'default' : undefined;
  if (!key) return 'undocumented';
  const content = operation.responses[key].content;
  if (!content) return { where: `${key} (no content)` };
  const media = contentType.includes('problem+json') && 'application/problem+json' in content ? 'application/problem+json' : Object.keys(content)[0];
  const ref = `openapi#/${pointer('paths', operation.template, operation.method.toLowerCase(), 'responses', key, 'content', media, 'schema')}`;
  return { validate: checker.ajv.getSchema(ref), where: `${key} ${media}` };
}

/** Fails (throws) when the response is not what the served document says this operation answers. */
export async function checkResponse(baseUrl: string, method: string, url: string, response: { status: number; body: unknown; headers: Headers }): Promise<void> {
  if (!checkers.has(baseUrl)) checkers.set(baseUrl, load(baseUrl));
  const checker = await checkers.get(baseUrl)!;
  const path = url.split('?')[0];
  const operation = checker.operations.find((op) => op.method === method.toUpperCase() && op.pattern.test(path));
  const record = { method, path, operation: operation?.id, status: response.status, body: response.body };
  recordedResponses.push(record);
  if (process.env.ACC_E2E_RESPONSES_FILE) appendFileSync(process.env.ACC_E2E_RESPONSES_FILE, `${JSON.stringify({ ...record, template: operation?.template })}\n`);
  const name = operation ? `${operation.id} (${operation.method} ${operation.template})` : `${method} ${path} (not in the document)`;
  const found = validatorFor(checker, operation, response.status, response.headers.get('content-type') ?? '');
  if (found === 'undocumented') throw new Error(`OpenAPI: ${name} answered ${response.status}, a status the document does not list for it: ${JSON.stringify(response.body)}`);
  if (!found.validate || found.validate(response.body)) return;
  const errors = found.validate.errors?.map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`).join('; ');
  throw new Error(`OpenAPI: ${name} answered ${response.status} with a body that does not match ${found.where}: ${errors}\nbody: ${JSON.stringify(response.body)}`);
}
