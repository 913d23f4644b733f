import type { RegisteredAccount } from '../account-state';
import { PROTECTION_KINDS, type ProtectionKind } from '../protection/state';

/**
 * SEC-2: when the last MFA device goes, every protection that verifies with MFA is turned
 * off. The one statement of the rule: `UnbindMfa` records it as ProtectionChanged events
 * after MfaDeviceUnbound, and evolving MfaDeviceUnbound applies it too, because histories
 * written before those events were recorded (until the security view was added) carry
 * MfaDeviceUnbound alone. On newer histories the evolve step and the events agree.
 */
export function protectionsLeftByMfa(state: RegisteredAccount, devicesLeft: number): ProtectionKind[] {
  return devicesLeft === 0 ? PROTECTION_KINDS.filter((p) => state.protection[p].method === 'mfa') : [];
}
