import type { CommandContext, EventSourcedRepository, Unstamped } from '@acc/application';
import { type AccountCommand, type AccountLimits, checkSecurityEmailChange, checkSecurityPhoneChange, maskEmail, maskPhone, normalizeEmail, normalizePhone } from '@acc/accounts-domain';
import { domainError } from '@acc/kernel';
import { fail, randomToken, requireAccount, tokenHash } from './account-state';
import type { AccountsService } from './accounts.service';
import { AccountAggregate } from './aggregates';
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
      limits: AccountLimits;
      linkMinutes: number;
    },
  ) {}

  private run(accountId: string, command: Unstamped<AccountCommand>, ctx: CommandContext) {
    return this.deps.repository.execute(AccountAggregate, accountId, command, ctx);
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
    const verificationToken = tokenHash(input.verificationToken);
    const before = requireAccount((await this.deps.repository.load(AccountAggregate, accountId)).state);
    // Rules first (IDV, unchanged number), so a refused change spends no code.
    const refused = checkSecurityPhoneChange(before, { phoneRef: ref, verificationToken, now: this.deps.repository.now() });
    if (refused) fail(refused);
    await this.deps.accounts.codes.consume('sms', phone, 'change_contact', input.code, ctx, accountId);
    const identity = { kind: 'phone' as const, ref, accountId, limit: this.deps.limits.accountsPerPhone };
    const result = await this.deps.accounts.reservation.bind(identity, ctx, (reservationId) =>
      this.run(accountId, { type: 'ChangeSecurityPhone', data: { phone: { ref, value: phone, masked: maskPhone(phone) }, verificationToken, reservationId } }, ctx),
    );
    if (before.securityPhone) await this.deps.accounts.claims.release('phone', before.securityPhone.ref, accountId, 'replaced', ctx);
    return { accountId, securityPhone: requireAccount(result.state).securityPhone?.masked ?? null, position: result.position };
  }

  async changeSecurityEmail(accountId: string, input: { email: string; code: string; verificationToken: string; syncContactEmail?: boolean }, ctx: CommandContext) {
    const email = this.email(input.email);
    const verificationToken = tokenHash(input.verificationToken);
    const command = {
      type: 'ChangeSecurityEmail',
      data: { email: { value: email, masked: maskEmail(email) }, syncContactEmail: input.syncContactEmail ?? false, verificationToken },
    } as const;
    const { state } = await this.deps.repository.load(AccountAggregate, accountId);
    const refused = checkSecurityEmailChange(state, { verificationToken, now: this.deps.repository.now() });
    if (refused) fail(refused);
    await this.deps.accounts.codes.consume('email', email, 'change_contact', input.code, ctx, accountId);
    const result = await this.run(accountId, command, ctx);
    const account = requireAccount(result.state);
    return { accountId, securityEmail: account.securityEmail?.masked ?? null, contactEmail: account.contactEmail?.masked ?? null, position: result.position };
  }

  /** Contact phone or email: a confirmation link (token) goes to the new address. */
  async requestContactChange(accountId: string, input: { kind: 'phone' | 'email'; address: string; syncSecurityEmail?: boolean }, ctx: CommandContext) {
    const value = input.kind === 'phone' ? this.phone(input.address) : this.email(input.address);
    const masked = input.kind === 'phone' ? maskPhone(value) : maskEmail(value);
    const token = randomToken(`${accountId}.`, this.deps.random);
    const result = await this.deps.accounts.sendLimits.send(ctx, accountId, () =>
      this.run(
        accountId,
        {
          type: 'RequestContactChange',
          data: { kind: input.kind, address: { value, masked }, syncSecurityEmail: input.syncSecurityEmail ?? false, token, tokenHash: tokenHash(token), ttlMinutes: this.deps.linkMinutes },
        },
        ctx,
      ),
    );
    return { sent: true, destination: masked, position: result.position };
  }

  async confirmContactChange(input: { token: string }, ctx: CommandContext) {
    const accountId = input.token.split('.')[0];
    if (!/^\d{12}$/.test(accountId)) fail(domainError('rule', 'CONTACT_LINK_INVALID', 'the confirmation link is invalid, used or expired'));
    const result = await this.run(accountId, { type: 'ConfirmContactChange', data: { tokenHash: tokenHash(input.token) } }, ctx);
    const account = requireAccount(result.state);
    return { accountId, contactPhone: account.contactPhone?.masked ?? null, contactEmail: account.contactEmail?.masked ?? null, securityEmail: account.securityEmail?.masked ?? null, position: result.position };
  }
}
