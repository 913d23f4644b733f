export type PasswordChanged = {
  type: 'PasswordChanged';
  data: { accountId: string; passwordHash: string; reason: 'changed' | 'reset'; changedAt: string };
};
export type SessionPolicyChanged = { type: 'SessionPolicyChanged'; data: { accountId: string; idleMinutes: number; maxHours: number; changedAt: string } };
export type OperationVerified = { type: 'OperationVerified'; data: { accountId: string; method: 'mfa' | 'sms' | 'wechat_scan'; verifiedAt: string; validUntil: string } };
/** CRED-2: a single-use, expiring reset token went to the login email (only its hash is state). */
export type PasswordResetRequested = {
  type: 'PasswordResetRequested';
  data: { accountId: string; tokenHash: string; expiresAt: string; requestedAt: string; delivery: { address: string; token: string } };
};
export type CredentialEvent = PasswordChanged | SessionPolicyChanged | OperationVerified | PasswordResetRequested;
