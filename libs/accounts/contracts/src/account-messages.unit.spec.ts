import type { RecordedEvent } from '@acc/kernel';
import { ACCOUNT_MESSAGE_TABLE, accountMessages, createMessageMapper, messageId, securityAlert } from './account-messages';
import { INTEGRATION_EVENT_TYPES } from './integration-events';
import { DEFAULT_SOURCE, ERASED_VALUE, type MapContext, type OutboundMessage } from './message';
import { NOTIFICATION_TYPES } from './notifications';

const NOW = new Date('2030-01-01T10:00:00.000Z');
const ctx: MapContext = { source: DEFAULT_SOURCE, now: NOW };
let seq = 0;

function recorded(type: string, data: Record<string, unknown>, streamId = 'account-100012345678'): RecordedEvent<Record<string, unknown>> {
  seq += 1;
  return {
    eventId: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    type,
    schemaVersion: 1,
    streamId,
    revision: 0,
    position: seq,
    recordedAt: '2030-01-01T09:59:00.000Z',
    data,
    metadata: { actor: { service: 'test', user: 'someone' }, correlationId: 'corr-1', causationId: 'cause-1', sourceIp: '203.0.113.9' },
  };
}

const ACCOUNT = '100012345678';
const SECRETS = { password: 'Str0ng!Pass', passwordHash: 'scrypt$N=16384$abc$def', codeHash: 'hmac-of-the-code', code: '482913' };

const registeredByEmail = () =>
  recorded('AccountRegistered', {
    accountId: ACCOUNT,
    uin: ACCOUNT,
    appId: `1${ACCOUNT}`,
    method: 'email',
    identityRef: 'ref-email',
    identity: 'alice@example.com',
    identityMasked: 'a***e@example.com',
    nickname: 'Alice',
    industry: 'gaming',
    passwordHash: SECRETS.passwordHash,
    status: 'active',
    registeredAt: '2030-01-01T09:59:00.000Z',
  });

const codeIssued = (overrides: Record<string, unknown> = {}) =>
  recorded(
    'VerificationCodeIssued',
    {
      verificationId: 'ver-1',
      channel: 'email',
      purpose: 'register',
      codeHash: SECRETS.codeHash,
      expiresAt: '2030-01-01T10:04:00.000Z',
      maxAttempts: 5,
      issuedAt: '2030-01-01T09:59:00.000Z',
      delivery: { address: 'alice@example.com', code: SECRETS.code },
      ...overrides,
    },
    'verification-ver-1',
  );

const completed = (phone = '+8613800138000') =>
  recorded('RegistrationCompleted', {
    accountId: ACCOUNT,
    phoneRef: 'ref-phone',
    phone,
    phoneMasked: '+86138****8000',
    contactEmail: 'contact@example.com',
    industry: 'education',
    completedAt: '2030-01-01T09:59:00.000Z',
  });

const json = (messages: OutboundMessage[]) => JSON.stringify(messages);

