import { createTableMapper } from '@acc/contracts';
import type { RecordedEvent } from '@acc/kernel';
import { ORGANIZATIONS_EVENT_SCHEMAS } from '@acc/organizations-domain';
import { DEFAULT_SOURCE, type MapContext } from '@acc/ports';
import { ORGANIZATION_INTEGRATION_EVENT_TYPES as I, ORGANIZATION_MESSAGE_TABLE, ORGANIZATION_NOTIFICATION_TYPES as N } from './organization-messages';

const ACCOUNT = '100012345678';
const CORP = 'wwcorp0001';
const at = '2030-03-01T09:00:00.000Z';
const ctx: MapContext = { source: DEFAULT_SOURCE, now: new Date(at) };
const mapper = createTableMapper(ORGANIZATION_MESSAGE_TABLE);

let seq = 0;
function recorded(type: string, data: Record<string, unknown>, streamId = `organization-${CORP}`): RecordedEvent<Record<string, unknown>> {
  seq += 1;
  return {
    eventId: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    type,
    schemaVersion: 1,
    streamId,
    revision: seq,
    position: seq,
    recordedAt: at,
    data: { corpId: CORP, ...data },
    metadata: { actor: { service: 'test' }, correlationId: 'corr-1', causationId: 'cause-1' },
  };
}
const summary = (e: RecordedEvent<Record<string, unknown>>) => mapper.map(e, ctx).map((m) => ({ channel: m.channel, key: m.key, type: m.event.type, data: m.event.data }));
const created = (role: 'member' | 'cam_admin', policies: string[]) =>
  recorded('SubUserCreated', { userId: 'zhang.san', identityRef: 'ref-secret', accountId: ACCOUNT, role, policies, groups: ['dev'], applicationId: 'sua_1', createdAt: at });

describe('organisation message table (ORG-1..4)', () => {
  it('a sub-user created → an integration event with its policies and groups (no identity ref)', () => {
    const messages = summary(created('member', ['ReadOnlyAccess']));
    expect(messages).toEqual([
      {
        channel: 'integration-events',
        key: ACCOUNT,
        type: I.subUserCreated,
        data: { accountId: ACCOUNT, corpId: CORP, userId: 'zhang.san', role: 'member', policies: ['ReadOnlyAccess'], groups: ['dev'], applicationId: 'sua_1', createdAt: at },
      },
    ]);
    expect(JSON.stringify(messages)).not.toContain('ref-secret');
  });

  it('a CAM admin created → also the CAM admin granted', () => {
    expect(summary(created('cam_admin', ['QcloudCamFullAccess'])).map((m) => m.type)).toEqual([I.subUserCreated, I.camAdminGranted]);
  });

  it('a sub-user removed (by the admin or leaving the range) → an integration event', () => {
    expect(summary(recorded('SubUserRemoved', { userId: 'zhang.san', accountId: ACCOUNT, reason: 'left_range', removedAt: at }))).toEqual([
      { channel: 'integration-events', key: ACCOUNT, type: I.subUserRemoved, data: { accountId: ACCOUNT, corpId: CORP, userId: 'zhang.san', reason: 'left_range', removedAt: at } },
    ]);
  });

  it('notifications over WeCom: the application to the account’s admins, its result to the member, a notice to the WeCom admin', () => {
    const opened = recorded('SubUserApplicationOpened', { applicationId: 'sua_1', userId: 'zhang.san', accountId: ACCOUNT, expiresAt: at, openedAt: at });
    expect(summary(opened)).toEqual([{ channel: 'notifications', key: ACCOUNT, type: N.applicationToAdmin, data: { accountId: ACCOUNT, applicationId: 'sua_1', userId: 'zhang.san', expiresAt: at, delivery: { channel: 'wecom', corpId: CORP } } }]);
    const ids = { applicationId: 'sua_1', userId: 'zhang.san', accountId: ACCOUNT };
    const approved = recorded('SubUserApplicationApproved', { ...ids, policies: [], groups: [], weComAdminAsCamAdmin: false, approverRole: 'main_account', approvedAt: at }, 'sub-user-application-sua_1');
    expect(summary(approved)).toEqual([
      { channel: 'notifications', key: `${CORP}:zhang.san`, type: N.resultToMember, data: { toUserId: 'zhang.san', accountId: ACCOUNT, applicationId: 'sua_1', outcome: 'approved', decidedAt: at, delivery: { channel: 'wecom', corpId: CORP } } },
    ]);
    const rejected = recorded('SubUserApplicationRejected', { ...ids, approverRole: 'cam_admin', rejectedAt: at }, 'sub-user-application-sua_1');
    expect(summary(rejected)[0].data).toMatchObject({ outcome: 'rejected' });
    const notice = recorded('WeComAdminNotified', { userId: 'zhang.san', reason: 'account_not_bound', linkExpiresAt: at, notifiedAt: at });
    expect(summary(notice)).toEqual([{ channel: 'notifications', key: CORP, type: N.noticeToWeComAdmin, data: { fromUserId: 'zhang.san', reason: 'account_not_bound', linkExpiresAt: at, delivery: { channel: 'wecom', corpId: CORP } } }]);
  });

  it('a member’s name (MemberEnteredRange) is never published', () => {
    expect(mapper.handles('MemberEnteredRange')).toBe(false);
  });

  it('names only event types the codec knows', () => {
    const known = ORGANIZATIONS_EVENT_SCHEMAS.map((s) => s.type);
    for (const type of Object.keys(ORGANIZATION_MESSAGE_TABLE)) expect(known).toContain(type);
  });
});
