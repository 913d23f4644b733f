import type { Decider } from '@acc/kernel';
import type { DeregistrationCommand } from './commands';
import { decideAcknowledge, decideApprove, decideComplete, decideConfirm, decideFace, decideOverdue, decideReject, decideRevoke } from './decide-identity';
import { decideAbandon, decideEndCoolingOff, decideRecheck, decideRequest } from './decide-request';
import type { DeregistrationEvent } from './events';
import { evolveDeregistration, initialDeregistrationState } from './evolve';
import type { DeregistrationState } from './model';

/**
 * The deregistration process's own aggregate (DEREG-1..5): one stream per account holding its
 * requests in sequence. "One open request per account" holds on any store because opening one
 * is an append with the expected revision of that one stream.
 */
export const deregistrationDecider: Decider<DeregistrationCommand, DeregistrationEvent, DeregistrationState> = {
  initialState: initialDeregistrationState,
  evolve: evolveDeregistration,
  decide(command, state) {
    switch (command.type) {
      case 'RequestDeregistration':
        return decideRequest(state, command.data);
      case 'CheckDeregistrationResources':
        return decideRecheck(state, command.data);
      case 'AbandonDeregistrationResources':
        return decideAbandon(state, command.data);
      case 'EndCoolingOff':
        return decideEndCoolingOff(state, command.data);
      case 'VerifyDeregistrationFace':
        return decideFace(state, command.data);
      case 'ConfirmDeregistration':
        return decideConfirm(state, command.data);
      case 'ApproveDeregistrationReview':
        return decideApprove(state, command.data);
      case 'RejectDeregistrationReview':
        return decideReject(state, command.data);
      case 'MarkDeregistrationReviewOverdue':
        return decideOverdue(state, command.data);
      case 'RevokeDeregistration':
        return decideRevoke(state, command.data);
      case 'CompleteDeregistration':
        return decideComplete(state, command.data);
      case 'AcknowledgeClosureStep':
        return decideAcknowledge(state, command.data);
    }
  },
};
