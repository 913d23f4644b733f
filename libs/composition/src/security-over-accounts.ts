import type { EventSourcedRepository } from '@acc/application';
import { AccountAggregate, type AccountsService, type LoginMethodsService, type MfaService, tokenHash } from '@acc/accounts-application';
import { ACCOUNT_SERVICE_PERMISSION, type AccountState, normalizeEmail } from '@acc/accounts-domain';
import { domainError, DomainErrorException } from '@acc/kernel';
import type { AccountDirectory, AccountVerifications, LoginAccountView, SessionPolicies } from '@acc/security-application';

/**
 * The security context's ports (libs/security/application/src/ports.ts), implemented over the
 * accounts application. The only place where the two contexts meet: security never imports
 * accounts, accounts never imports security.
 */
export interface SecurityPortsOverAccounts {
  readonly directory: AccountDirectory;
  readonly verifications: AccountVerifications;
  readonly policies: SessionPolicies;
}

export interface SecurityPortsDeps {
  readonly repository: EventSourcedRepository;
  readonly accounts: AccountsService;
  readonly mfa: MfaService;
  /** LM-6: a revocation detected at a login marks the bindings stale. */
  readonly loginMethods: LoginMethodsService;
}

/** The login view of an account state; null for an account that does not exist. */
export function loginAccountView(state: AccountState): LoginAccountView | null {
  if (state.status === 'none') return null;
  return {
    accountId: state.accountId,
    status: state.status,
    passwordHash: state.password?.hash ?? null,
    loginMethods: state.loginMethods.map((m) => ({ type: m.type, ref: m.identityRef, stale: m.staleSince !== undefined })),
    loginProtection: state.protection.login,
    remoteLoginProtection: state.protection.remote_login,
    securityPhone: state.securityPhone && { value: state.securityPhone.value, masked: state.securityPhone.masked },
    securityEmail: state.securityEmail && { value: state.securityEmail.value, masked: state.securityEmail.masked },
    hasMfaDevice: state.mfaDevices.length > 0,
    sessionPolicy: state.sessionPolicy,
  };
}

const reject = (kind: Parameters<typeof domainError>[0], code: string, message: string): never => {
  throw new DomainErrorException(domainError(kind, code, message));
};

function directory({ repository, accounts, loginMethods }: SecurityPortsDeps): AccountDirectory {
  return {
    async find(accountId) {
      return loginAccountView((await repository.load(AccountAggregate, accountId)).state);
    },
    async holders(identity) {
      const { state } = await accounts.claims.load(identity.type, identity.ref);
      return { registered: state.registeredAccounts, bound: state.bindings.map((b) => ({ accountId: b.accountId, confirmed: b.status === 'confirmed' })) };
    },
    emailIdentity(email) {
      const normalized = normalizeEmail(email);
      return normalized ? { type: 'email', ref: accounts.emailIdentity(normalized).ref } : undefined;
    },
    async verifyLoginAssertion(provider, assertion) {
      const claims = await accounts.verifyAssertion(assertion, provider);
      const ref = accounts.providerIdentity(provider, claims.subject).ref;
      // LM-6: a revoked grant is reported before its (withdrawn) permissions are looked at.
      if (claims.authorisation === 'revoked') {
        if (provider === 'official_account') return { type: provider, ref, revoked: true };
        reject('unauthorized', 'PROVIDER_AUTHORISATION_REVOKED', `the ${provider} authorisation was revoked on the provider's side; log in there again`);
      }
      if (provider === 'official_account' && !claims.permissions.includes(ACCOUNT_SERVICE_PERMISSION)) {
        reject('rule', 'OFFICIAL_ACCOUNT_PERMISSION_MISSING', 'the Official Account grant lacks the "account service" permission; grant it on the platform and try again');
      }
      return { type: provider, ref, revoked: false };
    },
    async markAuthorisationRevoked(identity, ctx) {
      await loginMethods.markRevoked(identity.type, identity.ref, 'revoked_at_use', ctx);
    },
  };
}

function verifications({ repository, accounts, mfa }: SecurityPortsDeps): AccountVerifications {
  return {
    async checkMfaCode(accountId, code, purpose, ctx) {
      await mfa.verify(accountId, code, purpose, ctx);
    },
    async sendLoginCode(accountId, channel, address, ctx) {
      await accounts.codes.issue(channel, address, 'login', ctx, accountId);
    },
    async consumeLoginCode(accountId, channel, address, code, ctx) {
      await accounts.codes.consume(channel, address, 'login', code, ctx, accountId);
    },
    async isIdentityVerified(accountId, verificationToken) {
      const { state } = await repository.load(AccountAggregate, accountId);
      if (state.status === 'none') return false;
      const grantId = tokenHash(verificationToken);
      const now = Date.parse(repository.now());
      return state.idvGrants.some((g) => g.grantId === grantId && now < Date.parse(g.expiresAt));
    },
  };
}

function policies({ repository }: SecurityPortsDeps): SessionPolicies {
  return {
    async setSessionPolicy(accountId, input, ctx) {
      const command = { type: 'SetSessionPolicy', data: { idleMinutes: input.idleMinutes, maxHours: input.maxHours, verificationToken: tokenHash(input.verificationToken) } } as const;
      const { state, position } = await repository.execute(AccountAggregate, accountId, command, ctx);
      return { sessionPolicy: state.status === 'none' ? reject('not_found', 'ACCOUNT_NOT_FOUND', 'no such account') : state.sessionPolicy, position };
    },
  };
}

export function securityPortsOverAccounts(deps: SecurityPortsDeps): SecurityPortsOverAccounts {
  return { directory: directory(deps), verifications: verifications(deps), policies: policies(deps) };
}
