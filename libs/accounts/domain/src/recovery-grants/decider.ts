import { accept, type Decider, type DomainError, domainError, ms, plusSeconds, reject } from '@acc/kernel';
import type { RecoveryGrantCommand } from './commands';
import type { RecoveryGrantEvent } from './events';
import type { RecoveryGrantsState, RecoveryGrantUse } from './model';

/** Guard: whether the account may take this use now (REC-2: once each, within 24 hours). */
export function checkRecoveryGrantUse(state: RecoveryGrantsState, use: RecoveryGrantUse, now: string): DomainError | undefined {
  const grant = state.grant;
  if (!grant) return domainError('forbidden', 'RECOVERY_GRANT_NOT_FOUND', 'the account has no approved enterprise recovery');
  if (ms(now) >= ms(grant.expiresAt)) return domainError('forbidden', 'RECOVERY_GRANT_EXPIRED', 'the 24 hours after the enterprise recovery are over', { expiresAt: grant.expiresAt });
  if (grant.used.includes(use)) return domainError('conflict', 'RECOVERY_GRANT_ALREADY_USED', `the recovery grant's ${use} change was used already`, { use });
  return undefined;
}

export function evolveRecoveryGrants(state: RecoveryGrantsState, event: RecoveryGrantEvent): RecoveryGrantsState {
  const grant = state.grant;
  switch (event.type) {
    case 'RecoveryGrantIssued':
      return { accountId: event.data.accountId, grant: { caseCode: event.data.caseCode, issuedAt: event.data.issuedAt, expiresAt: event.data.expiresAt, used: [] } };
    case 'RecoveryGrantUsed':
      return grant ? { ...state, grant: { ...grant, used: [...grant.used, event.data.use] } } : state;
    case 'RecoveryGrantUseReleased':
      return grant ? { ...state, grant: { ...grant, used: grant.used.filter((u) => u !== event.data.use) } } : state;
  }
}

/** REC-2's grant of an account: issued by an approved enterprise recovery, used once per change. */
export const recoveryGrantsDecider: Decider<RecoveryGrantCommand, RecoveryGrantEvent, RecoveryGrantsState> = {
  initialState: () => ({ accountId: null, grant: null }),
  evolve: evolveRecoveryGrants,
  decide(command, state) {
    const grant = state.grant;
    switch (command.type) {
      case 'IssueRecoveryGrant': {
        const c = command.data;
        if (grant?.caseCode === c.caseCode) return accept();
        return accept({ type: 'RecoveryGrantIssued', data: { accountId: c.accountId, caseCode: c.caseCode, issuedAt: c.now, expiresAt: plusSeconds(c.now, c.validHours * 3600) } });
      }
      case 'UseRecoveryGrant': {
        const refused = checkRecoveryGrantUse(state, command.data.use, command.data.now);
        if (refused || !grant || !state.accountId) return reject(refused as DomainError);
        return accept({ type: 'RecoveryGrantUsed', data: { accountId: state.accountId, caseCode: grant.caseCode, use: command.data.use, usedAt: command.data.now } });
      }
      case 'ReleaseRecoveryGrantUse': {
        const c = command.data;
        if (!grant || !state.accountId || !grant.used.includes(c.use)) return accept();
        return accept({ type: 'RecoveryGrantUseReleased', data: { accountId: state.accountId, caseCode: grant.caseCode, use: c.use, reason: c.reason, releasedAt: c.now } });
      }
    }
  },
};
