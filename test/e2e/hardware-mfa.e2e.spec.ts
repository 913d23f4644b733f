import { generate, generateSecret } from 'otplib';
import { ManualClock } from '@acc/kernel';
import { client, lastCodeSentTo, type RunningApp, startApp, STRONG_PASSWORD, tempDataDir } from '../support/app-harness';

/** SEC-3 hardware MFA (beta) through HTTP: off unless the feature flag is on; bound by serial number + code. */
describe('hardware MFA behind its feature flag', () => {
  const clock = new ManualClock('2026-09-01T10:00:05.000Z');
  const seed = generateSecret();
  const epoch = () => Math.floor(clock.now().getTime() / 1000);

  async function setUp(enabled: boolean) {
    const data = tempDataDir();
    const running = await startApp(data.dir, { system: { clock }, config: { hardwareMfa: { enabled, tokens: { 'SN-0001': seed } } } });
    const call = client(running.url);
    const email = `hw.${enabled}@example.com`;
    await call('POST', '/v1/verification-codes', { channel: 'email', address: email, purpose: 'register' });
    const uin = (await call('POST', '/v1/accounts/email-registrations', { email, password: STRONG_PASSWORD, emailCode: await lastCodeSentTo(running.system, email) })).body.uin as string;
    await call('POST', `/v1/accounts/${uin}/identity-verifications`, {});
    const token = (await call('POST', `/v1/accounts/${uin}/identity-verifications/confirm`, { code: await lastCodeSentTo(running.system, email) })).body.verificationToken as string;
    return { running, call, uin, token, remove: data.remove };
  }

  it('is refused while the flag is off', async () => {
    const { running, call, uin, token, remove } = await setUp(false);
    try {
      const refused = await call('POST', `/v1/accounts/${uin}/mfa/hardware`, { serial: 'SN-0001', code: await generate({ secret: seed, epoch: epoch() }), verificationToken: token });
      expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 404, code: 'FEATURE_DISABLED' });
    } finally {
      await running.close();
      remove();
    }
  });

  it('binds a known device by serial and code when on, and unbinds with a current code', async () => {
    const { running, call, uin, token, remove } = await setUp(true);
    try {
      const unknown = await call('POST', `/v1/accounts/${uin}/mfa/hardware`, { serial: 'SN-9999', code: '123456', verificationToken: token });
      expect(unknown.body.code).toBe('UNKNOWN_MFA_DEVICE');
      const bound = await call('POST', `/v1/accounts/${uin}/mfa/hardware`, { serial: 'SN-0001', code: await generate({ secret: seed, epoch: epoch() }), verificationToken: token, operationProtection: true });
      expect(bound.status).toBe(200);
      expect(bound.body).toMatchObject({ mfa: [{ kind: 'hardware', serial: 'SN-0001' }], protection: { operation: { method: 'mfa', enabled: true } } });
      clock.advance(30_000);
      const unbound = await call('POST', `/v1/accounts/${uin}/mfa/hardware/unbind`, { code: await generate({ secret: seed, epoch: epoch() }) });
      expect(unbound.body).toMatchObject({ mfa: [], protection: { operation: { method: 'none', enabled: false } } });
    } finally {
      await running.close();
      remove();
    }
  });
});
