import type { AggregateType } from '@acc/application';
import { type ReviewCaseCommand, reviewCaseDecider, type ReviewCaseEvent, type ReviewCaseState, reviewCaseStreamId } from '@acc/accounts-domain';

/** Addressed by case code: `review-case-<caseCode>`. */
export const ReviewCaseAggregate: AggregateType<ReviewCaseCommand, ReviewCaseEvent, ReviewCaseState> = {
  name: 'review-case',
  decider: reviewCaseDecider,
  streamId: reviewCaseStreamId,
};
