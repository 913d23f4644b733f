import { type DomainError, domainError, ms } from '@acc/kernel';
import type { RegisteredAccount } from '../account-state';
import { requireActive } from '../rules';
import type { VerifyRealName } from './commands';
import { type RealNameState, subjectRefs } from './model';

const DAY_MS = 86_400_000;

/** What a verification is checked on: the asserted subject, the deployment's rules and the time. */
export type RealNameCheck = VerifyRealName['data'];

/** When the account may change its subject again (REG-5: at most once per interval), or null when it has none. */
export function nextSubjectChangeAt(realName: RealNameState | null, intervalDays: number): string | null {
  return realName ? new Date(ms(realName.verifiedAt) + intervalDays * DAY_MS).toISOString() : null;
}

function checkSubject(input: RealNameCheck): DomainError | undefined {
  if (input.subject.kind === 'personal') {
    return input.legalPerson ? domainError('validation', 'LEGAL_PERSON_NOT_ALLOWED', 'only an enterprise subject has a legal person') : undefined;
  }
  const min = input.policy.enterpriseNameMinLength;
  // Characters, not UTF-16 units: most enterprise names are Chinese.
  if ([...input.subject.name.trim()].length < min) {
    return domainError('rule', 'ENTERPRISE_NAME_TOO_SHORT', `an enterprise name has at least ${min} characters`, { minLength: min });
  }
  return input.legalPerson ? undefined : domainError('validation', 'LEGAL_PERSON_REQUIRED', 'an enterprise subject needs its legal person');
}

function checkChange(current: RealNameState, input: RealNameCheck): DomainError | undefined {
  const before = subjectRefs(current);
  const after = subjectRefs(input);
  if (before.kind === after.kind && before.ref === after.ref && before.legalPersonRef === after.legalPersonRef) {
    return domainError('conflict', 'REAL_NAME_SAME_SUBJECT', 'the account is already verified with this subject');
  }
  // Upgrading a personal verification to an enterprise one is never held back (RN-1).
  if (before.kind === 'personal' && after.kind === 'enterprise') return undefined;
  const allowedFrom = nextSubjectChangeAt(current, input.policy.changeIntervalDays) as string;
  if (ms(input.now) < ms(allowedFrom)) {
    return domainError('rule', 'REAL_NAME_CHANGE_TOO_SOON', `the subject can change once every ${input.policy.changeIntervalDays} days`, { allowedFrom });
  }
  return undefined;
}

/**
 * RN-1 and the REG-5 rules of a verification, on the account alone (the quotas are the identity
 * streams'): an active account, a well-formed subject, an enterprise name long enough, and for a
 * change a different subject, not sooner than the interval unless personal → enterprise.
 * The use case calls it before it takes quota units; `decideVerify` calls it too.
 */
export function checkRealNameVerification(state: RegisteredAccount, input: RealNameCheck): DomainError | undefined {
  return requireActive(state) ?? checkSubject(input) ?? (state.realName ? checkChange(state.realName, input) : undefined);
}
