import { accept, type Decider, type Decision, type DomainError, domainError, reject } from '@acc/kernel';
import {
  ACCOUNT_SERVICE_PERMISSION,
  type IdentityInput,
  type Industry,
  isIndustry,
  type LoginMethodType,
  METHOD_IDENTITY,
  type PhoneInput,
  type RealNameStatus,
  type VerificationMethod,
} from './model';
import { type ContactCommand, type ContactEvent, type ContactValue, decideContacts, type PendingContactChange } from './contacts';
import { type CredentialCommand, type CredentialEvent, decideCredentials, type PasswordState, SESSION_IDLE_MINUTES, SESSION_MAX_HOURS, withNewPassword } from './credentials';
import { decideMfa, type MfaCommand, type MfaEvent, type PendingMfaBinding } from './mfa';
import { appIdForUin, isUin } from './uin';
import { validNickname } from './validation';

// ====================================================================================
// Events (personal data fields are listed in schemas.ts and encrypted at rest)
// ====================================================================================

export type AccountRegistered = {
  type: 'AccountRegistered';
  data: {
    accountId: string;
    uin: string;
    appId: string;
    method: LoginMethodType;
    identityRef: string;
    identity: string;
    identityMasked: string;
    nickname: string;
    industry: Industry | null;
    /** scrypt hash (email registration only); a secret's hash, still encrypted at rest. */
    passwordHash: string | null;
    status: 'active' | 'pending_completion';
    registeredAt: string;
  };
};

export type RegistrationCompleted = {
  type: 'RegistrationCompleted';
  data: { accountId: string; phoneRef: string; phone: string; phoneMasked: string; contactEmail: string | null; industry: Industry; completedAt: string };
};

export type NicknameChanged = { type: 'NicknameChanged'; data: { accountId: string; nickname: string; changedAt: string } };
export type IndustryChanged = { type: 'IndustryChanged'; data: { accountId: string; industry: Industry; previous: Industry | null; changedAt: string } };

/** A successful identity verification (SEC-1): a grant, valid until `expiresAt`, for sensitive changes. */
export type IdentityVerified = {
  type: 'IdentityVerified';
  data: { accountId: string; grantId: string; method: IdvMethod; verifiedAt: string; expiresAt: string };
};

/** SEC-1 WeChat-scan confirmation: a challenge shown as a QR code; the WeChat gateway reports the scan. */
export type WeChatScanRequested = { type: 'WeChatScanRequested'; data: { accountId: string; challengeHash: string; requestedAt: string; expiresAt: string } };
export type WeChatScanConfirmed = { type: 'WeChatScanConfirmed'; data: { accountId: string; challengeHash: string; confirmedAt: string } };

export type LoginMethodBound = {
  type: 'LoginMethodBound';
  data: {
    accountId: string;
    method: LoginMethodType;
    identityRef: string;
    identity: string;
    identityMasked: string;
    passwordHash: string | null;
    /** The identity-stream reservation this binding completes (REG-5 counted limits). */
    reservationId: string;
    boundAt: string;
  };
};

export type LoginMethodReplaced = {
  type: 'LoginMethodReplaced';
  data: {
    accountId: string;
    method: LoginMethodType;
    previousIdentityRef: string;
    identityRef: string;
    identity: string;
    identityMasked: string;
    passwordHash: string | null;
    reservationId: string;
    replacedAt: string;
  };
};

export type LoginMethodUnbound = { type: 'LoginMethodUnbound'; data: { accountId: string; method: LoginMethodType; identityRef: string; unboundAt: string } };
export type RegistrationMethodUnbound = {
  type: 'RegistrationMethodUnbound';
  data: { accountId: string; method: LoginMethodType; identityRef: string; unboundAt: string };
};

export type ProtectionKind = 'login' | 'operation' | 'remote_login';
export type ProtectionChanged = {
  type: 'ProtectionChanged';
  data: { accountId: string; protection: ProtectionKind; method: VerificationMethod; enabled: boolean; previous: { method: VerificationMethod; enabled: boolean }; changedAt: string };
};

