import type { DomainEvent } from '@acc/kernel';
import { client, lastCodeSentTo, providerAssertion, type RunningApp, startApp, tempDataDir } from '../support/app-harness';

/** CRED-3 and CRED-4 through HTTP: security phone/email by IDV + code, contact phone/email by link. */
describe('contacts through HTTP', () => {
  const data = tempDataDir();
  let running: RunningApp;
  let call: ReturnType<typeof client>;
  let uin: string;
  let token: string;
  const oldPhone = '+8613822223333';
  const newPhone = '+8613944445555';

  /** The link token the notifier would send for a contact change, read from the (decrypted) events. */
  async function lastLinkToken(): Promise<string> {
    for (const recorded of (await running.system.store.readStream(`account-${uin}`)).reverse()) {
      if (recorded.type !== 'ContactChangeRequested') continue;
      const event = await running.system.codec.decode<DomainEvent<string, { delivery: { token: string } }>>(recorded);
      return event.data.delivery.token;
    }
    throw new Error('no link sent');
  }

  beforeAll(async () => {
    running = await startApp(data.dir);
    call = client(running.url);
    uin = (await call('POST', '/v1/accounts/provider-registrations', { provider: 'wechat', assertion: await providerAssertion('wechat', 'wx-contacts') })).body.uin;
    await call('POST', '/v1/verification-codes', { channel: 'sms', address: oldPhone, purpose: 'complete_registration', accountId: uin });
    await call('POST', `/v1/accounts/${uin}/registration-completion`, { phone: oldPhone, phoneCode: await lastCodeSentTo(running.system, oldPhone), industry: 'media' });
    await call('POST', `/v1/accounts/${uin}/identity-verifications`, {});
    token = (await call('POST', `/v1/accounts/${uin}/identity-verifications/confirm`, { code: await lastCodeSentTo(running.system, oldPhone) })).body.verificationToken;
  });
  afterAll(async () => {
    await running.close();
    data.remove();
  });

  it('changes the security phone with IDV and a code to the new number; the old number is freed and alerted', async () => {
    const noIdv = await call('PUT', `/v1/accounts/${uin}/security-phone`, { phone: newPhone, code: '123456', verificationToken: 'nope' });
    expect(noIdv.body.code).toBe('IDENTITY_VERIFICATION_REQUIRED');
    expect((await call('POST', `/v1/accounts/${uin}/contact-codes`, { channel: 'sms', address: newPhone })).status).toBe(202);
    const changed = await call('PUT', `/v1/accounts/${uin}/security-phone`, { phone: newPhone, code: await lastCodeSentTo(running.system, newPhone), verificationToken: token });
    expect(changed.status).toBe(200);
    expect(changed.body.securityPhone).toBe('+86139****5555');
    const claims = running.system.accounts.claims;
    expect((await claims.load('phone', running.system.hasher.ref('phone', oldPhone))).state.bindings).toEqual([]);
    expect((await claims.load('phone', running.system.hasher.ref('phone', newPhone))).state.bindings).toEqual([expect.objectContaining({ accountId: uin, status: 'confirmed' })]);
    // The alert for the previous phone is derived from the event (the bridge sends it there).
    const [event] = (await running.system.store.readStream(`account-${uin}`)).filter((e) => e.type === 'SecurityPhoneChanged');
    expect((await running.system.codec.decode<DomainEvent<string, { previousPhone: string }>>(event)).data.previousPhone).toBe(oldPhone);
  });

  it('changes the security email with IDV and a code, optionally the contact email too', async () => {
    await call('POST', `/v1/accounts/${uin}/contact-codes`, { channel: 'email', address: 'sec@example.com' });
    const wrong = await call('PUT', `/v1/accounts/${uin}/security-email`, { email: 'sec@example.com', code: '000000', verificationToken: token, syncContactEmail: true });
    expect(wrong.status).toBe(422);
    const changed = await call('PUT', `/v1/accounts/${uin}/security-email`, {
      email: 'sec@example.com',
      code: await lastCodeSentTo(running.system, 'sec@example.com'),
      verificationToken: token,
      syncContactEmail: true,
    });
    expect(changed.body).toMatchObject({ securityEmail: 'se***@example.com', contactEmail: 'se***@example.com' });
  });

  it('changes the contact phone and email once their links are confirmed; a link works once', async () => {
    expect((await call('POST', `/v1/accounts/${uin}/contact-phone`, { address: '13711112222' })).status).toBe(202);
    const phoneLink = await lastLinkToken();
    expect((await call('POST', '/v1/contact-confirmations', { token: phoneLink })).body.contactPhone).toBe('+86137****2222');
    expect((await call('POST', '/v1/contact-confirmations', { token: phoneLink })).body.code).toBe('CONTACT_LINK_INVALID');

    await call('POST', `/v1/accounts/${uin}/contact-email`, { address: 'billing@example.com', syncSecurityEmail: true });
    const confirmed = await call('POST', '/v1/contact-confirmations', { token: await lastLinkToken() });
    expect(confirmed.body).toMatchObject({ contactEmail: 'bi***@example.com', securityEmail: 'bi***@example.com' });
    const view = await call('GET', `/v1/accounts/${uin}/security`);
    expect(view.body).toMatchObject({ securityPhone: '+86139****5555', securityEmail: 'bi***@example.com', contactPhone: '+86137****2222', contactEmail: 'bi***@example.com' });
  });
});
