import type { CommandContext, EventSourcedRepository } from '@acc/application';
import {
  type AccountLimits,
  checkAuthorisation,
  type BindingInput,
  checkBinding,
  checkPasswordPolicy,
  type IdentityInput,
  LOGIN_METHOD_TYPES,
  type LoginMethod,
  type LoginMethodType,
  maskEmail,
  normalizeEmail,
  type ProtectionKind,
  REAUTHORISE_ACTION,
  type RegisteredAccount,
  type StaleReason,
  type VerificationMethod,
} from '@acc/accounts-domain';
import { domainError } from '@acc/kernel';
import { fail, requireAccount, tokenHash } from './account-state';
import type { AccountsService } from './accounts.service';
import { AccountAggregate } from './aggregates';
import type { IdentityHashing, PasswordHashing, Provider } from './ports';

/** One row of the login-methods table (LM-5). */
export interface LoginMethodRow {
  readonly type: LoginMethodType;
  readonly state: 'bound' | 'unbound';
  readonly identity: string | null;
  readonly isRegistrationMethod: boolean;
  readonly boundAt: string | null;
  /** LM-6, only on a binding whose provider authorisation was revoked: what to do about it. */
  readonly status?: 'stale';
  readonly action?: typeof REAUTHORISE_ACTION;
  readonly staleSince?: string;
}

/** LM-6: a stale binding says so, and what to do; a sound one carries no extra fields. */
const staleFields = (m: LoginMethod | undefined) => (m?.staleSince ? { status: 'stale' as const, action: REAUTHORISE_ACTION, staleSince: m.staleSince } : {});

/** The login-methods table of an account at a revision. */
export function loginMethodsView(account: RegisteredAccount, revision: number) {
  return {
    accountId: account.accountId,
    revision,
    loginMethods: LOGIN_METHOD_TYPES.map((type): LoginMethodRow => {
      const m = account.loginMethods.find((x) => x.type === type);
      return { type, state: m ? 'bound' : 'unbound', identity: m?.masked ?? null, isRegistrationMethod: m?.isRegistration ?? false, boundAt: m?.boundAt ?? null, ...staleFields(m) };
    }),
  };
}

/** A binding as the use cases carry it: the verification token already hashed, no reservation yet. */
type Attachment = Omit<BindingInput, 'reservationId' | 'now'>;

/**
 * Login methods (LM-1..LM-6): bind, replace, unbind, UnbindRegistrationMethod, stale Official
 * Account bindings and their re-authorisation.
 * Bindings of counted identities go through the identity-reservation process; unbinding
 * releases the unit afterwards.
 */
export class LoginMethodsService {
  constructor(
    private readonly deps: {
      repository: EventSourcedRepository;
      accounts: AccountsService;
      hashing: IdentityHashing;
      passwords: PasswordHashing;
      limits: AccountLimits;
    },
  ) {}

  async view(accountId: string) {
    const { state, revision } = await this.deps.repository.load(AccountAggregate, accountId);
    return loginMethodsView(requireAccount(state), revision);
  }

  async bindProvider(accountId: string, input: { provider: Provider; assertion: string; verificationToken: string }, ctx: CommandContext, replace = false) {
    const claims = await this.deps.accounts.verifyAssertion(input.assertion, input.provider);
    // LM-6: a grant already revoked would bind a stale login method.
    const revoked = checkAuthorisation(claims.authorisation);
    if (revoked) fail(revoked);
    const identity = this.deps.accounts.providerIdentity(input.provider, claims.subject);
    const attachment: Attachment = { identity, permissions: claims.permissions, wecomAdmin: claims.wecomAdmin, verificationToken: tokenHash(input.verificationToken) };
    const account = await this.guarded(accountId, attachment, replace);
    return this.attach(account, attachment, ctx, replace);
  }

  /** Binds (or replaces, LM-3) the login email; CRED-4: a new login email may also become the security and/or contact email. */
  async bindEmail(
    accountId: string,
    input: { email: string; password: string; emailCode: string; verificationToken: string; syncSecurityEmail?: boolean; syncContactEmail?: boolean },
    ctx: CommandContext,
    replace = false,
  ) {
    const email = normalizeEmail(input.email) ?? fail(domainError('validation', 'INVALID_EMAIL', 'invalid email address'));
    const policy = checkPasswordPolicy(input.password);
    if (policy) fail(policy);
    const identity: IdentityInput = { type: 'email', value: email, ref: this.deps.hashing.ref('email', email), masked: maskEmail(email) };
    const verificationToken = tokenHash(input.verificationToken);
    // Everything the account can refuse is checked before the code is spent and the password hashed.
    const account = await this.guarded(accountId, { identity, verificationToken, passwordHash: 'to be hashed' }, replace);
    await this.deps.accounts.codes.consume('email', email, 'bind', input.emailCode, ctx, accountId);
    const passwordHash = await this.deps.passwords.hash(input.password);
    const attached = await this.attach(account, { identity, passwordHash, verificationToken }, ctx, replace);
    if (!input.syncSecurityEmail && !input.syncContactEmail) return attached;
    const synced = await this.deps.repository.execute(
      AccountAggregate,
      accountId,
      {
        type: 'ChangeSecurityEmail',
        data: { email: { value: email, masked: identity.masked }, updateSecurityEmail: input.syncSecurityEmail ?? false, syncContactEmail: input.syncContactEmail ?? false, verificationToken },
      },
      ctx,
    );
    return { ...attached, position: synced.position ?? attached.position };
  }

