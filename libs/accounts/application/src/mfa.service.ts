import type { CommandContext, EventSourcedRepository, Unstamped } from '@acc/application';
import type { AccountCommand, CodeCheck, MfaPurpose } from '@acc/accounts-domain';
import { type Clock, domainError } from '@acc/kernel';
import { fail, requireAccount, tokenHash } from './account-state';
import { AccountAggregate } from './aggregates';
import type { Randomness } from './ports';

/** TOTP arithmetic (otplib in infrastructure). */
export interface TotpPort {
  generateSecret(): string;
  uri(secret: string, label: string): string;
  check(secret: string, code: string, nowSeconds: number, afterTimeStep?: number): Promise<CodeCheck>;
}

/** Hardware MFA tokens known to the platform (SEC-3 beta): serial number → seed. */
export interface HardwareTokenRegistry {
  seedOf(serial: string): string | undefined;
}

const scopesOf = (input: { loginProtection?: boolean; operationProtection?: boolean }) => ({ login: input.loginProtection ?? false, operation: input.operationProtection ?? false });

/**
 * Virtual MFA (SEC-2): IDV → secret + otpauth URI → first code verified → scopes → bound.
 * Unbind: a current code → unbound and removed from both protections. Hardware MFA (SEC-3)
 * behind a feature flag.
 */
export class MfaService {
  constructor(
    private readonly deps: {
      repository: EventSourcedRepository;
      totp: TotpPort;
      clock: Clock;
      random: Randomness;
      hardware: { enabled: boolean; registry: HardwareTokenRegistry };
    },
  ) {}

  private now() {
    return this.deps.clock.now();
  }

  private async account(accountId: string) {
    return requireAccount((await this.deps.repository.load(AccountAggregate, accountId)).state);
  }

  private run(accountId: string, command: Unstamped<AccountCommand>, ctx: CommandContext) {
    return this.deps.repository.execute(AccountAggregate, accountId, command, ctx);
  }

  /** The only response that carries the secret: the console turns the URI into a QR code. */
  async startVirtual(accountId: string, input: { verificationToken: string }, ctx: CommandContext) {
    const secret = this.deps.totp.generateSecret();
    const deviceId = `vmfa-${Math.floor(this.deps.random.next() * 2 ** 48).toString(36)}`;
    const result = await this.run(accountId, { type: 'StartVirtualMfaBinding', data: { deviceId, secret, verificationToken: tokenHash(input.verificationToken) } }, ctx);
    const account = requireAccount(result.state);
    return { deviceId, secret, otpauthUri: this.deps.totp.uri(secret, account.uin), expiresAt: account.pendingMfa?.expiresAt };
  }

  async confirmVirtual(accountId: string, input: { code: string; loginProtection?: boolean; operationProtection?: boolean }, ctx: CommandContext) {
    const account = await this.account(accountId);
    const pending = account.pendingMfa ?? fail(domainError('rule', 'MFA_BINDING_NOT_STARTED', 'start the MFA binding first'));
    const check = await this.deps.totp.check(pending.secret, input.code, this.seconds());
    const result = await this.run(accountId, { type: 'ConfirmMfaBinding', data: { check, scopes: scopesOf(input) } }, ctx);
    return this.status(requireAccount(result.state), result.position);
  }

  async bindHardware(accountId: string, input: { serial: string; code: string; verificationToken: string; loginProtection?: boolean; operationProtection?: boolean }, ctx: CommandContext) {
    if (!this.deps.hardware.enabled) fail(domainError('not_found', 'FEATURE_DISABLED', 'hardware MFA is not enabled on this deployment'));
    const seed = this.deps.hardware.registry.seedOf(input.serial) ?? fail(domainError('rule', 'UNKNOWN_MFA_DEVICE', 'no hardware MFA device has this serial number'));
    const check = await this.deps.totp.check(seed, input.code, this.seconds());
    const deviceId = `hmfa-${input.serial}`;
    const result = await this.run(
      accountId,
      { type: 'BindHardwareMfa', data: { deviceId, serial: input.serial, check, scopes: scopesOf(input), verificationToken: tokenHash(input.verificationToken) } },
      ctx,
    );
    return this.status(requireAccount(result.state), result.position);
  }

  /** Verifies a code of the bound device for a purpose (identity verification, login, operation). */
  async verify(accountId: string, code: string, purpose: MfaPurpose, ctx: CommandContext) {
    const account = await this.account(accountId);
    const device = account.mfaDevices.find((d) => d.kind === 'virtual') ?? account.mfaDevices[0];
    const check = device ? await this.checkDevice(device, code) : { valid: false };
    return this.run(accountId, { type: 'VerifyMfaCode', data: { check, purpose } }, ctx);
  }

  async unbind(accountId: string, input: { kind: 'virtual' | 'hardware'; code: string }, ctx: CommandContext) {
    const account = await this.account(accountId);
    const device = account.mfaDevices.find((d) => d.kind === input.kind);
    const check = device ? await this.checkDevice(device, input.code) : { valid: false };
    const result = await this.run(accountId, { type: 'UnbindMfa', data: { kind: input.kind, check } }, ctx);
    return this.status(requireAccount(result.state), result.position);
  }

  private async checkDevice(device: { secret: string | null; serial: string | null }, code: string): Promise<CodeCheck> {
    const secret = device.secret ?? (device.serial ? this.deps.hardware.registry.seedOf(device.serial) : undefined);
    if (!secret) return { valid: false };
    // The time step comes back with the result: the decider refuses a step already used (replay), on the state it appends to.
    return this.deps.totp.check(secret, code, this.seconds());
  }

  private seconds() {
    return Math.floor(this.now().getTime() / 1000);
  }

  private status(account: ReturnType<typeof requireAccount>, position: number | null) {
    return {
      accountId: account.accountId,
      mfa: account.mfaDevices.map((d) => ({ kind: d.kind, deviceId: d.deviceId, ...(d.serial ? { serial: d.serial } : {}) })),
      protection: account.protection,
      position,
    };
  }
}
