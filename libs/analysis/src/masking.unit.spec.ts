import { ERASED } from '@acc/crypto';
import { MASKED, maskPersonalData, REDACTED, redactSecrets } from './masking';

describe('masking of personal data in the history', () => {
  it('masks the fields the schema declares, at any depth and in arrays, and nothing else', () => {
    const data = { accountId: '100000000001', identity: { type: 'email', externalId: 'a@example.com' }, nickname: 'Ann', names: ['x', 'y'], rows: [{ ip: '1.2.3.4', at: 't' }] };
    const masked = maskPersonalData(data, ['identity.externalId', 'nickname', 'names.*', 'rows.*.ip']);
    expect(masked).toEqual({ accountId: '100000000001', identity: { type: 'email', externalId: MASKED }, nickname: MASKED, names: [MASKED, MASKED], rows: [{ ip: MASKED, at: 't' }] });
    expect(data.nickname).toBe('Ann'); // a copy, the decoded event is untouched
  });

  it('masks a whole object the schema declares as one field', () => {
    expect(maskPersonalData({ delivery: { address: 'a@example.com', code: '123456' } }, ['delivery'])).toEqual({ delivery: MASKED });
  });

  it('keeps erased values erased, and absent or null fields as they are', () => {
    expect(maskPersonalData({ phone: ERASED, previousPhone: null }, ['phone', 'previousPhone', 'missing', 'missing.deeper'])).toEqual({ phone: ERASED, previousPhone: null });
  });

  it('redacts credentials even in plain text, at any depth', () => {
    const plain = { passwordHash: 'scrypt$…', delivery: { address: 'a@example.com', code: '123456' }, devices: [{ secret: 'JBSWY3DP', serial: 'S1' }], tokenHash: 'h', erased: { secret: ERASED } };
    expect(redactSecrets(plain)).toEqual({ passwordHash: REDACTED, delivery: { address: 'a@example.com', code: REDACTED }, devices: [{ secret: REDACTED, serial: 'S1' }], tokenHash: 'h', erased: { secret: ERASED } });
  });
});
