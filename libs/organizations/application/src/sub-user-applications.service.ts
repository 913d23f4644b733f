import { type CommandContext, type EventSourcedRepository, runProcess } from '@acc/application';
import { domainError, DomainErrorException, ms } from '@acc/kernel';
import { isInstalled, isSubUserApplication, PRESET_POLICIES, type SubUserApplication } from '@acc/organizations-domain';
import { type ActingFor, resolveActor } from './actors';
import { OrganizationAggregate, SubUserApplicationAggregate } from './aggregates';
import type { MainAccounts, SubUserIdentities, WeComIdentityRefs } from './ports';

export interface SubUserApplicationsDeps {
  readonly repository: EventSourcedRepository;
  readonly refs: WeComIdentityRefs;
  readonly mainAccounts: MainAccounts;
  readonly identities: SubUserIdentities;
  /** ORG-3: the policies an approval may assign (the four presets, and any the configuration adds). */
  readonly allowedPolicies?: readonly string[];
}

export interface Approval {
  readonly actingFor: ActingFor;
  readonly policies: readonly string[];
  readonly groups: readonly string[];
  readonly weComAdminAsCamAdmin: boolean;
}

/** Test seam: runs after the identities were marked and before the sub-users are created. */
export interface ApprovalHooks {
  afterMarked?(applicationId: string): Promise<void> | void;
}

/**
 * ORG-3: the account's admin decides an application on its stream; the outcome goes back to the
 * organisation. Approval is a process (ADR 0016): mark the WeCom identities as sub-users on the
 * accounts side (LM-2) → create the sub-users on the organisation → if that is refused, free
 * the marks again. `complete` is idempotent: the recovery runs it again after a crash.
 */
export class SubUserApplicationsService {
  readonly allowedPolicies: readonly string[];

  constructor(
    private readonly deps: SubUserApplicationsDeps,
    private readonly hooks: ApprovalHooks = {},
  ) {
    this.allowedPolicies = deps.allowedPolicies ?? PRESET_POLICIES;
  }

  async approve(applicationId: string, input: Approval, ctx: CommandContext) {
    const approver = await resolveActor(this.deps, input.actingFor);
    const data = { approver, policies: input.policies, groups: input.groups, allowedPolicies: this.allowedPolicies, weComAdminAsCamAdmin: input.weComAdminAsCamAdmin };
    const { state } = await this.deps.repository.execute(SubUserApplicationAggregate, applicationId, { type: 'ApproveSubUserApplication', data }, ctx);
    const position = await this.complete(state as SubUserApplication, ctx);
    return { ...(await this.view(applicationId)), position };
  }

  async reject(applicationId: string, actingFor: ActingFor, ctx: CommandContext) {
    const approver = await resolveActor(this.deps, actingFor);
    const { state } = await this.deps.repository.execute(SubUserApplicationAggregate, applicationId, { type: 'RejectSubUserApplication', data: { approver } }, ctx);
    const app = state as SubUserApplication;
    const { position } = await this.deps.repository.execute(OrganizationAggregate, app.corpId, { type: 'CloseSubUserApplication', data: { applicationId, outcome: 'rejected' } }, ctx);
    return { ...(await this.view(applicationId)), position };
  }

  /** Creates the approved application's sub-users, unless they exist already; the global position of the last append. */
  async complete(app: SubUserApplication, ctx: CommandContext): Promise<number | null> {
    if (app.status !== 'approved' || !app.approval) return null;
    const { state: org } = await this.deps.repository.load(OrganizationAggregate, app.corpId);
    if (!isInstalled(org) || org.subUsers[app.userId]?.accountId === app.accountId) return null;
    const memberRef = this.deps.refs.ref(app.corpId, app.userId);
    const marks = [memberRef];
    const admin = org.weComAdmin;
    if (app.approval.weComAdminAsCamAdmin && admin.userId !== app.userId && !org.subUsers[admin.userId]) marks.push(admin.identityRef);
    const { policies, groups, weComAdminAsCamAdmin } = app.approval;
    const created = await runProcess({
      reserve: () => this.mark(marks, app.accountId, ctx),
      afterReserve: () => this.hooks.afterMarked?.(app.applicationId),
      write: () =>
        this.deps.repository.execute(
          OrganizationAggregate,
          app.corpId,
          { type: 'CreateSubUsers', data: { applicationId: app.applicationId, accountId: app.accountId, memberIdentityRef: memberRef, policies, groups, weComAdminAsCamAdmin } },
          ctx,
        ),
      compensate: () => this.free(marks, app.accountId, ctx),
    });
    return created.position;
  }

  /** Marks one after the other; a refused mark frees those already made. */
  private async mark(refs: readonly string[], accountId: string, ctx: CommandContext): Promise<void> {
    const done: string[] = [];
    try {
      for (const ref of refs) {
        await this.deps.identities.mark(ref, accountId, ctx);
        done.push(ref);
      }
    } catch (error) {
      await this.free(done, accountId, ctx);
      throw error;
    }
  }

  private async free(refs: readonly string[], accountId: string, ctx: CommandContext): Promise<void> {
    for (const ref of refs) await this.deps.identities.free(ref, accountId, ctx);
  }

  async load(applicationId: string): Promise<SubUserApplication | undefined> {
    const { state } = await this.deps.repository.load(SubUserApplicationAggregate, applicationId);
    return isSubUserApplication(state) ? state : undefined;
  }

  /** One application; `expired` when still open past its link's 4 hours. */
  async view(applicationId: string) {
    const app = (await this.load(applicationId)) ?? fail('not_found', 'APPLICATION_NOT_FOUND', 'no such sub-user application');
    const expired = app.status === 'open' && ms(this.deps.repository.now()) > ms(app.expiresAt);
    const { approval, ...rest } = app;
    return { ...rest, status: expired ? ('expired' as const) : app.status, policies: approval ? [...approval.policies] : [], groups: approval ? [...approval.groups] : [], weComAdminAsCamAdmin: approval?.weComAdminAsCamAdmin ?? false };
  }
}

const fail = (kind: Parameters<typeof domainError>[0], code: string, message: string): never => {
  throw new DomainErrorException(domainError(kind, code, message));
};
