import { eventSchemas } from '@acc/kernel';
import type { OrganizationEvent } from './events';

// A member's name is personal data, keyed per member (corp id + WeCom user id) so it can be made
// unreadable for that member alone. Ids, keyed-hash refs, department and tag names are not.
const perMember = { subjectField: 'memberId' } as const;

export const ORGANIZATION_EVENT_SCHEMAS = eventSchemas<OrganizationEvent['type']>({
  AssistantAppInstalled: { version: 1 },
  CloudAccountBound: { version: 1 },
  CloudAccountUnbound: { version: 1 },
  WeComAdminNotified: { version: 1 },
  VisibilityRangeChanged: { version: 1 },
  MemberEnteredRange: { version: 1, personalData: ['name'], ...perMember },
  MemberLeftRange: { version: 1 },
  SubUserApplicationOpened: { version: 1 },
  SubUserApplicationClosed: { version: 1 },
  SubUserCreated: { version: 1 },
  SubUserRemoved: { version: 1 },
  WeComIdentityBecameSubUser: { version: 1 },
  WeComIdentityFreed: { version: 1 },
});
