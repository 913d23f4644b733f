import type { CommandContext, EventSourcedRepository } from '@acc/application';
import { isLoginApplication, type LoginApplication, type RegisteredAccount } from '@acc/accounts-domain';
import { DomainErrorException } from '@acc/kernel';
import { AccountAggregate } from '../aggregates';
import type { IdentityHashing } from '../ports';
import { LoginApplicationAggregate } from './aggregate';
import type { LoginApplicationEffects } from './ports';

export interface LoginApplicationOutcomeDeps {
  readonly repository: EventSourcedRepository;
  readonly hashing: IdentityHashing;
  readonly effects: LoginApplicationEffects;
}

interface CaseOutcome {
  readonly caseCode: string;
  readonly subject: string;
  readonly ownerRef: string | null;
}

/** The account step's refusals an approval records by name; anything else is retried by a redelivery. */
const TAKEN = /^IDENTITY_|LOGIN_METHOD_ALREADY_BOUND|LIMIT/;

/**
 * The review cases' handler of kind `login_application`: only an approval changes the account
 * (the email bound through the identity reservation, then the contact phone as security phone).
 * Idempotent: a redelivery skips what is done and records the result once.
 */
export function loginApplicationReviewHandler(deps: LoginApplicationOutcomeDeps) {
  const decide = (c: CaseOutcome, outcome: 'approved' | 'rejected', ctx: CommandContext) =>
    deps.repository.execute(LoginApplicationAggregate, c.ownerRef ?? c.subject, { type: 'DecideLoginApplication', data: { caseCode: c.caseCode, outcome } }, ctx);
  return {
    async approved(c: CaseOutcome, ctx: CommandContext): Promise<void> {
      const { state } = await decide(c, 'approved', ctx);
      if (!isLoginApplication(state) || state.status !== 'approved') return;
      const failure = await applyToAccount(deps, state, ctx);
      await deps.repository.execute(LoginApplicationAggregate, state.applicationId, { type: 'FinishLoginApplication', data: { failure } }, ctx);
    },
    async rejected(c: CaseOutcome, ctx: CommandContext): Promise<void> {
      await decide(c, 'rejected', ctx);
    },
  };
}

async function applyToAccount(deps: LoginApplicationOutcomeDeps, app: LoginApplication, ctx: CommandContext): Promise<string | null> {
  const credentials = app.credentials;
  const accountId = app.accountId as string;
  if (!credentials) return 'LOGIN_APPLICATION_NO_CREDENTIALS';
  const account = (await deps.repository.load(AccountAggregate, accountId)).state;
  if (account.status === 'none' || account.status === 'deregistered') return 'ACCOUNT_NOT_FOUND';
  const bound = (a: RegisteredAccount) => a.loginMethods.some((m) => m.type === 'email' && m.identityRef === credentials.emailRef);
  if (!bound(account)) {
    const identity = { type: 'email' as const, value: credentials.email, ref: credentials.emailRef, masked: credentials.emailMasked };
    try {
      await deps.effects.bindLoginEmail(accountId, identity, credentials.passwordHash, ctx);
    } catch (error) {
      const code = error instanceof DomainErrorException ? error.error.code : '';
      if (TAKEN.test(code)) return code.startsWith('IDENTITY_') ? 'LOGIN_EMAIL_TAKEN' : code;
      throw error;
    }
  }
  if (credentials.protectWithContactPhone) await deps.effects.switchToPhone(accountId, { value: app.contactPhone, ref: deps.hashing.ref('phone', app.contactPhone) }, ctx);
  return null;
}
