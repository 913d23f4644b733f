import { RECOVERY_GRANT_EVENT_SCHEMAS } from '@acc/accounts-domain';
import { createTableMapper } from '@acc/contracts';
import type { RecordedEvent } from '@acc/kernel';
import { DEFAULT_SOURCE, type MapContext } from './message';
import { RECOVERY_GRANT_MESSAGE_TABLE, RECOVERY_GRANT_NOTIFICATION_TYPES as N } from './recovery-grant-messages';

const ACCOUNT = '100012345678';
const CASE = 'RC-7KQ2M9XP';
const ctx: MapContext = { source: DEFAULT_SOURCE, now: new Date('2030-03-01T10:00:00.000Z') };
const at = '2030-03-01T09:00:00.000Z';
const expiresAt = '2030-03-02T09:00:00.000Z';
const mapper = createTableMapper(RECOVERY_GRANT_MESSAGE_TABLE);

let seq = 0;
function recorded(type: string, data: Record<string, unknown>): RecordedEvent<Record<string, unknown>> {
  seq += 1;
  return {
    eventId: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    type,
    schemaVersion: 1,
    streamId: `recovery-grants-${ACCOUNT}`,
    revision: seq,
    position: seq,
    recordedAt: at,
    data: { accountId: ACCOUNT, caseCode: CASE, ...data },
    metadata: { actor: { service: 'test' }, correlationId: 'corr-1', causationId: 'cause-1' },
  };
}

const summary = (e: RecordedEvent<Record<string, unknown>>) => mapper.map(e, ctx).map((m) => ({ channel: m.channel, key: m.key, subject: m.event.subject, type: m.event.type, data: m.event.data }));
const toAccount = { channel: 'notifications', key: ACCOUNT, subject: ACCOUNT };

describe('recovery-grant message table (REC-2, X-6)', () => {
  it('an issued grant → a security notice of what it allows and until when', () => {
    expect(summary(recorded('RecoveryGrantIssued', { issuedAt: at, expiresAt }))).toEqual([
      { ...toAccount, type: N.issued, data: { accountId: ACCOUNT, caseCode: CASE, allows: ['login_email', 'phone_protection'], issuedAt: at, expiresAt } },
    ]);
  });

  it.each(['login_email', 'phone_protection'])('each use (%s) → a security notice', (use) => {
    expect(summary(recorded('RecoveryGrantUsed', { use, usedAt: at }))).toEqual([{ ...toAccount, type: N.used, data: { accountId: ACCOUNT, caseCode: CASE, use, usedAt: at } }]);
  });

  it('a released use publishes nothing, and its reason never leaves the core', () => {
    expect(mapper.handles('RecoveryGrantUseReleased')).toBe(false);
    const released = recorded('RecoveryGrantUseReleased', { use: 'login_email', reason: 'LOGIN_EMAIL_TAKEN by zhang.wei@example.com', releasedAt: at });
    expect(JSON.stringify(mapper.map(released, ctx))).not.toContain('zhang.wei');
  });

  it('names only grant event types the codec knows', () => {
    const known = RECOVERY_GRANT_EVENT_SCHEMAS.map((s) => s.type);
    for (const type of Object.keys(RECOVERY_GRANT_MESSAGE_TABLE)) expect(known).toContain(type);
  });
});
