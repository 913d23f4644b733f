import { accountKey, type MessageDraft, type MessageTableOf } from '@acc/contracts';
import type { OrganizationEvent, SubUserApplicationEvent } from '@acc/organizations-domain';

/**
 * What the organisations context publishes (ORG-1..4). Integration events for the
 * access-management service, keyed by the cloud account: a sub-user created (with its policies
 * and groups), removed, a CAM admin granted. Notifications over the WeCom channel: an application
 * to the account's admins, its result to the member, a member's notice to the WeCom admin.
 * Ids only: a member's name never leaves the core (the WeCom side knows its own members).
 */

export const ORGANIZATION_INTEGRATION_EVENT_TYPES = {
  subUserCreated: 'organization.sub-user-created.v1',
  subUserRemoved: 'organization.sub-user-removed.v1',
  camAdminGranted: 'organization.cam-admin-granted.v1',
} as const;

export const ORGANIZATION_NOTIFICATION_TYPES = {
  applicationToAdmin: 'sub-user-application.requested.v1',
  resultToMember: 'sub-user-application-result.requested.v1',
  noticeToWeComAdmin: 'wecom-admin-notice.requested.v1',
} as const;

export interface SubUserCreatedV1 {
  readonly accountId: string;
  readonly corpId: string;
  readonly userId: string;
  readonly role: 'member' | 'cam_admin';
  readonly policies: readonly string[];
  readonly groups: readonly string[];
  readonly applicationId: string;
  readonly createdAt: string;
}
export interface SubUserRemovedV1 {
  readonly accountId: string;
  readonly corpId: string;
  readonly userId: string;
  readonly reason: 'removed_by_admin' | 'left_range';
  readonly removedAt: string;
}
export interface CamAdminGrantedV1 {
  readonly accountId: string;
  readonly corpId: string;
  readonly userId: string;
  readonly policies: readonly string[];
  readonly grantedAt: string;
}

/** Delivered in WeCom (the assistant app's messages), to members of this corp. */
interface WeComDelivery {
  readonly delivery: { readonly channel: 'wecom'; readonly corpId: string };
}
export interface ApplicationToAdminRequestedV1 extends WeComDelivery {
  readonly accountId: string;
  readonly applicationId: string;
  readonly userId: string;
  readonly expiresAt: string;
}
export interface ApplicationResultRequestedV1 extends WeComDelivery {
  readonly toUserId: string;
  readonly accountId: string;
  readonly applicationId: string;
  readonly outcome: 'approved' | 'rejected';
  readonly decidedAt: string;
}
export interface WeComAdminNoticeRequestedV1 extends WeComDelivery {
  readonly fromUserId: string;
  readonly reason: 'app_not_installed' | 'account_not_bound';
  readonly linkExpiresAt: string;
}

const I = ORGANIZATION_INTEGRATION_EVENT_TYPES;
const N = ORGANIZATION_NOTIFICATION_TYPES;
const wecom = (corpId: string) => ({ delivery: { channel: 'wecom' as const, corpId } });
const toMember = (corpId: string, userId: string) => ({ key: `${corpId}:${userId}`, subject: `${corpId}:${userId}` });

type Table = MessageTableOf<OrganizationEvent | SubUserApplicationEvent>;

function result(d: { corpId: string; userId: string; accountId: string; applicationId: string }, outcome: 'approved' | 'rejected', decidedAt: string): MessageDraft<ApplicationResultRequestedV1> {
  const data = { toUserId: d.userId, accountId: d.accountId, applicationId: d.applicationId, outcome, decidedAt, ...wecom(d.corpId) };
  return { channel: 'notifications', type: N.resultToMember, ...toMember(d.corpId, d.userId), data };
}

/** The organisations' entries (append-only, see MessageTableOf). */
export const ORGANIZATION_MESSAGE_TABLE: Table = {
  SubUserCreated: [
    (e): MessageDraft<SubUserCreatedV1> => {
      const d = e.data;
      const data = { accountId: d.accountId, corpId: d.corpId, userId: d.userId, role: d.role, policies: [...d.policies], groups: [...d.groups], applicationId: d.applicationId, createdAt: d.createdAt };
      return { channel: 'integration-events', type: I.subUserCreated, ...accountKey(d.accountId), data };
    },
    (e): MessageDraft<CamAdminGrantedV1> | null => {
      const d = e.data;
      if (d.role !== 'cam_admin') return null;
      return { channel: 'integration-events', type: I.camAdminGranted, ...accountKey(d.accountId), data: { accountId: d.accountId, corpId: d.corpId, userId: d.userId, policies: [...d.policies], grantedAt: d.createdAt } };
    },
  ],
  SubUserRemoved: [
    (e): MessageDraft<SubUserRemovedV1> => {
      const d = e.data;
      return { channel: 'integration-events', type: I.subUserRemoved, ...accountKey(d.accountId), data: { accountId: d.accountId, corpId: d.corpId, userId: d.userId, reason: d.reason, removedAt: d.removedAt } };
    },
  ],
  SubUserApplicationOpened: [
    (e): MessageDraft<ApplicationToAdminRequestedV1> => {
      const d = e.data;
      return { channel: 'notifications', type: N.applicationToAdmin, ...accountKey(d.accountId), data: { accountId: d.accountId, applicationId: d.applicationId, userId: d.userId, expiresAt: d.expiresAt, ...wecom(d.corpId) } };
    },
  ],
  SubUserApplicationApproved: [(e) => result(e.data, 'approved', e.data.approvedAt)],
  SubUserApplicationRejected: [(e) => result(e.data, 'rejected', e.data.rejectedAt)],
  WeComAdminNotified: [
    (e): MessageDraft<WeComAdminNoticeRequestedV1> => {
      const d = e.data;
      return { channel: 'notifications', type: N.noticeToWeComAdmin, key: d.corpId, subject: d.corpId, data: { fromUserId: d.userId, reason: d.reason, linkExpiresAt: d.linkExpiresAt, ...wecom(d.corpId) } };
    },
  ],
};
