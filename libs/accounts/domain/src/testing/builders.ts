import { DeciderSpecification } from '@acc/kernel';
import { type AccountEvent, accountDecider } from '../account';
import type { AccountState } from '../account-state';
import type { ContactChangeRequested, ContactPhoneChanged, SecurityPhoneChanged } from '../contacts';
import type { PasswordChanged, PasswordResetRequested } from '../credentials';
import type { IdentityVerified, WeChatScanConfirmed, WeChatScanRequested } from '../identity-verification';
import type { LoginMethodBound, LoginMethodReplaced, LoginMethodUnbound, RegistrationMethodUnbound } from '../login-methods';
import type { MfaCodeAccepted, MfaCodeRejected, MfaDeviceBound, MfaDeviceUnbound, VirtualMfaBindingStarted } from '../mfa';
import type { LoginMethodType, VerificationMethod } from '../model';
import type { AccountRegistered, IndustryChanged, NicknameChanged, RegistrationCompleted } from '../profile-and-registration';
import type { ProtectionChanged, ProtectionKind } from '../protection';
import { appIdForUin } from '../uin';

/**
 * Account events for specs (domain and read side), one builder per type: plain defaults,
 * every field can be given. Test code only: not exported by the library's index.
 */

export const UIN = '100012345678';
export const T0 = '2026-03-01T08:00:00.000Z';

/** Given/when/then over the account decider. */
export const accountSpec = DeciderSpecification.for(accountDecider);

/** The state after these events. */
export const foldAccount = (events: readonly AccountEvent[]): AccountState => events.reduce(accountDecider.evolve, accountDecider.initialState());

type Data<E extends AccountEvent> = Partial<E['data']>;

function builder<E extends AccountEvent>(type: E['type'], defaults: () => E['data']) {
  return (data: Data<E> = {}): E => ({ type, data: { ...defaults(), ...data } }) as E;
}

/** Registered through `method` (default email: active, with a password; otherwise pending completion). */
export function accountRegistered(data: Data<AccountRegistered> = {}): AccountRegistered {
  const uin = data.uin ?? UIN;
  const method = data.method ?? 'email';
  const email = method === 'email';
  return builder<AccountRegistered>('AccountRegistered', () => ({
    accountId: uin,
    uin,
    appId: appIdForUin(uin),
    method,
    identityRef: `ref-${method}`,
    identity: `${method}-identity`,
    identityMasked: 'm',
    nickname: 'n',
    industry: null,
    passwordHash: email ? 'h' : null,
    status: email ? 'active' : 'pending_completion',
    registeredAt: T0,
  }))(data);
}

export const registrationCompleted = builder<RegistrationCompleted>('RegistrationCompleted', () => ({
  accountId: UIN,
  phoneRef: 'ref-phone',
  phone: '+8613800138000',
  phoneMasked: '+86138****8000',
  contactEmail: null,
  industry: 'education',
  completedAt: T0,
}));

export const nicknameChanged = builder<NicknameChanged>('NicknameChanged', () => ({ accountId: UIN, nickname: 'n2', changedAt: T0 }));

export const industryChanged = builder<IndustryChanged>('IndustryChanged', () => ({ accountId: UIN, industry: 'finance', previous: null, changedAt: T0 }));

/** An identity-verification grant; its id is the token commands carry. */
export const identityVerified = builder<IdentityVerified>('IdentityVerified', () => ({
  accountId: UIN,
  grantId: 'tok',
  method: 'sms',
  verifiedAt: T0,
  expiresAt: '2026-03-01T08:10:00.000Z',
}));

export const weChatScanRequested = builder<WeChatScanRequested>('WeChatScanRequested', () => ({
  accountId: UIN,
  challengeHash: 'ch',
  requestedAt: T0,
  expiresAt: '2026-03-01T08:05:00.000Z',
}));

export const weChatScanConfirmed = builder<WeChatScanConfirmed>('WeChatScanConfirmed', () => ({ accountId: UIN, challengeHash: 'ch', confirmedAt: T0 }));

export const loginMethodBound = (method: LoginMethodType, data: Data<LoginMethodBound> = {}) =>
  builder<LoginMethodBound>('LoginMethodBound', () => ({
    accountId: UIN,
    method,
    identityRef: `ref-${method}`,
    identity: method,
    identityMasked: 'm',
    passwordHash: method === 'email' ? 'scrypt$y' : null,
    reservationId: `r-${method}`,
    boundAt: T0,
  }))(data);

