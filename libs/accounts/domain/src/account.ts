import { accept, type Decider, domainError, reject } from '@acc/kernel';
import { ACCOUNT_SERVICE_PERMISSION, type IdentityInput, type Industry, isIndustry, type LoginMethodType, type PhoneInput, type RealNameStatus } from './model';
import { appIdForUin, isUin } from './uin';
import { validNickname } from './validation';

// ---------- events ----------

export type AccountRegistered = {
  type: 'AccountRegistered';
  data: {
    accountId: string;
    uin: string;
    appId: string;
    method: LoginMethodType;
    identityRef: string;
    identity: string; // personal data
    identityMasked: string; // personal data
    nickname: string; // personal data
    industry: Industry | null;
    passwordHash: string | null; // personal data (a secret's hash, never the secret)
    status: 'active' | 'pending_completion';
    registeredAt: string;
  };
};

export type RegistrationCompleted = {
  type: 'RegistrationCompleted';
  data: {
    accountId: string;
    phoneRef: string;
    phone: string; // personal data
    phoneMasked: string; // personal data
    contactEmail: string | null; // personal data
    industry: Industry;
    completedAt: string;
  };
};

export type NicknameChanged = { type: 'NicknameChanged'; data: { accountId: string; nickname: string; changedAt: string } };
export type IndustryChanged = { type: 'IndustryChanged'; data: { accountId: string; industry: Industry; previous: Industry | null; changedAt: string } };

export type AccountEvent = AccountRegistered | RegistrationCompleted | NicknameChanged | IndustryChanged;

// ---------- commands ----------

export type RegisterAccount = {
  type: 'RegisterAccount';
  data: {
    /** The UIN chosen for the account (random, supplied by the caller). */
    uin: string;
    identity: IdentityInput;
    passwordHash?: string;
    nickname?: string;
    industry?: string;
    /** Permissions in the provider's grant (Official Account needs `account_service`). */
    permissions?: readonly string[];
    now: string;
  };
};

export type CompleteRegistration = {
  type: 'CompleteRegistration';
  data: { phone: PhoneInput; contactEmail?: string; industry: string; now: string };
};

export type ChangeNickname = { type: 'ChangeNickname'; data: { nickname: string; now: string } };
export type ChangeIndustry = { type: 'ChangeIndustry'; data: { industry: string; now: string } };

export type AccountCommand = RegisterAccount | CompleteRegistration | ChangeNickname | ChangeIndustry;

// ---------- state ----------

export interface RegisteredAccount {
  status: 'active' | 'pending_completion';
  accountId: string;
  uin: string;
  appId: string;
  registrationMethod: LoginMethodType;
  registrationIdentityRef: string;
  nickname: string;
  industry: Industry | null;
  realNameStatus: RealNameStatus;
  registeredAt: string;
  hasPassword: boolean;
  securityPhoneRef: string | null;
  securityPhoneMasked: string | null;
}

export type AccountState = { status: 'none' } | RegisteredAccount;

export const initialAccountState = (): AccountState => ({ status: 'none' });

// ---------- rules ----------

const err = domainError;

function defaultNickname(uin: string): string {
  return `user_${uin.slice(-6)}`;
}

function decideRegister(c: RegisterAccount['data'], state: AccountState) {
  if (state.status !== 'none') return reject<AccountEvent>(err('conflict', 'ACCOUNT_ALREADY_EXISTS', 'an account with this UIN already exists'));
  if (!isUin(c.uin)) return reject<AccountEvent>(err('validation', 'INVALID_UIN', 'the UIN must be a 12-digit number'));
  const method = c.identity.type;
  if (method === 'email' && !c.passwordHash) return reject<AccountEvent>(err('validation', 'PASSWORD_REQUIRED', 'registration by email needs a password'));
  if (method !== 'email' && c.passwordHash) return reject<AccountEvent>(err('validation', 'PASSWORD_NOT_ALLOWED', 'only email registration sets a password'));
  if (method === 'official_account' && !(c.permissions ?? []).includes(ACCOUNT_SERVICE_PERMISSION)) {
    return reject<AccountEvent>(
      err('rule', 'OFFICIAL_ACCOUNT_PERMISSION_MISSING', 'the Official Account grant lacks the "account service" permission; grant it on the platform and try again'),
    );
  }
  if (c.industry !== undefined && !isIndustry(c.industry)) return reject<AccountEvent>(err('validation', 'INVALID_INDUSTRY', 'unknown industry'));
  if (c.nickname !== undefined && !validNickname(c.nickname)) return reject<AccountEvent>(err('validation', 'INVALID_NICKNAME', 'a nickname has 1 to 32 characters'));
  return accept<AccountEvent>({
    type: 'AccountRegistered',
    data: {
      accountId: c.uin,
      uin: c.uin,
      appId: appIdForUin(c.uin),
      method,
      identityRef: c.identity.ref,
      identity: c.identity.value,
      identityMasked: c.identity.masked,
      nickname: c.nickname?.trim() ?? defaultNickname(c.uin),
      industry: (c.industry as Industry | undefined) ?? null,
      passwordHash: c.passwordHash ?? null,
      // REG-2: a third-party registration is completed at first login with a phone and an industry.
      status: method === 'email' ? 'active' : 'pending_completion',
      registeredAt: c.now,
    },
  });
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
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'AccountRegistered': {
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
          securityPhoneRef: null,
          securityPhoneMasked: null,
        };
      }
    }
    if (state.status === 'none') return state;
    switch (event.type) {
      case 'RegistrationCompleted':
        return { ...state, status: 'active', industry: event.data.industry, securityPhoneRef: event.data.phoneRef, securityPhoneMasked: event.data.phoneMasked };
      case 'NicknameChanged':
        return { ...state, nickname: event.data.nickname };
      case 'IndustryChanged':
        return { ...state, industry: event.data.industry };
    }
  },
};

export const accountStreamId = (accountId: string) => `account-${accountId}`;
