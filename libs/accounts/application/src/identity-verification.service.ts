import { createHash } from 'node:crypto';
import type { CommandContext, EventSourcedRepository } from '@acc/application';
import { accountDecider, type IdvMethod } from '@acc/accounts-domain';
import { type Clock, domainError } from '@acc/kernel';
import { fail, requireAccount } from './accounts.service';
import { AccountAggregate } from './aggregates';
import type { MfaService } from './mfa.service';
import type { Randomness } from './ports';
import type { VerificationCodes } from './verification-codes';

/** The token a caller presents is a secret: only its hash is recorded (and compared by the domain). */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * Identity verification (SEC-1), minimal form: a 6-digit code to the security phone,
 * or to the security email (an email registration starts with its login email) when no security phone is set.
 * A confirmed code grants a verification token, valid for a window, that sensitive
 * commands of the same account require. Other methods (MFA, WeChat scan) plug in here.
 */
export class IdentityVerificationService {
  constructor(
    private readonly deps: { repository: EventSourcedRepository; codes: VerificationCodes; random: Randomness; clock: Clock; validForSeconds: number; mfa?: MfaService },
  ) {}

  private async channelOf(accountId: string, requested?: IdvMethod) {
    const account = requireAccount((await this.deps.repository.load(AccountAggregate, accountId)).state);
    const available: Array<{ method: 'sms' | 'email' | 'mfa'; address: string; masked: string }> = [];
    if (account.securityPhone) available.push({ method: 'sms', address: account.securityPhone.value, masked: account.securityPhone.masked });
    if (account.mfaDevices.length > 0 && this.deps.mfa) available.push({ method: 'mfa', address: '', masked: 'MFA device' });
    if (account.securityEmail) available.push({ method: 'email', address: account.securityEmail.value, masked: account.securityEmail.masked });
    if (available.length === 0) fail(domainError('rule', 'NO_VERIFICATION_CHANNEL', 'the account has neither a security phone nor a registration email to verify with'));
    const chosen = requested ? available.find((c) => c.method === requested) : available[0];
    if (!chosen) {
      return fail(domainError('rule', 'VERIFICATION_METHOD_UNAVAILABLE', `verification by ${requested} is not available for this account`, { available: available.map((c) => c.method) }));
    }
    return { account, ...chosen, alternatives: available.filter((c) => c !== chosen).map((c) => c.method) };
  }

  /** Sends a code through the default channel, or the alternative one the user switched to. */
  async start(accountId: string, input: { method?: 'sms' | 'email' | 'mfa' }, ctx: CommandContext) {
    const channel = await this.channelOf(accountId, input.method);
    if (channel.method === 'mfa') return { method: channel.method, destination: channel.masked, alternatives: channel.alternatives };
    const issued = await this.deps.codes.issue(channel.method === 'sms' ? 'sms' : 'email', channel.address, 'identity_verification', ctx, accountId);
    return { method: channel.method, destination: channel.masked, alternatives: channel.alternatives, ...issued };
  }

  async confirm(accountId: string, input: { method?: 'sms' | 'email' | 'mfa'; code: string }, ctx: CommandContext) {
    const channel = await this.channelOf(accountId, input.method);
    if (channel.method === 'mfa' && this.deps.mfa) await this.deps.mfa.verify(accountId, input.code, 'identity_verification', ctx);
    else await this.deps.codes.consume(channel.method === 'sms' ? 'sms' : 'email', channel.address, 'identity_verification', input.code, ctx, accountId);
    const token = `idv_${Array.from({ length: 4 }, () => Math.floor(this.deps.random.next() * 2 ** 32).toString(36)).join('')}`;
    const result = await this.deps.repository.handle(
      AccountAggregate,
      accountId,
      (s) =>
        accountDecider.decide(
          { type: 'RecordIdentityVerification', data: { grantId: tokenHash(token), method: channel.method, validForSeconds: this.deps.validForSeconds, now: this.deps.clock.now().toISOString() } },
          s,
        ),
      ctx,
    );
    const grant = requireAccount(result.state).idvGrants.at(-1);
    return { verificationToken: token, expiresAt: grant?.expiresAt, position: result.position };
  }
}
