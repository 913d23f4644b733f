import { client, type RunningApp, startApp, tempDataDir } from '../support/app-harness';

type Operation = { parameters?: { name: string; in: string; schema?: Record<string, unknown> }[]; responses: Record<string, any>; security?: unknown[]; description?: string; 'x-required-scope'?: string };

/** Issue 9: the served document says what the server does (each response is also checked in every e2e call). */
describe('the OpenAPI document', () => {
  const data = tempDataDir();
  let running: RunningApp;
  let document: { components: Record<string, any>; paths: Record<string, Record<string, Operation>> };
  const operations = () => Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));

  beforeAll(async () => {
    running = await startApp(data.dir);
    document = (await client(running.url, {})('GET', '/openapi.json')).body as typeof document;
  });
  afterAll(async () => {
    await running.close();
    data.remove();
  });

  it('names the real security schemes: an opaque bearer key and X-Api-Key', () => {
    expect(document.components.securitySchemes).toEqual({
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'opaque API key' }),
      apiKey: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }),
    });
  });

  it('gives every operation its scope, success body, problem responses and headers; Idempotency-Key on commands only', () => {
    for (const { path, method, op } of operations()) {
      const where = `${method.toUpperCase()} ${path}`;
      const headers = (op.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name);
      expect({ where, idempotencyKey: headers.includes('Idempotency-Key') }).toEqual({ where, idempotencyKey: method !== 'get' });
      expect({ where, endUser: headers.includes('X-End-User') }).toEqual({ where, endUser: true });
      expect(op.security).toEqual([{ bearer: [] }, { apiKey: [] }]);
      expect(op.description).toContain(`Requires the scope \`${op['x-required-scope']}\``);
      const success = Object.keys(op.responses).filter((s) => s.startsWith('2'));
      expect({ where, success: success.length, body: Boolean(op.responses[success[0]]?.content?.['application/json']?.schema) }).toEqual({ where, success: 1, body: true });
      for (const status of ['400', '401', '403', '404', '429', '500']) expect({ where, status, schema: op.responses[status]?.content?.['application/problem+json']?.schema }).toEqual({ where, status, schema: { $ref: '#/components/schemas/Problem' } });
      expect(op.responses['429'].headers).toHaveProperty('Retry-After');
      if (method !== 'get') for (const status of ['409', '413', '415', '422']) expect(op.responses).toHaveProperty(status);
      if (path.startsWith('/v1/read/')) expect(op.responses['503'].headers).toHaveProperty('Retry-After');
    }
  });

  it('carries the rules the server enforces: the UIN, DTO patterns and lengths, no unknown fields', () => {
    const getAccount = document.paths['/v1/accounts/{accountId}'].get;
    expect(getAccount.parameters?.find((p) => p.name === 'accountId')?.schema).toMatchObject({ pattern: '^[1-9]\\d{11}$' });
    const schemas = document.components.schemas;
    expect(schemas.RequestCodeDto.properties.accountId).toMatchObject({ pattern: '^[1-9]\\d{11}$' });
    expect(schemas.ChangeNicknameDto.properties.nickname).toMatchObject({ minLength: 1, maxLength: 32 });
    expect(schemas.RegisterByEmailDto.properties.emailCode).toMatchObject({ pattern: '^\\d{6}$' });
    expect(schemas.RegisterByEmailDto.additionalProperties).toBe(false);
    const audit = document.paths['/v1/read/accounts/{accountId}/audit-log'].get;
    expect(audit.parameters?.find((p) => p.name === 'limit')?.schema).toHaveProperty('pattern');
    expect(schemas.Problem.required).toEqual(['type', 'title', 'status', 'detail', 'code']);
  });
});
