import type { CommandContext, EventSourcedRepository, Unstamped } from '@acc/application';
import type { AccountCommand, IdvMethod } from '@acc/accounts-domain';
import { domainError } from '@acc/kernel';
import { fail, randomToken, requireAccount, tokenHash } from './account-state';
import { AccountAggregate } from './aggregates';
import type { MfaService } from './mfa.service';
import type { AssertionVerification, IdentityHashing, Randomness } from './ports';
import type { VerificationCodes } from './verification-codes';

/**
 * Identity verification (SEC-1), minimal form: a 6-digit code to the security phone,
 * or to the security email (an email registration starts with its login email) when no security phone is set.
 * A confirmed code grants a verification token, valid for a window, that sensitive
 * commands of the same account require. Other methods (MFA, WeChat scan) plug in here.
 */
export class IdentityVerificationService {
  constructor(
    private readonly deps: {
      repository: EventSourcedRepository;
      codes: VerificationCodes;
      random: Randomness;
      validForSeconds: number;
      mfa?: MfaService;
      /** WeChat-scan confirmation: the gateway's assertion of who scanned. */
      wechat?: { assertions: AssertionVerification; hashing: IdentityHashing };
    },
  ) {}

  private async channelOf(accountId: string, requested?: IdvMethod) {
    const account = requireAccount((await this.deps.repository.load(AccountAggregate, accountId)).state);
    const available: Array<{ method: 'sms' | 'email' | 'mfa' | 'wechat_scan'; address: string; masked: string }> = [];
    if (account.securityPhone) available.push({ method: 'sms', address: account.securityPhone.value, masked: account.securityPhone.masked });
    if (account.mfaDevices.length > 0 && this.deps.mfa) available.push({ method: 'mfa', address: '', masked: 'MFA device' });
    if (account.loginMethods.some((m) => m.type === 'wechat') && this.deps.wechat) available.push({ method: 'wechat_scan', address: '', masked: 'WeChat scan' });
    if (account.securityEmail) available.push({ method: 'email', address: account.securityEmail.value, masked: account.securityEmail.masked });
    if (available.length === 0) fail(domainError('rule', 'NO_VERIFICATION_CHANNEL', 'the account has neither a security phone nor a registration email to verify with'));
    const chosen = requested ? available.find((c) => c.method === requested) : available[0];
    if (!chosen) {
      return fail(domainError('rule', 'VERIFICATION_METHOD_UNAVAILABLE', `verification by ${requested} is not available for this account`, { available: available.map((c) => c.method) }));
    }
    return { account, ...chosen, alternatives: available.filter((c) => c !== chosen).map((c) => c.method) };
  }

  /** Sends a code through the default channel, or the alternative one the user switched to. */
  async start(accountId: string, input: { method?: 'sms' | 'email' | 'mfa' | 'wechat_scan' }, ctx: CommandContext) {
    const channel = await this.channelOf(accountId, input.method);
    if (channel.method === 'mfa') return { method: channel.method, destination: channel.masked, alternatives: channel.alternatives };
    if (channel.method === 'wechat_scan') {
      // The challenge is shown as a QR code; the WeChat gateway reports the scan (confirmScan).
      const challengeId = randomToken(`${accountId}.`, this.deps.random);
      const result = await this.deps.repository.execute(AccountAggregate, accountId, { type: 'RequestWeChatScan', data: { challengeHash: tokenHash(challengeId), ttlSeconds: 300 } }, ctx);
      return { method: channel.method, challengeId, expiresAt: requireAccount(result.state).wechatScans.at(-1)?.expiresAt, alternatives: channel.alternatives };
    }
    const issued = await this.deps.codes.issue(channel.method === 'sms' ? 'sms' : 'email', channel.address, 'identity_verification', ctx, accountId);
    return { method: channel.method, destination: channel.masked, alternatives: channel.alternatives, ...issued };
  }

  /** The WeChat gateway reports that the challenge's QR code was scanned and confirmed by this WeChat identity. */
  async confirmScan(input: { challengeId: string; assertion: string }, ctx: CommandContext) {
    const accountId = input.challengeId.split('.')[0];
    if (!this.deps.wechat || !/^\d{12}$/.test(accountId)) return fail(domainError('rule', 'WECHAT_SCAN_INVALID', 'this scan challenge is unknown, used or expired'));
    let subject: string;
    try {
      subject = (await this.deps.wechat.assertions.verify(input.assertion, 'wechat')).subject;
    } catch (error) {
      return fail(domainError('unauthorized', 'INVALID_PROVIDER_ASSERTION', error instanceof Error ? error.message : 'invalid provider assertion'));
    }
    const identityRef = this.deps.wechat.hashing.ref('wechat', subject);
    const result = await this.deps.repository.execute(AccountAggregate, accountId, { type: 'ConfirmWeChatScan', data: { challengeHash: tokenHash(input.challengeId), identityRef } }, ctx);
    return { confirmed: true, position: result.position };
  }

  async confirm(accountId: string, input: { method?: 'sms' | 'email' | 'mfa' | 'wechat_scan'; code?: string; challengeId?: string }, ctx: CommandContext) {
    const channel = await this.channelOf(accountId, input.method);
    const token = randomToken('idv_', this.deps.random);
    let command: Unstamped<AccountCommand>;
    if (channel.method === 'wechat_scan') {
      if (!input.challengeId) fail(domainError('validation', 'CHALLENGE_ID_REQUIRED', 'WeChat-scan verification is confirmed with its challengeId'));
      command = { type: 'CompleteWeChatScanVerification', data: { challengeHash: tokenHash(input.challengeId as string), grantId: tokenHash(token), validForSeconds: this.deps.validForSeconds } };
    } else {
      if (!input.code) fail(domainError('validation', 'CODE_REQUIRED', 'a 6-digit code is required'));
      if (channel.method === 'mfa' && this.deps.mfa) await this.deps.mfa.verify(accountId, input.code as string, 'identity_verification', ctx);
      else await this.deps.codes.consume(channel.method === 'sms' ? 'sms' : 'email', channel.address, 'identity_verification', input.code as string, ctx, accountId);
      command = { type: 'RecordIdentityVerification', data: { grantId: tokenHash(token), method: channel.method, validForSeconds: this.deps.validForSeconds } };
    }
    const result = await this.deps.repository.execute(AccountAggregate, accountId, command, ctx);
    const grant = requireAccount(result.state).idvGrants.at(-1);
    return { verificationToken: token, expiresAt: grant?.expiresAt, position: result.position };
  }
}
