import type { EventSourcedRepository } from '@acc/application';
import { domainError, DomainErrorException } from '@acc/kernel';
import { type AccountActor, CAM_ADMIN_POLICY, isInstalled, type SubUser } from '@acc/organizations-domain';
import { OrganizationAggregate } from './aggregates';
import type { MainAccounts } from './ports';

/** Who says they act for an account: its main account, or one of its sub-users (by WeCom corp and user id). */
export interface ActingFor {
  readonly accountId: string;
  readonly subUser?: { readonly corpId: string; readonly userId: string };
}

/** AdministratorAccess includes the CAM rights; QcloudCamFullAccess is the CAM admin's own policy. */
const CAM_RIGHTS: readonly string[] = [CAM_ADMIN_POLICY, 'AdministratorAccess'];

export const hasCamRights = (sub: Pick<SubUser, 'policies'>): boolean => sub.policies.some((p) => CAM_RIGHTS.includes(p));

/**
 * The role of the actor, as a fact for the deciders: the accounts side vouches for the main
 * account; a sub-user's rights are this context's record of it (ORG-1, ORG-3).
 */
export async function resolveActor(deps: { repository: EventSourcedRepository; mainAccounts: MainAccounts }, acting: ActingFor): Promise<AccountActor> {
  if (!acting.subUser) {
    await deps.mainAccounts.assertActive(acting.accountId);
    return { accountId: acting.accountId, role: 'main_account' };
  }
  const { state } = await deps.repository.load(OrganizationAggregate, acting.subUser.corpId);
  const sub = isInstalled(state) ? state.subUsers[acting.subUser.userId] : undefined;
  if (!sub || sub.accountId !== acting.accountId) {
    throw new DomainErrorException(domainError('forbidden', 'ACTOR_NOT_SUB_USER', 'the acting WeCom member is not a sub-user of this account'));
  }
  return { accountId: acting.accountId, role: hasCamRights(sub) ? 'cam_admin' : 'sub_user' };
}
