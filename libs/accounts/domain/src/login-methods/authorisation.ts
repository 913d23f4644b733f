import { accept, type Decision, type DomainError, domainError, reject } from '@acc/kernel';
import type { AccountEvent } from '../account';
import type { RegisteredAccount } from '../account-state';
import type { LoginMethodType } from '../model';
import { identityRules } from '../rules';
import type { MarkLoginMethodStale, ProviderAuthorisation, ReauthoriseLoginMethod } from './commands';

/**
 * LM-6: the provider may revoke an Official Account's authorisation without telling us. The
 * binding then goes stale (it stays bound, but cannot log in) until a fresh assertion for the
 * same identity re-authorises it, or it is unbound.
 */

/** Only Official Account grants are revoked on the provider's side (the other providers log in afresh each time). */
const REVOCABLE: readonly LoginMethodType[] = ['official_account'];

const notRevocable = (method: LoginMethodType) =>
  domainError('rule', 'AUTHORISATION_REVOCATION_NOT_SUPPORTED', `a ${method} login method has no provider authorisation that can go stale; only Official Account bindings do`, { method });

const notBound = (method: LoginMethodType) => domainError('not_found', 'LOGIN_METHOD_NOT_BOUND', `no ${method} login method is bound`);

/** What a login through a stale binding, and the LM-5 table, tell the caller to do. */
export const REAUTHORISE_ACTION = 're_authorise' as const;

/** The grant presented is itself revoked: re-authorising (or binding) with it would restore nothing. */
export const authorisationStillRevoked = () =>
  domainError('rule', 'OFFICIAL_ACCOUNT_AUTHORISATION_REVOKED', 'the provider reports this Official Account\u2019s authorisation as revoked; authorise again on the platform, then retry with the new assertion');

/** Guard for anything presenting a provider grant: a revoked one is refused. */
export function checkAuthorisation(authorisation: ProviderAuthorisation | undefined): DomainError | undefined {
  return authorisation === 'revoked' ? authorisationStillRevoked() : undefined;
}

export function decideMarkStale(command: MarkLoginMethodStale, state: RegisteredAccount): Decision<AccountEvent> {
  const c = command.data;
  if (!REVOCABLE.includes(c.method)) return reject(notRevocable(c.method));
  const current = state.loginMethods.find((m) => m.type === c.method && m.identityRef === c.identityRef);
  if (!current) return reject(notBound(c.method));
  // Notices and detections may repeat: an already stale binding stays as it is.
  if (current.staleSince) return accept();
  return accept({
    type: 'LoginMethodMarkedStale',
    data: { accountId: state.accountId, method: current.type, identityRef: current.identityRef, identityMasked: current.masked, reason: c.reason, markedAt: c.now },
  });
}

function reauthorisationRefusal(command: ReauthoriseLoginMethod, state: RegisteredAccount): DomainError | undefined {
  const c = command.data;
  const method = c.identity.type;
  if (!REVOCABLE.includes(method)) return notRevocable(method);
  const current = state.loginMethods.find((m) => m.type === method);
  if (!current) return notBound(method);
  if (current.identityRef !== c.identity.ref) {
    return domainError('rule', 'REAUTHORISATION_IDENTITY_MISMATCH', 'the assertion is for another Official Account than the one bound; only the bound one can be re-authorised');
  }
  const refused = checkAuthorisation(c.authorisation) ?? identityRules({ identity: c.identity, withPassword: false, permissions: c.permissions });
  if (refused) return refused;
  if (!current.staleSince) return domainError('conflict', 'LOGIN_METHOD_NOT_STALE', `the ${method} login method is not stale; there is nothing to re-authorise`);
  return undefined;
}

export function decideReauthorise(command: ReauthoriseLoginMethod, state: RegisteredAccount): Decision<AccountEvent> {
  const refused = reauthorisationRefusal(command, state);
  if (refused) return reject(refused);
  const c = command.data;
  const current = state.loginMethods.find((m) => m.type === c.identity.type);
  if (!current?.staleSince) return accept();
  return accept({
    type: 'LoginMethodReauthorised',
    data: { accountId: state.accountId, method: current.type, identityRef: current.identityRef, identityMasked: current.masked, staleSince: current.staleSince, reauthorisedAt: c.now },
  });
}
