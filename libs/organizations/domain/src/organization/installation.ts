import { accept, type Decision, domainError, plusSeconds, reject } from '@acc/kernel';
import { APPLICATION_LINK_TTL_SECONDS, isAdminOf } from '../model';
import type { BindCloudAccount, InstallAssistantApp, NotifyWeComAdmin, UnbindCloudAccount } from './commands';
import type { InstallationEvent, OrganizationEvent } from './events';
import { installed, type OrganizationSlice } from './rules';
import { isInstalled, type Organization, type OrganizationState } from './state';

type Result = Decision<OrganizationEvent>;

/** ORG-1: installing twice changes nothing (a redelivered assertion). */
function decideInstall(c: InstallAssistantApp, state: OrganizationState): Result {
  if (isInstalled(state)) return accept();
  const { corpId, corpName, weComAdmin, assertionId, now } = c.data;
  const data = { corpId, corpName, weComAdminUserId: weComAdmin.userId, weComAdminIdentityRef: weComAdmin.identityRef, assertionId, installedAt: now };
  return accept({ type: 'AssistantAppInstalled', data });
}

/** ORG-1: one cloud account at a time, bound by the WeCom admin for that account's main account or a CAM admin of it. */
function decideBind(c: BindCloudAccount, org: Organization): Result {
  const { accountId, binder, now } = c.data;
  if (org.boundAccountId === accountId) return accept();
  if (c.data.weComUserId !== org.weComAdmin.userId) return reject(domainError('forbidden', 'ORG_BINDER_NOT_WECOM_ADMIN', "only the organisation's WeCom admin, logged in by WeCom scan, binds a cloud account"));
  if (org.boundAccountId) return reject(domainError('conflict', 'ORG_ALREADY_BOUND', 'the organisation is bound to another cloud account; unbind it first'));
  if (!isAdminOf(binder, accountId)) return reject(domainError('forbidden', 'ORG_BINDER_NOT_ADMIN', 'only the main account or a CAM admin of the account may bind it'));
  return accept({ type: 'CloudAccountBound', data: { corpId: org.corpId, accountId, previousAccountId: org.previousAccountId, binderRole: binder.role, boundAt: now } });
}

/** Open applications were addressed to the old account's admin: they close with the unbind. */
function decideUnbind(c: UnbindCloudAccount, org: Organization): Result {
  const accountId = org.boundAccountId;
  if (!accountId) return reject(domainError('rule', 'ORG_NOT_BOUND', 'the organisation is not bound to a cloud account'));
  if (!isAdminOf(c.data.by, accountId)) return reject(domainError('forbidden', 'ORG_UNBINDER_NOT_ADMIN', 'only the main account or a CAM admin of the bound account may unbind it'));
  const closed = Object.entries(org.openApplications).map(
    ([userId, app]): OrganizationEvent => ({ type: 'SubUserApplicationClosed', data: { corpId: org.corpId, applicationId: app.applicationId, userId, outcome: 'account_unbound', closedAt: c.data.now } }),
  );
  return accept(...closed, { type: 'CloudAccountUnbound', data: { corpId: org.corpId, accountId, unboundAt: c.data.now } });
}

/** ORG-2: without the app (no range yet) any member may tell the WeCom admin; with it, only a member in range. */
function decideNotify(c: NotifyWeComAdmin, state: OrganizationState): Result {
  const { corpId, userId, now } = c.data;
  const event = (reason: 'app_not_installed' | 'account_not_bound'): InstallationEvent => ({
    type: 'WeComAdminNotified',
    data: { corpId, userId, reason, linkExpiresAt: plusSeconds(now, APPLICATION_LINK_TTL_SECONDS), notifiedAt: now },
  });
  if (!isInstalled(state)) return accept(event('app_not_installed'));
  if (!(userId in state.members)) return reject(domainError('rule', 'MEMBER_OUTSIDE_RANGE', "you are outside the assistant app's visibility range; ask the WeCom admin to add you"));
  if (state.boundAccountId) return reject(domainError('rule', 'ORG_ALREADY_BOUND', "the organisation is bound to a cloud account: apply to the account's admin instead"));
  return accept(event('account_not_bound'));
}

function evolveInstalled(state: OrganizationState, e: Extract<InstallationEvent, { type: 'AssistantAppInstalled' }>): OrganizationState {
  if (isInstalled(state)) return state;
  const d = e.data;
  const weComAdmin = { userId: d.weComAdminUserId, identityRef: d.weComAdminIdentityRef };
  return { status: 'installed', corpId: d.corpId, corpName: d.corpName, weComAdmin, boundAccountId: null, previousAccountId: null, departments: {}, tags: {}, listedMembers: [], members: {}, openApplications: {}, subUsers: {} };
}

/** ORG-1: installation, binding to one cloud account, unbinding and rebinding; the notice to the WeCom admin (ORG-2). */
export const installationSlice: OrganizationSlice<'BindCloudAccount' | 'UnbindCloudAccount', 'CloudAccountBound' | 'CloudAccountUnbound', 'InstallAssistantApp' | 'NotifyWeComAdmin', 'AssistantAppInstalled' | 'WeComAdminNotified'> = {
  name: 'installation',
  stateVersion: 1,
  decide: { BindCloudAccount: decideBind, UnbindCloudAccount: decideUnbind },
  evolve: {
    CloudAccountBound: (org, e) => ({ ...org, boundAccountId: e.data.accountId }),
    CloudAccountUnbound: (org, e) => ({ ...org, boundAccountId: null, previousAccountId: e.data.accountId }),
  },
  ungated: {
    decide: { InstallAssistantApp: decideInstall, NotifyWeComAdmin: decideNotify },
    evolve: { AssistantAppInstalled: evolveInstalled, WeComAdminNotified: (state) => state },
  },
};
