import { isUin } from '@acc/accounts-domain';
import { domainError, DomainErrorException } from '@acc/kernel';

/** The `:accountId` path parameter: a 12-digit UIN, else 400 INVALID_ACCOUNT_ID. */
export function accountId(raw: string): string {
  if (!isUin(raw)) throw new DomainErrorException(domainError('validation', 'INVALID_ACCOUNT_ID', 'an account id is a 12-digit UIN'));
  return raw;
}
