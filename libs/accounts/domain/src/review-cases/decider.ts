import type { Decider } from '@acc/kernel';
import type { ReviewCaseCommand } from './commands';
import { decideApprove, decideAssign, decideDelivered, decideOpen, decideOverdue, decideReject, decideWithdraw } from './decide';
import type { ReviewCaseEvent } from './events';
import { evolveReviewCase, initialReviewCaseState } from './evolve';
import type { ReviewCaseState } from './model';

/**
 * A manual review case (REC-1, REC-3, DEREG-5): its own stream per case code. The owning
 * process opens it and learns the outcome; reviewers assign, approve or reject it.
 */
export const reviewCaseDecider: Decider<ReviewCaseCommand, ReviewCaseEvent, ReviewCaseState> = {
  initialState: initialReviewCaseState,
  evolve: evolveReviewCase,
  decide(command, state) {
    switch (command.type) {
      case 'OpenReviewCase':
        return decideOpen(state, command.data);
      case 'AssignReviewCase':
        return decideAssign(state, command.data);
      case 'ApproveReviewCase':
        return decideApprove(state, command.data);
      case 'RejectReviewCase':
        return decideReject(state, command.data);
      case 'WithdrawReviewCase':
        return decideWithdraw(state, command.data);
      case 'MarkReviewCaseOverdue':
        return decideOverdue(state, command.data);
      case 'RecordReviewOutcomeDelivered':
        return decideDelivered(state, command.data);
    }
  },
};
