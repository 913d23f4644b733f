import type { CommandContext, EventSourcedRepository } from '@acc/application';
import { accountDecider, type AccountLimits, maskEmail, maskPhone, normalizeEmail, normalizePhone } from '@acc/accounts-domain';
import { type Clock, domainError } from '@acc/kernel';
import { type AccountsService, fail, requireAccount } from './accounts.service';
import { AccountAggregate } from './aggregates';
import { tokenHash } from './identity-verification.service';
import type { IdentityHashing, Randomness } from './ports';

/**
 * Contacts (CRED-3, CRED-4): security phone and email (IDV + a code to the new address; the
 * security phone counts against "one phone, at most N accounts"), contact phone and email
 * (confirmed by a link to the new address).
 */
export class ContactsService {
  constructor(
    private readonly deps: {
      repository: EventSourcedRepository;
      accounts: AccountsService;
      hashing: IdentityHashing;
      random: Randomness;
      clock: Clock;
      limits: AccountLimits;
      linkMinutes: number;
    },
  ) {}

  private now() {
    return this.deps.clock.now().toISOString();
  }

  private run(accountId: string, command: Parameters<typeof accountDecider.decide>[0], ctx: CommandContext) {
    return this.deps.repository.handle(AccountAggregate, accountId, (s) => accountDecider.decide(command, s), ctx);
  }

  private phone(raw: string) {
    return normalizePhone(raw) ?? fail(domainError('validation', 'INVALID_PHONE', 'invalid phone number'));
  }

  private email(raw: string) {
    return normalizeEmail(raw) ?? fail(domainError('validation', 'INVALID_EMAIL', 'invalid email address'));
  }

  /** Sends the 6-digit code that proves the new security phone or email. */
  async sendCode(accountId: string, input: { channel: 'sms' | 'email'; address: string }, ctx: CommandContext) {
    requireAccount((await this.deps.repository.load(AccountAggregate, accountId)).state);
    const address = input.channel === 'sms' ? this.phone(input.address) : this.email(input.address);
    return { sent: true, ...(await this.deps.accounts.codes.issue(input.channel, address, 'change_contact', ctx, accountId)) };
  }

  async changeSecurityPhone(accountId: string, input: { phone: string; code: string; verificationToken: string }, ctx: CommandContext) {
    const phone = this.phone(input.phone);
    const ref = this.deps.hashing.ref('phone', phone);
    const before = requireAccount((await this.deps.repository.load(AccountAggregate, accountId)).state);
    // Rules first (IDV, unchanged number), so a refused change spends no code.
    const dry = accountDecider.decide(
      { type: 'ChangeSecurityPhone', data: { phone: { ref, value: phone, masked: maskPhone(phone) }, verificationToken: tokenHash(input.verificationToken), reservationId: 'preflight', now: this.now() } },
      before,
    );
    if (!dry.ok) fail(dry.error);
    await this.deps.accounts.codes.consume('sms', phone, 'change_contact', input.code, ctx, accountId);
    const result = await this.deps.accounts.withReservation('phone', ref, accountId, this.deps.limits.accountsPerPhone, ctx, (reservationId) =>
      this.run(accountId, { type: 'ChangeSecurityPhone', data: { phone: { ref, value: phone, masked: maskPhone(phone) }, verificationToken: tokenHash(input.verificationToken), reservationId, now: this.now() } }, ctx),
    );
    if (before.securityPhone) await this.deps.accounts.claims.release('phone', before.securityPhone.ref, accountId, 'replaced', ctx);
    return { accountId, securityPhone: requireAccount(result.state).securityPhone?.masked ?? null, position: result.position };
  }

  async changeSecurityEmail(accountId: string, input: { email: string; code: string; verificationToken: string; syncContactEmail?: boolean }, ctx: CommandContext) {
    const email = this.email(input.email);
    const command = () =>
      ({
        type: 'ChangeSecurityEmail',
        data: { email: { value: email, masked: maskEmail(email) }, syncContactEmail: input.syncContactEmail ?? false, verificationToken: tokenHash(input.verificationToken), now: this.now() },
      }) as const;
    const dry = accountDecider.decide(command(), (await this.deps.repository.load(AccountAggregate, accountId)).state);
    if (!dry.ok) fail(dry.error);
    await this.deps.accounts.codes.consume('email', email, 'change_contact', input.code, ctx, accountId);
    const result = await this.run(accountId, command(), ctx);
    const account = requireAccount(result.state);
    return { accountId, securityEmail: account.securityEmail?.masked ?? null, contactEmail: account.contactEmail?.masked ?? null, position: result.position };
  }

  /** Contact phone or email: a confirmation link (token) goes to the new address. */
  async requestContactChange(accountId: string, input: { kind: 'phone' | 'email'; address: string; syncSecurityEmail?: boolean }, ctx: CommandContext) {
    const value = input.kind === 'phone' ? this.phone(input.address) : this.email(input.address);
    const masked = input.kind === 'phone' ? maskPhone(value) : maskEmail(value);
    const token = `${accountId}.${Array.from({ length: 4 }, () => Math.floor(this.deps.random.next() * 2 ** 32).toString(36)).join('')}`;
    const result = await this.run(
      accountId,
      {
        type: 'RequestContactChange',
        data: { kind: input.kind, address: { value, masked }, syncSecurityEmail: input.syncSecurityEmail ?? false, token, tokenHash: tokenHash(token), ttlMinutes: this.deps.linkMinutes, now: this.now() },
      },
      ctx,
    );
    return { sent: true, destination: masked, position: result.position };
  }

  async confirmContactChange(input: { token: string }, ctx: CommandContext) {
    const accountId = input.token.split('.')[0];
    if (!/^\d{12}$/.test(accountId)) fail(domainError('rule', 'CONTACT_LINK_INVALID', 'the confirmation link is invalid, used or expired'));
    const result = await this.run(accountId, { type: 'ConfirmContactChange', data: { tokenHash: tokenHash(input.token), now: this.now() } }, ctx);
    const account = requireAccount(result.state);
    return { accountId, contactPhone: account.contactPhone?.masked ?? null, contactEmail: account.contactEmail?.masked ?? null, securityEmail: account.securityEmail?.masked ?? null, position: result.position };
  }
}
