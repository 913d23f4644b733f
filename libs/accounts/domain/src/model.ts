/** The five login-method types; an account's registration method is one of them (REG-1, LM). */
export const LOGIN_METHOD_TYPES = ['email', 'wechat', 'qq', 'wecom', 'official_account'] as const;
export type LoginMethodType = (typeof LOGIN_METHOD_TYPES)[number];

export const THIRD_PARTY_METHODS: readonly LoginMethodType[] = ['wechat', 'qq', 'wecom', 'official_account'];

/** Permission an Official Account / Mini Program grant must include (REG-1). */
export const ACCOUNT_SERVICE_PERMISSION = 'account_service';

/** Industries an account can declare (REG-2, REG-4). */
export const INDUSTRIES = [
  'internet',
  'e_commerce',
  'gaming',
  'education',
  'finance',
  'healthcare',
  'manufacturing',
  'media',
  'government',
  'logistics',
  'retail',
  'real_estate',
  'travel',
  'energy',
  'agriculture',
  'other',
] as const;
export type Industry = (typeof INDUSTRIES)[number];

export function isIndustry(value: unknown): value is Industry {
  return typeof value === 'string' && (INDUSTRIES as readonly string[]).includes(value);
}

export type RealNameStatus = 'unverified' | 'personal' | 'enterprise';

/**
 * An external identity as commands carry it: the value itself (personal data,
 * encrypted at rest), a keyed-hash reference for lookups, and a masked form for display.
 */
export interface IdentityInput {
  readonly type: LoginMethodType;
  readonly ref: string;
  readonly value: string;
  readonly masked: string;
}

export interface PhoneInput {
  readonly ref: string;
  /** E.164, e.g. +8613800138000. */
  readonly value: string;
  readonly masked: string;
}

/** How a protection (login, operation, remote login) verifies the user (SEC-4, SEC-5, SEC-7). */
export const VERIFICATION_METHODS = ['none', 'mfa', 'sms', 'wechat_scan'] as const;
export type VerificationMethod = (typeof VERIFICATION_METHODS)[number];

/** Login-method types a verification method relies on (WeChat scan needs the bound WeChat). */
export const METHOD_IDENTITY: Partial<Record<VerificationMethod, LoginMethodType>> = { wechat_scan: 'wechat' };
