import type { DeregistrationEvent } from './events';
import type { DeregistrationRequestState, DeregistrationState } from './model';

export const initialDeregistrationState = (): DeregistrationState => ({ accountId: null, requests: 0, current: null });

function withCurrent(state: DeregistrationState, change: (r: DeregistrationRequestState) => Partial<DeregistrationRequestState>): DeregistrationState {
  if (!state.current) return state;
  return { ...state, current: { ...state.current, ...change(state.current) } };
}

function opened(state: DeregistrationState, d: Extract<DeregistrationEvent, { type: 'DeregistrationRequested' }>['data']): DeregistrationState {
  const current: DeregistrationRequestState = {
    requestId: d.requestId,
    accountId: d.accountId,
    status: 'blocked',
    verificationType: d.verificationType,
    reasons: d.reasons,
    otherReason: d.otherReason,
    requestedAt: d.requestedAt,
    resources: [],
    blocking: [],
    abandoned: [],
    coolingOffUntil: null,
    accountDeregistering: false,
    reviewDueAt: null,
    reviewCaseCode: null,
    reviewOverdue: false,
    reviewer: null,
    pendingClosure: null,
    closedAt: null,
    deregisteredAt: null,
  };
  return { accountId: d.accountId, requests: state.requests + 1, current };
}

export function evolveDeregistration(state: DeregistrationState, event: DeregistrationEvent): DeregistrationState {
  switch (event.type) {
    case 'DeregistrationRequested':
      return opened(state, event.data);
    case 'DeregistrationResourcesChecked': {
      const d = event.data;
      const status = d.outcome === 'blocked' ? 'blocked' : d.outcome === 'cooling_off' ? 'cooling_off' : 'identity_check';
      return withCurrent(state, () => ({ resources: d.resources, blocking: d.blocking, status }));
    }
    case 'DeregistrationResourcesAbandoned':
      return withCurrent(state, (r) => ({ abandoned: [...r.abandoned, ...event.data.resources.map((x) => x.id)] }));
    case 'DeregistrationCoolingOffStarted':
      return withCurrent(state, () => ({ status: 'cooling_off', coolingOffUntil: event.data.until, accountDeregistering: true, pendingClosure: 'enter_cooling_off' }));
    case 'DeregistrationCoolingOffEnded':
      return withCurrent(state, () => ({ coolingOffUntil: null }));
    case 'DeregistrationFaceVerified':
      return withCurrent(state, () => (event.data.subject === 'personal' ? { status: 'completing', pendingClosure: 'complete' } : {}));
    case 'DeregistrationSecurityFactorsVerified':
      return withCurrent(state, () => ({ status: 'completing', pendingClosure: 'complete' }));
    case 'DeregistrationReviewOpened':
      return withCurrent(state, () => ({ status: 'under_review', reviewDueAt: event.data.dueAt, reviewCaseCode: event.data.caseCode ?? null }));
    case 'DeregistrationReviewOverdue':
      return withCurrent(state, () => ({ reviewOverdue: true }));
    case 'DeregistrationReviewApproved':
      return withCurrent(state, () => ({ status: 'completing', reviewer: event.data.reviewer, pendingClosure: 'complete' }));
    case 'DeregistrationReviewRejected': {
      const d = event.data;
      return withCurrent(state, () => ({ status: 'rejected', reviewer: d.reviewer, closedAt: d.rejectedAt, coolingOffUntil: null, pendingClosure: d.restoreAccount ? 'restore' : null }));
    }
    case 'DeregistrationRevoked': {
      const d = event.data;
      return withCurrent(state, () => ({ status: 'revoked', closedAt: d.revokedAt, coolingOffUntil: null, pendingClosure: d.restoreAccount ? 'restore' : null }));
    }
    case 'DeregistrationAccountUpdated':
      return withCurrent(state, (r) => ({
        pendingClosure: r.pendingClosure === event.data.step ? null : r.pendingClosure,
        accountDeregistering: event.data.step === 'restore' ? false : r.accountDeregistering,
      }));
    case 'DeregistrationCompleted':
      // The account's personal data becomes unreadable: the state keeps none of it either.
      return withCurrent(state, () => ({ status: 'completed', closedAt: event.data.completedAt, deregisteredAt: event.data.deregisteredAt, pendingClosure: null, otherReason: null, resources: [] }));
  }
}