/** MFA devices (SEC-2, SEC-3). `boundThroughRef`: the login identity the device was bound through (e.g. an authenticator inside WeChat). */
export type MfaDeviceBound = {
  type: 'MfaDeviceBound';
  data: {
    accountId: string;
    kind: 'virtual' | 'hardware';
    deviceId: string;
    /** Virtual MFA: the TOTP secret (a secret: encrypted at rest, never in a read model). */
    secret: string | null;
    /** Hardware MFA: the device's serial number. */
    serial: string | null;
    boundThroughRef: string | null;
    /** The time step of the code that confirmed the binding (it cannot be used again). */
    lastUsedStep: number;
    boundAt: string;
  };
};
export type MfaDeviceUnbound = { type: 'MfaDeviceUnbound'; data: { accountId: string; kind: 'virtual' | 'hardware'; deviceId: string; unboundAt: string } };

export type AccountEvent =
  | AccountRegistered
  | RegistrationCompleted
  | NicknameChanged
  | IndustryChanged
  | IdentityVerified
  | WeChatScanRequested
  | WeChatScanConfirmed
  | LoginMethodBound
  | LoginMethodReplaced
  | LoginMethodUnbound
  | RegistrationMethodUnbound
  | ProtectionChanged
  | MfaDeviceBound
  | MfaDeviceUnbound
  | MfaEvent
  | CredentialEvent
  | ContactEvent;

// ====================================================================================
// Commands (time and random ids are inputs)
// ====================================================================================

export type IdvMethod = 'sms' | 'email' | 'mfa' | 'wechat_scan';

export type RegisterAccount = {
  type: 'RegisterAccount';
  data: { uin: string; identity: IdentityInput; passwordHash?: string; nickname?: string; industry?: string; permissions?: readonly string[]; now: string };
};
export type CompleteRegistration = { type: 'CompleteRegistration'; data: { phone: PhoneInput; contactEmail?: string; industry: string; now: string } };
export type ChangeNickname = { type: 'ChangeNickname'; data: { nickname: string; now: string } };
export type ChangeIndustry = { type: 'ChangeIndustry'; data: { industry: string; now: string } };
export type RecordIdentityVerification = { type: 'RecordIdentityVerification'; data: { grantId: string; method: IdvMethod; validForSeconds: number; now: string } };
export type RequestWeChatScan = { type: 'RequestWeChatScan'; data: { challengeHash: string; ttlSeconds: number; now: string } };
/** From the WeChat gateway: `identityRef` is the keyed hash of the WeChat identity that scanned. */
export type ConfirmWeChatScan = { type: 'ConfirmWeChatScan'; data: { challengeHash: string; identityRef: string; now: string } };
/** Turns a confirmed scan into an identity-verification grant (once). */
export type CompleteWeChatScanVerification = { type: 'CompleteWeChatScanVerification'; data: { challengeHash: string; grantId: string; validForSeconds: number; now: string } };

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
export type SetProtection = {
  type: 'SetProtection';
  data: { protection: ProtectionKind; method: VerificationMethod; enabled?: boolean; verificationToken: string; now: string };
};

export type AccountCommand =
  | RegisterAccount
  | CompleteRegistration
  | ChangeNickname
  | ChangeIndustry
  | RecordIdentityVerification
  | RequestWeChatScan
  | ConfirmWeChatScan
  | CompleteWeChatScanVerification
  | BindLoginMethod
  | ReplaceLoginMethod
  | UnbindLoginMethod
  | UnbindRegistrationMethod
  | SetProtection
  | MfaCommand
  | CredentialCommand
  | ContactCommand;

// ====================================================================================
// State
// ====================================================================================

export interface LoginMethod {
  readonly type: LoginMethodType;
  readonly identityRef: string;
  /** The identity itself (personal data; snapshots are sealed). */
  readonly identity: string;
  readonly masked: string;
  readonly isRegistration: boolean;
  readonly boundAt: string;
}

export interface MfaDevice {
  readonly kind: 'virtual' | 'hardware';
  readonly deviceId: string;
  readonly boundThroughRef: string | null;
  readonly secret: string | null;
  readonly serial: string | null;
  /** Newest time step accepted: codes of this step or older are refused (no replay). */
  readonly lastUsedStep: number;
  readonly failures: number;
  readonly lockedUntil: string | null;
}

export interface ProtectionSetting {
  readonly method: VerificationMethod;
  readonly enabled: boolean;
}

export interface RegisteredAccount {
  readonly status: 'active' | 'pending_completion';
  readonly accountId: string;
  readonly uin: string;
  readonly appId: string;
  readonly registrationMethod: LoginMethodType;
  readonly registrationIdentityRef: string;
  readonly nickname: string;
  readonly industry: Industry | null;
  readonly realNameStatus: RealNameStatus;
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
}

