import type { RecoveryEvent } from './events';
import type { RecoveryRequestState, RecoveryState } from './model';

function started(e: Extract<RecoveryEvent, { type: 'RecoveryRequested' }>['data']): RecoveryRequestState {
  return {
    requestId: e.requestId,
    proofKind: e.proofKind,
    proofRef: e.proofRef,
    confirmation: e.confirmation,
    status: e.confirmation === 'phone_code' ? 'awaiting_code' : 'awaiting_face',
    candidates: e.candidates,
    code: null,
    contactPhoneRef: null,
    contactPhone: null,
    reviewCase: null,
    requestedAt: e.requestedAt,
    expiresAt: e.expiresAt,
  };
}

function evolveRequest(s: RecoveryRequestState, event: Exclude<RecoveryEvent, { type: 'RecoveryRequested' }>): RecoveryRequestState {
  switch (event.type) {
    case 'RecoveryCodeIssued': {
      const d = event.data;
      // After erasure `delivery` is a marker, not an object: the code can no longer be confirmed anyway.
      const phone = d.delivery && typeof d.delivery === 'object' ? d.delivery.phone : null;
      return { ...s, status: 'awaiting_code', code: { codeHash: d.codeHash, expiresAt: d.expiresAt, attemptsLeft: d.maxAttempts, phone }, contactPhoneRef: d.contactPhoneRef ?? s.contactPhoneRef };
    }
    case 'RecoveryCodeRejected':
      return s.code ? { ...s, code: { ...s.code, attemptsLeft: event.data.attemptsLeft } } : s;
    case 'RecoveryConfirmed':
      return { ...s, status: 'confirmed', code: null };
    case 'RecoveryFaceFailed':
      return { ...s, status: 'failed' };
    case 'RecoveryLegalPersonVerified':
      return { ...s, status: 'awaiting_contact_phone' };
    case 'RecoveryContactPhoneConfirmed':
      return { ...s, status: 'contact_confirmed', contactPhone: s.code?.phone ?? null, code: null };
    case 'RecoveryCaseOpened':
      return { ...s, status: 'under_review', reviewCase: { caseCode: event.data.caseCode, dueAt: event.data.dueAt } };
    case 'RecoveryCaseDecided':
      return { ...s, status: event.data.outcome };
  }
}

export function evolveRecovery(state: RecoveryState, event: RecoveryEvent): RecoveryState {
  if (event.type === 'RecoveryRequested') return started(event.data);
  return state.status === 'none' ? state : evolveRequest(state, event);
}
