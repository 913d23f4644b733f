import { Writable } from 'node:stream';
import { configureLogging, consoleLogger, logFormat, REDACTED, rootLogger, runWithLogContext } from '@acc/consumers';
import type { ApiKeyGrant } from '../../apps/command-api/src/http/api-keys';
import { SCOPES } from '../../apps/command-api/src/http/scopes';
import { client, type RunningApp, startApp, tempDataDir } from '../support/app-harness';

/** Issue 15 item 4: JSON lines with request id, correlation id and calling team; secrets and personal data censored by configuration. */
describe('structured logs', () => {
  const data = tempDataDir('acc-logs-');
  const KEY = 'billing-key-0123456789';
  let running: RunningApp;
  let written = '';
  const lines = () =>
    written
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  beforeAll(async () => {
    configureLogging({ format: 'json', level: 'info', destination: new Writable({ write: (chunk, _encoding, done) => void ((written += String(chunk)), done()) }) });
    const keys = new Map<string, ApiKeyGrant>([[KEY, { team: 'billing', scopes: new Set(SCOPES) }]]);
    running = await startApp(data.dir, { logger: true, config: { apiKeys: keys } });
  });
  afterAll(async () => {
    await running.close();
    data.remove();
  });

  it('writes every line as one JSON object with a level, a time and a message', () => {
    expect(lines().length).toBeGreaterThan(3);
    for (const line of lines()) expect({ level: typeof line.level, time: typeof line.time, msg: typeof line.msg }).toEqual({ level: 'number', time: 'number', msg: 'string' });
    expect(lines().some((l) => l.msg === 'Nest application successfully started')).toBe(true);
  });

  it('logs an answered request with its request id, correlation id, calling team, route pattern and status — the same correlation id its events carry', async () => {
    const call = client(running.url, { authorization: `Bearer ${KEY}` });
    const sent = await call('POST', '/v1/verification-codes', { channel: 'email', address: 'log.reader@example.com', purpose: 'register' }, { 'x-request-id': 'req-given-1', 'x-correlation-id': 'corr-given-1' });
    expect(sent.status).toBe(202);
    const line = lines().find((l) => l.msg === 'request answered' && l.reqId === 'req-given-1');
    expect(line).toMatchObject({ correlationId: 'corr-given-1', team: 'billing', method: 'POST', route: '/v1/verification-codes', status: 202, name: 'http' });

    // Without ids from the caller: new ones, and the events get the logged correlation id.
    await call('POST', '/v1/verification-codes', { channel: 'email', address: 'log.second@example.com', purpose: 'register' });
    const answered = lines().filter((l) => l.msg === 'request answered' && l.route === '/v1/verification-codes');
    const generated = answered[answered.length - 1];
    expect(generated.reqId).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    const last = (await running.system.store.readAll()).at(-1);
    expect(last?.metadata.correlationId).toBe(generated.correlationId);
  });

  it('logs a path template, never the request URL (paths hold challenge ids), and an unauthenticated request without a team', async () => {
    const response = await client(running.url, { authorization: 'Bearer wrong-key' })('POST', '/v1/logins/lc_secret_challenge_id/answer', { code: '123456' });
    expect(response.status).toBe(401);
    const line = lines().find((l) => l.msg === 'request answered' && l.route === '/v1/logins/:challengeId/answer');
    expect(line).toMatchObject({ status: 401 });
    expect(line?.team).toBeUndefined();
    expect(written).not.toContain('lc_secret_challenge_id');
    expect(written).not.toContain('wrong-key');
    expect(written).not.toContain(KEY);
  });

  it('gives a line the application logs while handling a request (after its body was read) that request’s ids and team', async () => {
    const accounts = running.system.accounts as { changeNickname: unknown };
    const original = accounts.changeNickname;
    accounts.changeNickname = async () => {
      throw new Error('store unavailable');
    };
    try {
      const call = client(running.url, { authorization: `Bearer ${KEY}` });
      const failed = await call('PUT', '/v1/accounts/100000000001/nickname', { nickname: 'Anyone' }, { 'x-request-id': 'req-failing-1', 'x-correlation-id': 'corr-failing-1' });
      expect(failed.status).toBe(500);
    } finally {
      accounts.changeNickname = original;
    }
    const line = lines().find((l) => typeof l.msg === 'string' && l.msg.includes('failed: Error: store unavailable'));
    expect(line).toMatchObject({ level: 50, name: 'http', reqId: 'req-failing-1', correlationId: 'corr-failing-1', team: 'billing' });
  });

  it('carries the context of the work into every line logged inside it', () => {
    runWithLogContext(() => ({ reqId: 'r-ctx', team: 'ops' }), () => consoleLogger('scheduler').info('inside', { position: 7 }));
    expect(lines().find((l) => l.msg === 'inside')).toMatchObject({ reqId: 'r-ctx', team: 'ops', name: 'scheduler', position: 7 });
  });

  it('censors credentials, codes, tokens, e-mail addresses and phone numbers by configuration', () => {
    rootLogger().info(
      { password: 'Pa55!word', token: 'tok-123', code: '654321', email: 'a@example.com', phone: '+8613800000000', req: { headers: { authorization: 'Bearer k', 'x-api-key': 'k2' } }, body: { newPassword: 'N3w!pass', verificationToken: 'v-1', address: 'b@example.com' } },
      'a careless line',
    );
    const line = lines().find((l) => l.msg === 'a careless line') as Record<string, any>;
    expect(line).toMatchObject({ password: REDACTED, token: REDACTED, code: REDACTED, email: REDACTED, phone: REDACTED, body: { newPassword: REDACTED, verificationToken: REDACTED, address: REDACTED } });
    expect(line.req.headers).toEqual({ authorization: REDACTED, 'x-api-key': REDACTED });
  });

  it('is pretty only for a person at a terminal: a TTY and no CI, unless ACC_LOG_FORMAT says otherwise', () => {
    expect(logFormat(undefined, { isTTY: true })).toBe('pretty');
    expect(logFormat('auto', { isTTY: true, ci: true })).toBe('json');
    expect(logFormat(undefined, { isTTY: false })).toBe('json');
    expect(logFormat(undefined, {})).toBe('json');
    expect(logFormat('json', { isTTY: true })).toBe('json');
    expect(logFormat('pretty', { isTTY: false })).toBe('pretty');
  });
});
