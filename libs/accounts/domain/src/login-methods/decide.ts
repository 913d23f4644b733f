import { accept, type Decision, type DomainError, domainError, reject } from '@acc/kernel';
import type { AccountEvent } from '../account';
import type { AccountState, RegisteredAccount } from '../account-state';
import { type IdentityInput, type LoginMethodType, METHOD_IDENTITY } from '../model';
import type { ProtectionSetting } from '../protection/state';
import { checkRegistered, type IdentityAttachment, identityFields, identityRules, requireActive, requireVerification } from '../rules';
import type { BindingInput, BindLoginMethod, ReplaceLoginMethod, UnbindLoginMethod, UnbindRegistrationMethod } from './commands';
import type { LoginMethod } from './state';

/** Where an identity is in use as a verification factor (LM-4); one code per use. */
function usesOfIdentity(state: RegisteredAccount, method: LoginMethod): string[] {
  const uses: string[] = [];
  const relies = (p: ProtectionSetting) => p.enabled && METHOD_IDENTITY[p.method] === method.type;
  if (relies(state.protection.login)) uses.push('LOGIN_PROTECTION');
  if (relies(state.protection.operation)) uses.push('OPERATION_PROTECTION');
  if (relies(state.protection.remote_login)) uses.push('REMOTE_LOGIN_PROTECTION');
  if (state.mfaDevices.some((d) => d.kind === 'hardware' && d.boundThroughRef === method.identityRef)) uses.push('HARDWARE_MFA');
  if (state.mfaDevices.some((d) => d.kind === 'virtual' && d.boundThroughRef === method.identityRef)) uses.push('VIRTUAL_MFA');
  return uses;
}

const onlyMethod = () =>
  domainError('rule', 'ONLY_LOGIN_METHOD', 'this is the account\u2019s only login method: add another login method before changing or unbinding it');

const inUse = (method: LoginMethodType, uses: string[]) =>
  domainError('rule', 'LOGIN_METHOD_IN_USE', `the ${method} login method is a verification method (${uses.join(', ')}); switch those to another method first`, { usedBy: uses });

const notBound = (method: LoginMethodType) => domainError('not_found', 'LOGIN_METHOD_NOT_BOUND', `no ${method} login method is bound`);

/** LM-6: the documented way to work with a second Official Account. */
export const SECOND_OFFICIAL_ACCOUNT_WORKAROUND =
  'register the second Official Account as an account of its own and add it to this account as a collaborator (sub-user)';

/** LM-6: an account registered through an Official Account cannot bind a second one. */
function checkSecondOfficialAccount(state: RegisteredAccount, identity: IdentityInput): DomainError | undefined {
  if (identity.type === 'official_account' && state.registrationMethod === 'official_account' && identity.ref !== state.registrationIdentityRef) {
    return domainError(
      'rule',
      'SECOND_OFFICIAL_ACCOUNT_FORBIDDEN',
      `an account registered through an Official Account cannot bind a second one; instead, ${SECOND_OFFICIAL_ACCOUNT_WORKAROUND}`,
      { workaround: SECOND_OFFICIAL_ACCOUNT_WORKAROUND },
    );
  }
  return undefined;
}

function checkWeComAdmin(identity: IdentityInput, wecomAdmin: boolean | undefined): DomainError | undefined {
  return identity.type === 'wecom' && !wecomAdmin ? domainError('rule', 'WECOM_ADMIN_REQUIRED', 'binding WeCom needs a WeCom admin, or a user an admin has authorised') : undefined;
}

/**
 * What a binding (or a replacement, LM-3) is checked on before its code is spent, its
 * password hashed or its identity reserved. `verificationToken` as the command carries it.
 */
export interface BindingCheck extends IdentityAttachment {
  readonly replace: boolean;
  readonly wecomAdmin?: boolean;
  readonly verificationToken: string;
  readonly now: string;
}

function bindingRefusal(state: RegisteredAccount, input: BindingCheck): DomainError | undefined {
  const type = input.identity.type;
  // The second-Official-Account rule first: "replace it instead" would not help there.
  const second = checkSecondOfficialAccount(state, input.identity);
  if (second) return second;
  if (state.loginMethods.some((m) => m.type === type)) {
    return domainError('conflict', 'LOGIN_METHOD_ALREADY_BOUND', `a ${type} login method is already bound; replace it instead`, { method: type });
  }
  return checkWeComAdmin(input.identity, input.wecomAdmin);
}

function replacementRefusal(state: RegisteredAccount, input: BindingCheck): DomainError | undefined {
  const current = state.loginMethods.find((m) => m.type === input.identity.type);
  if (!current) return notBound(input.identity.type);
  const second = checkSecondOfficialAccount(state, input.identity);
  if (second) return second;
  if (current.isRegistration) {
    return domainError('rule', 'REGISTRATION_METHOD_NOT_REPLACEABLE', 'the registration method cannot be replaced; unbind it with UnbindRegistrationMethod first');
  }
  if (state.loginMethods.length < 2) return onlyMethod();
  if (current.identityRef === input.identity.ref) return undefined; // the same identity again: nothing to change
  const refused = checkWeComAdmin(input.identity, input.wecomAdmin);
  if (refused) return refused;
  const uses = usesOfIdentity(state, current);
  return uses.length ? inUse(current.type, uses) : undefined;
}

/** Guard: everything binding (or replacing) a login method can be refused for (LM-1, LM-3, LM-6). */
export function checkBinding(state: AccountState, input: BindingCheck): DomainError | undefined {
  return checkRegistered(
    state,
    (account) =>
      requireActive(account) ??
      requireVerification(account, input.verificationToken, input.now) ??
      identityRules(input) ??
      (input.replace ? replacementRefusal(account, input) : bindingRefusal(account, input)),
  );
}

