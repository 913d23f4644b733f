import { decideWith } from '@acc/kernel';
import type { RegisteredAccount } from '../account-state';
import type { AccountSlice } from '../rules';
import type { CredentialCommand } from './commands';
import { decideChangePassword, decideOperationVerification, decideRequestReset, decideReset, decideSessionPolicy } from './decide';
import type { CredentialEvent } from './events';
import { evolveOperationVerified, evolvePasswordChanged, evolveResetRequested, evolveSessionPolicy } from './evolve';

/** Password (CRED-1, CRED-2), session policy (SEC-8) and operation verification (SEC-5). */
export const credentialsSlice: AccountSlice<CredentialCommand['type'], CredentialEvent['type']> = {
  name: 'credentials',
  stateVersion: 1,
  decide: {
    ChangePassword: decideChangePassword,
    RequestPasswordReset: decideRequestReset,
    ResetPassword: decideReset,
    SetSessionPolicy: decideSessionPolicy,
    RecordOperationVerification: decideOperationVerification,
  },
  evolve: {
    PasswordChanged: evolvePasswordChanged,
    PasswordResetRequested: evolveResetRequested,
    SessionPolicyChanged: evolveSessionPolicy,
    OperationVerified: evolveOperationVerified,
  },
};

/** Decides a credentials command on a registered account. */
export const decideCredentials = (command: CredentialCommand, state: RegisteredAccount) => decideWith(credentialsSlice.decide, command, state);
