import type { IdentityInput, LoginMethodType } from '../model';

/** What binding a login method carries besides the identity (LM-1). */
export interface BindingInput {
  readonly identity: IdentityInput;
  /** Email login methods set a password (its hash). */
  readonly passwordHash?: string;
  /** Official Account grants must include `account_service`. */
  readonly permissions?: readonly string[];
  /** WeCom: the binder is an admin of the organisation or authorised by one. */
  readonly wecomAdmin?: boolean;
  readonly verificationToken: string;
  readonly reservationId: string;
  readonly now: string;
}
export type BindLoginMethod = { type: 'BindLoginMethod'; data: BindingInput };
export type ReplaceLoginMethod = { type: 'ReplaceLoginMethod'; data: BindingInput };
export type UnbindLoginMethod = { type: 'UnbindLoginMethod'; data: { method: LoginMethodType; verificationToken: string; now: string } };
export type UnbindRegistrationMethod = { type: 'UnbindRegistrationMethod'; data: { verificationToken: string; now: string } };

/** LM-6: how a revoked provider authorisation came to be known. */
export type StaleReason = 'provider_notice' | 'revoked_at_use';
/** The provider gateway's word on a grant: still in force, or revoked on the provider's side. */
export type ProviderAuthorisation = 'granted' | 'revoked';

/** LM-6: the provider revoked the authorisation behind a binding (a notice, or an answer at next use). */
export type MarkLoginMethodStale = { type: 'MarkLoginMethodStale'; data: { method: LoginMethodType; identityRef: string; reason: StaleReason; now: string } };
/** LM-6: a fresh assertion for the same identity restores a stale binding. */
export type ReauthoriseLoginMethod = {
  type: 'ReauthoriseLoginMethod';
  data: { identity: IdentityInput; permissions: readonly string[]; authorisation: ProviderAuthorisation; now: string };
};

export type LoginMethodCommand = BindLoginMethod | ReplaceLoginMethod | UnbindLoginMethod | UnbindRegistrationMethod | MarkLoginMethodStale | ReauthoriseLoginMethod;
