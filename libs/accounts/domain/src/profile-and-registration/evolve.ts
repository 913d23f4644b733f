import type { AccountState, RegisteredAccount } from '../account-state';
import { SESSION_IDLE_MINUTES, SESSION_MAX_HOURS, withNewPassword } from '../credentials/state';
import { NO_PROTECTION } from '../protection/state';
import { maskContactEmail } from '../validation';
import type { AccountRegistered, IndustryChanged, NicknameChanged, RegistrationCompleted } from './events';

/** A registration sets up the whole account state; each slice's evolve keeps its part of it from then on. */
export function evolveRegistered(_: AccountState, event: AccountRegistered): RegisteredAccount {
  const d = event.data;
  const email = () => (d.method === 'email' ? { value: d.identity, masked: d.identityMasked } : null);
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
    realName: null,
    registeredAt: d.registeredAt,
    hasPassword: d.passwordHash !== null,
    securityPhone: null,
    securityEmail: email(),
    contactEmail: email(),
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

export function evolveRegistrationCompleted(state: RegisteredAccount, event: RegistrationCompleted): RegisteredAccount {
  const d = event.data;
  return {
    ...state,
    status: 'active',
    industry: d.industry,
    securityPhone: { ref: d.phoneRef, value: d.phone, masked: d.phoneMasked },
    contactPhone: state.contactPhone ?? { value: d.phone, masked: d.phoneMasked },
    contactEmail: d.contactEmail ? { value: d.contactEmail, masked: maskContactEmail(d.contactEmail) } : state.contactEmail,
  };
}

export const evolveNicknameChanged = (state: RegisteredAccount, event: NicknameChanged): RegisteredAccount => ({ ...state, nickname: event.data.nickname });

export const evolveIndustryChanged = (state: RegisteredAccount, event: IndustryChanged): RegisteredAccount => ({ ...state, industry: event.data.industry });