export type AccountState = { status: 'none' } | RegisteredAccount;

export const initialAccountState = (): AccountState => ({ status: 'none' });

const NO_PROTECTION: Record<ProtectionKind, ProtectionSetting> = {
  login: { method: 'none', enabled: false },
  operation: { method: 'none', enabled: false },
  remote_login: { method: 'none', enabled: false },
};

// ====================================================================================
// Rules
// ====================================================================================

const err = domainError;
const ms = (iso: string) => new Date(iso).getTime();

function defaultNickname(uin: string): string {
  return `user_${uin.slice(-6)}`;
}

/** Rules every way of attaching an identity shares (REG-1, LM-1). */
function identityRules(input: { identity: IdentityInput; passwordHash?: string; permissions?: readonly string[] }): DomainError | undefined {
  const method = input.identity.type;
  if (method === 'email' && !input.passwordHash) return err('validation', 'PASSWORD_REQUIRED', 'an email login method needs a password');
  if (method !== 'email' && input.passwordHash) return err('validation', 'PASSWORD_NOT_ALLOWED', 'only an email login method has a password');
  if (method === 'official_account' && !(input.permissions ?? []).includes(ACCOUNT_SERVICE_PERMISSION)) {
    return err('rule', 'OFFICIAL_ACCOUNT_PERMISSION_MISSING', 'the Official Account grant lacks the "account service" permission; grant it on the platform and try again');
  }
  return undefined;
}

function decideRegister(c: RegisterAccount['data'], state: AccountState): Decision<AccountEvent> {
  if (state.status !== 'none') return reject(err('conflict', 'ACCOUNT_ALREADY_EXISTS', 'an account with this UIN already exists'));
  if (!isUin(c.uin)) return reject(err('validation', 'INVALID_UIN', 'the UIN must be a 12-digit number'));
  const broken = identityRules(c);
  if (broken) return reject(broken);
  if (c.industry !== undefined && !isIndustry(c.industry)) return reject(err('validation', 'INVALID_INDUSTRY', 'unknown industry'));
  if (c.nickname !== undefined && !validNickname(c.nickname)) return reject(err('validation', 'INVALID_NICKNAME', 'a nickname has 1 to 32 characters'));
  return accept({
    type: 'AccountRegistered',
    data: {
      accountId: c.uin,
      uin: c.uin,
      appId: appIdForUin(c.uin),
      method: c.identity.type,
      identityRef: c.identity.ref,
      identity: c.identity.value,
      identityMasked: c.identity.masked,
      nickname: c.nickname?.trim() ?? defaultNickname(c.uin),
      industry: (c.industry as Industry | undefined) ?? null,
      passwordHash: c.passwordHash ?? null,
      // REG-2: a third-party registration is completed at first login with a phone and an industry.
      status: c.identity.type === 'email' ? 'active' : 'pending_completion',
      registeredAt: c.now,
    },
  });
}

/** SEC-1: sensitive changes need a current identity-verification grant of this account. */
function requireVerification(state: RegisteredAccount, token: string, now: string): DomainError | undefined {
  const grant = state.idvGrants.find((g) => g.grantId === token);
  if (!grant || ms(now) >= ms(grant.expiresAt)) {
    return err('forbidden', 'IDENTITY_VERIFICATION_REQUIRED', 'verify your identity first (POST /v1/accounts/{id}/identity-verifications), then retry with its token');
  }
  return undefined;
}

function requireActive(state: RegisteredAccount): DomainError | undefined {
  return state.status === 'active' ? undefined : err('rule', 'ACCOUNT_NOT_ACTIVE', 'complete the registration (phone and industry) first');
}

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

function decideBind(c: BindingInput, state: RegisteredAccount): Decision<AccountEvent> {
  const blocked = requireActive(state) ?? requireVerification(state, c.verificationToken, c.now) ?? identityRules(c);
  if (blocked) return reject(blocked);
  const type = c.identity.type;
  if (state.loginMethods.some((m) => m.type === type)) {
    return reject(err('conflict', 'LOGIN_METHOD_ALREADY_BOUND', `a ${type} login method is already bound; replace it instead`, { method: type }));
  }
  const secondOfficialAccount = checkSecondOfficialAccount(state, c.identity);
  if (secondOfficialAccount) return reject(secondOfficialAccount);
  if (type === 'wecom' && !c.wecomAdmin) return reject(err('rule', 'WECOM_ADMIN_REQUIRED', 'binding WeCom needs a WeCom admin, or a user an admin has authorised'));
  return accept({
    type: 'LoginMethodBound',
    data: {
      accountId: state.accountId,
      method: type,
      identityRef: c.identity.ref,
      identity: c.identity.value,
      identityMasked: c.identity.masked,
      passwordHash: c.passwordHash ?? null,
      reservationId: c.reservationId,
      boundAt: c.now,
    },
  });
}