const bindingCheck = (c: BindingInput, replace: boolean): BindingCheck => ({ ...c, replace, withPassword: Boolean(c.passwordHash) });

/** What LoginMethodBound and LoginMethodReplaced record of the identity attached. */
const attachedFields = (c: BindingInput) => ({ ...identityFields(c.identity), passwordHash: c.passwordHash ?? null, reservationId: c.reservationId });

export function decideBind(command: BindLoginMethod, state: RegisteredAccount): Decision<AccountEvent> {
  const c = command.data;
  const refused = checkBinding(state, bindingCheck(c, false));
  if (refused) return reject(refused);
  return accept({
    type: 'LoginMethodBound',
    data: {
      accountId: state.accountId,
      method: c.identity.type,
      ...attachedFields(c),
      boundAt: c.now,
    },
  });
}

export function decideReplace(command: ReplaceLoginMethod, state: RegisteredAccount): Decision<AccountEvent> {
  const c = command.data;
  const refused = checkBinding(state, bindingCheck(c, true));
  if (refused) return reject(refused);
  const current = state.loginMethods.find((m) => m.type === c.identity.type);
  if (!current || current.identityRef === c.identity.ref) return accept();
  return accept({
    type: 'LoginMethodReplaced',
    data: {
      accountId: state.accountId,
      method: current.type,
      previousIdentityRef: current.identityRef,
      ...attachedFields(c),
      replacedAt: c.now,
    },
  });
}

export function decideUnbind(command: UnbindLoginMethod, state: RegisteredAccount): Decision<AccountEvent> {
  const c = command.data;
  const blocked = requireVerification(state, c.verificationToken, c.now);
  if (blocked) return reject(blocked);
  const current = state.loginMethods.find((m) => m.type === c.method);
  if (!current) return reject(notBound(c.method));
  if (current.isRegistration) {
    return reject(domainError('rule', 'REGISTRATION_METHOD_REQUIRES_DEDICATED_UNBIND', 'the registration method is unbound with UnbindRegistrationMethod'));
  }
  if (state.loginMethods.length < 2) return reject(onlyMethod());
  const uses = usesOfIdentity(state, current);
  if (uses.length) return reject(inUse(current.type, uses));
  return accept({ type: 'LoginMethodUnbound', data: { accountId: state.accountId, method: current.type, identityRef: current.identityRef, unboundAt: c.now } });
}

/** LM-4 preconditions, in the order they are reported; each failure has its own code. */
export const UNBIND_REGISTRATION_PRECONDITIONS = [
  'TOO_FEW_LOGIN_METHODS',
  'REGISTRATION_METHOD_USED_BY_LOGIN_PROTECTION',
  'REGISTRATION_METHOD_USED_BY_OPERATION_PROTECTION',
  'REGISTRATION_METHOD_USED_BY_REMOTE_LOGIN_PROTECTION',
  'REGISTRATION_METHOD_USED_BY_HARDWARE_MFA',
  'REGISTRATION_METHOD_USED_BY_VIRTUAL_MFA',
  'SECURITY_PHONE_REQUIRED',
] as const;
type UnbindRegistrationPrecondition = (typeof UNBIND_REGISTRATION_PRECONDITIONS)[number];

const PRECONDITION_MESSAGES: Record<UnbindRegistrationPrecondition, string> = {
  TOO_FEW_LOGIN_METHODS: 'the account needs at least one other login method',
  REGISTRATION_METHOD_USED_BY_LOGIN_PROTECTION: 'login protection verifies with the registration method; switch it to another method',
  REGISTRATION_METHOD_USED_BY_OPERATION_PROTECTION: 'operation protection verifies with the registration method; switch it to another method',
  REGISTRATION_METHOD_USED_BY_REMOTE_LOGIN_PROTECTION: 'remote-login protection verifies with the registration method; switch it to another method',
  REGISTRATION_METHOD_USED_BY_HARDWARE_MFA: 'a hardware MFA device is bound through the registration method',
  REGISTRATION_METHOD_USED_BY_VIRTUAL_MFA: 'a virtual MFA device is bound through the registration method',
  SECURITY_PHONE_REQUIRED: 'bind a security phone first',
};

export function decideUnbindRegistration(command: UnbindRegistrationMethod, state: RegisteredAccount): Decision<AccountEvent> {
  const c = command.data;
  const blocked = requireVerification(state, c.verificationToken, c.now);
  if (blocked) return reject(blocked);
  const registration = state.loginMethods.find((m) => m.isRegistration);
  if (!registration) return reject(domainError('conflict', 'REGISTRATION_METHOD_ALREADY_UNBOUND', 'the registration method is already unbound'));
  const failed: UnbindRegistrationPrecondition[] = [];
  if (state.loginMethods.length < 2) failed.push('TOO_FEW_LOGIN_METHODS');
  for (const use of usesOfIdentity(state, registration)) failed.push(`REGISTRATION_METHOD_USED_BY_${use}` as UnbindRegistrationPrecondition);
  if (!state.securityPhone) failed.push('SECURITY_PHONE_REQUIRED');
  if (failed.length) {
    return reject(domainError('rule', failed[0], PRECONDITION_MESSAGES[failed[0]], { failedPreconditions: failed.map((code) => ({ code, message: PRECONDITION_MESSAGES[code] })) }));
  }
  return accept({
    type: 'RegistrationMethodUnbound',
    data: { accountId: state.accountId, method: registration.type, identityRef: registration.identityRef, unboundAt: c.now },
  });
}
