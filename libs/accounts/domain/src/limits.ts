import type { LoginMethodType } from './model';

/** REG-5 usage limits. Defaults below; every deployment may override them. */
export interface AccountLimits {
  /** Main accounts one identity may register, per registration method. */
  readonly registrationsPerIdentity: Readonly<Record<LoginMethodType, number>>;
  /** Main accounts one identity may be bound to as a login method. */
  readonly bindingsPerIdentity: Readonly<Record<LoginMethodType, number>>;
  /** Main accounts one phone number may be bound to. */
  readonly accountsPerPhone: number;
  readonly realNamePersonalAccounts: number;
  readonly realNameEnterpriseAccounts: number;
  readonly legalPersonEnterpriseAccounts: number;
  readonly realNameChangeIntervalDays: number;
  readonly enterpriseNameMinLength: number;
  readonly passwordFailuresBeforeLock: number;
  readonly lockDurationMinutes: number;
}

export const DEFAULT_LIMITS: AccountLimits = {
  registrationsPerIdentity: { email: 1, qq: 1, wechat: 1, official_account: 1, wecom: 1 },
  bindingsPerIdentity: { wechat: 50, wecom: 20, qq: 1, email: 1, official_account: 1 },
  accountsPerPhone: 5,
  realNamePersonalAccounts: 3,
  realNameEnterpriseAccounts: 10,
  legalPersonEnterpriseAccounts: 20,
  realNameChangeIntervalDays: 30,
  enterpriseNameMinLength: 5,
  passwordFailuresBeforeLock: 10,
  lockDurationMinutes: 60,
};

/** Deep-merges a partial override (e.g. parsed from configuration) onto the defaults, refusing nonsense. */
export function resolveLimits(override: unknown): AccountLimits {
  if (override === undefined || override === null) return DEFAULT_LIMITS;
  if (typeof override !== 'object' || Array.isArray(override)) throw new Error('limits override must be an object');
  const merged: Record<string, unknown> = { ...DEFAULT_LIMITS };
  for (const [key, value] of Object.entries(override as Record<string, unknown>)) {
    if (!(key in DEFAULT_LIMITS)) throw new Error(`unknown limit: ${key}`);
    const base = (DEFAULT_LIMITS as unknown as Record<string, unknown>)[key];
    if (typeof base === 'number') {
      if (!Number.isInteger(value) || (value as number) < 0) throw new Error(`limit ${key} must be a non-negative integer`);
      merged[key] = value;
    } else {
      if (typeof value !== 'object' || value === null) throw new Error(`limit ${key} must be an object`);
      const table: Record<string, number> = { ...(base as Record<string, number>) };
      for (const [method, n] of Object.entries(value as Record<string, unknown>)) {
        if (!(method in table)) throw new Error(`unknown login method in ${key}: ${method}`);
        if (!Number.isInteger(n) || (n as number) < 0) throw new Error(`limit ${key}.${method} must be a non-negative integer`);
        table[method] = n as number;
      }
      merged[key] = table;
    }
  }
  return merged as unknown as AccountLimits;
}
