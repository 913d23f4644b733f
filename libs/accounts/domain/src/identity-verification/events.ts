/** `recovery`: granted by an approved recovery case (REC-2, REC-3) for its own changes only. */
export type IdvMethod = 'sms' | 'email' | 'mfa' | 'wechat_scan' | 'recovery';

/** A successful identity verification (SEC-1): a grant, valid until `expiresAt`, for sensitive changes. */
export type IdentityVerified = {
  type: 'IdentityVerified';
  data: { accountId: string; grantId: string; method: IdvMethod; verifiedAt: string; expiresAt: string };
};

/** SEC-1 WeChat-scan confirmation: a challenge shown as a QR code; the WeChat gateway reports the scan. */
export type WeChatScanRequested = { type: 'WeChatScanRequested'; data: { accountId: string; challengeHash: string; requestedAt: string; expiresAt: string } };
export type WeChatScanConfirmed = { type: 'WeChatScanConfirmed'; data: { accountId: string; challengeHash: string; confirmedAt: string } };

export type IdentityVerificationEvent = IdentityVerified | WeChatScanRequested | WeChatScanConfirmed;
