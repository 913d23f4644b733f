import type { CommandContext, EventSourcedRepository } from '@acc/application';
import { domainError, DomainErrorException } from '@acc/kernel';
import { isInstalled, type Organization, type OrganizationEvent, type SubUserApplicationOpened } from '@acc/organizations-domain';
import { type ActingFor, resolveActor } from './actors';
import { OrganizationAggregate, SubUserApplicationAggregate } from './aggregates';
import type { ApplicationIds, MainAccounts, SubUserIdentities, WeComGateway, WeComIdentityRefs } from './ports';

export interface OrganizationsDeps {
  readonly repository: EventSourcedRepository;
  readonly gateway: WeComGateway;
  readonly refs: WeComIdentityRefs;
  readonly mainAccounts: MainAccounts;
  readonly identities: SubUserIdentities;
  readonly ids: ApplicationIds;
}

const fail = (kind: Parameters<typeof domainError>[0], code: string, message: string): never => {
  throw new DomainErrorException(domainError(kind, code, message));
};

/** What the gateway asserted must be about the organisation the route names. */
function sameCorp(corpId: string, report: { corpId: string }): void {
  if (report.corpId !== corpId) fail('validation', 'WECOM_CORP_MISMATCH', 'the WeCom assertion is about another organisation');
}

/** LM-2: a sub-user that ended frees its WeCom identity on the accounts side (recovery repeats it after a crash). */
export async function freeEndedSubUsers(identities: SubUserIdentities, events: readonly OrganizationEvent[], ctx: CommandContext): Promise<void> {
  for (const e of events) if (e.type === 'WeComIdentityFreed') await identities.free(e.data.identityRef, e.data.accountId, ctx);
}

/** ORG-1, ORG-2, ORG-4: the organisation stream `organization-<corpId>` driven by the WeCom gateway's reports. */
export class OrganizationsService {
  constructor(private readonly deps: OrganizationsDeps) {}

  /** ORG-1: the assistant app was installed (the gateway's report); a redelivery changes nothing. */
  async install(assertion: string, ctx: CommandContext) {
    const r = await this.deps.gateway.verify(assertion, 'app_installed');
    const weComAdmin = { userId: r.adminUserId, identityRef: this.deps.refs.ref(r.corpId, r.adminUserId) };
    const data = { corpId: r.corpId, corpName: r.corpName, weComAdmin, assertionId: r.assertionId };
    const { position } = await this.deps.repository.execute(OrganizationAggregate, r.corpId, { type: 'InstallAssistantApp', data }, ctx);
    return { ...(await this.view(r.corpId)), position };
  }

  /** ORG-4: the admin changed the visibility range; members who left it lose their data and their sub-user. */
  async changeRange(corpId: string, assertion: string, ctx: CommandContext) {
    const r = await this.deps.gateway.verify(assertion, 'range_changed');
    sameCorp(corpId, r);
    const data = { departments: r.departments, tags: r.tags, members: r.members, readable: r.readable };
    const { events, position } = await this.deps.repository.execute(OrganizationAggregate, corpId, { type: 'ChangeVisibilityRange', data }, ctx);
    await freeEndedSubUsers(this.deps.identities, events, ctx);
    const count = (type: OrganizationEvent['type']) => events.filter((e) => e.type === type).length;
    return { ...(await this.view(corpId)), entered: count('MemberEnteredRange'), left: count('MemberLeftRange'), subUsersRemoved: count('SubUserRemoved'), position };
  }

  /** ORG-1: the WeCom admin, logged in by scan, binds the cloud account it acts for (main account or CAM admin). */
  async bind(corpId: string, input: { adminAssertion: string; actingFor: ActingFor }, ctx: CommandContext) {
    const scan = await this.deps.gateway.verify(input.adminAssertion, 'member_scan');
    sameCorp(corpId, scan);
    const binder = await resolveActor(this.deps, input.actingFor);
    const data = { accountId: input.actingFor.accountId, binder, weComUserId: scan.userId };
    const { position } = await this.deps.repository.execute(OrganizationAggregate, corpId, { type: 'BindCloudAccount', data }, ctx);
    return { ...(await this.view(corpId)), position };
  }

  async unbind(corpId: string, actingFor: ActingFor, ctx: CommandContext) {
    const by = await resolveActor(this.deps, actingFor);
    const { position } = await this.deps.repository.execute(OrganizationAggregate, corpId, { type: 'UnbindCloudAccount', data: { by } }, ctx);
    return { ...(await this.view(corpId)), position };
  }

