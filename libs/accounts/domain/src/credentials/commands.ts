/**
 * Hashing and comparing passwords happen outside the domain: commands carry the new hash
 * and the results of comparing the candidate with the current and recent hashes.
 */
export type ChangePassword = {
  type: 'ChangePassword';
  data: {
    /** Result of checking the old password given against the current hash. */
    oldPasswordMatches: boolean;
    /** Result of checking the new password against the current and the last passwords. */
    reusesRecentPassword: boolean;
    newPasswordHash: string;
    now: string;
  };
};
export type RequestPasswordReset = { type: 'RequestPasswordReset'; data: { tokenHash: string; token: string; ttlMinutes: number; now: string } };
export type ResetPassword = {
  type: 'ResetPassword';
  data: { resetTokenHash: string; reusesRecentPassword: boolean; newPasswordHash: string; verificationToken: string; now: string };
};
export type SetSessionPolicy = { type: 'SetSessionPolicy'; data: { idleMinutes: number; maxHours: number; verificationToken: string; now: string } };
export type RecordOperationVerification = { type: 'RecordOperationVerification'; data: { method: 'mfa' | 'sms' | 'wechat_scan'; now: string } };
export type CredentialCommand = ChangePassword | RequestPasswordReset | ResetPassword | SetSessionPolicy | RecordOperationVerification;
