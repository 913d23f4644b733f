import { type DomainError, domainError, DomainErrorException } from '@acc/kernel';
import type { AccountDirectory, LoginAccountView } from './ports';

/** Throws a domain refusal (the HTTP layer maps it). */
export const fail = (error: DomainError): never => {
  throw new DomainErrorException(error);
};

/** The account's view, or ACCOUNT_NOT_FOUND (the same refusal as the accounts context's own). */
export async function requireAccount(accounts: AccountDirectory, accountId: string): Promise<LoginAccountView> {
  return (await accounts.find(accountId)) ?? fail(domainError('not_found', 'ACCOUNT_NOT_FOUND', 'no such account'));
}
