import type { CommandContext } from '@acc/application';

/**
 * What the security application needs from the outside world. Accounts are another context:
 * login and sessions see them only through the narrow ports below (AccountDirectory,
 * AccountVerifications, SessionPolicies); their adapters over the accounts application live in
 * the composition. The rest (geo, secrets, hashing) is infrastructure, wired by the app.
 */

/** The third-party providers an account can log in with. */
export type LoginProvider = 'wechat' | 'qq' | 'wecom' | 'official_account';

/** An identity an account logs in with: its type and its keyed hash (never the value). */
export interface IdentityKey {
  readonly type: 'email' | LoginProvider;
  readonly ref: string;
}

/** An identity a provider assertion proves; `revoked`: the provider says the user withdrew the grant (LM-6). */
export interface ProvenIdentity extends IdentityKey {
  readonly revoked: boolean;
}

/** A login method of the account; `stale`: its provider grant was revoked, it cannot log in until re-authorised (LM-6). */
export interface LoginMethodKey extends IdentityKey {
  readonly stale: boolean;
}

/** A protection setting of the account (SEC-4, SEC-7): its method and whether it is on. */
export interface ProtectionView {
  readonly method: string;
  readonly enabled: boolean;
}

/** Where a code can be sent: the full value (to send to) and its masked form (to show). */
export interface ChannelView {
  readonly value: string;
  readonly masked: string;
}

/** What login and sessions know of an account: a small read view of its current state. */
export interface LoginAccountView {
  readonly accountId: string;
  /** `active`, `pending_completion` (REG-2: completed at first login), later `deregistering`/`deregistered`. */
  readonly status: string;
  /** The email login's password hash; null without a password. */
  readonly passwordHash: string | null;
  readonly loginMethods: ReadonlyArray<LoginMethodKey>;
  readonly loginProtection: ProtectionView;
  readonly remoteLoginProtection: ProtectionView;
  readonly securityPhone: ChannelView | null;
  readonly securityEmail: ChannelView | null;
  readonly hasMfaDevice: boolean;
  /** SEC-8: applies to sessions issued from the next login on. */
  readonly sessionPolicy: { readonly idleMinutes: number; readonly maxHours: number };
}

/** Accounts that hold an identity: those it registered, and those it is bound to. */
export interface IdentityHolders {
  readonly registered: readonly string[];
  readonly bound: ReadonlyArray<{ readonly accountId: string; readonly confirmed: boolean }>;
}

/** Finding accounts and reading them. */
export interface AccountDirectory {
  /** The account's view; null when there is no such account. */
  find(accountId: string): Promise<LoginAccountView | null>;
  /** Which accounts an identity registered or is bound to. */
  holders(identity: IdentityKey): Promise<IdentityHolders>;
  /** The email identity of an address (normalized), or undefined when it is not an email address. */
  emailIdentity(email: string): IdentityKey | undefined;
  /**
   * Verifies a provider assertion presented to log in (an Official Account must grant the
   * account service) and gives the identity it proves; refuses an invalid one.
   */
  verifyLoginAssertion(provider: LoginProvider, assertion: string): Promise<ProvenIdentity>;
  /** LM-6: the provider revoked this identity's grant (detected at a login): its bindings go stale. */
  markAuthorisationRevoked(identity: IdentityKey, ctx: CommandContext): Promise<void>;
}

/** The account's own verifications: the factors a login challenge is answered with, and IDV grants. */
export interface AccountVerifications {
  /** Checks a code of the account's MFA device; a wrong one is refused (and counted by the account). */
  checkMfaCode(accountId: string, code: string, purpose: 'login' | 'identity_verification', ctx: CommandContext): Promise<void>;
  /**
   * Sends a login code to the account's security phone or email; refused with
   * VERIFICATION_CODE_THROTTLED inside the resend interval, SEND_RATE_LIMITED past the send limits.
   */
  sendLoginCode(accountId: string, channel: 'sms' | 'email', address: string, ctx: CommandContext): Promise<void>;
  /** Consumes a login code sent to that address; a wrong or expired one is refused. */
  consumeLoginCode(accountId: string, channel: 'sms' | 'email', address: string, code: string, ctx: CommandContext): Promise<void>;
  /** Whether the token is a current identity-verification grant of the account (SEC-1). */
  isIdentityVerified(accountId: string, verificationToken: string): Promise<boolean>;
}

/** SEC-8: the account's session policy is an account setting, changed after an identity verification. */
export interface SessionPolicies {
  setSessionPolicy(
    accountId: string,
    input: { readonly idleMinutes: number; readonly maxHours: number; readonly verificationToken: string },
    ctx: CommandContext,
  ): Promise<{ readonly sessionPolicy: { readonly idleMinutes: number; readonly maxHours: number }; readonly position: number | null }>;
}

/** SEC-7: the city a source IP is in. */
export interface GeoLocator {
  /**
   * A stable name of the city (e.g. `Hangzhou, ZJ, CN`), a pseudo-city for addresses that have
   * none (e.g. `local network` for loopback and private ranges), or undefined when unknown.
   */
  cityOf(ip: string | undefined): string | undefined;
}

/** Unguessable tokens (session tokens, challenge ids): at least 256 bits, URL-safe. */
export interface SecretGenerator {
  token(): string;
}

/** Keyed hash of a value within a kind (device ids). */
export interface Hashing {
  ref(kind: string, value: string): string;
}

/** The password check of the email login (and its cost, for unknown emails). */
export interface PasswordHashing {
  hash(password: string): Promise<string>;
  verify(password: string, encoded: string): Promise<boolean>;
}
