import type { ApiKeyGrant } from '../../apps/command-api/src/http/api-keys';
import { type Scope, SCOPES } from '../../apps/command-api/src/http/scopes';
import { client, type RunningApp, startApp, tempDataDir } from '../support/app-harness';
import { fastifyRoutes } from '../support/routes';

/** Issue 9: every route needs its declared scope; a key without it is refused before anything runs. */
describe('scopes per calling team', () => {
  const data = tempDataDir();
  let running: RunningApp;
  // For every scope: a key with only that scope, and a key with every scope but that one.
  const only = (scope: Scope) => `only-${scope}`;
  const lacking = (scope: Scope) => `lacks-${scope}`;
  const keys = new Map<string, ApiKeyGrant>(
    SCOPES.flatMap((scope): [string, ApiKeyGrant][] => [
      [only(scope), { team: `team-${scope}`, scopes: new Set([scope]) }],
      [lacking(scope), { team: 'team-lacking', scopes: new Set(SCOPES.filter((s) => s !== scope)) }],
    ]),
  );
  let routes: { method: string; path: string; scope?: string }[] = [];

  beforeAll(async () => {
    running = await startApp(data.dir, { config: { apiKeys: keys } });
    const document = (await client(running.url, {})('GET', '/openapi.json')).body as { paths: Record<string, Record<string, { 'x-required-scope'?: string }>> };
    routes = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => ({ method: method.toUpperCase(), path, scope: operation['x-required-scope'] })),
    );
  });
  afterAll(async () => {
    await running.close();
    data.remove();
  });

  const head = async () => (await running.system.store.readAll()).at(-1)?.position ?? -1;
  const concrete = (path: string) =>
    path.replace('{accountId}', '100000000001').replace('{type}', 'wechat').replace('{kind}', 'login').replace('{challengeId}', 'lc_unknown');
  const send = (key: string, method: string, path: string) => client(running.url, { authorization: `Bearer ${key}` })(method, concrete(path), method === 'GET' ? undefined : {});

  it('the document lists every route the server serves (except the operators’ and its own), each with a declared scope', () => {
    const served = fastifyRoutes(running.app).filter((r) => r.method !== 'HEAD' && !['/health', '/health/ready', '/metrics', '/openapi.json', '/docs'].includes(r.path));
    const documented = new Set(routes.map((r) => `${r.method} ${r.path.replace(/\{(\w+)\}/g, ':$1')}`));
    expect(served.map((r) => `${r.method} ${r.path}`).filter((r) => !documented.has(r))).toEqual([]);
    expect(served.length).toBeGreaterThan(40);
    expect(routes.length).toBe(served.length);
    expect(routes.filter((r) => !r.scope || !(SCOPES as readonly string[]).includes(r.scope))).toEqual([]);
  });

  it('a key lacking the route’s scope gets 403 INSUFFICIENT_SCOPE and the event store is unchanged', async () => {
    for (const { method, path, scope } of routes) {
      const before = await head();
      const response = await send(lacking(scope as Scope), method, path);
      expect({ route: `${method} ${path}`, status: response.status, code: response.body?.code }).toEqual({ route: `${method} ${path}`, status: 403, code: 'INSUFFICIENT_SCOPE' });
      expect(response.body.details).toEqual({ requiredScope: scope });
      expect(await head()).toBe(before);
    }
  });

  it('a key holding only the route’s scope is not refused for its scope', async () => {
    for (const { method, path, scope } of routes) {
      const response = await send(only(scope as Scope), method, path);
      expect({ route: `${method} ${path}`, status: response.status === 403 || response.status === 401 ? response.body.code : 'not refused' }).toEqual({ route: `${method} ${path}`, status: 'not refused' });
    }
  });

  it('takes the Bearer scheme in any case, and X-Api-Key; an unknown key is 401', async () => {
    const key = only('accounts:read');
    for (const authorization of [`Bearer ${key}`, `bearer ${key}`, `BEARER  ${key}`]) {
      expect((await client(running.url, { authorization })('GET', '/v1/industries')).status).toBe(200);
    }
    expect((await client(running.url, { 'x-api-key': key })('GET', '/v1/industries')).status).toBe(200);
    const unknown = await client(running.url, { authorization: 'Bearer nobody' })('GET', '/v1/industries');
    expect([unknown.status, unknown.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect((await client(running.url, { authorization: `Basic ${key}` })('GET', '/v1/industries')).status).toBe(401);
  });

  it('records the key’s team as the actor of the events it causes', async () => {
    const call = client(running.url, { authorization: `Bearer ${only('accounts:write')}` });
    const sent = await call('POST', '/v1/verification-codes', { channel: 'email', address: 'scopes@example.com', purpose: 'register' });
    expect(sent.status).toBe(202);
    const last = (await running.system.store.readAll()).at(-1);
    expect(last?.metadata).toMatchObject({ actor: { service: 'team-accounts:write' } });
  });
});