export const loginMethodReplaced = (method: LoginMethodType, data: Data<LoginMethodReplaced> = {}) =>
  builder<LoginMethodReplaced>('LoginMethodReplaced', () => ({
    accountId: UIN,
    method,
    previousIdentityRef: `ref-${method}`,
    identityRef: `ref-${method}-2`,
    identity: `${method}-2`,
    identityMasked: 'm2',
    passwordHash: null,
    reservationId: `r-${method}-2`,
    replacedAt: T0,
  }))(data);

export const loginMethodUnbound = (method: LoginMethodType, data: Data<LoginMethodUnbound> = {}) =>
  builder<LoginMethodUnbound>('LoginMethodUnbound', () => ({ accountId: UIN, method, identityRef: `ref-${method}`, unboundAt: T0 }))(data);

export const registrationMethodUnbound = (method: LoginMethodType, data: Data<RegistrationMethodUnbound> = {}) =>
  builder<RegistrationMethodUnbound>('RegistrationMethodUnbound', () => ({ accountId: UIN, method, identityRef: `ref-${method}`, unboundAt: T0 }))(data);

/** A protection turned on with `method` (from off). */
export const protectionChanged = (protection: ProtectionKind, method: VerificationMethod, data: Data<ProtectionChanged> = {}) =>
  builder<ProtectionChanged>('ProtectionChanged', () => ({
    accountId: UIN,
    protection,
    method,
    enabled: true,
    previous: { method: 'none', enabled: false },
    changedAt: T0,
  }))(data);

export const mfaDeviceBound = (kind: 'virtual' | 'hardware', data: Data<MfaDeviceBound> = {}) =>
  builder<MfaDeviceBound>('MfaDeviceBound', () => ({
    accountId: UIN,
    kind,
    deviceId: `${kind}-1`,
    secret: null,
    serial: null,
    boundThroughRef: null,
    lastUsedStep: 0,
    boundAt: T0,
  }))(data);

export const mfaDeviceUnbound = (kind: 'virtual' | 'hardware', data: Data<MfaDeviceUnbound> = {}) =>
  builder<MfaDeviceUnbound>('MfaDeviceUnbound', () => ({ accountId: UIN, kind, deviceId: `${kind}-1`, unboundAt: T0 }))(data);

export const virtualMfaBindingStarted = builder<VirtualMfaBindingStarted>('VirtualMfaBindingStarted', () => ({
  accountId: UIN,
  deviceId: 'virtual-1',
  secret: 'SECRET',
  startedAt: T0,
  expiresAt: '2026-03-01T08:10:00.000Z',
}));

export const mfaCodeAccepted = builder<MfaCodeAccepted>('MfaCodeAccepted', () => ({ accountId: UIN, deviceId: 'virtual-1', timeStep: 1, purpose: 'login', at: T0 }));

export const mfaCodeRejected = builder<MfaCodeRejected>('MfaCodeRejected', () => ({ accountId: UIN, deviceId: 'virtual-1', failures: 1, lockedUntil: null, purpose: 'login', at: T0 }));

export const passwordChanged = builder<PasswordChanged>('PasswordChanged', () => ({ accountId: UIN, passwordHash: 'h1', reason: 'changed', changedAt: T0 }));

export const passwordResetRequested = builder<PasswordResetRequested>('PasswordResetRequested', () => ({
  accountId: UIN,
  tokenHash: 'th',
  expiresAt: '2026-03-01T08:30:00.000Z',
  requestedAt: T0,
  delivery: { address: 'email-identity', token: 't' },
}));

export const securityPhoneChanged = builder<SecurityPhoneChanged>('SecurityPhoneChanged', () => ({
  accountId: UIN,
  phoneRef: 'ref-phone-2',
  phone: '+8613900139000',
  phoneMasked: '+86139****9000',
  previousRef: null,
  previousPhone: null,
  reservationId: 'r-phone-2',
  changedAt: T0,
}));

export const contactChangeRequested = builder<ContactChangeRequested>('ContactChangeRequested', () => ({
  accountId: UIN,
  kind: 'phone',
  tokenHash: 'th',
  syncSecurityEmail: false,
  expiresAt: '2026-03-02T08:00:00.000Z',
  requestedAt: T0,
  delivery: { address: '+8613700000001', masked: 'm', token: 't' },
}));

export const contactPhoneChanged = builder<ContactPhoneChanged>('ContactPhoneChanged', () => ({ accountId: UIN, phone: '+8613700000001', phoneMasked: 'm', changedAt: T0 }));
