import { DeciderSpecification, plusSeconds } from '@acc/kernel';
import { type AccountActor, APPLICATION_LINK_TTL_SECONDS, memberIdOf, PRESET_POLICIES } from '../model';
import type {
  AssistantAppInstalled,
  CloudAccountBound,
  MemberEnteredRange,
  OrganizationCommand,
  OrganizationEvent,
  OrganizationState,
  SubUserApplicationOpened,
  SubUserCreated,
  VisibilityRangeChanged,
} from '../organization';
import { organizationDecider } from '../organization/decider';
import { subUserApplicationDecider } from '../sub-user-application/decider';

/**
 * Organisation events and commands for specs: plain defaults, every field can be given.
 * Test code only: not exported by the library's index.
 */

export const CORP = 'wwcorp0001';
export const ACCOUNT = '100012345678';
export const OTHER_ACCOUNT = '100087654321';
export const T0 = '2026-05-01T08:00:00.000Z';
export const ADMIN_USER = 'admin.li';
export const MEMBER = 'zhang.san';
export const APP_ID = 'sua_0001';

export const mainAccount: AccountActor = { accountId: ACCOUNT, role: 'main_account' };
export const camAdmin: AccountActor = { accountId: ACCOUNT, role: 'cam_admin' };
export const plainSubUser: AccountActor = { accountId: ACCOUNT, role: 'sub_user' };
export const ALLOWED = [...PRESET_POLICIES];

export const orgSpec = DeciderSpecification.for(organizationDecider);
export const applicationSpec = DeciderSpecification.for(subUserApplicationDecider);
export const foldOrganization = (events: readonly OrganizationEvent[]): OrganizationState => events.reduce(organizationDecider.evolve, organizationDecider.initialState());

export const later = (seconds: number): string => plusSeconds(T0, seconds);
export const linkExpiry = later(APPLICATION_LINK_TTL_SECONDS);

type Data<E extends OrganizationEvent> = Partial<E['data']>;
function builder<E extends OrganizationEvent>(type: E['type'], defaults: () => E['data']) {
  return (data: Data<E> = {}): E => ({ type, data: { ...defaults(), ...data } }) as E;
}

export const installedApp = builder<AssistantAppInstalled>('AssistantAppInstalled', () => ({
  corpId: CORP,
  corpName: 'Example Co.',
  weComAdminUserId: ADMIN_USER,
  weComAdminIdentityRef: 'ref-admin',
  assertionId: 'as-1',
  installedAt: T0,
}));

export const bound = builder<CloudAccountBound>('CloudAccountBound', () => ({ corpId: CORP, accountId: ACCOUNT, previousAccountId: null, binderRole: 'main_account', boundAt: T0 }));

export const rangeChanged = builder<VisibilityRangeChanged>('VisibilityRangeChanged', () => ({
  corpId: CORP,
  departmentsAdded: [{ id: 'd1', name: 'Engineering' }],
  departmentsRemoved: [],
  tagsAdded: [],
  tagsRemoved: [],
  membersAdded: [],
  membersRemoved: [],
  changedAt: T0,
}));

export function memberEntered(data: Data<MemberEnteredRange> = {}): MemberEnteredRange {
  const userId = data.userId ?? MEMBER;
  return builder<MemberEnteredRange>('MemberEnteredRange', () => ({ corpId: CORP, userId, memberId: memberIdOf(CORP, userId), name: 'Zhang San', departmentIds: ['d1'], tagIds: [], enteredAt: T0 }))(data);
}

export const applicationOpened = builder<SubUserApplicationOpened>('SubUserApplicationOpened', () => ({ corpId: CORP, applicationId: APP_ID, userId: MEMBER, accountId: ACCOUNT, expiresAt: linkExpiry, openedAt: T0 }));

export const subUserCreated = builder<SubUserCreated>('SubUserCreated', () => ({
  corpId: CORP,
  userId: MEMBER,
  identityRef: 'ref-member',
  accountId: ACCOUNT,
  role: 'member',
  policies: ['ReadOnlyAccess'],
  groups: ['dev'],
  applicationId: APP_ID,
  createdAt: T0,
}));

/** Installed, bound to ACCOUNT, department d1 in range with MEMBER in it. */
export const boundWithMember = (): OrganizationEvent[] => [installedApp(), bound(), rangeChanged(), memberEntered()];

/** A command with `now` defaulting to T0. */
export const orgCommand = <T extends OrganizationCommand['type']>(type: T, data: Record<string, unknown>): OrganizationCommand => ({ type, data: { now: T0, ...data } }) as unknown as OrganizationCommand;

export const noChange = { departments: { add: [], remove: [] }, tags: { add: [], remove: [] }, members: { add: [], remove: [] }, readable: [] };
