import type { IdvMethod } from './events';

export type RecordIdentityVerification = { type: 'RecordIdentityVerification'; data: { grantId: string; method: IdvMethod; validForSeconds: number; now: string } };
export type RequestWeChatScan = { type: 'RequestWeChatScan'; data: { challengeHash: string; ttlSeconds: number; now: string } };
/** From the WeChat gateway: `identityRef` is the keyed hash of the WeChat identity that scanned. */
export type ConfirmWeChatScan = { type: 'ConfirmWeChatScan'; data: { challengeHash: string; identityRef: string; now: string } };
/** Turns a confirmed scan into an identity-verification grant (once). */
export type CompleteWeChatScanVerification = { type: 'CompleteWeChatScanVerification'; data: { challengeHash: string; grantId: string; validForSeconds: number; now: string } };

export type IdentityVerificationCommand = RecordIdentityVerification | RequestWeChatScan | ConfirmWeChatScan | CompleteWeChatScanVerification;
