import { API_KEY, client, countEvents, GATEWAY_SECRET, lastCodeSentTo, providerAssertion, type RunningApp, startApp, STRONG_PASSWORD, tempDataDir } from '../support/app-harness';
import { spawnTs } from '../support/read-side';

/**
 * X-3 after a real crash (kill -9): the retry with the same Idempotency-Key, answered by another
 * process over the same data folder, gets the first execution's outcome if it took effect, and
 * runs the command exactly once if it did not (docs/adr/0008).
 */
describe('idempotency across a crash', () => {
  jest.setTimeout(60_000);

  async function crashingApp(dir: string, at: string) {
    const child = spawnTs('test/support/crashing-app.ts', {
      CRASH_AT: at,
      ACC_DATA_DIR: dir,
      ACC_API_KEYS: `platform-team:${API_KEY}`,
      ACC_GATEWAY_SECRET: GATEWAY_SECRET,
      ACC_SCRYPT_N: '1024',
    });
    for (let i = 0; i < 300 && !/listening (\S+)/.test(child.output()); i++) await new Promise((r) => setTimeout(r, 100));
    const url = /listening (\S+)/.exec(child.output())?.[1];
    if (!url) throw new Error(`the crashing app did not start: ${child.output()}`);
    return { child, call: client(url) };
  }

  /** Sends the request the child dies on; the connection drops without an answer. */
  async function crashOn(crashing: Awaited<ReturnType<typeof crashingApp>>, path: string, body: unknown, key: string) {
    await expect(crashing.call('POST', path, body, { 'idempotency-key': key })).rejects.toThrow();
    expect(await crashing.child.exited).toBe('SIGKILL');
  }

  async function retried(running: RunningApp, path: string, body: unknown, key: string) {
    const started = Date.now();
    const answer = await client(running.url)('POST', path, body, { 'idempotency-key': key });
    return { answer, tookMs: Date.now() - started };
  }

  async function registered(running: RunningApp): Promise<string[]> {
    const events = await running.system.store.readAll();
    return events.filter((e) => e.type === 'AccountRegistered').map((e) => e.streamId);
  }

  it('after the events are appended and before the record completes: the retry returns the first outcome and appends nothing', async () => {
    const data = tempDataDir();
    const crashing = await crashingApp(data.dir, 'before-complete');
    const body = { provider: 'wechat', assertion: await providerAssertion('wechat', 'wx-crash-after') };
    await crashOn(crashing, '/v1/accounts/provider-registrations', body, 'crash-after-1');
    const running = await startApp(data.dir);
    try {
      const [stream] = await registered(running);
      expect(stream).toBeDefined();
      const before = await countEvents(running.system);
      const { answer, tookMs } = await retried(running, '/v1/accounts/provider-registrations', body, 'crash-after-1');
      expect(answer.status).toBe(201);
      expect(stream).toContain(answer.body.accountId);
      expect(await countEvents(running.system)).toBe(before);
      expect(tookMs).toBeLessThan(5_000); // the dead owner's lease is taken over, not waited out for a minute
      const again = await client(running.url)('POST', '/v1/accounts/provider-registrations', body, { 'idempotency-key': 'crash-after-1' });
      expect(again.body).toEqual(answer.body);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
    } finally {
      await running.close();
      data.remove();
    }
  });

  it('an e-mail registration cut after its appends: the spent code and the claimed identity are its own, not refusals', async () => {
    const data = tempDataDir();
    const crashing = await crashingApp(data.dir, 'before-complete');
    const email = 'crash.after@example.com';
    expect((await crashing.call('POST', '/v1/verification-codes', { channel: 'email', address: email, purpose: 'register' })).status).toBe(202);
    const reader = await startApp(data.dir);
    const code = await lastCodeSentTo(reader.system, email);
    await reader.close();
    const body = { email, password: STRONG_PASSWORD, emailCode: code };
    await crashOn(crashing, '/v1/accounts/email-registrations', body, 'crash-email-1');
    const running = await startApp(data.dir);
    try {
      const before = await countEvents(running.system);
      const { answer } = await retried(running, '/v1/accounts/email-registrations', body, 'crash-email-1');
      expect(answer.status).toBe(201);
      expect((await registered(running))[0]).toContain(answer.body.accountId);
      expect(await countEvents(running.system)).toBe(before);
    } finally {
      await running.close();
      data.remove();
    }
  });

  it.each([
    ['after-claim', 'before anything was appended'],
    ['mid-process', 'between the identity claim and the account'],
  ])('crash %s (%s): the retry runs the registration once', async (at) => {
    const data = tempDataDir();
    const crashing = await crashingApp(data.dir, at);
    const body = { provider: 'qq', assertion: await providerAssertion('qq', `qq-crash-${at}`) };
    await crashOn(crashing, '/v1/accounts/provider-registrations', body, `crash-${at}`);
    const running = await startApp(data.dir);
    try {
      const { answer, tookMs } = await retried(running, '/v1/accounts/provider-registrations', body, `crash-${at}`);
      expect(answer.status).toBe(201);
      expect(await registered(running)).toEqual([expect.stringContaining(answer.body.accountId)]);
      expect(tookMs).toBeLessThan(5_000);
      // The identity is held by that one account: registering it again is refused.
      const other = await client(running.url)('POST', '/v1/accounts/provider-registrations', body);
      expect(other.body.code).toBe('IDENTITY_ALREADY_REGISTERED');
    } finally {
      await running.close();
      data.remove();
    }
  });
});
