import type { AccountClosureState } from './closure/state';
import type { ContactValue, PendingContactChange } from './contacts/state';
import type { PasswordState } from './credentials/state';
import type { IdvMethod } from './identity-verification/events';
import type { LoginMethod } from './login-methods/state';
import type { MfaDevice, PendingMfaBinding } from './mfa/state';
import type { Industry, LoginMethodType, RealNameStatus } from './model';
import type { ProtectionKind, ProtectionSetting } from './protection/state';
import type { RealNameState } from './real-name/model';

/**
 * The one state of an account stream, folded by all the slices of the account decider
 * (`AccountRegistered` sets up every field; each slice's evolve keeps its own fields).
 */
export interface RegisteredAccount {
  /** `deregistering`: in the cooling-off (DEREG-3); `deregistered`: closed for good, personal data dropped (DEREG-6). */
  readonly status: 'active' | 'pending_completion' | 'deregistering' | 'deregistered';
  readonly accountId: string;
  readonly uin: string;
  readonly appId: string;
  readonly registrationMethod: LoginMethodType;
  readonly registrationIdentityRef: string;
  readonly nickname: string;
  readonly industry: Industry | null;
  readonly realNameStatus: RealNameStatus;
  /** RN-1: the verified subject (names and numbers are personal data; snapshots are sealed), null while unverified. */
  readonly realName: RealNameState | null;
  readonly registeredAt: string;
  readonly hasPassword: boolean;
  readonly securityPhone: { readonly ref: string; readonly value: string; readonly masked: string } | null;
  /** Security email (a verification factor, CRED-4); an email registration starts with its login email. */
  readonly securityEmail: ContactValue | null;
  /** Contact phone and email: subscription messages only (CRED-3, CRED-4). */
  readonly contactEmail: ContactValue | null;
  readonly contactPhone: ContactValue | null;
  readonly pendingContactChanges: readonly PendingContactChange[];
  readonly loginMethods: readonly LoginMethod[];
  readonly mfaDevices: readonly MfaDevice[];
  readonly pendingMfa: PendingMfaBinding | null;
  /** The email login's password (CRED-1): current hash, when it was set, recent hashes. */
  readonly password: PasswordState | null;
  /** SEC-8: applies to sessions issued from the next login on. */
  readonly sessionPolicy: { readonly idleMinutes: number; readonly maxHours: number };
  /** CRED-2: the pending reset token (hash), single-use. */
  readonly passwordReset: { readonly tokenHash: string; readonly expiresAt: string } | null;
  /** SEC-5: sensitive operations are covered until then. */
  readonly operationVerifiedUntil: string | null;
  readonly protection: Readonly<Record<ProtectionKind, ProtectionSetting>>;
  /** Recent identity-verification grants (the newest few). */
  readonly idvGrants: ReadonlyArray<{ readonly grantId: string; readonly method: IdvMethod; readonly expiresAt: string }>;
  /** Pending WeChat-scan challenges (SEC-1), newest few. */
  readonly wechatScans: ReadonlyArray<{ readonly challengeHash: string; readonly expiresAt: string; readonly confirmed: boolean }>;
  /** DEREG: cooling-off, deregistration and erasure; absent until the account's first closure event. */
  readonly closure?: AccountClosureState;
}

export type AccountState = { status: 'none' } | RegisteredAccount;

export const initialAccountState = (): AccountState => ({ status: 'none' });
