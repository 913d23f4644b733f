import { ACCOUNT, ADMIN_USER, bound, boundWithMember, camAdmin, CORP, foldOrganization, installedApp, later, linkExpiry, mainAccount, MEMBER, memberEntered, OTHER_ACCOUNT, orgCommand, orgSpec, plainSubUser, rangeChanged, T0 } from '../testing/builders';
import type { OrganizationEvent } from './events';

const install = orgCommand('InstallAssistantApp', { corpId: CORP, corpName: 'Example Co.', weComAdmin: { userId: ADMIN_USER, identityRef: 'ref-admin' }, assertionId: 'as-1' });
const bind = (binder = mainAccount, accountId = ACCOUNT, weComUserId = ADMIN_USER) => orgCommand('BindCloudAccount', { accountId, binder, weComUserId });
const installedInRange = [installedApp(), rangeChanged(), memberEntered()];

describe('organisation: installation and binding (ORG-1)', () => {
  it('installs the assistant app from the verified assertion, once', () => {
    orgSpec.given([]).when(install).then([installedApp()]);
    orgSpec.given([installedApp()]).when(install).thenNothing();
  });

  it('refuses binding before the app is installed', () => {
    orgSpec.given([]).when(bind()).thenFails('ORG_APP_NOT_INSTALLED');
  });

  it('binds for the main account or a CAM admin of that account', () => {
    orgSpec.given([installedApp()]).when(bind()).then([bound()]);
    orgSpec.given([installedApp()]).when(bind(camAdmin)).then([bound({ binderRole: 'cam_admin' })]);
  });

  it('refuses a binder that is neither the main account nor a CAM admin, or an admin of another account', () => {
    orgSpec.given([installedApp()]).when(bind(plainSubUser)).thenFails('ORG_BINDER_NOT_ADMIN', 'forbidden');
    orgSpec.given([installedApp()]).when(bind({ accountId: OTHER_ACCOUNT, role: 'main_account' })).thenFails('ORG_BINDER_NOT_ADMIN');
  });

  it('refuses a binding by a WeCom member who is not the organisation’s WeCom admin', () => {
    orgSpec.given([installedApp()]).when(bind(mainAccount, ACCOUNT, MEMBER)).thenFails('ORG_BINDER_NOT_WECOM_ADMIN', 'forbidden');
  });

  it('binds at most one account at a time; binding the same one again changes nothing', () => {
    orgSpec.given([installedApp(), bound()]).when(bind({ accountId: OTHER_ACCOUNT, role: 'main_account' }, OTHER_ACCOUNT)).thenFails('ORG_ALREADY_BOUND', 'conflict');
    orgSpec.given([installedApp(), bound()]).when(bind()).thenNothing();
  });

  it('unbinds by an admin of the bound account, closing open applications, and records a rebind', () => {
    const unbind = (by = mainAccount) => orgCommand('UnbindCloudAccount', { by });
    orgSpec.given([installedApp()]).when(unbind()).thenFails('ORG_NOT_BOUND');
    orgSpec.given([installedApp(), bound()]).when(unbind(plainSubUser)).thenFails('ORG_UNBINDER_NOT_ADMIN', 'forbidden');
    const opened: OrganizationEvent = { type: 'SubUserApplicationOpened', data: { corpId: CORP, applicationId: 'a1', userId: MEMBER, accountId: ACCOUNT, expiresAt: linkExpiry, openedAt: T0 } };
    orgSpec.given([...boundWithMember(), opened]).when(unbind()).then([
      { type: 'SubUserApplicationClosed', data: { corpId: CORP, applicationId: 'a1', userId: MEMBER, outcome: 'account_unbound', closedAt: T0 } },
      { type: 'CloudAccountUnbound', data: { corpId: CORP, accountId: ACCOUNT, unboundAt: T0 } },
    ]);
    const unbound: OrganizationEvent = { type: 'CloudAccountUnbound', data: { corpId: CORP, accountId: ACCOUNT, unboundAt: T0 } };
    const other = { accountId: OTHER_ACCOUNT, role: 'main_account' } as const;
    orgSpec.given([installedApp(), bound(), unbound]).when(bind(other, OTHER_ACCOUNT)).then([bound({ accountId: OTHER_ACCOUNT, previousAccountId: ACCOUNT })]);
    expect(foldOrganization([installedApp(), bound(), unbound])).toMatchObject({ boundAccountId: null, previousAccountId: ACCOUNT });
  });
});

describe('organisation: notifying the WeCom admin (ORG-2)', () => {
  const notify = (userId = MEMBER) => orgCommand('NotifyWeComAdmin', { corpId: CORP, userId });
  const notified = (reason: 'app_not_installed' | 'account_not_bound'): OrganizationEvent => ({
    type: 'WeComAdminNotified',
    data: { corpId: CORP, userId: MEMBER, reason, linkExpiresAt: later(4 * 3600), notifiedAt: T0 },
  });

  it('is what a member can do while the app is not installed or no account is bound', () => {
    orgSpec.given([]).when(notify()).then([notified('app_not_installed')]);
    orgSpec.given(installedInRange).when(notify()).then([notified('account_not_bound')]);
  });

  it('is refused outside the range and once an account is bound (apply instead)', () => {
    orgSpec.given(installedInRange).when(notify('stranger')).thenFails('MEMBER_OUTSIDE_RANGE');
    orgSpec.given(boundWithMember()).when(notify()).thenFails('ORG_ALREADY_BOUND');
  });
});
