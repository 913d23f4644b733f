import { DEFAULT_LIMITS, resolveLimits } from './limits';
import { checkPasswordPolicy } from './password-policy';
import { appIdForUin, isUin, uinFromRandom } from './uin';
import { maskEmail, maskPhone, normalizeEmail, normalizePhone } from './validation';

describe('password policy (CRED-1)', () => {
  it.each([
    ['Sh0rt!', 'PASSWORD_TOO_SHORT'],
    ['Abcdefgh1!Abcdefgh1!x', 'PASSWORD_TOO_LONG'],
    ['Abc def1!', 'PASSWORD_HAS_WHITESPACE'],
    ['Abcdéfg1!', 'PASSWORD_INVALID_CHARACTER'],
    ['abcdefg1!', 'PASSWORD_NEEDS_UPPERCASE'],
    ['ABCDEFG1!', 'PASSWORD_NEEDS_LOWERCASE'],
    ['Abcdefgh!', 'PASSWORD_NEEDS_DIGIT'],
    ['Abcdefgh1', 'PASSWORD_NEEDS_PUNCTUATION'],
  ])('refuses %p with %s', (password, code) => {
    expect(checkPasswordPolicy(password)?.code).toBe(code);
  });

  it.each(['Abcdefg1!', 'Zz9~Zz9~', 'Abcdefgh1!Abcdefgh1!'])('accepts %p', (password) => {
    expect(checkPasswordPolicy(password)).toBeUndefined();
  });
});

describe('UIN and APPID (REG-3)', () => {
  it('draws 12-digit UINs from randomness given as input', () => {
    expect(uinFromRandom(0)).toBe('100000000000');
    expect(uinFromRandom(0.999999999999999)).toBe('999999999999');
    for (const r of [0.1, 0.5, 0.77]) expect(isUin(uinFromRandom(r))).toBe(true);
  });

  it('gives each UIN its own stable APPID', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50_000; i++) {
      const appId = appIdForUin(String(100_000_000_000 + i * 17_999));
      expect(appId).toMatch(/^1\d{12}$/);
      seen.add(appId);
    }
    expect(seen.size).toBe(50_000);
    expect(appIdForUin('100012345678')).toBe(appIdForUin('100012345678'));
  });
});

describe('limits table (REG-5)', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_LIMITS.bindingsPerIdentity).toEqual({ wechat: 50, wecom: 20, qq: 1, email: 1, official_account: 1 });
    expect(DEFAULT_LIMITS.accountsPerPhone).toBe(5);
    expect(DEFAULT_LIMITS.registrationsPerIdentity.email).toBe(1);
    expect(DEFAULT_LIMITS.passwordFailuresBeforeLock).toBe(10);
  });

  it('accepts partial overrides from configuration and refuses nonsense', () => {
    const limits = resolveLimits({ accountsPerPhone: 3, bindingsPerIdentity: { wechat: 10 } });
    expect(limits.accountsPerPhone).toBe(3);
    expect(limits.bindingsPerIdentity).toEqual({ ...DEFAULT_LIMITS.bindingsPerIdentity, wechat: 10 });
    expect(() => resolveLimits({ accountsPerPhone: -1 })).toThrow();
    expect(() => resolveLimits({ nonsense: 1 })).toThrow('unknown limit');
    expect(() => resolveLimits({ bindingsPerIdentity: { fax: 1 } })).toThrow('unknown login method');
  });
});

describe('identity normalisation', () => {
  it('normalises and masks emails and phones', () => {
    expect(normalizeEmail('  Alice@Example.COM ')).toBe('alice@example.com');
    expect(normalizeEmail('not-an-email')).toBeUndefined();
    expect(normalizePhone('13800138000')).toBe('+8613800138000');
    expect(normalizePhone('+14155550123')).toBe('+14155550123');
    expect(normalizePhone('12345')).toBeUndefined();
    expect(maskEmail('alice@example.com')).toBe('al***@example.com');
    expect(maskPhone('+8613800138000')).toBe('+86138****8000');
  });
});
