import { accept, type Decider, domainError, reject } from '@acc/kernel';
import type { LinkRecoveryCase, RecoveryCommand } from './commands';
import { decideCase, decideConfirmCode, decideContactPhone, decideFace, decideOpenCase, decideStart } from './decide';
import type { RecoveryCaseLinked, RecoveryEvent } from './events';
import { evolveRecovery } from './evolve';
import { initialRecoveryState, type RecoveryState } from './model';

/** REC-1: one recovery request per stream, `recovery-<requestId>` (see model.ts). */
export const recoveryDecider: Decider<RecoveryCommand, RecoveryEvent, RecoveryState> = {
  initialState: initialRecoveryState,
  evolve: evolveRecovery,
  decide(command, state) {
    switch (command.type) {
      case 'StartRecovery':
        return decideStart(state, command.data);
      case 'ConfirmRecoveryCode':
        return decideConfirmCode(state, command.data);
      case 'VerifyRecoveryFace':
        return decideFace(state, command.data);
      case 'SetRecoveryContactPhone':
        return decideContactPhone(state, command.data);
      case 'OpenRecoveryCase':
        return decideOpenCase(state, command.data);
      case 'DecideRecoveryCase':
        return decideCase(state, command.data);
    }
  },
};

export interface RecoveryCaseLink {
  readonly requestId: string | null;
}

/**
 * A case code → its request, so progress can be asked by case code. One append with the
 * expected revision: a code links one request only, whatever the store.
 */
export const recoveryCaseDecider: Decider<LinkRecoveryCase, RecoveryCaseLinked, RecoveryCaseLink> = {
  initialState: () => ({ requestId: null }),
  evolve: (_state, event) => ({ requestId: event.data.requestId }),
  decide(command, state) {
    const c = command.data;
    if (state.requestId === c.requestId) return accept();
    if (state.requestId) return reject(domainError('conflict', 'RECOVERY_CASE_CODE_TAKEN', 'the case code already belongs to another request'));
    return accept({ type: 'RecoveryCaseLinked', data: { caseRef: c.caseRef, requestId: c.requestId, linkedAt: c.now } });
  },
};
