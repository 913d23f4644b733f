import type { RegisteredAccount } from '../account-state';
import type { OperationVerified, PasswordChanged, PasswordResetRequested, SessionPolicyChanged } from './events';
import { withNewPassword } from './state';

// A reset token is single-use, and any password change voids a pending one.
export const evolvePasswordChanged = (state: RegisteredAccount, event: PasswordChanged): RegisteredAccount => ({
  ...state,
  hasPassword: true,
  passwordReset: null,
  password: withNewPassword(state.password, event.data.passwordHash, event.data.changedAt),
});

export const evolveResetRequested = (state: RegisteredAccount, event: PasswordResetRequested): RegisteredAccount => ({
  ...state,
  passwordReset: { tokenHash: event.data.tokenHash, expiresAt: event.data.expiresAt },
});

export const evolveSessionPolicy = (state: RegisteredAccount, event: SessionPolicyChanged): RegisteredAccount => ({
  ...state,
  sessionPolicy: { idleMinutes: event.data.idleMinutes, maxHours: event.data.maxHours },
});

export const evolveOperationVerified = (state: RegisteredAccount, event: OperationVerified): RegisteredAccount => ({ ...state, operationVerifiedUntil: event.data.validUntil });