  /** Loads the account (the one load of a binding) and runs the binding guard on it. */
  private async guarded(accountId: string, input: Attachment, replace: boolean): Promise<RegisteredAccount> {
    const account = requireAccount((await this.deps.repository.load(AccountAggregate, accountId)).state);
    const refused = checkBinding(account, { ...input, replace, withPassword: Boolean(input.passwordHash), now: this.deps.repository.now() });
    if (refused) fail(refused);
    return account;
  }

  /** Bind (or replace) through the identity-reservation process (REG-5, LM-2). */
  private async attach(account: RegisteredAccount, input: Attachment, ctx: CommandContext, replace: boolean) {
    const { accountId } = account;
    const type = input.identity.type;
    const previous = account.loginMethods.find((m) => m.type === type);
    const identity = { kind: type, ref: input.identity.ref, accountId, limit: this.deps.limits.bindingsPerIdentity[type] };
    const result = await this.deps.accounts.reservation.bind(identity, ctx, (reservationId) =>
      this.deps.repository.execute(AccountAggregate, accountId, { type: replace ? 'ReplaceLoginMethod' : 'BindLoginMethod', data: { ...input, reservationId } }, ctx),
    );
    if (replace && previous && previous.identityRef !== input.identity.ref) {
      await this.deps.accounts.claims.release(type, previous.identityRef, accountId, 'replaced', ctx);
    }
    return { ...loginMethodsView(requireAccount(result.state), result.revision), position: result.position };
  }

  async unbind(accountId: string, method: LoginMethodType, verificationToken: string, ctx: CommandContext) {
    const result = await this.deps.repository.execute(AccountAggregate, accountId, { type: 'UnbindLoginMethod', data: { method, verificationToken: tokenHash(verificationToken) } }, ctx);
    const event = result.events[0];
    if (event?.type === 'LoginMethodUnbound') await this.deps.accounts.claims.release(method, event.data.identityRef, accountId, 'unbound', ctx);
    return { ...loginMethodsView(requireAccount(result.state), result.revision), position: result.position };
  }

  /** LM-4: afterwards the identity is free again and may be bound as an ordinary login method. */
  async unbindRegistrationMethod(accountId: string, verificationToken: string, ctx: CommandContext) {
    const result = await this.deps.repository.execute(AccountAggregate, accountId, { type: 'UnbindRegistrationMethod', data: { verificationToken: tokenHash(verificationToken) } }, ctx);
    const event = result.events[0];
    if (event?.type === 'RegistrationMethodUnbound') await this.deps.accounts.claims.releaseRegistration(event.data.method, event.data.identityRef, accountId, 'unbound', ctx);
    return { ...loginMethodsView(requireAccount(result.state), result.revision), position: result.position };
  }

  /**
   * LM-6: the provider gateway's notice that a user revoked an Official Account's grant. Every
   * account bound to (or registered by) that identity marks its binding stale; an identity no
   * account holds is acknowledged with nothing marked.
   */
  async noticeRevocation(input: { assertion: string }, ctx: CommandContext) {
    const claims = await this.deps.accounts.verifyAssertion(input.assertion, 'official_account');
    if (claims.authorisation !== 'revoked') {
      fail(domainError('validation', 'NOT_A_REVOCATION_NOTICE', 'a revocation notice carries an assertion with `authorisation: revoked`'));
    }
    const { ref } = this.deps.accounts.providerIdentity('official_account', claims.subject);
    return { provider: 'official_account' as const, ...(await this.markRevoked('official_account', ref, 'provider_notice', ctx)) };
  }

  /** LM-6: marks stale the bindings of an identity whose grant was revoked; how many were newly marked, and the last position. */
  async markRevoked(method: LoginMethodType, identityRef: string, reason: StaleReason, ctx: CommandContext) {
    const { state: claims } = await this.deps.accounts.claims.load(method, identityRef);
    const holders = new Set([...claims.registeredAccounts, ...claims.bindings.map((b) => b.accountId)]);
    let marked = 0;
    let position: number | null = null;
    for (const accountId of holders) {
      const { state } = await this.deps.repository.load(AccountAggregate, accountId);
      // The claims may name an account that has since let the identity go (or a reservation in flight).
      if (state.status === 'none' || state.status === 'deregistered' || !state.loginMethods.some((m) => m.type === method && m.identityRef === identityRef)) continue;
      const result = await this.deps.repository.execute(AccountAggregate, accountId, { type: 'MarkLoginMethodStale', data: { method, identityRef, reason } }, ctx);
      if (result.events.length) marked += 1;
      position = result.position ?? position;
    }
    return { accountsMarked: marked, position };
  }

  /** LM-6: a fresh assertion for the bound Official Account restores its stale binding. */
  async reauthorise(accountId: string, input: { assertion: string }, ctx: CommandContext) {
    const claims = await this.deps.accounts.verifyAssertion(input.assertion, 'official_account');
    const identity = this.deps.accounts.providerIdentity('official_account', claims.subject);
    const command = { type: 'ReauthoriseLoginMethod', data: { identity, permissions: claims.permissions, authorisation: claims.authorisation ?? 'granted' } } as const;
    const result = await this.deps.repository.execute(AccountAggregate, accountId, command, ctx);
    return { ...loginMethodsView(requireAccount(result.state), result.revision), position: result.position };
  }

  async setProtection(accountId: string, input: { protection: ProtectionKind; method: VerificationMethod; enabled?: boolean; verificationToken: string }, ctx: CommandContext) {
    const result = await this.deps.repository.execute(AccountAggregate, accountId, { type: 'SetProtection', data: { ...input, verificationToken: tokenHash(input.verificationToken) } }, ctx);
    const account = requireAccount(result.state);
    return { accountId, protection: account.protection, position: result.position };
  }
}
