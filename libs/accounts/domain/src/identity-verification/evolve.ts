import type { RegisteredAccount } from '../account-state';
import type { IdentityVerified, WeChatScanConfirmed, WeChatScanRequested } from './events';

export function evolveVerified(state: RegisteredAccount, event: IdentityVerified): RegisteredAccount {
  const d = event.data;
  // A scan that produced a grant is spent.
  const wechatScans = d.method === 'wechat_scan' ? state.wechatScans.filter((x) => !x.confirmed) : state.wechatScans;
  return { ...state, wechatScans, idvGrants: [...state.idvGrants.slice(-4), { grantId: d.grantId, method: d.method, expiresAt: d.expiresAt }] };
}

export const evolveScanRequested = (state: RegisteredAccount, event: WeChatScanRequested): RegisteredAccount => ({
  ...state,
  wechatScans: [...state.wechatScans.slice(-4), { challengeHash: event.data.challengeHash, expiresAt: event.data.expiresAt, confirmed: false }],
});

export const evolveScanConfirmed = (state: RegisteredAccount, event: WeChatScanConfirmed): RegisteredAccount => ({
  ...state,
  wechatScans: state.wechatScans.map((x) => (x.challengeHash === event.data.challengeHash ? { ...x, confirmed: true } : x)),
});
