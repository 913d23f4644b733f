import type { RecordedEvent } from '@acc/kernel';
import { accountMessages } from './account-messages';
import { INTEGRATION_EVENT_TYPES } from './integration-events';
import { DEFAULT_SOURCE, type MapContext } from './message';

const ACCOUNT = '100012345678';
const ctx: MapContext = { source: DEFAULT_SOURCE, now: new Date('2030-01-04T10:00:00.000Z') };
const at = '2030-01-04T09:00:00.000Z';

const recorded = (type: string, data: Record<string, unknown>): RecordedEvent<Record<string, unknown>> => ({
  eventId: `00000000-0000-4000-8000-0000000000${type.length}`,
  type,
  schemaVersion: 1,
  streamId: `account-${ACCOUNT}`,
  revision: 1,
  position: 7,
  recordedAt: at,
  data: { accountId: ACCOUNT, ...data },
  metadata: { actor: { service: 'test' }, correlationId: 'corr-1', causationId: 'cause-1' },
});

const subject = { kind: 'enterprise', ref: 'ref-credit-code', name: '深圳市示例科技有限公司', number: '91440300MA5FQ8XK2R', nameMasked: '深圳*******公司', numberMasked: '91************XK2R' };
const legalPerson = { ref: 'ref-lp', name: '李四', idNumber: '44030519800101345X', nameMasked: '*四', idNumberMasked: '44************345X' };

describe('real-name events -> integration events (RN-1): the kind only', () => {
  it.each([
    ['RealNameVerified', { subject, legalPerson, verifiedAt: at }, INTEGRATION_EVENT_TYPES.realNameVerified, { status: 'enterprise', previousStatus: 'unverified', verifiedAt: at }],
    [
      'RealNameSubjectChanged',
      { subject, legalPerson, previous: { kind: 'personal', ref: 'ref-id', legalPersonRef: null }, changedAt: at },
      INTEGRATION_EVENT_TYPES.realNameVerified,
      { status: 'enterprise', previousStatus: 'personal', verifiedAt: at },
    ],
    [
      'RealNameVerificationReleased',
      { subjectKind: 'enterprise', subjectRef: 'ref-credit-code', legalPersonRef: 'ref-lp', reason: 'deregistered', releasedAt: at },
      INTEGRATION_EVENT_TYPES.realNameReleased,
      { previousStatus: 'enterprise', reason: 'deregistered', releasedAt: at },
    ],
  ])('%s', (type, data, messageType, facts) => {
    const messages = accountMessages.map(recorded(type, data), ctx);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ channel: 'integration-events', key: ACCOUNT, event: { type: messageType, subject: ACCOUNT, data: { accountId: ACCOUNT, ...facts } } });
    const text = JSON.stringify(messages);
    for (const personal of ['深圳', '李四', '91440300', '4403051980', 'XK2R', 'ref-']) expect(text).not.toContain(personal);
  });
});
