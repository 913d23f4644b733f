import { LOGIN_APPLICATION_EVENT_SCHEMAS } from '@acc/accounts-domain';
import { createTableMapper } from '@acc/contracts';
import type { RecordedEvent } from '@acc/kernel';
import { LOGIN_APPLICATION_MESSAGE_TABLE, LOGIN_APPLICATION_NOTIFICATION_TYPES as N } from './login-application-messages';
import { DEFAULT_SOURCE, type MapContext, type OutboundMessage } from './message';

const APP = '01JABCDEFGHJKMNPQRSTVWXYZ0';
const ACCOUNT = '100012345678';
const CASE = 'RC-7KQ2M9XP';
const PHONE = '+8613800138000';
const ctx: MapContext = { source: DEFAULT_SOURCE, now: new Date('2030-03-01T10:00:00.000Z') };
const at = '2030-03-01T09:00:00.000Z';
const dueAt = '2030-03-06T09:00:00.000Z';
const mapper = createTableMapper(LOGIN_APPLICATION_MESSAGE_TABLE);

// What the events carry besides the phone: none of it may reach a message.
const REASON = 'lost the phone of 张伟 in 深圳';
const EMAIL = 'zhang.wei@example.com';
const LEAKS = ['张伟', '深圳', 'zhang.wei', 'z***@example.com', '$argon2id', 'ref-', 'token-hash'];

let seq = 0;
function recorded(type: string, data: Record<string, unknown>): RecordedEvent<Record<string, unknown>> {
  seq += 1;
  return {
    eventId: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    type,
    schemaVersion: 1,
    streamId: `login-application-${APP}`,
    revision: seq,
    position: seq,
    recordedAt: at,
    data: { applicationId: APP, ...data },
    metadata: { actor: { service: 'test' }, correlationId: 'corr-1', causationId: 'cause-1' },
  };
}

const reviewed = (extra: Record<string, unknown>, phone: unknown = { phone: PHONE }) => ({ accountId: ACCOUNT, caseCode: CASE, notice: phone, ...extra });
const codeIssued = (expiresAt = '2030-03-01T10:05:00.000Z', delivery: unknown = { phone: PHONE, code: '482913' }) =>
  recorded('LoginApplicationCodeIssued', { codeHash: 'code-hash', expiresAt, attempts: 5, delivery });
const history = () => [
  recorded('LoginApplicationStarted', { accountId: ACCOUNT, subjectMatched: true, reason: REASON, contactPhone: PHONE, contactPhoneRef: 'ref-phone', tokenHash: 'token-hash', startedAt: at, expiresAt: dueAt }),
  codeIssued(),
  recorded('LoginApplicationCodeRejected', { attemptsLeft: 4, at }),
  recorded('LoginApplicationContactConfirmed', { confirmedAt: at }),
  recorded('LoginApplicationCredentialsSet', { email: EMAIL, emailRef: 'ref-email', emailMasked: 'z***@example.com', passwordHash: '$argon2id$v=19$x', protectWithContactPhone: true, setAt: at }),
  recorded('LoginApplicationCaseOpened', reviewed({ dueAt })),
  recorded('LoginApplicationDecided', reviewed({ outcome: 'approved', decidedAt: at })),
  recorded('LoginApplicationCompleted', reviewed({ securityPhoneChanged: true, completedAt: at })),
];

const summary = (messages: OutboundMessage[]) => messages.map((m) => ({ key: m.key, subject: m.event.subject, type: m.event.type, data: m.event.data }));
const sms = { channel: 'sms', recipient: PHONE };
const ids = { applicationId: APP, accountId: ACCOUNT, caseCode: CASE };

describe('login-application message table (REC-3, X-6)', () => {
  it('a whole approved application: code by application id, then progress and result by account id, no personal data', () => {
    const messages = history().flatMap((e) => mapper.map(e, ctx));
    expect(summary(messages)).toEqual([
      { key: APP, subject: APP, type: N.codeRequested, data: { applicationId: APP, ...sms, code: '482913', expiresAt: '2030-03-01T10:05:00.000Z' } },
      { key: ACCOUNT, subject: ACCOUNT, type: N.progress, data: { applicationId: APP, accountId: ACCOUNT, status: 'under_review', caseCode: CASE, dueAt, ...sms, occurredAt: at } },
      { key: ACCOUNT, subject: ACCOUNT, type: N.result, data: { ...ids, outcome: 'approved', securityPhoneChanged: true, failure: null, ...sms, occurredAt: at } },
    ]);
    expect(messages.every((m) => m.channel === 'notifications')).toBe(true);
    const text = JSON.stringify(messages);
    for (const leak of LEAKS) expect(text).not.toContain(leak);
  });

  it('a rejection and a failed approval are results too', () => {
    const rejected = mapper.map(recorded('LoginApplicationDecided', reviewed({ outcome: 'rejected', decidedAt: at })), ctx);
    const failed = mapper.map(recorded('LoginApplicationApprovalFailed', reviewed({ code: 'LOGIN_EMAIL_TAKEN', failedAt: at })), ctx);
    expect(summary([...rejected, ...failed]).map((m) => m.data)).toEqual([
      { ...ids, outcome: 'rejected', securityPhoneChanged: false, failure: null, ...sms, occurredAt: at },
      { ...ids, outcome: 'approval_failed', securityPhoneChanged: false, failure: 'LOGIN_EMAIL_TAKEN', ...sms, occurredAt: at },
    ]);
  });

  it('an expired code, an erased phone or code publish nothing', () => {
    expect(mapper.map(codeIssued('2030-03-01T09:59:59.000Z'), ctx)).toEqual([]);
    expect(mapper.map(codeIssued(undefined, '[erased]'), ctx)).toEqual([]);
    expect(mapper.map(codeIssued(undefined, { phone: PHONE, code: '[erased]' }), ctx)).toEqual([]);
    expect(mapper.map(recorded('LoginApplicationCompleted', reviewed({ securityPhoneChanged: false, completedAt: at }, '[erased]')), ctx)).toEqual([]);
    expect(mapper.map(recorded('LoginApplicationCaseOpened', reviewed({ dueAt }, { phone: '[erased]' })), ctx)).toEqual([]);
  });

  it.each(['LoginApplicationStarted', 'LoginApplicationCodeRejected', 'LoginApplicationContactConfirmed', 'LoginApplicationCredentialsSet', 'LoginApplicationFaceFailed'])(
    '%s publishes nothing (no confirmed phone on the event)',
    (type) => {
      expect(mapper.handles(type)).toBe(false);
    },
  );

  it('names only login-application event types the codec knows', () => {
    const known = LOGIN_APPLICATION_EVENT_SCHEMAS.map((s) => s.type);
    for (const type of Object.keys(LOGIN_APPLICATION_MESSAGE_TABLE)) expect(known).toContain(type);
  });
});
