import type { HistoryEntry } from '@acc/analysis';

/** The lanes of the timeline, top to bottom. */
export const LANES = [
  { id: 'registration', title: 'Registration & bindings', color: '#2b7bb9' },
  { id: 'login', title: 'Logins', color: '#3a9d5d' },
  { id: 'protection', title: 'Protection & MFA', color: '#8a5cc7' },
  { id: 'alert', title: 'Alerts', color: '#d9822b' },
  { id: 'deregistration', title: 'Deregistration', color: '#c23b3b' },
  { id: 'other', title: 'Other', color: '#8a8f98' },
] as const;

export type LaneId = (typeof LANES)[number]['id'];

const BY_TYPE: Readonly<Record<string, LaneId>> = {
  AccountRegistered: 'registration',
  RegistrationCompleted: 'registration',
  LoginMethodBound: 'registration',
  LoginMethodReplaced: 'registration',
  LoginMethodUnbound: 'registration',
  RegistrationMethodUnbound: 'registration',
  IdentityVerified: 'registration',
  RealNameVerified: 'registration',
  LoginSucceeded: 'login',
  LoginFailed: 'login',
  LoginChallengeIssued: 'login',
  LoginChallengePassed: 'login',
  DeviceTrusted: 'login',
  SessionIssued: 'login',
  ProtectionChanged: 'protection',
  SessionPolicyChanged: 'protection',
  PasswordChanged: 'protection',
  SecurityPhoneChanged: 'protection',
  SecurityEmailChanged: 'protection',
  VirtualMfaBindingStarted: 'protection',
  MfaDeviceBound: 'protection',
  MfaDeviceUnbound: 'protection',
  UnusualLoginDetected: 'alert',
  AccountLocked: 'alert',
  MfaCodeRejected: 'alert',
  AccountCoolingOffStarted: 'deregistration',
  AccountRestored: 'deregistration',
  AccountDeregistered: 'deregistration',
  AccountDataErased: 'deregistration',
};

export function laneOf(type: string): LaneId {
  return BY_TYPE[type] ?? (type.startsWith('Deregistration') ? 'deregistration' : 'other');
}

/**
 * A short label from a fixed list of harmless fields: never the whole data, which can hold
 * secrets (an MFA seed) once unmasked. Cities stay `***` unless the history was read unmasked.
 */
const LABEL_FIELDS: readonly [string, (v: unknown) => string][] = [
  ['protection', (v) => String(v)],
  ['method', (v) => String(v)],
  ['kind', (v) => String(v)],
  ['enabled', (v) => (v ? 'on' : 'off')],
  ['identityMasked', (v) => String(v)],
  ['city', (v) => `from ${String(v)}`],
  ['deviceHash', (v) => `device ${String(v).slice(0, 8)}`],
  ['failures', (v) => `${String(v)} failure(s)`],
  ['until', (v) => `until ${String(v)}`],
];

export function labelOf(entry: HistoryEntry): string {
  const parts = LABEL_FIELDS.filter(([field]) => entry.data[field] !== undefined && entry.data[field] !== null).map(([field, show]) => show(entry.data[field]));
  return parts.join(', ');
}
