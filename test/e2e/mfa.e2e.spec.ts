import { generate } from 'otplib';
import { ManualClock } from '@acc/kernel';
import { client, countEvents, lastCodeSentTo, type RunningApp, startApp, STRONG_PASSWORD, tempDataDir } from '../support/app-harness';

/** SEC-2 through HTTP, with codes made by otplib from the otpauth URI, on an injected clock. */
describe('virtual MFA through HTTP', () => {
  const data = tempDataDir();
  const clock = new ManualClock('2026-06-01T10:00:05.000Z');
  let running: RunningApp;
  let call: ReturnType<typeof client>;
  let uin: string;
  let token: string;
  let secret: string;
  const epoch = () => Math.floor(clock.now().getTime() / 1000);

  beforeAll(async () => {
    running = await startApp(data.dir, { system: { clock } });
    call = client(running.url);
    await call('POST', '/v1/verification-codes', { channel: 'email', address: 'mfa.user@example.com', purpose: 'register' });
    uin = (
      await call('POST', '/v1/accounts/email-registrations', { email: 'mfa.user@example.com', password: STRONG_PASSWORD, emailCode: await lastCodeSentTo(running.system, 'mfa.user@example.com') })
    ).body.uin;
    await call('POST', `/v1/accounts/${uin}/identity-verifications`, {});
    token = (await call('POST', `/v1/accounts/${uin}/identity-verifications/confirm`, { code: await lastCodeSentTo(running.system, 'mfa.user@example.com') })).body.verificationToken;
  });
  afterAll(async () => {
    await running.close();
    data.remove();
  });

  it('binds with a code generated from the otpauth URI, for login and operation protection', async () => {
    const started = await call('POST', `/v1/accounts/${uin}/mfa/virtual`, { verificationToken: token });
    expect(started.status).toBe(201);
    const uri = new URL(started.body.otpauthUri);
    expect(uri.protocol).toBe('otpauth:');
    secret = uri.searchParams.get('secret') as string;
    expect(secret).toBe(started.body.secret);

    const code = await generate({ secret, epoch: epoch() });
    const bound = await call('POST', `/v1/accounts/${uin}/mfa/virtual/confirm`, { code, loginProtection: true, operationProtection: true });
    expect(bound.status).toBe(200);
    expect(bound.body.protection).toMatchObject({ login: { method: 'mfa', enabled: true }, operation: { method: 'mfa', enabled: true } });

    // The same code replayed (here: for identity verification) is refused.
    const replay = await call('POST', `/v1/accounts/${uin}/identity-verifications/confirm`, { method: 'mfa', code });
    expect({ status: replay.status, code: replay.body.code }).toEqual({ status: 422, code: 'MFA_CODE_ALREADY_USED' });
  });

  it('accepts a code of the next step, refuses one two steps old', async () => {
    clock.advance(30_000);
    const twoStepsOld = await generate({ secret, epoch: epoch() - 60 });
    const old = await call('POST', `/v1/accounts/${uin}/identity-verifications/confirm`, { method: 'mfa', code: twoStepsOld });
    expect(old.body.code).toBe('MFA_CODE_INVALID');
    const fresh = await call('POST', `/v1/accounts/${uin}/identity-verifications/confirm`, { method: 'mfa', code: await generate({ secret, epoch: epoch() }) });
    expect(fresh.status).toBe(200);
    expect(fresh.body.verificationToken).toMatch(/^idv_/);
  });

  it('counts wrong codes toward the limit and locks after five in a row', async () => {
    clock.advance(30_000);
    const right = await generate({ secret, epoch: epoch() });
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push((await call('POST', `/v1/accounts/${uin}/identity-verifications/confirm`, { method: 'mfa', code: wrong })).body);
    expect(answers.map((a) => [a.code, a.details?.attemptsLeft])).toEqual([4, 3, 2, 1, 0].map((n) => ["MFA_CODE_INVALID", n]));
    const locked = await call('POST', `/v1/accounts/${uin}/identity-verifications/confirm`, { method: 'mfa', code: right });
    expect({ status: locked.status, code: locked.body.code }).toEqual({ status: 429, code: 'MFA_LOCKED' });
    clock.advance(15 * 60_000);
  });

  it('unbinds with a current code and leaves both protections without MFA', async () => {
    const code = await generate({ secret, epoch: epoch() });
    const unbound = await call('POST', `/v1/accounts/${uin}/mfa/virtual/unbind`, { code });
    expect(unbound.status).toBe(200);
    expect(unbound.body.mfa).toEqual([]);
    expect(unbound.body.protection).toMatchObject({ login: { method: 'none', enabled: false }, operation: { method: 'none', enabled: false } });
  });

  it('never stores the secret readable, and never replays it for an idempotency key', async () => {
    const all = JSON.stringify(await running.system.store.readAll());
    expect(all).not.toContain(secret);
    const idv = await call('POST', `/v1/accounts/${uin}/identity-verifications/confirm`, { method: 'email', code: '000000' });
    expect(idv.status).toBe(422); // no code pending: just making sure the account is still there
    const before = await countEvents(running.system);
    await call('POST', `/v1/accounts/${uin}/mfa/virtual`, { verificationToken: token }, { 'idempotency-key': 'mfa-1' });
    const streams = (await running.system.store.readAll()).slice(before).map((e) => e.streamId);
    expect(streams.some((s) => s.startsWith('idempotency-'))).toBe(false);
  });
});
