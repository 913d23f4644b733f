import { accountRegistered, accountSpec as spec, foldAccount, identityVerified, T0 as t0, UIN as uin, weChatScanConfirmed, weChatScanRequested } from '../testing/builders';

const now = '2026-03-01T08:01:00.000Z';
const byEmail = [accountRegistered()];
const byWeChat = [accountRegistered({ method: 'wechat', identityRef: 'ref-wx' })];
const requested = weChatScanRequested({ challengeHash: 'ch', requestedAt: t0, expiresAt: '2026-03-01T08:05:00.000Z' });
const confirmed = weChatScanConfirmed({ challengeHash: 'ch', confirmedAt: now });

describe('identity verification (SEC-1)', () => {
  it('records a grant valid for the given time', () => {
    spec
      .given(byEmail)
      .when({ type: 'RecordIdentityVerification', data: { grantId: 'g1', method: 'sms', validForSeconds: 600, now } })
      .then([{ type: 'IdentityVerified', data: { accountId: uin, grantId: 'g1', method: 'sms', verifiedAt: now, expiresAt: '2026-03-01T08:11:00.000Z' } }]);
  });

  it('keeps the newest five grants', () => {
    const grants = Array.from({ length: 7 }, (_, i) => identityVerified({ grantId: `g${i}` }));
    const state = foldAccount([...byEmail, ...grants]);
    expect(state.status !== 'none' && state.idvGrants.map((g) => g.grantId)).toEqual(['g2', 'g3', 'g4', 'g5', 'g6']);
  });

  it('needs an account', () => {
    spec.given([]).when({ type: 'RecordIdentityVerification', data: { grantId: 'g1', method: 'sms', validForSeconds: 600, now } }).thenFails('ACCOUNT_NOT_FOUND', 'not_found');
  });
});

describe('WeChat-scan verification (SEC-1)', () => {
  it('shows a challenge only to an account with a bound WeChat', () => {
    spec
      .given(byWeChat)
      .when({ type: 'RequestWeChatScan', data: { challengeHash: 'ch', ttlSeconds: 300, now: t0 } })
      .then([requested]);
    spec.given(byEmail).when({ type: 'RequestWeChatScan', data: { challengeHash: 'ch', ttlSeconds: 300, now: t0 } }).thenFails('WECHAT_NOT_BOUND', 'rule');
  });

  it('accepts the scan of the bound WeChat only, once, before the challenge expires', () => {
    const confirm = (identityRef: string, at = now) => ({ type: 'ConfirmWeChatScan' as const, data: { challengeHash: 'ch', identityRef, now: at } });
    spec.given([...byWeChat, requested]).when(confirm('ref-wx')).then([confirmed]);
    spec.given([...byWeChat, requested]).when(confirm('ref-other')).thenFails('WECHAT_SCAN_WRONG_IDENTITY', 'forbidden');
    spec.given([...byWeChat, requested, confirmed]).when(confirm('ref-wx')).thenFails('WECHAT_SCAN_INVALID');
    spec.given([...byWeChat, requested]).when(confirm('ref-wx', '2026-03-01T08:05:00.000Z')).thenFails('WECHAT_SCAN_INVALID');
    spec.given(byWeChat).when(confirm('ref-wx')).thenFails('WECHAT_SCAN_INVALID');
  });

  it('turns a confirmed scan into one grant, and spends the scan', () => {
    const complete = { type: 'CompleteWeChatScanVerification' as const, data: { challengeHash: 'ch', grantId: 'g1', validForSeconds: 600, now } };
    const granted = identityVerified({ grantId: 'g1', method: 'wechat_scan', verifiedAt: now, expiresAt: '2026-03-01T08:11:00.000Z' });
    spec.given([...byWeChat, requested, confirmed]).when(complete).then([granted]);
    spec.given([...byWeChat, requested]).when(complete).thenFails('WECHAT_SCAN_PENDING');
    spec.given([...byWeChat, requested, confirmed, granted]).when(complete).thenFails('WECHAT_SCAN_INVALID');
    const state = foldAccount([...byWeChat, requested, confirmed, granted]);
    expect(state.status !== 'none' && state.wechatScans).toEqual([]);
  });
});
