import type { CommandContext, EventSourcedRepository } from '@acc/application';
import {
  type AccountLimits,
  accountDecider,
  type BindingInput,
  checkPasswordPolicy,
  type IdentityInput,
  LOGIN_METHOD_TYPES,
  type LoginMethodType,
  maskEmail,
  normalizeEmail,
  type ProtectionKind,
  type VerificationMethod,
} from '@acc/accounts-domain';
import { type Clock, domainError } from '@acc/kernel';
import { type AccountsService, fail, requireAccount } from './accounts.service';
import { AccountAggregate } from './aggregates';
import { tokenHash } from './identity-verification.service';
import type { IdentityHashing, PasswordHashing, Provider } from './ports';

/** One row of the login-methods table (LM-5). */
export interface LoginMethodRow {
  readonly type: LoginMethodType;
  readonly state: 'bound' | 'unbound';
  readonly identity: string | null;
  readonly isRegistrationMethod: boolean;
  readonly boundAt: string | null;
}

/**
 * Login methods (LM-1..LM-5): bind, replace, unbind, UnbindRegistrationMethod.
 * Bindings of counted identities go through a reservation on the identity stream
 * (AccountsService.withReservation); unbinding releases the unit afterwards.
 */
export class LoginMethodsService {
  constructor(
    private readonly deps: {
      repository: EventSourcedRepository;
      accounts: AccountsService;
      hashing: IdentityHashing;
      passwords: PasswordHashing;
      clock: Clock;
      limits: AccountLimits;
    },
  ) {}

  private now() {
    return this.deps.clock.now().toISOString();
  }

  async view(accountId: string): Promise<{ accountId: string; loginMethods: LoginMethodRow[]; revision: number }> {
    const { state, revision } = await this.deps.repository.load(AccountAggregate, accountId);
    const account = requireAccount(state);
    return {
      accountId,
      revision,
      loginMethods: LOGIN_METHOD_TYPES.map((type) => {
        const m = account.loginMethods.find((x) => x.type === type);
        return { type, state: m ? 'bound' : 'unbound', identity: m?.masked ?? null, isRegistrationMethod: m?.isRegistration ?? false, boundAt: m?.boundAt ?? null };
      }),
    };
  }

  async bindProvider(accountId: string, input: { provider: Provider; assertion: string; verificationToken: string }, ctx: CommandContext, replace = false) {
    const claims = await this.deps.accounts.verifyAssertion(input.assertion, input.provider);
    const identity = this.deps.accounts.providerIdentity(input.provider, claims.subject);
    return this.attach(accountId, { identity, permissions: claims.permissions, wecomAdmin: claims.wecomAdmin, verificationToken: input.verificationToken }, ctx, replace);
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
    // Check everything the account can tell before the code is spent and the password hashed.
    await this.preflight(accountId, { identity, passwordHash: 'pending', verificationToken: input.verificationToken }, replace);
    await this.deps.accounts.codes.consume('email', email, 'bind', input.emailCode, ctx, accountId);
    const passwordHash = await this.deps.passwords.hash(input.password);
    const attached = await this.attach(accountId, { identity, passwordHash, verificationToken: input.verificationToken }, ctx, replace);
    if (!input.syncSecurityEmail && !input.syncContactEmail) return attached;
    const synced = await this.deps.repository.handle(
      AccountAggregate,
      accountId,
      (s) =>
        accountDecider.decide(
          {
            type: 'ChangeSecurityEmail',
            data: {
              email: { value: email, masked: identity.masked },
              updateSecurityEmail: input.syncSecurityEmail ?? false,
              syncContactEmail: input.syncContactEmail ?? false,
              verificationToken: tokenHash(input.verificationToken),
              now: this.now(),
            },
          },
          s,
        ),
      ctx,
    );
    return { ...attached, position: synced.position ?? attached.position };
  }

  private async preflight(accountId: string, input: Omit<BindingInput, 'reservationId' | 'now'>, replace: boolean) {
    const { state } = await this.deps.repository.load(AccountAggregate, accountId);
    requireAccount(state);
    const data: BindingInput = { ...input, verificationToken: tokenHash(input.verificationToken), reservationId: 'preflight', now: this.now() };
    const decision = accountDecider.decide({ type: replace ? 'ReplaceLoginMethod' : 'BindLoginMethod', data }, state);
    if (!decision.ok) fail(decision.error);
    return requireAccount(state);
  }

  /** Bind (or replace) through a counted reservation of the identity (REG-5, LM-2). */
  private async attach(accountId: string, input: Omit<BindingInput, 'reservationId' | 'now'>, ctx: CommandContext, replace: boolean) {
    const before = await this.preflight(accountId, input, replace);
    const type = input.identity.type;
    const previous = before.loginMethods.find((m) => m.type === type);
    const result = await this.deps.accounts.withReservation(type, input.identity.ref, accountId, this.deps.limits.bindingsPerIdentity[type], ctx, (reservationId) =>
      this.deps.repository.handle(
        AccountAggregate,
        accountId,
        (s) =>
          accountDecider.decide(
            { type: replace ? 'ReplaceLoginMethod' : 'BindLoginMethod', data: { ...input, verificationToken: tokenHash(input.verificationToken), reservationId, now: this.now() } },
            s,
          ),
        ctx,
      ),
    );
    if (replace && previous && previous.identityRef !== input.identity.ref) {
      await this.deps.accounts.claims.release(type, previous.identityRef, accountId, 'replaced', ctx);
    }
    return { ...(await this.view(accountId)), position: result.position };
  }

  async unbind(accountId: string, method: LoginMethodType, verificationToken: string, ctx: CommandContext) {
    const result = await this.deps.repository.handle(
      AccountAggregate,
      accountId,
      (s) => accountDecider.decide({ type: 'UnbindLoginMethod', data: { method, verificationToken: tokenHash(verificationToken), now: this.now() } }, s),
      ctx,
    );
    const event = result.events[0];
    if (event?.type === 'LoginMethodUnbound') await this.deps.accounts.claims.release(method, event.data.identityRef, accountId, 'unbound', ctx);
    return { ...(await this.view(accountId)), position: result.position };
  }

  /** LM-4: afterwards the identity is free again and may be bound as an ordinary login method. */
  async unbindRegistrationMethod(accountId: string, verificationToken: string, ctx: CommandContext) {
    const result = await this.deps.repository.handle(
      AccountAggregate,
      accountId,
      (s) => accountDecider.decide({ type: 'UnbindRegistrationMethod', data: { verificationToken: tokenHash(verificationToken), now: this.now() } }, s),
      ctx,
    );
    const event = result.events[0];
    if (event?.type === 'RegistrationMethodUnbound') await this.deps.accounts.claims.releaseRegistration(event.data.method, event.data.identityRef, accountId, 'unbound', ctx);
    return { ...(await this.view(accountId)), position: result.position };
  }

  async setProtection(accountId: string, input: { protection: ProtectionKind; method: VerificationMethod; enabled?: boolean; verificationToken: string }, ctx: CommandContext) {
    const result = await this.deps.repository.handle(
      AccountAggregate,
      accountId,
      (s) => accountDecider.decide({ type: 'SetProtection', data: { ...input, verificationToken: tokenHash(input.verificationToken), now: this.now() } }, s),
      ctx,
    );
    const account = requireAccount(result.state);
    return { accountId, protection: account.protection, position: result.position };
  }
}
