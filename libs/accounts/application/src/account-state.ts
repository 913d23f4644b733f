import type { AccountState, RegisteredAccount } from '@acc/accounts-domain';
import { type DomainError, domainError, DomainErrorException } from '@acc/kernel';

export const fail = (error: DomainError): never => {
  throw new DomainErrorException(error);
};

export function requireAccount(state: AccountState): RegisteredAccount {
  if (state.status === 'none') return fail(domainError('not_found', 'ACCOUNT_NOT_FOUND', 'no such account'));
  return state;
}

/** Tokens are hashed once, where they enter (the platform's one hash of caller-held secrets). */
export { tokenHash } from '@acc/application';

/** `prefix` followed by four random base-36 words: tokens and challenge ids handed out once. */
export function randomToken(prefix: string, random: { next(): number }): string {
  return `${prefix}${Array.from({ length: 4 }, () => Math.floor(random.next() * 2 ** 32).toString(36)).join('')}`;
}
