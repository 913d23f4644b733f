import type { Decider } from '@acc/kernel';
import type { LoginApplicationCommand } from './commands';
import { decideConfirmCode, decideCredentials, decideFace, decideFinish, decideIssueCode, decideOpenCase, decideOutcome, decideStart } from './decide';
import type { LoginApplicationEvent } from './events';
import { evolveLoginApplication } from './evolve';
import type { LoginApplicationState } from './model';

/** REC-3: one login application from its start to what its approval did to the account. */
export const loginApplicationDecider: Decider<LoginApplicationCommand, LoginApplicationEvent, LoginApplicationState> = {
  initialState: () => ({ status: 'none' }),
  evolve: evolveLoginApplication,
  decide(command, state) {
    switch (command.type) {
      case 'StartLoginApplication':
        return decideStart(state, command.data);
      case 'IssueLoginApplicationCode':
        return decideIssueCode(state, command.data);
      case 'ConfirmLoginApplicationCode':
        return decideConfirmCode(state, command.data);
      case 'SetLoginApplicationCredentials':
        return decideCredentials(state, command.data);
      case 'VerifyLoginApplicationFace':
        return decideFace(state, command.data);
      case 'OpenLoginApplicationCase':
        return decideOpenCase(state, command.data);
      case 'DecideLoginApplication':
        return decideOutcome(state, command.data);
      case 'FinishLoginApplication':
        return decideFinish(state, command.data);
    }
  },
};