/** LM-6: an account registered through an Official Account cannot bind a second one. */
function checkSecondOfficialAccount(state: RegisteredAccount, identity: IdentityInput): DomainError | undefined {
  if (identity.type === 'official_account' && state.registrationMethod === 'official_account' && identity.ref !== state.registrationIdentityRef) {
    return err('rule', 'SECOND_OFFICIAL_ACCOUNT_FORBIDDEN', 'an account registered through an Official Account cannot bind another one; add a collaborator or sub-user instead');
  }
  return undefined;
}

function decideReplace(c: BindingInput, state: RegisteredAccount): Decision<AccountEvent> {
  const blocked = requireActive(state) ?? requireVerification(state, c.verificationToken, c.now) ?? identityRules(c);
  if (blocked) return reject(blocked);
  const current = state.loginMethods.find((m) => m.type === c.identity.type);
  if (!current) return reject(err('not_found', 'LOGIN_METHOD_NOT_BOUND', `no ${c.identity.type} login method is bound`));
  if (current.isRegistration) {
    return reject(err('rule', 'REGISTRATION_METHOD_NOT_REPLACEABLE', 'the registration method cannot be replaced; unbind it with UnbindRegistrationMethod first'));
  }
  if (state.loginMethods.length < 2) return reject(onlyMethod());
  if (current.identityRef === c.identity.ref) return accept();
  const secondOfficialAccount = checkSecondOfficialAccount(state, c.identity);
  if (secondOfficialAccount) return reject(secondOfficialAccount);
  if (c.identity.type === 'wecom' && !c.wecomAdmin) return reject(err('rule', 'WECOM_ADMIN_REQUIRED', 'binding WeCom needs a WeCom admin, or a user an admin has authorised'));
  const uses = usesOfIdentity(state, current);
  if (uses.length) return reject(inUse(current.type, uses));
  return accept({
    type: 'LoginMethodReplaced',
    data: {
      accountId: state.accountId,
      method: current.type,
      previousIdentityRef: current.identityRef,
      identityRef: c.identity.ref,
      identity: c.identity.value,
      identityMasked: c.identity.masked,
      passwordHash: c.passwordHash ?? null,
      reservationId: c.reservationId,
      replacedAt: c.now,
    },
  });
}

const onlyMethod = () =>
  err('rule', 'ONLY_LOGIN_METHOD', 'this is the account\u2019s only login method: add another login method before changing or unbinding it');

const inUse = (method: LoginMethodType, uses: string[]) =>
  err('rule', 'LOGIN_METHOD_IN_USE', `the ${method} login method is a verification method (${uses.join(', ')}); switch those to another method first`, { usedBy: uses });

