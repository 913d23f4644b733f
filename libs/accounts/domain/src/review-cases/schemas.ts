import { eventSchemas } from '@acc/kernel';
import type { ReviewCaseEvent } from './events';

// Evidence references and reviewers' reasons may name a person: personal data under the case's
// own key (a case's subject is not always an account).
const CASE = { subjectField: 'caseCode' } as const;

export const REVIEW_CASE_EVENT_SCHEMAS = eventSchemas<ReviewCaseEvent['type']>({
  ReviewCaseOpened: { version: 1, personalData: ['evidence'], ...CASE },
  ReviewCaseAssigned: { version: 1 },
  ReviewCaseApproved: { version: 1, personalData: ['reason'], ...CASE },
  ReviewCaseRejected: { version: 1, personalData: ['reason'], ...CASE },
  ReviewCaseWithdrawn: { version: 1 },
  ReviewCaseOverdue: { version: 1 },
  ReviewCaseOutcomeDelivered: { version: 1 },
});
