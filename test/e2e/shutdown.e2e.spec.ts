import { createServer } from 'node:net';
import { API_KEY, client, GATEWAY_SECRET, providerAssertion, startApp, tempDataDir } from '../support/app-harness';
import { type ChildApp, spawnTs, waitUntil } from '../support/read-side';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/**
 * Issue 15 item 8: SIGTERM stops the process gracefully. Requests in flight when the signal
 * arrives are answered (their commands run after it), the process exits 0, and a restart over the
 * same data folder holds every acknowledged write; a shutdown that cannot finish exits 1 at the bound.
 */
describe('graceful shutdown on SIGTERM', () => {
  jest.setTimeout(120_000);
  const children: ChildApp[] = [];
  afterAll(async () => {
    for (const child of children) {
      if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
      await child.exited;
    }
  });

  async function start(dir: string, env: Record<string, string>) {
    const port = await freePort();
    const child = spawnTs('test/support/held-app.ts', {
      PORT: String(port),
      ACC_DATA_DIR: dir,
      ACC_API_KEYS: `platform-team:${API_KEY}`,
      ACC_GATEWAY_SECRET: GATEWAY_SECRET,
      ACC_SCRYPT_N: '1024',
      ...env,
    });
    children.push(child);
    await waitUntil('the app listens', () => /command API on/.test(child.output()) || child.process.exitCode !== null, 90_000, 100);
    if (!/command API on/.test(child.output())) throw new Error(`the app did not start: ${child.output()}`);
    return { child, url: `http://127.0.0.1:${port}` };
  }

  /** A registration with its Idempotency-Key, by plain fetch (the harness client reads the API document after each answer, from a server that is gone by then). */
  const assertions = new Map<number, string>();
  async function register(url: string, i: number): Promise<{ status: number; replayed: string | null; body: Record<string, any> }> {
    // The same body each time: a retry with the key must repeat its request exactly.
    if (!assertions.has(i)) assertions.set(i, await providerAssertion('wechat', `wx-shutdown-${i}`));
    const response = await fetch(`${url}/v1/accounts/provider-registrations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json', 'idempotency-key': `shutdown-${i}` },
      body: JSON.stringify({ provider: 'wechat', assertion: assertions.get(i), nickname: `Held ${i}` }),
    });
    return { status: response.status, replayed: response.headers.get('idempotent-replayed'), body: (await response.json()) as Record<string, any> };
  }

  it('answers the requests in flight, exits 0 within the bound, and a restart sees every acknowledged write', async () => {
    const data = tempDataDir('acc-shutdown-');
    const { child, url } = await start(data.dir, { HOLD: 'until-signal', ACC_SHUTDOWN_TIMEOUT_MS: '20000' });
    const N = 5;
    const answers = Array.from({ length: N }, (_, i) => register(url, i));
    await waitUntil(`${N} requests in flight`, () => child.output().includes(`held ${N}\n`), 30_000);
    child.process.kill('SIGTERM');
    const answered = await Promise.all(answers);
    expect(answered.map((a) => a.status)).toEqual(Array(N).fill(201));
    const code = await child.exited;
    if (code !== 0) console.warn(child.output().split('\n').filter((l) => /shutdown|stopped|error|warn/i.test(l)).join('\n'));
    expect(code).toBe(0);

    // The held requests were answered after the shutdown began, and every step ran.
    const output = child.output();
    const lines = output.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    const began = lines.findIndex((l) => l.msg === 'shutting down');
    const registrations = lines.map((l, i) => ({ l, i })).filter(({ l }) => l.msg === 'request answered' && l.route === '/v1/accounts/provider-registrations');
    expect(began).toBeGreaterThan(-1);
    expect(registrations).toHaveLength(N);
    expect(registrations.every(({ i }) => i > began)).toBe(true);
    expect(lines.filter((l) => l.msg === 'shutdown step failed')).toEqual([]);
    expect(lines.at(-1)).toMatchObject({ msg: 'stopped', exitCode: 0 });

    const restarted = await startApp(data.dir);
    try {
      const again = client(restarted.url);
      for (const [i, first] of answered.entries()) {
        expect((await again('GET', `/v1/accounts/${first.body.uin}`)).body).toMatchObject({ uin: first.body.uin, nickname: `Held ${i}` });
        // The idempotency record was completed before the exit: a retry replays the first answer.
        const retried = await register(restarted.url, i);
        expect([retried.status, retried.replayed, retried.body.uin, retried.body.code]).toEqual([201, 'true', first.body.uin, undefined]);
      }
    } finally {
      await restarted.close();
      data.remove();
    }
  });

  it('exits 1 at the bound when a request never finishes, naming the step it was stuck in', async () => {
    const data = tempDataDir('acc-shutdown-stuck-');
    const { child, url } = await start(data.dir, { HOLD: 'forever', ACC_SHUTDOWN_TIMEOUT_MS: '1000' });
    const stuck = register(url, 99).then(
      (answer) => `answered ${answer.status}`,
      (error: unknown) => String(error),
    );
    await waitUntil('a request in flight', () => child.output().includes('held 1\n'), 30_000);
    child.process.kill('SIGTERM');
    expect(await child.exited).toBe(1);
    expect(await stuck).toMatch(/fetch failed/); // the connection went down unanswered
    const bound = child
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'shutdown exceeded its bound: exiting now');
    expect(bound).toMatchObject({ step: 'HTTP server (requests in flight finish)', timeoutMs: 1000 });
    data.remove();
  });
});
