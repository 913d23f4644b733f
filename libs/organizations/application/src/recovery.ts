import type { CommandContext, EventSourcedRepository, ProcessRecoveryDefinition, RepairReport } from '@acc/application';
import { DomainErrorException, type RecordedEvent } from '@acc/kernel';
import type { SubUserApplicationOpened } from '@acc/organizations-domain';
import { OrganizationAggregate } from './aggregates';
import { submitOpened } from './organizations.service';
import type { SubUserIdentities } from './ports';
import type { SubUserApplicationsService } from './sub-user-applications.service';

/** What a crash between two appends of the organisations' processes can leave behind. */
export type OrganizationPending =
  | { readonly kind: 'submit'; readonly opened: SubUserApplicationOpened }
  | { readonly kind: 'complete'; readonly applicationId: string }
  | { readonly kind: 'close'; readonly corpId: string; readonly applicationId: string }
  | { readonly kind: 'free'; readonly identityRef: string; readonly accountId: string };

const RECOVERY_CTX: CommandContext = { actor: { service: 'account-center/reconciler' }, correlationId: 'organizations-recovery' };

type Data = Record<string, unknown>;
const str = (d: Data, key: string): string => String(d[key]);

function noted(event: RecordedEvent<Data>): { key: string; pending: OrganizationPending } | undefined {
  const d = event.data;
  switch (event.type) {
    case 'SubUserApplicationOpened':
      return { key: `submit:${str(d, 'applicationId')}`, pending: { kind: 'submit', opened: { type: 'SubUserApplicationOpened', data: d as SubUserApplicationOpened['data'] } } };
    case 'SubUserApplicationApproved':
      return { key: `complete:${str(d, 'applicationId')}`, pending: { kind: 'complete', applicationId: str(d, 'applicationId') } };
    case 'SubUserApplicationRejected':
      return { key: `close:${str(d, 'applicationId')}`, pending: { kind: 'close', corpId: str(d, 'corpId'), applicationId: str(d, 'applicationId') } };
    case 'WeComIdentityFreed':
      return { key: `free:${str(d, 'identityRef')}:${event.position}`, pending: { kind: 'free', identityRef: str(d, 'identityRef'), accountId: str(d, 'accountId') } };
    default:
      return undefined;
  }
}

/**
 * The organisations' processes finished after a crash (ADR 0016): an opened application gets
 * its stream, an approved one its sub-users (or its marks freed), a rejected one closes on the
 * organisation, a freed identity is freed on the accounts side. Every repair is idempotent.
 */
export function organizationsRecovery(deps: { repository: EventSourcedRepository; applications: SubUserApplicationsService; identities: SubUserIdentities }): ProcessRecoveryDefinition<OrganizationPending> {
  const changed = (appended: boolean): RepairReport => ({ confirmed: appended ? 1 : 0, released: 0 });
  return {
    name: 'organizations',
    noted,
    async repair(pending) {
      switch (pending.kind) {
        case 'submit':
          return changed((await submitOpened(deps.repository, pending.opened, RECOVERY_CTX)).events.length > 0);
        case 'complete': {
          const app = await deps.applications.load(pending.applicationId);
          try {
            return changed(app ? (await deps.applications.complete(app, RECOVERY_CTX)) !== null : false);
          } catch (error) {
            // The organisation refused the sub-users (the member left, the account was unbound): the process freed the marks.
            if (error instanceof DomainErrorException) return { confirmed: 0, released: 1 };
            throw error;
          }
        }
        case 'close': {
          const command = { type: 'CloseSubUserApplication', data: { applicationId: pending.applicationId, outcome: 'rejected' } } as const;
          return changed((await deps.repository.execute(OrganizationAggregate, pending.corpId, command, RECOVERY_CTX)).events.length > 0);
        }
        case 'free':
          return { confirmed: 0, released: (await deps.identities.free(pending.identityRef, pending.accountId, RECOVERY_CTX)) ? 1 : 0 };
      }
    },
  };
}