function decideUnbind(c: UnbindLoginMethod['data'], state: RegisteredAccount): Decision<AccountEvent> {
  const blocked = requireVerification(state, c.verificationToken, c.now);
  if (blocked) return reject(blocked);
  const current = state.loginMethods.find((m) => m.type === c.method);
  if (!current) return reject(err('not_found', 'LOGIN_METHOD_NOT_BOUND', `no ${c.method} login method is bound`));
  if (current.isRegistration) {
    return reject(err('rule', 'REGISTRATION_METHOD_REQUIRES_DEDICATED_UNBIND', 'the registration method is unbound with UnbindRegistrationMethod'));
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

const PRECONDITION_MESSAGES: Record<(typeof UNBIND_REGISTRATION_PRECONDITIONS)[number], string> = {
  TOO_FEW_LOGIN_METHODS: 'the account needs at least one other login method',
  REGISTRATION_METHOD_USED_BY_LOGIN_PROTECTION: 'login protection verifies with the registration method; switch it to another method',
  REGISTRATION_METHOD_USED_BY_OPERATION_PROTECTION: 'operation protection verifies with the registration method; switch it to another method',
  REGISTRATION_METHOD_USED_BY_REMOTE_LOGIN_PROTECTION: 'remote-login protection verifies with the registration method; switch it to another method',
  REGISTRATION_METHOD_USED_BY_HARDWARE_MFA: 'a hardware MFA device is bound through the registration method',
  REGISTRATION_METHOD_USED_BY_VIRTUAL_MFA: 'a virtual MFA device is bound through the registration method',
  SECURITY_PHONE_REQUIRED: 'bind a security phone first',
};

function decideUnbindRegistration(c: UnbindRegistrationMethod['data'], state: RegisteredAccount): Decision<AccountEvent> {
  const blocked = requireVerification(state, c.verificationToken, c.now);
  if (blocked) return reject(blocked);
  const registration = state.loginMethods.find((m) => m.isRegistration);
  if (!registration) return reject(err('conflict', 'REGISTRATION_METHOD_ALREADY_UNBOUND', 'the registration method is already unbound'));
  const failed: Array<(typeof UNBIND_REGISTRATION_PRECONDITIONS)[number]> = [];
  if (state.loginMethods.length < 2) failed.push('TOO_FEW_LOGIN_METHODS');
  for (const use of usesOfIdentity(state, registration)) failed.push(`REGISTRATION_METHOD_USED_BY_${use}` as (typeof failed)[number]);
  if (!state.securityPhone) failed.push('SECURITY_PHONE_REQUIRED');
  if (failed.length) {
    return reject(err('rule', failed[0], PRECONDITION_MESSAGES[failed[0]], { failedPreconditions: failed.map((code) => ({ code, message: PRECONDITION_MESSAGES[code] })) }));
  }
  return accept({
    type: 'RegistrationMethodUnbound',
    data: { accountId: state.accountId, method: registration.type, identityRef: registration.identityRef, unboundAt: c.now },
  });
}

function decideProtection(c: SetProtection['data'], state: RegisteredAccount): Decision<AccountEvent> {
  const blocked = requireActive(state) ?? requireVerification(state, c.verificationToken, c.now);
  if (blocked) return reject(blocked);
  // Login and operation protection are "on" when a method is chosen; remote-login protection is a switch plus a method.
  const enabled = c.protection === 'remote_login' ? (c.enabled ?? c.method !== 'none') : c.method !== 'none';
  if (enabled && c.method === 'none') return reject(err('validation', 'VERIFICATION_METHOD_REQUIRED', 'an enabled protection needs a verification method'));
  if (enabled && c.method === 'mfa' && state.mfaDevices.length === 0) return reject(err('rule', 'MFA_NOT_BOUND', 'bind an MFA device first'));
  if (enabled && c.method === 'sms' && !state.securityPhone) return reject(err('rule', 'SECURITY_PHONE_REQUIRED', 'bind a security phone first'));
  if (enabled && c.method === 'wechat_scan' && !state.loginMethods.some((m) => m.type === 'wechat')) {
    return reject(err('rule', 'WECHAT_NOT_BOUND', 'WeChat scan needs a bound WeChat login method'));
  }
  const previous = state.protection[c.protection];
  const method = enabled ? c.method : 'none';
  if (previous.method === method && previous.enabled === enabled) return accept();
  return accept({ type: 'ProtectionChanged', data: { accountId: state.accountId, protection: c.protection, method, enabled, previous, changedAt: c.now } });
}

const notFound = () => reject<AccountEvent>(err('not_found', 'ACCOUNT_NOT_FOUND', 'no such account'));

export const accountDecider: Decider<AccountCommand, AccountEvent, AccountState> = {
  initialState: initialAccountState,

  decide(command, state) {
    if (command.type === 'RegisterAccount') return decideRegister(command.data, state);
    if (state.status === 'none') return notFound();
    switch (command.type) {
      case 'CompleteRegistration': {
        const c = command.data;
        if (state.status !== 'pending_completion') return reject(err('conflict', 'REGISTRATION_ALREADY_COMPLETED', 'the registration of this account is already complete'));
        if (!isIndustry(c.industry)) return reject(err('validation', 'INVALID_INDUSTRY', 'unknown industry'));
        return accept({
          type: 'RegistrationCompleted',
          data: {
            accountId: state.accountId,
            phoneRef: c.phone.ref,
            phone: c.phone.value,
            phoneMasked: c.phone.masked,
            contactEmail: c.contactEmail ?? null,
            industry: c.industry,
            completedAt: c.now,
          },
        });
      }
      case 'ChangeNickname': {
        if (!validNickname(command.data.nickname)) return reject(err('validation', 'INVALID_NICKNAME', 'a nickname has 1 to 32 characters'));
        const nickname = command.data.nickname.trim();
        if (nickname === state.nickname) return accept();
        return accept({ type: 'NicknameChanged', data: { accountId: state.accountId, nickname, changedAt: command.data.now } });
      }
      case 'ChangeIndustry': {
        const industry = command.data.industry;
        if (!isIndustry(industry)) return reject(err('validation', 'INVALID_INDUSTRY', 'unknown industry'));
        if (industry === state.industry) return accept();
        return accept({ type: 'IndustryChanged', data: { accountId: state.accountId, industry, previous: state.industry, changedAt: command.data.now } });
      }
      case 'RecordIdentityVerification': {
        const c = command.data;
        return accept({
          type: 'IdentityVerified',
          data: { accountId: state.accountId, grantId: c.grantId, method: c.method, verifiedAt: c.now, expiresAt: new Date(ms(c.now) + c.validForSeconds * 1000).toISOString() },
        });
      }
      case 'RequestWeChatScan': {
        const c = command.data;
        if (!state.loginMethods.some((m) => m.type === 'wechat')) return reject(err('rule', 'WECHAT_NOT_BOUND', 'WeChat scan needs a bound WeChat login method'));
        return accept({ type: 'WeChatScanRequested', data: { accountId: state.accountId, challengeHash: c.challengeHash, requestedAt: c.now, expiresAt: new Date(ms(c.now) + c.ttlSeconds * 1000).toISOString() } });
      }
      case 'ConfirmWeChatScan': {
        const c = command.data;
        const scan = state.wechatScans.find((x) => x.challengeHash === c.challengeHash);
        if (!scan || scan.confirmed || ms(c.now) >= ms(scan.expiresAt)) return reject(err('rule', 'WECHAT_SCAN_INVALID', 'this scan challenge is unknown, used or expired'));
        const wechat = state.loginMethods.find((m) => m.type === 'wechat');
        if (!wechat || wechat.identityRef !== c.identityRef) return reject(err('forbidden', 'WECHAT_SCAN_WRONG_IDENTITY', 'the WeChat that scanned is not the one bound to this account'));
        return accept({ type: 'WeChatScanConfirmed', data: { accountId: state.accountId, challengeHash: c.challengeHash, confirmedAt: c.now } });
      }
      case 'CompleteWeChatScanVerification': {
        const c = command.data;
        const scan = state.wechatScans.find((x) => x.challengeHash === c.challengeHash);
        if (!scan || ms(c.now) >= ms(scan.expiresAt)) return reject(err('rule', 'WECHAT_SCAN_INVALID', 'this scan challenge is unknown, used or expired'));
        if (!scan.confirmed) return reject(err('rule', 'WECHAT_SCAN_PENDING', 'the QR code has not been scanned and confirmed yet'));
        return accept({
          type: 'IdentityVerified',
          data: { accountId: state.accountId, grantId: c.grantId, method: 'wechat_scan', verifiedAt: c.now, expiresAt: new Date(ms(c.now) + c.validForSeconds * 1000).toISOString() },
        });
      }
      case 'BindLoginMethod':
        return decideBind(command.data, state);
      case 'ReplaceLoginMethod':
        return decideReplace(command.data, state);
      case 'UnbindLoginMethod':
        return decideUnbind(command.data, state);
      case 'UnbindRegistrationMethod':
        return decideUnbindRegistration(command.data, state);
      case 'SetProtection':
        return decideProtection(command.data, state);
      case 'ChangePassword':
      case 'RequestPasswordReset':
      case 'ResetPassword':
      case 'SetSessionPolicy':
      case 'RecordOperationVerification':
        return decideCredentials(command, state, (token, now) => requireVerification(state, token, now));
      case 'ChangeSecurityPhone':
      case 'ChangeSecurityEmail':
      case 'RequestContactChange':
      case 'ConfirmContactChange':
        return decideContacts(command, state, (token, now) => requireVerification(state, token, now));
      default:
        return decideMfa(command, state, (token, now) => requireVerification(state, token, now));
    }
  },

  evolve(state, event) {
    if (event.type === 'AccountRegistered') {
      const d = event.data;
      return {
        status: d.status,
        accountId: d.accountId,
        uin: d.uin,
        appId: d.appId,
        registrationMethod: d.method,
        registrationIdentityRef: d.identityRef,
        nickname: d.nickname,
        industry: d.industry,
        realNameStatus: 'unverified',
        registeredAt: d.registeredAt,
        hasPassword: d.passwordHash !== null,
        securityPhone: null,
        securityEmail: d.method === 'email' ? { value: d.identity, masked: d.identityMasked } : null,
        contactEmail: d.method === 'email' ? { value: d.identity, masked: d.identityMasked } : null,
        contactPhone: null,
        pendingContactChanges: [],
        loginMethods: [{ type: d.method, identityRef: d.identityRef, identity: d.identity, masked: d.identityMasked, isRegistration: true, boundAt: d.registeredAt }],
        mfaDevices: [],
        pendingMfa: null,
        password: d.passwordHash ? withNewPassword(null, d.passwordHash, d.registeredAt) : null,
        sessionPolicy: { idleMinutes: SESSION_IDLE_MINUTES.default, maxHours: SESSION_MAX_HOURS.default },
        operationVerifiedUntil: null,
        passwordReset: null,
        protection: NO_PROTECTION,
        idvGrants: [],
        wechatScans: [],
      };
    }
    if (state.status === 'none') return state;
    switch (event.type) {
      case 'RegistrationCompleted': {
        const d = event.data;
        return {
          ...state,
          status: 'active',
          industry: d.industry,
          securityPhone: { ref: d.phoneRef, value: d.phone, masked: d.phoneMasked },
          contactPhone: state.contactPhone ?? { value: d.phone, masked: d.phoneMasked },
          contactEmail: d.contactEmail ? { value: d.contactEmail, masked: maskAddress(d.contactEmail) } : state.contactEmail,
        };
      }
      case 'SecurityPhoneChanged': {
        const d = event.data;
        return { ...state, securityPhone: { ref: d.phoneRef, value: d.phone, masked: d.phoneMasked } };
      }
      case 'SecurityEmailChanged':
        return { ...state, securityEmail: { value: event.data.email, masked: event.data.emailMasked } };
      case 'ContactChangeRequested': {
        const d = event.data;
        const pending: PendingContactChange = { kind: d.kind, tokenHash: d.tokenHash, address: { value: d.delivery.address, masked: d.delivery.masked }, syncSecurityEmail: d.syncSecurityEmail, expiresAt: d.expiresAt };
        // One pending link per kind: a new request replaces the previous one.
        return { ...state, pendingContactChanges: [...state.pendingContactChanges.filter((p) => p.kind !== d.kind), pending] };
      }
      case 'ContactPhoneChanged':
        return { ...state, contactPhone: { value: event.data.phone, masked: event.data.phoneMasked }, pendingContactChanges: state.pendingContactChanges.filter((p) => p.kind !== 'phone') };
      case 'ContactEmailChanged':
        return { ...state, contactEmail: { value: event.data.email, masked: event.data.emailMasked }, pendingContactChanges: state.pendingContactChanges.filter((p) => p.kind !== 'email') };
      case 'NicknameChanged':
        return { ...state, nickname: event.data.nickname };
      case 'IndustryChanged':
        return { ...state, industry: event.data.industry };
      case 'IdentityVerified': {
        const d = event.data;
        // A scan that produced a grant is spent.
        const wechatScans = d.method === 'wechat_scan' ? state.wechatScans.filter((x) => !x.confirmed) : state.wechatScans;
        return { ...state, wechatScans, idvGrants: [...state.idvGrants.slice(-4), { grantId: d.grantId, method: d.method, expiresAt: d.expiresAt }] };
      }
      case 'WeChatScanRequested':
        return { ...state, wechatScans: [...state.wechatScans.slice(-4), { challengeHash: event.data.challengeHash, expiresAt: event.data.expiresAt, confirmed: false }] };
      case 'WeChatScanConfirmed':
        return { ...state, wechatScans: state.wechatScans.map((x) => (x.challengeHash === event.data.challengeHash ? { ...x, confirmed: true } : x)) };
      case 'LoginMethodBound': {
        const d = event.data;
        const method: LoginMethod = { type: d.method, identityRef: d.identityRef, identity: d.identity, masked: d.identityMasked, isRegistration: false, boundAt: d.boundAt };
        return {
          ...state,
          loginMethods: [...state.loginMethods, method],
          hasPassword: state.hasPassword || d.passwordHash !== null,
          password: d.passwordHash ? withNewPassword(state.password, d.passwordHash, d.boundAt) : state.password,
        };
      }
      case 'LoginMethodReplaced': {
        const d = event.data;
        return {
          ...state,
          loginMethods: state.loginMethods.map((m) =>
            m.type === d.method ? { type: d.method, identityRef: d.identityRef, identity: d.identity, masked: d.identityMasked, isRegistration: false, boundAt: d.replacedAt } : m,
          ),
          password: d.passwordHash ? withNewPassword(state.password, d.passwordHash, d.replacedAt) : state.password,
        };
      }
      case 'LoginMethodUnbound':
      case 'RegistrationMethodUnbound': {
        const remaining = state.loginMethods.filter((m) => m.type !== event.data.method);
        // Without an email login method there is no password; its history is kept for a later re-bind.
        return { ...state, loginMethods: remaining, hasPassword: event.data.method === 'email' ? false : state.hasPassword };
      }
      case 'ProtectionChanged':
        return { ...state, protection: { ...state.protection, [event.data.protection]: { method: event.data.method, enabled: event.data.enabled } } };
      case 'MfaDeviceBound': {
        const d = event.data;
        const device: MfaDevice = {
          kind: d.kind,
          deviceId: d.deviceId,
          boundThroughRef: d.boundThroughRef,
          secret: d.secret ?? null,
          serial: d.serial ?? null,
          lastUsedStep: d.lastUsedStep ?? -1,
          failures: 0,
          lockedUntil: null,
        };
        return { ...state, pendingMfa: d.kind === 'virtual' ? null : state.pendingMfa, mfaDevices: [...state.mfaDevices.filter((m) => m.kind !== d.kind), device] };
      }
      case 'PasswordChanged':
        // A reset token is single-use, and any password change voids a pending one.
        return { ...state, hasPassword: true, passwordReset: null, password: withNewPassword(state.password, event.data.passwordHash, event.data.changedAt) };
      case 'PasswordResetRequested':
        return { ...state, passwordReset: { tokenHash: event.data.tokenHash, expiresAt: event.data.expiresAt } };
      case 'SessionPolicyChanged':
        return { ...state, sessionPolicy: { idleMinutes: event.data.idleMinutes, maxHours: event.data.maxHours } };
      case 'OperationVerified':
        return { ...state, operationVerifiedUntil: event.data.validUntil };
      case 'VirtualMfaBindingStarted': {
        const d = event.data;
        return { ...state, pendingMfa: { deviceId: d.deviceId, secret: d.secret, expiresAt: d.expiresAt, failures: 0 } };
      }
      case 'MfaCodeAccepted': {
        const d = event.data;
        return { ...state, mfaDevices: state.mfaDevices.map((m) => (m.deviceId === d.deviceId ? { ...m, lastUsedStep: Math.max(m.lastUsedStep, d.timeStep), failures: 0, lockedUntil: null } : m)) };
      }
      case 'MfaCodeRejected': {
        const d = event.data;
        if (state.pendingMfa?.deviceId === d.deviceId) {
          // Too many wrong codes while binding: the binding has to start again.
          return { ...state, pendingMfa: d.lockedUntil ? null : { ...state.pendingMfa, failures: d.failures } };
        }
        return { ...state, mfaDevices: state.mfaDevices.map((m) => (m.deviceId === d.deviceId ? { ...m, failures: d.failures, lockedUntil: d.lockedUntil } : m)) };
      }
      case 'MfaDeviceUnbound': {
        // MFA leaves both protections when it goes (SEC-2).
        const mfaDevices = state.mfaDevices.filter((m) => m.deviceId !== event.data.deviceId);
        const off = (p: ProtectionSetting): ProtectionSetting => (p.method === 'mfa' && mfaDevices.length === 0 ? { method: 'none', enabled: false } : p);
        return { ...state, mfaDevices, protection: { login: off(state.protection.login), operation: off(state.protection.operation), remote_login: off(state.protection.remote_login) } };
      }
    }
  },
};

/** Masked form of an email address (personal data in its own right: derived, never stored plain outside events). */
function maskAddress(email: string): string {
  const [local, domain] = email.split('@');
  return domain ? `${local.slice(0, 2)}***@${domain}` : '***';
}

export const accountStreamId = (accountId: string) => `account-${accountId}`;
