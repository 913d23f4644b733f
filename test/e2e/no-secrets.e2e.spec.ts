import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'otplib';
import { ManualClock, type DomainEvent } from '@acc/kernel';
import { coreMessages } from '@acc/composition';
import { type MessageBridge, startBridge } from '@acc/messaging';
import { API_KEY, client, lastCodeSentTo, type RunningApp, startApp, tempDataDir } from '../support/app-harness';

/**
 * No secret in plain text anywhere (issue 5): the passwords, TOTP secrets, codes and tokens this
 * test uses are looked for in the raw event store, the published messages (other than each
 * secret's own delivery message) and the captured logs.
 */
describe('no secret in plain text anywhere', () => {
  const data = tempDataDir('acc-secrets-');
  const clock = new ManualClock('2026-08-01T09:00:05.000Z');
  let running: RunningApp;
  let bridge: MessageBridge;
  let call: ReturnType<typeof client>;
  const logs: string[] = [];
  const originals = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  const epoch = () => Math.floor(clock.now().getTime() / 1000);

  const email = 'secret.keeper@example.com';
  const passwords = ['First!Pass1', 'Second!Pass2'];
  const secrets: Record<string, string> = {};
  const codes: string[] = [];

  beforeAll(async () => {
    // Capture (and keep out of the test output) everything the app logs from here on.
    const capture = ((chunk: string | Uint8Array) => {
      logs.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    }) as typeof process.stdout.write;
    process.stdout.write = capture;
    process.stderr.write = capture;
    running = await startApp(data.dir, { system: { clock }, logger: true });
    const record = (message: string) => void logs.push(message);
    bridge = await startBridge({ store: running.system.store, codec: running.system.codec, mapper: coreMessages, dataDir: data.dir, now: () => clock.now(), logger: { info: record, warn: record, error: record } });
    // Every command carries an Idempotency-Key, so each response is also kept by the idempotency records.
    const plain = client(running.url);
    let keys = 0;
    call = ((method, path, body, headers = {}) =>
      plain(method, path, body, method === 'GET' ? headers : { 'idempotency-key': `no-secrets-${++keys}`, ...headers })) as typeof plain;
  });
  afterAll(async () => {
    process.stdout.write = originals.out;
    process.stderr.write = originals.err;
    await bridge.stop();
    await running.close();
    data.remove();
  });

  it('uses passwords, codes, tokens and a TOTP secret along the way', async () => {
    const sent = async (address: string) => {
      const code = await lastCodeSentTo(running.system, address);
      codes.push(code);
      return code;
    };
    await call('POST', '/v1/verification-codes', { channel: 'email', address: email, purpose: 'register' });
    const uin = (await call('POST', '/v1/accounts/email-registrations', { email, password: passwords[0], emailCode: await sent(email) })).body.uin as string;
    clock.advance(61_000);
    await call('POST', `/v1/accounts/${uin}/identity-verifications`, {});
    secrets.idvToken = (await call('POST', `/v1/accounts/${uin}/identity-verifications/confirm`, { code: await sent(email) })).body.verificationToken;
    const mfa = await call('POST', `/v1/accounts/${uin}/mfa/virtual`, { verificationToken: secrets.idvToken });
    secrets.totpSecret = mfa.body.secret;
    const totp1 = await generate({ secret: secrets.totpSecret, epoch: epoch() });
    codes.push(totp1);
    expect((await call('POST', `/v1/accounts/${uin}/mfa/virtual/confirm`, { code: totp1, loginProtection: true })).status).toBe(200);
    expect((await call('PUT', `/v1/accounts/${uin}/password`, { oldPassword: passwords[0], newPassword: passwords[1] })).status).toBe(200);
    const challenge = await call('POST', '/v1/logins/password', { email, password: passwords[1] });
    expect(challenge.body.status).toBe('challenge');
    clock.advance(30_000);
    const totp2 = await generate({ secret: secrets.totpSecret, epoch: epoch() });
    codes.push(totp2);
    const session = await call('POST', `/v1/logins/${challenge.body.challengeId}/answer`, { code: totp2 });
    secrets.sessionToken = session.body.session.token;
    secrets.challengeId = challenge.body.challengeId;
    expect((await call('POST', '/v1/sessions/validate', { sessionToken: secrets.sessionToken })).body.valid).toBe(true);
    await call('POST', '/v1/password-resets', { email });
    // Wrong passwords and a refused code make it into the logs' reach too.
    await call('POST', '/v1/logins/password', { email, password: 'Wr0ng!Guess' });
    await bridge.waitForPosition((await running.system.store.readAll()).at(-1)?.position ?? 0);
    const resets = (await running.system.store.readStream(`account-${uin}`)).filter((e) => e.type === 'PasswordResetRequested');
    secrets.resetToken = (await running.system.codec.decode<DomainEvent<string, { delivery: { token: string } }>>(resets[0])).data.delivery.token;
    expect(Object.values(secrets).every((s) => typeof s === 'string' && s.length >= 16)).toBe(true);
    expect(codes).toHaveLength(4);
  });

  // Codes are short: look for them as whole tokens, not inside base64 or longer digit runs.
  const occurs = (haystack: string, needle: string) =>
    /^\d{6}$/.test(needle) ? new RegExp(`(?<![A-Za-z0-9+/=_.-])${needle}(?![A-Za-z0-9+/=_.-])`).test(haystack) : haystack.includes(needle);
  const everySecret = () => [...passwords, ...Object.values(secrets), ...codes];

  it('finds none of them in the idempotency records, which kept the responses that carried some', () => {
    const db = new Database(join(data.dir, 'idempotency.db'), { readonly: true });
    const rows = db.prepare('SELECT * FROM idempotency_records').all();
    db.close();
    expect(rows.length).toBeGreaterThan(5);
    const raw = JSON.stringify(rows);
    for (const secret of everySecret()) expect({ secret: secret.slice(0, 3), found: occurs(raw, secret) }).toEqual({ secret: secret.slice(0, 3), found: false });
  });

  it('finds none of them in the raw event store (events, metadata, snapshots)', () => {
    const db = new Database(join(data.dir, 'events.db'), { readonly: true });
    const raw = JSON.stringify([db.prepare('SELECT * FROM events').all(), db.prepare('SELECT * FROM snapshots').all()]);
    db.close();
    expect(raw.length).toBeGreaterThan(10_000);
    for (const secret of everySecret()) expect({ secret: secret.slice(0, 3), found: occurs(raw, secret) }).toEqual({ secret: secret.slice(0, 3), found: false });
  });

  it('finds them in published messages only inside their own delivery message', () => {
    const messages = readFileSync(join(data.dir, 'notifications.ndjson'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { type: string; data: Record<string, unknown> });
    expect(messages.length).toBeGreaterThan(5);
    for (const message of messages) {
      const text = JSON.stringify(message);
      const own = message.type.startsWith('verification-code.') ? [message.data.code] : message.type.startsWith('password-reset.') ? [message.data.resetToken] : [];
      for (const secret of everySecret()) {
        if (own.includes(secret)) continue;
        expect({ type: message.type, found: occurs(text, secret) }).toEqual({ type: message.type, found: false });
      }
    }
    // The email codes were delivered, each in its own message.
    expect(messages.filter((m) => m.type.startsWith('verification-code.')).map((m) => m.data.code)).toEqual(expect.arrayContaining(codes.slice(0, 2)));
  });

  it('finds none of them in the logs the process wrote, nor the API key or the e-mail address', () => {
    const text = logs.join('');
    expect(text).toContain('Nest application successfully started'); // the capture works
    expect(text).toContain('writing CloudEvents to'); // the bridge's logs too
    // The app's lines are JSON, one per answered request among them, with its ids and calling team.
    const answered = text
      .split('\n')
      .filter((line) => line.startsWith('{') && line.includes('"request answered"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => String(line.route).startsWith('/v1/')); // not the public document the client checks against
    expect(answered.length).toBeGreaterThan(10);
    for (const line of answered) expect({ reqId: typeof line.reqId, correlationId: typeof line.correlationId, team: line.team }).toEqual({ reqId: 'string', correlationId: 'string', team: 'platform-team' });
    for (const secret of [...everySecret(), API_KEY, email]) expect({ secret: secret.slice(0, 3), found: occurs(text, secret) }).toEqual({ secret: secret.slice(0, 3), found: false });
  });
});
