import type { Industry, LoginMethodType } from '../model';

// Personal data fields are listed in schemas.ts and encrypted at rest.

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

export type ProfileEvent = AccountRegistered | RegistrationCompleted | NicknameChanged | IndustryChanged;
