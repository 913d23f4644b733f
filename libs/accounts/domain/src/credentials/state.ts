export const PASSWORD_HISTORY = 3;
export const PASSWORD_MAX_AGE_DAYS = 90;
export const OPERATION_VERIFICATION_MINUTES = 30;
export const SESSION_IDLE_MINUTES = { min: 15, max: 720, default: 120 } as const;
export const SESSION_MAX_HOURS = { min: 1, max: 48, default: 48 } as const;

export interface PasswordState {
  readonly hash: string;
  readonly changedAt: string;
  /** Hashes of the current and previous passwords, newest first (at most PASSWORD_HISTORY). */
  readonly recent: readonly string[];
}

export function withNewPassword(current: PasswordState | null, hash: string, at: string): PasswordState {
  return { hash, changedAt: at, recent: [hash, ...(current?.recent ?? [])].slice(0, PASSWORD_HISTORY) };
}
