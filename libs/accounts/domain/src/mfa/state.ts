export const MFA_MAX_FAILURES = 5;
export const MFA_LOCK_MINUTES = 15;
export const MFA_BINDING_MINUTES = 10;

export interface MfaDevice {
  readonly kind: 'virtual' | 'hardware';
  readonly deviceId: string;
  readonly boundThroughRef: string | null;
  readonly secret: string | null;
  readonly serial: string | null;
  /** Newest time step accepted: codes of this step or older are refused (no replay). */
  readonly lastUsedStep: number;
  readonly failures: number;
  readonly lockedUntil: string | null;
}

export interface PendingMfaBinding {
  readonly deviceId: string;
  readonly secret: string;
  readonly expiresAt: string;
  readonly failures: number;
}
