import { type ComposedDecider, composeDecider } from '@acc/kernel';
import { type AccountState, initialAccountState } from './account-state';
import type { ClosureCommand, ClosureEvent } from './closure';
import { closureSlice } from './closure/slice';
import type { ContactCommand, ContactEvent } from './contacts';
import { contactsSlice } from './contacts/slice';
import type { CredentialCommand, CredentialEvent } from './credentials';
import { credentialsSlice } from './credentials/slice';
import type { IdentityVerificationCommand, IdentityVerificationEvent } from './identity-verification';
import { identityVerificationSlice } from './identity-verification/slice';
import type { LoginMethodCommand, LoginMethodEvent } from './login-methods';
import { loginMethodsSlice } from './login-methods/slice';
import type { MfaCommand, MfaSliceEvent } from './mfa';
import { mfaSlice } from './mfa/slice';
import type { ProfileCommand, ProfileEvent } from './profile-and-registration';
import { profileAndRegistrationSlice } from './profile-and-registration/slice';
import type { ProtectionCommand, ProtectionEvent } from './protection';
import { protectionSlice } from './protection/slice';
import type { RealNameCommand, RealNameEvent } from './real-name';
import { realNameSlice } from './real-name/slice';
import { registered } from './rules';

/**
 * The account: one stream (`account-<uin>`), one state (`AccountState`), one decider composed
 * of slices. Each slice folder holds its events, commands, decide and evolve functions, schema
 * rows and spec; the composition checks that every command and event type below is handled by
 * exactly one slice.
 */

export type AccountEvent = ProfileEvent | IdentityVerificationEvent | LoginMethodEvent | ProtectionEvent | MfaSliceEvent | CredentialEvent | ContactEvent | RealNameEvent | ClosureEvent;

export type AccountCommand = ProfileCommand | IdentityVerificationCommand | LoginMethodCommand | ProtectionCommand | MfaCommand | CredentialCommand | ContactCommand | RealNameCommand | ClosureCommand;

export const accountDecider: ComposedDecider<AccountCommand, AccountEvent, AccountState> = composeDecider(
  initialAccountState,
  [profileAndRegistrationSlice, loginMethodsSlice, protectionSlice, mfaSlice, credentialsSlice, contactsSlice, identityVerificationSlice, realNameSlice, closureSlice],
  { name: 'account', gate: registered },
);

/** Schema of account snapshots: follows from the slices' names and state versions (a slice bumps its own). */
export const ACCOUNT_SNAPSHOT_SCHEMA = accountDecider.snapshotSchema;

export const accountStreamId = (accountId: string) => `account-${accountId}`;
