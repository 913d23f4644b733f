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

export type LoginMethodCommand = BindLoginMethod | ReplaceLoginMethod | UnbindLoginMethod | UnbindRegistrationMethod;
