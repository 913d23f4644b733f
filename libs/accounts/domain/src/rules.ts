import { type DomainError, domainError, type Gate, ms, type Slice } from '@acc/kernel';
import type { AccountCommand, AccountEvent } from './account';
import type { AccountState, RegisteredAccount } from './account-state';
import { ACCOUNT_SERVICE_PERMISSION, type IdentityInput, type PhoneInput } from './model';

/** Rules several slices of the account share. */

/** A slice of the account decider: gated commands and events see a registered account. */
export type AccountSlice<
  DC extends AccountCommand['type'],
  DE extends AccountEvent['type'],
  UC extends AccountCommand['type'] = never,
  UE extends AccountEvent['type'] = never,
> = Slice<AccountCommand, AccountEvent, AccountState, RegisteredAccount, DC, DE, UC, UE>;

/** DEREG-6: a deregistered account is closed for good; every later command gets this code. */
export const accountDeregistered = () => domainError('rule', 'ACCOUNT_DEREGISTERED', 'this account has been deregistered; it can no longer be used');

/**
 * The account decider's gate: every command but the registration needs an existing account,
 * and none may change a deregistered one (the closure slice's own commands are ungated: they
 * answer a repeat themselves).
 */
export const registered: Gate<AccountState, RegisteredAccount> = {
  admits: (state): state is RegisteredAccount => state.status !== 'none' && state.status !== 'deregistered',
  refusal: (state) => (state.status === 'deregistered' ? accountDeregistered() : domainError('not_found', 'ACCOUNT_NOT_FOUND', 'no such account')),
};

/** A guard over any account state: the gate first, then `check` on the registered account. */
export function checkRegistered(state: AccountState, check: (account: RegisteredAccount) => DomainError | undefined): DomainError | undefined {
  return registered.admits(state) ? check(state) : registered.refusal(state);
}

/** SEC-1: sensitive changes need a current identity-verification grant of this account. */
export function requireVerification(state: RegisteredAccount, token: string, now: string): DomainError | undefined {
  const grant = state.idvGrants.find((g) => g.grantId === token);
  if (!grant || ms(now) >= ms(grant.expiresAt)) {
    return domainError('forbidden', 'IDENTITY_VERIFICATION_REQUIRED', 'verify your identity first (POST /v1/accounts/{id}/identity-verifications), then retry with its token');
  }
  return undefined;
}

/** Active, or in the cooling-off of a deregistration (DEREG-3 keeps account-center access). */
export function requireActive(state: RegisteredAccount): DomainError | undefined {
  return state.status === 'active' || state.status === 'deregistering' ? undefined : domainError('rule', 'ACCOUNT_NOT_ACTIVE', 'complete the registration (phone and industry) first');
}

/** What attaching an identity (registration or binding) is checked on: the identity, whether a password comes with it, the grant's permissions. */
export interface IdentityAttachment {
  readonly identity: IdentityInput;
  readonly withPassword: boolean;
  readonly permissions?: readonly string[];
}

/** Rules every way of attaching an identity shares (REG-1, LM-1). */
export function identityRules(input: IdentityAttachment): DomainError | undefined {
  const method = input.identity.type;
  if (method === 'email' && !input.withPassword) return domainError('validation', 'PASSWORD_REQUIRED', 'an email login method needs a password');
  if (method !== 'email' && input.withPassword) return domainError('validation', 'PASSWORD_NOT_ALLOWED', 'only an email login method has a password');
  if (method === 'official_account' && !(input.permissions ?? []).includes(ACCOUNT_SERVICE_PERMISSION)) {
    return domainError('rule', 'OFFICIAL_ACCOUNT_PERMISSION_MISSING', 'the Official Account grant lacks the "account service" permission; grant it on the platform and try again');
  }
  return undefined;
}

export const wechatNotBound = () => domainError('rule', 'WECHAT_NOT_BOUND', 'WeChat scan needs a bound WeChat login method');

export const hasWeChat = (state: RegisteredAccount) => state.loginMethods.some((m) => m.type === 'wechat');

/** How events record an identity they attach: its keyed-hash reference, the value (personal data) and its masked form. */
export const identityFields = (identity: IdentityInput) => ({ identityRef: identity.ref, identity: identity.value, identityMasked: identity.masked });

/** How events record a phone: its keyed-hash reference, the number (personal data) and its masked form. */
export const phoneFields = (phone: PhoneInput) => ({ phoneRef: phone.ref, phone: phone.value, phoneMasked: phone.masked });
