import type { VerificationMethod } from '../model';

export type ProtectionKind = 'login' | 'operation' | 'remote_login';

export interface ProtectionSetting {
  readonly method: VerificationMethod;
  readonly enabled: boolean;
}

export const PROTECTION_KINDS: readonly ProtectionKind[] = ['login', 'operation', 'remote_login'];

export const NO_PROTECTION: Record<ProtectionKind, ProtectionSetting> = {
  login: { method: 'none', enabled: false },
  operation: { method: 'none', enabled: false },
  remote_login: { method: 'none', enabled: false },
};
