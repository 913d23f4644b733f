import type { CommandContext, ProcessRecoveryDefinition, RepairReport } from '@acc/application';
import { deregistrationNoticeId, NOTICE_SUBJECT_FIELD } from '@acc/accounts-domain';
import type { AccountClosure } from './account-closure';
import type { DataKeys } from './closure-ports';

const RECOVERY_CTX: CommandContext = { actor: { service: 'account-center/closure-recovery' }, correlationId: 'closure-recovery' };

/** Data-key subject of an account's deregistration notice (same naming as the event codec: `<field>:<id>`). */
export const deregistrationNoticeSubject = (accountId: string) => `${NOTICE_SUBJECT_FIELD}:${deregistrationNoticeId(accountId)}`;

interface Pending {
  readonly accountId: string;
  readonly erased: boolean;
}

/**
 * Recovery of `AccountClosure.complete`: an account deregistered (`AccountDeregistered`) whose
 * erasure was not recorded (`AccountDataErased`) after the grace period is completed again;
 * every step is idempotent, so completing twice changes nothing.
 */
export function accountClosureRecovery(deps: { closure: Pick<AccountClosure, 'complete'> }): ProcessRecoveryDefinition<Pending> {
  return {
    name: 'account-closure',
    noted(event) {
      const accountId = event.data.accountId;
      if (typeof accountId !== 'string') return undefined;
      if (event.type === 'AccountDeregistered') return { key: accountId, pending: { accountId, erased: false } };
      if (event.type === 'AccountDataErased') return { key: accountId, pending: { accountId, erased: true } };
      return undefined;
    },
    async repair(pending): Promise<RepairReport> {
      if (pending.erased) return { confirmed: 0, released: 0 };
      await deps.closure.complete(pending.accountId, RECOVERY_CTX);
      return { confirmed: 1, released: 0 };
    },
  };
}

/**
 * The deregistration notice's key is destroyed once the notice is older than the retention
 * (the recovery's grace period): time for the bridge to deliver it, outages included. Until
 * then only the notice's two addresses stay readable, nothing else of the account (ADR 0012).
 */
export function deregistrationNoticeRetention(deps: { keys: DataKeys }): ProcessRecoveryDefinition<{ readonly accountId: string }> {
  return {
    name: 'deregistration-notice-retention',
    noted(event) {
      const accountId = event.data.accountId;
      return event.type === 'AccountDeregistered' && typeof accountId === 'string' ? { key: accountId, pending: { accountId } } : undefined;
    },
    async repair({ accountId }): Promise<RepairReport> {
      await deps.keys.destroy(deregistrationNoticeSubject(accountId));
      return { confirmed: 0, released: 1 };
    },
  };
}
