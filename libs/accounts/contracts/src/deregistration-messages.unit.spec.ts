import { DEREGISTRATION_EVENT_SCHEMAS } from '@acc/accounts-domain';
import { createTableMapper } from '@acc/contracts';
import type { RecordedEvent } from '@acc/kernel';
import { DEREGISTRATION_INTEGRATION_EVENT_TYPES as I, DEREGISTRATION_MESSAGE_TABLE, DEREGISTRATION_NOTIFICATION_TYPES as N } from './deregistration-messages';
import { DEFAULT_SOURCE, type MapContext, type OutboundMessage } from './message';

const ACCOUNT = '100012345678';
const REQUEST = `${ACCOUNT}-1`;
const ctx: MapContext = { source: DEFAULT_SOURCE, now: new Date('2030-03-01T10:00:00.000Z') };
const at = '2030-03-01T09:00:00.000Z';
const until = '2030-03-16T09:00:00.000Z';
const dueAt = '2030-03-06T09:00:00.000Z';
const mapper = createTableMapper(DEREGISTRATION_MESSAGE_TABLE);

// Personal data the events carry: none of it may reach a message.
const OTHER_REASON = 'moving to 深圳 with Zhang Wei';
const REVIEWER_REASON = 'legal person Li Si did not match';
const resources = [
  { id: 'sub-1', kind: 'sub_user', name: 'Zhang Wei (finance)', abandonable: false, unsettledPostpaid: false },
  { id: 'key-1', kind: 'api_key', name: 'ci key of wang.fang@example.com', abandonable: false, unsettledPostpaid: false },
  { id: 'cvm-1', kind: 'voucher', name: 'voucher for Wang Fang', abandonable: true, unsettledPostpaid: true },
];
const PERSONAL = ['深圳', 'Zhang Wei', 'Li Si', 'wang.fang', 'Wang Fang', 'finance', 'ci key', 'sub-1', 'key-1'];

let seq = 0;
function recorded(type: string, data: Record<string, unknown>): RecordedEvent<Record<string, unknown>> {
  seq += 1;
  return {
    eventId: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    type,
    schemaVersion: 1,
    streamId: `deregistration-${ACCOUNT}`,
    revision: seq,
    position: seq,
    recordedAt: at,
    data: { accountId: ACCOUNT, requestId: REQUEST, ...data },
    metadata: { actor: { service: 'test' }, correlationId: 'corr-1', causationId: 'cause-1' },
  };
}

const requested = (verificationType = 'enterprise') => recorded('DeregistrationRequested', { reasons: ['other', 'no_longer_using'], otherReason: OTHER_REASON, verificationType, requestedAt: at });
const checked = (trigger: string, outcome: string, blocking: string[]) => recorded('DeregistrationResourcesChecked', { trigger, resources, blocking, outcome, checkedAt: at });

const summary = (messages: OutboundMessage[]) => messages.map((m) => ({ channel: m.channel, type: m.event.type, data: m.event.data }));

function expectNoPersonalData(messages: OutboundMessage[]) {
  const text = JSON.stringify(messages);
  for (const personal of PERSONAL) expect(text).not.toContain(personal);
}

