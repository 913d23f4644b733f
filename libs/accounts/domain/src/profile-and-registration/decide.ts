import { accept, type Decision, type DomainError, domainError, reject } from '@acc/kernel';
import type { AccountEvent } from '../account';
import type { AccountState, RegisteredAccount } from '../account-state';
import { type Industry, isIndustry } from '../model';
import { checkRegistered, type IdentityAttachment, identityFields, identityRules, phoneFields } from '../rules';
import { appIdForUin, isUin } from '../uin';
import { validNickname } from '../validation';
import type { ChangeIndustry, ChangeNickname, CompleteRegistration, RegisterAccount } from './commands';

const invalidIndustry = () => domainError('validation', 'INVALID_INDUSTRY', 'unknown industry');
const invalidNickname = () => domainError('validation', 'INVALID_NICKNAME', 'a nickname has 1 to 32 characters');

function defaultNickname(uin: string): string {
  return `user_${uin.slice(-6)}`;
}

/** What a registration is checked on before its UIN is drawn or its password hashed. */
export interface RegistrationCheck extends IdentityAttachment {
  readonly nickname?: string;
  readonly industry?: string;
}

/** Guard: the registration rules (REG-1, REG-4) that do not depend on the UIN or the account. */
export function checkRegistration(input: RegistrationCheck): DomainError | undefined {
  const broken = identityRules(input);
  if (broken) return broken;
  if (input.industry !== undefined && !isIndustry(input.industry)) return invalidIndustry();
  if (input.nickname !== undefined && !validNickname(input.nickname)) return invalidNickname();
  return undefined;
}

export function decideRegister(command: RegisterAccount, state: AccountState): Decision<AccountEvent> {
  const c = command.data;
  if (state.status !== 'none') return reject(domainError('conflict', 'ACCOUNT_ALREADY_EXISTS', 'an account with this UIN already exists'));
  if (!isUin(c.uin)) return reject(domainError('validation', 'INVALID_UIN', 'the UIN must be a 12-digit number'));
  const refused = checkRegistration({ ...c, withPassword: Boolean(c.passwordHash) });
  if (refused) return reject(refused);
  return accept({
    type: 'AccountRegistered',
    data: {
      accountId: c.uin,
      uin: c.uin,
      appId: appIdForUin(c.uin),
      method: c.identity.type,
      ...identityFields(c.identity),
      nickname: c.nickname?.trim() ?? defaultNickname(c.uin),
      industry: (c.industry as Industry | undefined) ?? null,
      passwordHash: c.passwordHash ?? null,
      // REG-2: a third-party registration is completed at first login with a phone and an industry.
      status: c.identity.type === 'email' ? 'active' : 'pending_completion',
      registeredAt: c.now,
    },
  });
}

/** Guard: whether this account can complete its registration with this industry (REG-2). */
export function checkRegistrationCompletion(state: AccountState, input: { readonly industry: string }): DomainError | undefined {
  return checkRegistered(state, (account) => {
    if (account.status !== 'pending_completion') return domainError('conflict', 'REGISTRATION_ALREADY_COMPLETED', 'the registration of this account is already complete');
    return isIndustry(input.industry) ? undefined : invalidIndustry();
  });
}

export function decideCompleteRegistration(command: CompleteRegistration, state: RegisteredAccount): Decision<AccountEvent> {
  const c = command.data;
  const refused = checkRegistrationCompletion(state, c);
  if (refused) return reject(refused);
  return accept({
    type: 'RegistrationCompleted',
    data: {
      accountId: state.accountId,
      ...phoneFields(c.phone),
      contactEmail: c.contactEmail ?? null,
      industry: c.industry as Industry,
      completedAt: c.now,
    },
  });
}

export function decideChangeNickname(command: ChangeNickname, state: RegisteredAccount): Decision<AccountEvent> {
  if (!validNickname(command.data.nickname)) return reject(invalidNickname());
  const nickname = command.data.nickname.trim();
  if (nickname === state.nickname) return accept();
  return accept({ type: 'NicknameChanged', data: { accountId: state.accountId, nickname, changedAt: command.data.now } });
}

export function decideChangeIndustry(command: ChangeIndustry, state: RegisteredAccount): Decision<AccountEvent> {
  const industry = command.data.industry;
  if (!isIndustry(industry)) return reject(invalidIndustry());
  if (industry === state.industry) return accept();
  return accept({ type: 'IndustryChanged', data: { accountId: state.accountId, industry, previous: state.industry, changedAt: command.data.now } });
}
