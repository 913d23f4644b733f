import { type DomainError, domainError } from '@acc/kernel';

/** CRED-1 password policy; each broken rule has its own code. */
export function checkPasswordPolicy(password: string): DomainError | undefined {
  const v = (code: string, message: string) => domainError('validation', code, message);
  if ([...password].length < 8) return v('PASSWORD_TOO_SHORT', 'the password must have at least 8 characters');
  if ([...password].length > 20) return v('PASSWORD_TOO_LONG', 'the password must have at most 20 characters');
  if (/\s/.test(password)) return v('PASSWORD_HAS_WHITESPACE', 'the password must not contain spaces');
  if (!/^[\x21-\x7e]+$/.test(password)) return v('PASSWORD_INVALID_CHARACTER', 'the password may only use printable ASCII characters');
  if (!/[A-Z]/.test(password)) return v('PASSWORD_NEEDS_UPPERCASE', 'the password needs an upper-case letter');
  if (!/[a-z]/.test(password)) return v('PASSWORD_NEEDS_LOWERCASE', 'the password needs a lower-case letter');
  if (!/\d/.test(password)) return v('PASSWORD_NEEDS_DIGIT', 'the password needs a digit');
  if (!/[!-/:-@[-`{-~]/.test(password)) return v('PASSWORD_NEEDS_PUNCTUATION', 'the password needs a punctuation mark');
  return undefined;
}
