import type { MfaPurpose } from './commands';

/** MFA devices (SEC-2, SEC-3). `boundThroughRef`: the login identity the device was bound through (e.g. an authenticator inside WeChat). */
export type MfaDeviceBound = {
  type: 'MfaDeviceBound';
  data: {
    accountId: string;
    kind: 'virtual' | 'hardware';
    deviceId: string;
    /** Virtual MFA: the TOTP secret (a secret: encrypted at rest, never in a read model). */
    secret: string | null;
    /** Hardware MFA: the device's serial number. */
    serial: string | null;
    boundThroughRef: string | null;
    /** The time step of the code that confirmed the binding (it cannot be used again). */
    lastUsedStep: number;
    boundAt: string;
  };
};
export type MfaDeviceUnbound = { type: 'MfaDeviceUnbound'; data: { accountId: string; kind: 'virtual' | 'hardware'; deviceId: string; unboundAt: string } };

export type VirtualMfaBindingStarted = {
  type: 'VirtualMfaBindingStarted';
  data: { accountId: string; deviceId: string; secret: string; startedAt: string; expiresAt: string };
};
export type MfaCodeAccepted = { type: 'MfaCodeAccepted'; data: { accountId: string; deviceId: string; timeStep: number; purpose: MfaPurpose; at: string } };
export type MfaCodeRejected = {
  type: 'MfaCodeRejected';
  data: { accountId: string; deviceId: string; failures: number; lockedUntil: string | null; purpose: MfaPurpose; at: string };
};
/** The binding steps and code checks. */
export type MfaEvent = VirtualMfaBindingStarted | MfaCodeAccepted | MfaCodeRejected;
/** Every event of the MFA slice. */
export type MfaSliceEvent = MfaDeviceBound | MfaDeviceUnbound | MfaEvent;
