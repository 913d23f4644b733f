import { createServer, type Server } from 'node:http';
import { ProblemResponse } from '../http/problem-details';
import { EmbeddedPlatformResources, HttpPlatformResources } from './deregistration-resources';

describe('platform-resources adapters (DEREG-2)', () => {
  let server: Server;
  let url: string;
  const seen: string[] = [];
  let answer: (path: string) => { status: number; body?: unknown; delayMs?: number } = () => ({ status: 200, body: { resources: [] } });

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization}`);
      const { status, body, delayMs } = answer(req.url ?? '');
      setTimeout(() => res.writeHead(status, { 'content-type': 'application/json' }).end(body === undefined ? '' : JSON.stringify(body)), delayMs ?? 0);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const client = () => new HttpPlatformResources({ url, key: 'resources-key', timeoutMs: 200 });
  const code = async (promise: Promise<unknown>) => promise.then(() => 'resolved', (e: unknown) => (e instanceof ProblemResponse ? `${e.problem.status} ${e.problem.code}` : String(e)));

  it('lists and abandons through the platform’s service, with its bearer key', async () => {
    answer = () => ({ status: 200, body: { resources: [{ id: 'k1', kind: 'api_key', name: 'ci' }, { id: 'c1', kind: 'credit', name: 'trial', unsettledPostpaid: true }] } });
    expect(await client().list('100000000001')).toEqual([
      { id: 'k1', kind: 'api_key', name: 'ci', abandonable: false, unsettledPostpaid: false },
      { id: 'c1', kind: 'credit', name: 'trial', abandonable: true, unsettledPostpaid: true },
    ]);
    await client().abandon('100000000001', 'c1');
    expect(seen.slice(-2)).toEqual(['GET /v1/accounts/100000000001/resources Bearer resources-key', 'POST /v1/accounts/100000000001/resources/c1/abandon Bearer resources-key']);
  });

  it('answers 503 RESOURCE_SERVICE_UNAVAILABLE on an error status, a timeout, a malformed answer or no connection', async () => {
    answer = () => ({ status: 500 });
    expect(await code(client().list('100000000001'))).toBe('503 RESOURCE_SERVICE_UNAVAILABLE');
    answer = () => ({ status: 200, body: { resources: [] }, delayMs: 1000 });
    expect(await code(client().list('100000000001'))).toBe('503 RESOURCE_SERVICE_UNAVAILABLE');
    answer = () => ({ status: 200, body: { resources: [{ id: 'x', kind: 'spaceship' }] } });
    expect(await code(client().list('100000000001'))).toBe('503 RESOURCE_SERVICE_UNAVAILABLE');
    expect(await code(new HttpPlatformResources({ url: 'http://127.0.0.1:1', key: 'k', timeoutMs: 200 }).list('100000000001'))).toBe('503 RESOURCE_SERVICE_UNAVAILABLE');
  });

  it('the embedded store: put, list, abandon, remove', async () => {
    const store = new EmbeddedPlatformResources(':memory:');
    store.put('100000000001', { id: 'v1', kind: 'voucher', name: 'v' }, '2026-10-08T00:00:00.000Z');
    store.put('100000000001', { id: 's1', kind: 'sub_user', name: 'dev' }, '2026-10-08T00:00:00.000Z');
    expect((await store.list('100000000001')).map((r) => [r.id, r.abandonable])).toEqual([['s1', false], ['v1', true]]);
    await store.abandon('100000000001', 'v1');
    expect(store.remove('100000000001', 's1')).toBe(true);
    expect(await store.list('100000000001')).toEqual([]);
    store.close();
  });
});
