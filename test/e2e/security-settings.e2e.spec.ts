import { generate } from 'otplib';
import { ManualClock } from '@acc/kernel';
import { client, lastCodeSentTo, type RunningApp, startApp, STRONG_PASSWORD, tempDataDir } from '../support/app-harness';

/** CRED-1 passwords, SEC-5/SEC-6 operation protection over the catalogue, and the security view, through HTTP. */
describe('security settings through HTTP', () => {
  const data = tempDataDir();
  const clock = new ManualClock('2026-07-01T08:00:10.000Z');
  let running: RunningApp;
  let call: ReturnType<typeof client>;
  let uin: string;
  let secret: string;
  const email = 'sec.settings@example.com';
  const epoch = () => Math.floor(clock.now().getTime() / 1000);

  beforeAll(async () => {
    running = await startApp(data.dir, { system: { clock } });
    call = client(running.url);
    await call('POST', '/v1/verification-codes', { channel: 'email', address: email, purpose: 'register' });
    uin = (await call('POST', '/v1/accounts/email-registrations', { email, password: STRONG_PASSWORD, emailCode: await lastCodeSentTo(running.system, email) })).body.uin;
  });
  afterAll(async () => {
    await running.close();
    data.remove();
  });

  it.each([
    ['Sh0rt!a', 'PASSWORD_TOO_SHORT'],
    ['Abcdefgh1!Abcdefgh1!x', 'PASSWORD_TOO_LONG'],
    ['Abc def1!', 'PASSWORD_HAS_WHITESPACE'],
    ['abcdefg1!', 'PASSWORD_NEEDS_UPPERCASE'],
    ['ABCDEFG1!', 'PASSWORD_NEEDS_LOWERCASE'],
    ['Abcdefgh!', 'PASSWORD_NEEDS_DIGIT'],
    ['Abcdefgh1', 'PASSWORD_NEEDS_PUNCTUATION'],
  ])('refuses new password %p with %s (CRED-1)', async (newPassword, code) => {
    const refused = await call('PUT', `/v1/accounts/${uin}/password`, { oldPassword: STRONG_PASSWORD, newPassword });
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 400, code });
  });

  it('needs the old password, refuses the last 3, accepts the 4th-last', async () => {
    const change = (oldPassword: string, newPassword: string) => call('PUT', `/v1/accounts/${uin}/password`, { oldPassword, newPassword });
    expect((await change('Wrong!Pass1', 'Second#Pass2')).body.code).toBe('OLD_PASSWORD_MISMATCH');
    const passwords = [STRONG_PASSWORD, 'Second#Pass2', 'Third#Pass3', 'Fourth#Pass4'];
    for (let i = 1; i < passwords.length; i++) expect((await change(passwords[i - 1], passwords[i])).status).toBe(200);
    // The last 3 passwords (the current one and the two before it) are refused...
    for (const recent of ['Fourth#Pass4', 'Third#Pass3', 'Second#Pass2']) expect((await change('Fourth#Pass4', recent)).body.code).toBe('PASSWORD_RECENTLY_USED');
    // ... the 4th-last is accepted again.
    const back = await change('Fourth#Pass4', STRONG_PASSWORD);
    expect(back.status).toBe(200);
    const view = await call('GET', `/v1/accounts/${uin}/security`);
    expect(view.body.password).toMatchObject({ set: true, ageDays: 0, changeRecommended: false });
  });

  it('lists the catalogue of sensitive operations by product', async () => {
    const cvm = await call('GET', '/v1/sensitive-operations?product=cvm');
    expect(cvm.status).toBe(200);
    expect(cvm.body[0]).toMatchObject({ id: 'cvm', operations: expect.arrayContaining([expect.objectContaining({ id: expect.stringMatching(/^cvm\./) })]) });
  });

  it('allows sensitive operations without operation protection, and non-catalogue operations always', async () => {
    const op = (await call('GET', '/v1/sensitive-operations?product=cvm')).body[0].operations[0].id as string;
    expect((await call('POST', `/v1/accounts/${uin}/sensitive-operations/authorize`, { product: 'cvm', operation: op })).body).toMatchObject({ decision: 'allowed', sensitive: true });
    expect((await call('POST', `/v1/accounts/${uin}/sensitive-operations/authorize`, { product: 'cvm', operation: 'cvm.look-at-the-sky' })).body).toMatchObject({ decision: 'allowed', sensitive: false });
    expect((await call('POST', '/v1/accounts/999999999999/sensitive-operations/authorize', { product: 'cvm', operation: op })).body).toMatchObject({ decision: 'denied' });
  });

  it('with MFA operation protection: verification-required, allowed for 30 minutes after a verification, required again at 30 min + 1 s (SEC-5)', async () => {
    // Identity verification by the login email, then MFA bound for operation protection.
    await call('POST', `/v1/accounts/${uin}/identity-verifications`, {});
    const token = (await call('POST', `/v1/accounts/${uin}/identity-verifications/confirm`, { code: await lastCodeSentTo(running.system, email) })).body.verificationToken;
    secret = (await call('POST', `/v1/accounts/${uin}/mfa/virtual`, { verificationToken: token })).body.secret;
    await call('POST', `/v1/accounts/${uin}/mfa/virtual/confirm`, { code: await generate({ secret, epoch: epoch() }), operationProtection: true });

    const op = { product: 'cvm', operation: (await call('GET', '/v1/sensitive-operations?product=cvm')).body[0].operations[0].id };
    const authorize = async () => (await call('POST', `/v1/accounts/${uin}/sensitive-operations/authorize`, op)).body;
    expect(await authorize()).toMatchObject({ decision: 'verification-required', method: 'mfa' });

    clock.advance(30_000);
    const verified = await call('POST', `/v1/accounts/${uin}/operation-verifications/confirm`, { code: await generate({ secret, epoch: epoch() }) });
    expect(verified.status).toBe(200);
    expect(await authorize()).toMatchObject({ decision: 'allowed', sensitive: true });
    clock.advance(30 * 60_000 - 1_000);
    expect(await authorize()).toMatchObject({ decision: 'allowed' });
    clock.advance(2_000); // 30 min + 1 s after the verification
    expect(await authorize()).toMatchObject({ decision: 'verification-required', method: 'mfa' });
  });

  it('shows the security page without secrets, from the aggregate and from the read model alike', async () => {
    const view = await call('GET', `/v1/accounts/${uin}/security`);
    expect(view.body).toMatchObject({ mfa: { virtual: true, hardware: false }, operationProtection: { method: 'mfa', enabled: true }, sessionPolicy: { idleMinutes: 120, maxHours: 48 } });
    expect(JSON.stringify(view.body)).not.toContain(secret);
    const head = (await running.system.store.readStream(`account-${uin}`)).at(-1)?.position;
    const read = await call('GET', `/v1/read/accounts/${uin}/security?waitForPosition=${head}`);
    expect(read.status).toBe(200);
    const { mfa, securityPhone, securityEmail, loginProtection, operationProtection, remoteLoginProtection, sessionPolicy, password } = view.body;
    expect(read.body.data).toMatchObject({ mfa, securityPhone, securityEmail, loginProtection, operationProtection, remoteLoginProtection, sessionPolicy, password });
    expect(JSON.stringify(read.body)).not.toContain(secret);
  });

  it('reads in the security read model that MFA left the protections when it was unbound', async () => {
    clock.advance(30_000);
    const unbound = await call('POST', `/v1/accounts/${uin}/mfa/virtual/unbind`, { code: await generate({ secret, epoch: epoch() }) });
    const read = await call('GET', `/v1/read/accounts/${uin}/security?waitForPosition=${unbound.body.position}`);
    expect(read.body.data).toMatchObject({ mfa: { virtual: false }, loginProtection: { method: 'none' }, operationProtection: { method: 'none', enabled: false } });
  });
});