describe('deregistration message table (DEREG-1..5, X-6)', () => {
  const ids = { accountId: ACCOUNT, requestId: REQUEST };

  it.each([
    [
      'DeregistrationRequested',
      requested('personal'),
      [
        { channel: 'integration-events', type: I.started, data: { ...ids, startedAt: at } },
        { channel: 'notifications', type: N.received, data: { ...ids, identityCheck: 'face', requestedAt: at } },
      ],
    ],
    ['DeregistrationRequested (enterprise)', requested('enterprise'), [expect.anything(), { channel: 'notifications', type: N.received, data: { ...ids, identityCheck: 'legal_person_face', requestedAt: at } }]],
    ['DeregistrationRequested (unverified)', requested('unverified'), [expect.anything(), { channel: 'notifications', type: N.received, data: { ...ids, identityCheck: 'security_factors', requestedAt: at } }]],
    [
      'DeregistrationResourcesChecked, blocked at the request',
      checked('request', 'blocked', ['sub-1', 'key-1']),
      [{ channel: 'notifications', type: N.checkResult, data: { ...ids, trigger: 'request', outcome: 'blocked', blockingCount: 2, checkedAt: at } }],
    ],
    [
      'DeregistrationResourcesChecked, after the cooling-off',
      checked('cooling_off_ended', 'clear', []),
      [{ channel: 'notifications', type: N.checkResult, data: { ...ids, trigger: 'cooling_off_ended', outcome: 'clear', blockingCount: 0, checkedAt: at } }],
    ],
    [
      'DeregistrationCoolingOffStarted',
      recorded('DeregistrationCoolingOffStarted', { until, startedAt: at }),
      [
        { channel: 'integration-events', type: I.coolingOffStarted, data: { ...ids, until, startedAt: at } },
        { channel: 'notifications', type: N.coolingOff, data: { ...ids, until, startedAt: at } },
      ],
    ],
    [
      'DeregistrationRevoked',
      recorded('DeregistrationRevoked', { restoreAccount: true, revokedAt: at }),
      [
        { channel: 'integration-events', type: I.revoked, data: { ...ids, accountRestored: true, revokedAt: at } },
        { channel: 'notifications', type: N.revoked, data: { ...ids, accountRestored: true, revokedAt: at } },
      ],
    ],
    [
      'DeregistrationReviewRejected',
      recorded('DeregistrationReviewRejected', { reviewer: { service: 'review-desk', user: 'reviewer-7' }, reason: REVIEWER_REASON, restoreAccount: false, rejectedAt: at }),
      [
        { channel: 'integration-events', type: I.rejected, data: { ...ids, accountRestored: false, rejectedAt: at } },
        { channel: 'notifications', type: N.rejected, data: { ...ids, accountRestored: false, rejectedAt: at } },
      ],
    ],
    ['DeregistrationReviewOpened', recorded('DeregistrationReviewOpened', { dueAt, openedAt: at }), [{ channel: 'notifications', type: N.reviewRequested, data: { ...ids, dueAt, openedAt: at } }]],
    ['DeregistrationReviewOverdue', recorded('DeregistrationReviewOverdue', { dueAt, overdueAt: at }), [{ channel: 'notifications', type: N.reviewOverdue, data: { ...ids, dueAt, overdueAt: at } }]],
  ])('%s -> its documented messages, keyed by the account, without personal data', (_name, event, expected) => {
    const messages = mapper.map(event, ctx);
    expect(summary(messages)).toEqual(expected);
    messages.forEach((m, i) => {
      expect(m).toMatchObject({ key: ACCOUNT, event: { subject: ACCOUNT, partitionkey: ACCOUNT, time: at, correlationid: 'corr-1', id: i === 0 ? event.eventId : `${event.eventId}:${i}` } });
    });
    expectNoPersonalData(messages);
  });

  it.each([
    ['the request passed its check (the received notice says what is next)', checked('request', 'clear', [])],
    ['the request starts a cooling-off (its own notice)', checked('request', 'cooling_off', [])],
    ['a re-check the holder asked for', checked('recheck', 'blocked', ['key-1'])],
    ['the holder abandoned resources', checked('abandon', 'clear', [])],
  ])('no check-result notice when %s', (_name, event) => {
    expect(mapper.map(event, ctx)).toEqual([]);
  });

  it.each(['DeregistrationResourcesAbandoned', 'DeregistrationCoolingOffEnded', 'DeregistrationFaceVerified', 'DeregistrationSecurityFactorsVerified', 'DeregistrationReviewApproved', 'DeregistrationAccountUpdated', 'DeregistrationCompleted'])(
    '%s publishes nothing (a step; the result has its own message)',
    (type) => {
      expect(mapper.handles(type)).toBe(false);
    },
  );

  it('names only deregistration event types the codec knows', () => {
    const known = DEREGISTRATION_EVENT_SCHEMAS.map((s) => s.type);
    for (const type of Object.keys(DEREGISTRATION_MESSAGE_TABLE)) expect(known).toContain(type);
  });

  it("a whole request's messages keep its order under one key per account", () => {
    const other = '100087654321';
    const history = [
      requested('enterprise'),
      checked('request', 'blocked', ['sub-1']),
      recorded('DeregistrationResourcesChecked', { accountId: other, requestId: `${other}-1`, trigger: 'request', resources: [], blocking: ['x'], outcome: 'blocked', checkedAt: at }),
      recorded('DeregistrationCoolingOffStarted', { until, startedAt: at }),
      checked('cooling_off_ended', 'clear', []),
      recorded('DeregistrationReviewOpened', { dueAt, openedAt: at }),
      recorded('DeregistrationReviewOverdue', { dueAt, overdueAt: at }),
      recorded('DeregistrationReviewRejected', { reviewer: { service: 'review-desk' }, reason: REVIEWER_REASON, restoreAccount: true, rejectedAt: at }),
    ];
    const messages = history.flatMap((e) => mapper.map(e, ctx));
    const mine = messages.filter((m) => m.key === ACCOUNT);
    expect(mine.every((m) => m.event.subject === ACCOUNT)).toBe(true);
    const notices = mine.filter((m) => m.channel === 'notifications').map((m) => m.event.type);
    expect(notices).toEqual([N.received, N.checkResult, N.coolingOff, N.checkResult, N.reviewRequested, N.reviewOverdue, N.rejected]);
    const facts = mine.filter((m) => m.channel === 'integration-events').map((m) => m.event.type);
    expect(facts).toEqual([I.started, I.coolingOffStarted, I.rejected]);
    expect(messages.filter((m) => m.key === other).map((m) => m.event.subject)).toEqual([other]);
    expect(new Set(messages.map((m) => m.event.id)).size).toBe(messages.length);
    expectNoPersonalData(messages);
  });

  it('publishes the same, non-personal messages once the personal fields read as erased', () => {
    const erased = recorded('DeregistrationRequested', { reasons: ['other'], otherReason: '[erased]', verificationType: 'personal', requestedAt: at });
    expect(summary(mapper.map(erased, ctx)).map((m) => m.type)).toEqual([I.started, N.received]);
  });
});
