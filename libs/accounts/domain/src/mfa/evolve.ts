import type { RegisteredAccount } from '../account-state';
import { NO_PROTECTION, type ProtectionKind, type ProtectionSetting } from '../protection/state';
import type { MfaCodeAccepted, MfaCodeRejected, MfaDeviceBound, MfaDeviceUnbound, VirtualMfaBindingStarted } from './events';
import { protectionsLeftByMfa } from './last-device';
import type { MfaDevice } from './state';

export function evolveDeviceBound(state: RegisteredAccount, event: MfaDeviceBound): RegisteredAccount {
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

/** The device goes, and with the last one MFA leaves the protections (see last-device.ts for why this is applied here too). */
export function evolveDeviceUnbound(state: RegisteredAccount, event: MfaDeviceUnbound): RegisteredAccount {
  const mfaDevices = state.mfaDevices.filter((m) => m.deviceId !== event.data.deviceId);
  const protection: Record<ProtectionKind, ProtectionSetting> = { ...state.protection };
  for (const kind of protectionsLeftByMfa(state, mfaDevices.length)) protection[kind] = NO_PROTECTION[kind];
  return { ...state, mfaDevices, protection };
}

export function evolveBindingStarted(state: RegisteredAccount, event: VirtualMfaBindingStarted): RegisteredAccount {
  const d = event.data;
  return { ...state, pendingMfa: { deviceId: d.deviceId, secret: d.secret, expiresAt: d.expiresAt, failures: 0 } };
}

export function evolveCodeAccepted(state: RegisteredAccount, event: MfaCodeAccepted): RegisteredAccount {
  const d = event.data;
  return { ...state, mfaDevices: state.mfaDevices.map((m) => (m.deviceId === d.deviceId ? { ...m, lastUsedStep: Math.max(m.lastUsedStep, d.timeStep), failures: 0, lockedUntil: null } : m)) };
}

export function evolveCodeRejected(state: RegisteredAccount, event: MfaCodeRejected): RegisteredAccount {
  const d = event.data;
  if (state.pendingMfa?.deviceId === d.deviceId) {
    // Too many wrong codes while binding: the binding has to start again.
    return { ...state, pendingMfa: d.lockedUntil ? null : { ...state.pendingMfa, failures: d.failures } };
  }
  return { ...state, mfaDevices: state.mfaDevices.map((m) => (m.deviceId === d.deviceId ? { ...m, failures: d.failures, lockedUntil: d.lockedUntil } : m)) };
}
