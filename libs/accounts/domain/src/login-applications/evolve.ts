import type { LoginApplicationEvent } from './events';
import { isLoginApplication, type LoginApplicationState } from './model';

export function evolveLoginApplication(state: LoginApplicationState, event: LoginApplicationEvent): LoginApplicationState {
  if (event.type === 'LoginApplicationStarted') {
    const { reason: _reason, ...d } = event.data;
    return { ...d, status: 'awaiting_code', code: null, credentials: null, reviewCase: null, failure: null };
  }
  if (!isLoginApplication(state)) return state;
  switch (event.type) {
    case 'LoginApplicationCodeIssued':
      return { ...state, code: { codeHash: event.data.codeHash, expiresAt: event.data.expiresAt, attemptsLeft: event.data.attempts } };
    case 'LoginApplicationCodeRejected':
      return state.code ? { ...state, code: { ...state.code, attemptsLeft: event.data.attemptsLeft } } : state;
    case 'LoginApplicationContactConfirmed':
      return { ...state, status: 'contact_confirmed', code: null };
    case 'LoginApplicationCredentialsSet': {
      const { applicationId: _id, setAt: _at, ...credentials } = event.data;
      return { ...state, status: 'awaiting_face', credentials };
    }
    case 'LoginApplicationFaceFailed':
      return { ...state, status: 'failed' };
    case 'LoginApplicationCaseOpened':
      return { ...state, status: 'under_review', reviewCase: { caseCode: event.data.caseCode, dueAt: event.data.dueAt } };
    case 'LoginApplicationDecided':
      return { ...state, status: event.data.outcome };
    case 'LoginApplicationCompleted':
      return { ...state, status: 'completed' };
    case 'LoginApplicationApprovalFailed':
      return { ...state, status: 'approval_failed', failure: event.data.code };
  }
}
