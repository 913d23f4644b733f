import { accept, type Decision, domainError, ms, plusSeconds, reject } from '@acc/kernel';
import type { AccountEvent } from '../account';
import type { RegisteredAccount } from '../account-state';
import { hasWeChat, wechatNotBound } from '../rules';
import type { CompleteWeChatScanVerification, ConfirmWeChatScan, RecordIdentityVerification, RequestWeChatScan } from './commands';
import type { IdentityVerified, IdvMethod } from './events';

/** Identity verification (SEC-1): grants for sensitive changes, and the WeChat-scan way of earning one. */

function verified(state: RegisteredAccount, grant: { grantId: string; validForSeconds: number; now: string }, method: IdvMethod): IdentityVerified {
  return { type: 'IdentityVerified', data: { accountId: state.accountId, grantId: grant.grantId, method, verifiedAt: grant.now, expiresAt: plusSeconds(grant.now, grant.validForSeconds) } };
}

const scanInvalid = () => domainError('rule', 'WECHAT_SCAN_INVALID', 'this scan challenge is unknown, used or expired');

export const decideRecordVerification = (command: RecordIdentityVerification, state: RegisteredAccount): Decision<AccountEvent> =>
  accept(verified(state, command.data, command.data.method));

export function decideRequestScan(command: RequestWeChatScan, state: RegisteredAccount): Decision<AccountEvent> {
  const c = command.data;
  if (!hasWeChat(state)) return reject(wechatNotBound());
  return accept({ type: 'WeChatScanRequested', data: { accountId: state.accountId, challengeHash: c.challengeHash, requestedAt: c.now, expiresAt: plusSeconds(c.now, c.ttlSeconds) } });
}

export function decideConfirmScan(command: ConfirmWeChatScan, state: RegisteredAccount): Decision<AccountEvent> {
  const c = command.data;
  const scan = state.wechatScans.find((x) => x.challengeHash === c.challengeHash);
  if (!scan || scan.confirmed || ms(c.now) >= ms(scan.expiresAt)) return reject(scanInvalid());
  const wechat = state.loginMethods.find((m) => m.type === 'wechat');
  if (!wechat || wechat.identityRef !== c.identityRef) return reject(domainError('forbidden', 'WECHAT_SCAN_WRONG_IDENTITY', 'the WeChat that scanned is not the one bound to this account'));
  return accept({ type: 'WeChatScanConfirmed', data: { accountId: state.accountId, challengeHash: c.challengeHash, confirmedAt: c.now } });
}

export function decideCompleteScan(command: CompleteWeChatScanVerification, state: RegisteredAccount): Decision<AccountEvent> {
  const c = command.data;
  const scan = state.wechatScans.find((x) => x.challengeHash === c.challengeHash);
  if (!scan || ms(c.now) >= ms(scan.expiresAt)) return reject(scanInvalid());
  if (!scan.confirmed) return reject(domainError('rule', 'WECHAT_SCAN_PENDING', 'the QR code has not been scanned and confirmed yet'));
  return accept(verified(state, c, 'wechat_scan'));
}
