import type { HistoryEntry } from '@acc/analysis';
import { laneOf } from './categories';
import { renderTimeline } from './render';

const entry = (position: number, type: string, data: Record<string, unknown> = {}): HistoryEntry => ({
  position,
  streamId: 'account-1',
  revision: position,
  type,
  time: new Date(Date.UTC(2026, 0, 1, 0, position)).toISOString(),
  data: { accountId: '1', ...data },
  metadata: { team: 'billing', endUser: null, sourceIp: null, correlationId: 'c', causationId: 'c' },
});

describe('the account timeline page', () => {
  it('puts every kind of event in its lane', () => {
    expect(
      ['AccountRegistered', 'LoginMethodBound', 'LoginSucceeded', 'ProtectionChanged', 'MfaDeviceBound', 'UnusualLoginDetected', 'AccountLocked', 'DeregistrationRequested', 'AccountDeregistered', 'NicknameChanged'].map(laneOf),
    ).toEqual(['registration', 'registration', 'login', 'protection', 'protection', 'alert', 'alert', 'deregistration', 'deregistration', 'other']);
  });

  it('labels from harmless fields only and escapes what it shows', () => {
    const html = renderTimeline(
      '1',
      [
        entry(1, 'AccountRegistered', { method: 'email', identityMasked: 'a***@example.com' }),
        entry(2, 'MfaDeviceBound', { kind: 'virtual', secret: 'JBSWY3DPEHPK3PXP' }),
        entry(3, 'ProtectionChanged', { protection: 'login', method: 'sms', enabled: true }),
        entry(4, 'LoginSucceeded', { method: 'password', city: '<b>Hangzhou</b>', deviceHash: 'abcdef0123456789' }),
        entry(5, 'AccountDeregistered'),
      ],
      { masked: false, generatedAt: '2026-01-02T00:00:00.000Z' },
    );
    expect(html).toContain('email, a***@example.com');
    expect(html).toContain('login, sms, on');
    expect(html).toContain('password, from &lt;b&gt;Hangzhou&lt;/b&gt;, device abcdef01');
    expect(html).not.toContain('JBSWY3DPEHPK3PXP');
    expect(html).toContain('Deregistration');
    expect((html.match(/<circle /g) ?? []).length).toBe(5);
  });
});