  /** ORG-2: without the app or a bound account, a member can only tell the WeCom admin. */
  async notifyWeComAdmin(corpId: string, memberAssertion: string, ctx: CommandContext) {
    const scan = await this.deps.gateway.verify(memberAssertion, 'member_scan');
    sameCorp(corpId, scan);
    const { events, position } = await this.deps.repository.execute(OrganizationAggregate, corpId, { type: 'NotifyWeComAdmin', data: { corpId, userId: scan.userId } }, ctx);
    const notice = events.find((e) => e.type === 'WeComAdminNotified');
    return { notified: true, reason: notice?.data.reason ?? null, linkExpiresAt: notice?.data.linkExpiresAt ?? null, position };
  }

  /**
   * ORG-2: a member in range applies to the bound account's admin. The organisation opens the
   * application (one open per member), then its own stream takes it; a crash between the two is
   * finished by the recovery (`SubUserApplicationOpened` → submitted).
   */
  async apply(corpId: string, memberAssertion: string, ctx: CommandContext) {
    const scan = await this.deps.gateway.verify(memberAssertion, 'member_scan');
    sameCorp(corpId, scan);
    const applicationId = this.deps.ids.next();
    const { events } = await this.deps.repository.execute(OrganizationAggregate, corpId, { type: 'OpenSubUserApplication', data: { applicationId, userId: scan.userId } }, ctx);
    const opened = events.find((e): e is SubUserApplicationOpened => e.type === 'SubUserApplicationOpened');
    if (!opened) return fail('conflict', 'APPLICATION_ALREADY_OPEN', 'this member has an open application already');
    const { position } = await submitOpened(this.deps.repository, opened, ctx);
    const { corpId: _c, openedAt, ...application } = opened.data;
    return { ...application, corpId, status: 'open' as const, openedAt, position };
  }

  /** ORG-3: an admin of the account removes a sub-user; its WeCom identity is freed (LM-2). */
  async removeSubUser(corpId: string, userId: string, actingFor: ActingFor, ctx: CommandContext) {
    const by = await resolveActor(this.deps, actingFor);
    const { events, position } = await this.deps.repository.execute(OrganizationAggregate, corpId, { type: 'RemoveSubUser', data: { userId, by } }, ctx);
    await freeEndedSubUsers(this.deps.identities, events, ctx);
    return { corpId, userId, removed: true, position };
  }

  /** ORG-3: a sub-user logs in by WeCom scan straight into its account: which account, which sub-user. */
  async loginAsSubUser(corpId: string, memberAssertion: string) {
    const scan = await this.deps.gateway.verify(memberAssertion, 'member_scan');
    sameCorp(corpId, scan);
    const org = await this.organization(corpId);
    const sub = org.subUsers[scan.userId] ?? fail('not_found', 'SUB_USER_NOT_FOUND', 'this WeCom member is not a sub-user of a cloud account; apply first');
    return { accountId: sub.accountId, corpId, userId: sub.userId, role: sub.role, policies: [...sub.policies], groups: [...sub.groups] };
  }

  /** The organisation as its stream has it (the read model lags; this answers the caller's own writes). */
  async view(corpId: string) {
    const org = await this.organization(corpId);
    return {
      corpId,
      corpName: org.corpName,
      weComAdminUserId: org.weComAdmin.userId,
      boundAccountId: org.boundAccountId,
      departments: Object.entries(org.departments).map(([id, name]) => ({ id, name })),
      tags: Object.entries(org.tags).map(([id, name]) => ({ id, name })),
      listedMembers: [...org.listedMembers],
      memberCount: Object.keys(org.members).length,
    };
  }

  async organization(corpId: string): Promise<Organization> {
    const { state } = await this.deps.repository.load(OrganizationAggregate, corpId);
    return isInstalled(state) ? state : fail('not_found', 'ORG_NOT_FOUND', 'no organisation has installed the assistant app under this corp id');
  }
}

/** The application's own stream takes what the organisation opened (idempotent: recovery repeats it). */
export function submitOpened(repository: EventSourcedRepository, opened: SubUserApplicationOpened, ctx: CommandContext) {
  const { applicationId, corpId, userId, accountId, expiresAt } = opened.data;
  return repository.execute(SubUserApplicationAggregate, applicationId, { type: 'SubmitSubUserApplication', data: { applicationId, corpId, userId, accountId, expiresAt } }, ctx);
}