describe('account message table (X-6)', () => {
  it('AccountRegistered (email) -> account.registered.v1 without personal data, and a welcome to the login email', () => {
    const event = registeredByEmail();
    const [fact, welcome, ...rest] = accountMessages.map(event, ctx);
    expect(rest).toEqual([]);
    expect(fact).toEqual({
      channel: 'integration-events',
      key: ACCOUNT,
      event: {
        specversion: '1.0',
        id: event.eventId,
        source: DEFAULT_SOURCE,
        type: INTEGRATION_EVENT_TYPES.accountRegistered,
        subject: ACCOUNT,
        time: event.recordedAt,
        datacontenttype: 'application/json',
        partitionkey: ACCOUNT,
        correlationid: 'corr-1',
        data: { accountId: ACCOUNT, uin: ACCOUNT, appId: `1${ACCOUNT}`, registrationMethod: 'email', status: 'active', industry: 'gaming', registeredAt: '2030-01-01T09:59:00.000Z' },
      },
    });
    expect(welcome).toMatchObject({
      channel: 'notifications',
      key: ACCOUNT,
      event: { id: `${event.eventId}:1`, type: NOTIFICATION_TYPES.welcomeRequested, subject: ACCOUNT },
    });
    expect(welcome.event.data).toEqual({ accountId: ACCOUNT, channel: 'email', recipient: 'alice@example.com', trigger: 'registered', occurredAt: '2030-01-01T09:59:00.000Z' });
    // The integration event names no person: no address, masked address, nickname or hash.
    for (const personal of ['alice@example.com', 'a***e@example.com', 'Alice', SECRETS.passwordHash, 'ref-email']) expect(JSON.stringify(fact)).not.toContain(personal);
    expect(json([fact, welcome])).not.toContain(SECRETS.passwordHash);
  });

  it('AccountRegistered (third party) -> only the integration event (the welcome waits for the phone)', () => {
    const event = recorded('AccountRegistered', { ...registeredByEmail().data, method: 'wechat', identity: 'wx-openid-1', passwordHash: null, status: 'pending_completion' });
    const messages = accountMessages.map(event, ctx);
    expect(messages.map((m) => m.event.type)).toEqual([INTEGRATION_EVENT_TYPES.accountRegistered]);
    expect(messages[0].event.data).toMatchObject({ registrationMethod: 'wechat', status: 'pending_completion' });
    expect(json(messages)).not.toContain('wx-openid-1');
  });

  it('RegistrationCompleted -> account.registration-completed.v1 (no phone) and a welcome SMS to the new security phone', () => {
    const event = completed();
    const [fact, welcome] = accountMessages.map(event, ctx);
    expect(fact.event).toMatchObject({ id: event.eventId, type: INTEGRATION_EVENT_TYPES.registrationCompleted, subject: ACCOUNT });
    expect(fact.event.data).toEqual({ accountId: ACCOUNT, industry: 'education', completedAt: '2030-01-01T09:59:00.000Z' });
    expect(JSON.stringify(fact)).not.toMatch(/8613800138000|\*\*\*\*|contact@example\.com/);
    expect(welcome.event).toMatchObject({ id: `${event.eventId}:1`, type: NOTIFICATION_TYPES.welcomeRequested });
    expect(welcome.event.data).toMatchObject({ channel: 'sms', recipient: '+8613800138000', trigger: 'registration-completed' });
    expect(JSON.stringify(welcome)).not.toContain('contact@example.com');
  });

  it('NicknameChanged -> account.profile-changed.v1 naming the field, never the nickname', () => {
    const event = recorded('NicknameChanged', { accountId: ACCOUNT, nickname: 'Secret Name', changedAt: '2030-01-01T09:59:00.000Z' });
    const messages = accountMessages.map(event, ctx);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ channel: 'integration-events', key: ACCOUNT, event: { id: event.eventId, type: INTEGRATION_EVENT_TYPES.profileChanged } });
    expect(messages[0].event.data).toEqual({ accountId: ACCOUNT, changed: ['nickname'], changedAt: '2030-01-01T09:59:00.000Z' });
    expect(json(messages)).not.toContain('Secret Name');
  });

  it('IndustryChanged -> account.profile-changed.v1 with the new and previous industry', () => {
    const event = recorded('IndustryChanged', { accountId: ACCOUNT, industry: 'finance', previous: 'gaming', changedAt: '2030-01-01T09:59:00.000Z' });
    expect(accountMessages.map(event, ctx)[0].event.data).toEqual({
      accountId: ACCOUNT,
      changed: ['industry'],
      industry: 'finance',
      previousIndustry: 'gaming',
      changedAt: '2030-01-01T09:59:00.000Z',
    });
  });

  it('VerificationCodeIssued -> the one message with the code, keyed by the verification id, without the hash', () => {
    const event = codeIssued();
    const messages = accountMessages.map(event, ctx);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ channel: 'notifications', key: 'ver-1', event: { id: event.eventId, type: NOTIFICATION_TYPES.verificationCodeRequested, partitionkey: 'ver-1' } });
    expect(messages[0].event.subject).toBeUndefined();
    expect(messages[0].event.data).toEqual({
      verificationId: 'ver-1',
      channel: 'email',
      purpose: 'register',
      recipient: 'alice@example.com',
      code: SECRETS.code,
      expiresAt: '2030-01-01T10:04:00.000Z',
      issuedAt: '2030-01-01T09:59:00.000Z',
    });
    expect(json(messages)).not.toContain(SECRETS.codeHash);
  });

  it('drops a code that has expired by the time it would be published (outage, replay)', () => {
    expect(accountMessages.map(codeIssued({ expiresAt: '2030-01-01T10:00:00.000Z' }), ctx)).toEqual([]);
    expect(accountMessages.map(codeIssued(), { ...ctx, now: new Date('2030-01-01T10:03:59.999Z') })).toHaveLength(1);
  });

  it('erased personal data (X-2): notifications that need it are not sent, integration events still are', () => {
    expect(accountMessages.map(codeIssued({ delivery: ERASED_VALUE }), ctx)).toEqual([]);
    const registered = registeredByEmail();
    const erased = { ...registered, data: { ...registered.data, identity: ERASED_VALUE, identityMasked: ERASED_VALUE, nickname: ERASED_VALUE, passwordHash: ERASED_VALUE } };
    expect(accountMessages.map(erased, ctx).map((m) => m.event.type)).toEqual([INTEGRATION_EVENT_TYPES.accountRegistered]);
    expect(accountMessages.map(completed(ERASED_VALUE), ctx).map((m) => m.event.type)).toEqual([INTEGRATION_EVENT_TYPES.registrationCompleted]);
  });

  it('ignores types without an entry (internal events, types added later)', () => {
    for (const type of ['IdentityRegistrationClaimed', 'IdentityRegistrationReleased', 'IdentityVerified', 'VerificationCodeRejected', 'VerificationCodeConsumed', 'SomethingNew', 'toString', '__proto__']) {
      expect(accountMessages.handles(type)).toBe(false);
      expect(accountMessages.map(recorded(type, { accountId: ACCOUNT }), ctx)).toEqual([]);
    }
    for (const type of Object.keys(ACCOUNT_MESSAGE_TABLE)) expect(accountMessages.handles(type)).toBe(true);
  });

  it('ids are stable across replays and distinct per message; keys keep an account on one partition', () => {
    const event = registeredByEmail();
    const first = accountMessages.map(event, ctx).map((m) => m.event.id);
    const replay = accountMessages.map(event, { ...ctx, now: new Date('2031-06-01T00:00:00Z') }).map((m) => m.event.id);
    expect(replay).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
    expect(messageId('e', 0)).toBe('e');
    expect(messageId('e', 2)).toBe('e:2');
    // When a rule yields nothing, the others keep their ids (position in the entry, not in the output).
    const mapper = createMessageMapper({ NicknameChanged: [() => null, ACCOUNT_MESSAGE_TABLE.NicknameChanged![0]] });
    const nick = recorded('NicknameChanged', { accountId: ACCOUNT, nickname: 'x', changedAt: '2030-01-01T09:59:00.000Z' });
    expect(mapper.map(nick, ctx)[0].event.id).toBe(`${nick.eventId}:1`);
  });

  it('never carries the actor, source IP or raw domain data into a message', () => {
    const all = [registeredByEmail(), completed(), codeIssued()].flatMap((e) => accountMessages.map(e, ctx));
    const text = json(all);
    expect(text).not.toContain('203.0.113.9');
    expect(text).not.toContain('someone');
    expect(text).not.toContain('identityRef');
    expect(text).not.toContain('phoneRef');
    // The code only inside its own notification, exactly once.
    const withCode = all.filter((m) => JSON.stringify(m).includes(SECRETS.code));
    expect(withCode.map((m) => m.event.type)).toEqual([NOTIFICATION_TYPES.verificationCodeRequested]);
  });

  describe('security-relevant changes -> account.security-changed.v1 (types only) + security-alert.requested.v1 (may add a masked value)', () => {
    const at = '2030-01-01T09:58:00.000Z';
    const identity = { identityRef: 'ref-x', identity: 'bob@example.com', identityMasked: 'b***@example.com', passwordHash: SECRETS.passwordHash, reservationId: 'res-1' };
    const cases: Array<[string, Record<string, unknown>, string, Record<string, unknown>, Record<string, unknown>]> = [
      ['LoginMethodBound', { method: 'email', ...identity, boundAt: at }, 'login-method-bound', { method: 'email' }, { identityMasked: 'b***@example.com' }],
      ['LoginMethodReplaced', { method: 'email', previousIdentityRef: 'ref-old', ...identity, replacedAt: at }, 'login-method-replaced', { method: 'email' }, { identityMasked: 'b***@example.com' }],
      ['LoginMethodUnbound', { method: 'qq', identityRef: 'ref-qq', unboundAt: at }, 'login-method-unbound', { method: 'qq' }, {}],
      ['RegistrationMethodUnbound', { method: 'wechat', identityRef: 'ref-wx', unboundAt: at }, 'registration-method-unbound', { method: 'wechat' }, {}],
      [
        'LoginMethodMarkedStale',
        { method: 'official_account', identityRef: 'ref-oa', identityMasked: 'gh****01', reason: 'provider_notice', markedAt: at },
        'login-method-stale',
        { method: 'official_account', reason: 'provider_notice', action: 're_authorise' },
        { identityMasked: 'gh****01' },
      ],
      [
        'LoginMethodReauthorised',
        { method: 'official_account', identityRef: 'ref-oa', identityMasked: 'gh****01', staleSince: at, reauthorisedAt: at },
        'login-method-reauthorised',
        { method: 'official_account' },
        { identityMasked: 'gh****01' },
      ],
      [
        'ProtectionChanged',
        { protection: 'login', method: 'mfa', enabled: true, previous: { method: 'none', enabled: false }, changedAt: at },
        'protection-changed',
        { protection: 'login', method: 'mfa', enabled: true },
        {},
      ],
      ['MfaDeviceBound', { kind: 'virtual', deviceId: 'dev-1', boundThroughRef: null, boundAt: at }, 'mfa-device-bound', { kind: 'virtual' }, {}],
      ['MfaDeviceUnbound', { kind: 'hardware', deviceId: 'dev-2', unboundAt: at }, 'mfa-device-unbound', { kind: 'hardware' }, {}],
    ];
    it.each(cases)('%s', (type, data, change, facts, masked) => {
      const event = recorded(type, { accountId: ACCOUNT, ...data });
      const [fact, alert, ...rest] = accountMessages.map(event, ctx);
      expect(rest).toEqual([]);
      expect(fact).toMatchObject({ channel: 'integration-events', key: ACCOUNT, event: { id: event.eventId, type: INTEGRATION_EVENT_TYPES.securityChanged, subject: ACCOUNT } });
      expect(fact.event.data).toEqual({ accountId: ACCOUNT, change, occurredAt: at, details: facts });
      expect(alert).toMatchObject({ channel: 'notifications', key: ACCOUNT, event: { id: `${event.eventId}:1`, type: NOTIFICATION_TYPES.securityAlertRequested } });
      expect(alert.event.data).toEqual({ accountId: ACCOUNT, alert: change, occurredAt: at, details: { ...facts, ...masked } });
      for (const secret of ['bob@example.com', SECRETS.passwordHash, 'ref-', 'res-1', 'dev-']) expect(json([fact, alert])).not.toContain(secret);
      expect(JSON.stringify(fact)).not.toContain('b***@example.com');
    });
    it('an erased masked identity is left out of the alert', () => {
      const event = recorded('LoginMethodBound', { accountId: ACCOUNT, method: 'email', ...identity, identity: ERASED_VALUE, identityMasked: ERASED_VALUE, passwordHash: ERASED_VALUE, boundAt: at });
      expect(accountMessages.map(event, ctx)[1].event.data).toMatchObject({ details: { method: 'email' } });
      expect(json(accountMessages.map(event, ctx))).not.toContain(ERASED_VALUE);
    });
  });

  it('securityAlert(...) makes a one-line entry for a security event', () => {
    const mapper = createMessageMapper({
      IndustryChanged: [securityAlert('industry-changed', { details: (d) => ({ industry: d.industry }), at: (d) => d.changedAt })],
    });
    const event = recorded('IndustryChanged', { accountId: ACCOUNT, industry: 'finance', previous: null, changedAt: '2030-01-01T09:58:00.000Z' });
    const [alert] = mapper.map(event, ctx);
    expect(alert).toMatchObject({ channel: 'notifications', key: ACCOUNT, event: { id: event.eventId, type: NOTIFICATION_TYPES.securityAlertRequested, subject: ACCOUNT } });
    expect(alert.event.data).toEqual({ accountId: ACCOUNT, alert: 'industry-changed', occurredAt: '2030-01-01T09:58:00.000Z', details: { industry: 'finance' } });
  });
});
