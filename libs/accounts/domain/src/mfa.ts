import { accept, type Decision, domainError, reject } from '@acc/kernel';
import type { AccountEvent, ProtectionKind, RegisteredAccount } from './account';

/**
 * Virtual and hardware MFA (SEC-2, SEC-3). The TOTP arithmetic (HMAC) happens outside the
 * domain: commands carry the result of checking a code against the device secret
 * (`check`), and the decider owns the rules — one use per time step (no replay), attempt
 * limits, binding steps, and what unbinding does to the protections.
 */

export const MFA_MAX_FAILURES = 5;
export const MFA_LOCK_MINUTES = 15;
export const MFA_BINDING_MINUTES = 10;

export interface CodeCheck {
  readonly valid: boolean;
  readonly timeStep?: number;
}

export type VirtualMfaBindingStarted = {
  type: 'VirtualMfaBindingStarted';
  data: { accountId: string; deviceId: string; secret: string; startedAt: string; expiresAt: string };
};
export type MfaCodeAccepted = { type: 'MfaCodeAccepted'; data: { accountId: string; deviceId: string; timeStep: number; purpose: MfaPurpose; at: string } };
export type MfaCodeRejected = {
  type: 'MfaCodeRejected';
  data: { accountId: string; deviceId: string; failures: number; lockedUntil: string | null; purpose: MfaPurpose; at: string };
};
export type MfaEvent = VirtualMfaBindingStarted | MfaCodeAccepted | MfaCodeRejected;

export type MfaPurpose = 'bind' | 'unbind' | 'identity_verification' | 'login' | 'operation';

export type StartVirtualMfaBinding = { type: 'StartVirtualMfaBinding'; data: { deviceId: string; secret: string; verificationToken: string; now: string } };
export type ConfirmMfaBinding = {
  type: 'ConfirmMfaBinding';
  data: { check: CodeCheck; scopes: { login: boolean; operation: boolean }; now: string };
};
export type BindHardwareMfa = {
  type: 'BindHardwareMfa';
  data: { deviceId: string; serial: string; check: CodeCheck; scopes: { login: boolean; operation: boolean }; verificationToken: string; now: string };
};
export type VerifyMfaCode = { type: 'VerifyMfaCode'; data: { check: CodeCheck; purpose: MfaPurpose; now: string } };
export type UnbindMfa = { type: 'UnbindMfa'; data: { kind: 'virtual' | 'hardware'; check: CodeCheck; now: string } };
export type MfaCommand = StartVirtualMfaBinding | ConfirmMfaBinding | BindHardwareMfa | VerifyMfaCode | UnbindMfa;

export interface PendingMfaBinding {
  readonly deviceId: string;
  readonly secret: string;
  readonly expiresAt: string;
  readonly failures: number;
}

const ms = (iso: string) => new Date(iso).getTime();
const plusMinutes = (iso: string, minutes: number) => new Date(ms(iso) + minutes * 60_000).toISOString();

function protectionEvents(state: RegisteredAccount, scopes: { login: boolean; operation: boolean }, now: string): AccountEvent[] {
  const events: AccountEvent[] = [];
  for (const protection of ['login', 'operation'] as ProtectionKind[]) {
    if (!scopes[protection as 'login' | 'operation']) continue;
    const previous = state.protection[protection];
    if (previous.method === 'mfa' && previous.enabled) continue;
    events.push({ type: 'ProtectionChanged', data: { accountId: state.accountId, protection, method: 'mfa', enabled: true, previous, changedAt: now } });
  }
  return events;
}

/** Checks a code against a device: one use per time step, a limited number of consecutive failures. */
function useCode(state: RegisteredAccount, deviceId: string, lastUsedStep: number, failures: number, lockedUntil: string | null, check: CodeCheck, purpose: MfaPurpose, now: string) {
  if (lockedUntil && ms(now) < ms(lockedUntil)) {
    const retryAfterSeconds = Math.ceil((ms(lockedUntil) - ms(now)) / 1000);
    return { error: domainError('throttled', 'MFA_LOCKED', `too many wrong MFA codes; try again in ${retryAfterSeconds} s`, { retryAfterSeconds }), events: [] as AccountEvent[] };
  }
  const replay = check.valid && check.timeStep !== undefined && check.timeStep <= lastUsedStep;
  if (!check.valid || replay || check.timeStep === undefined) {
    const count = failures + 1;
    const locks = count >= MFA_MAX_FAILURES ? plusMinutes(now, MFA_LOCK_MINUTES) : null;
    const rejected: AccountEvent = { type: 'MfaCodeRejected', data: { accountId: state.accountId, deviceId, failures: count, lockedUntil: locks, purpose, at: now } };
    const error = replay
      ? domainError('rule', 'MFA_CODE_ALREADY_USED', 'this MFA code was already used; wait for the next one')
      : domainError('rule', 'MFA_CODE_INVALID', 'the MFA code is wrong', { attemptsLeft: Math.max(0, MFA_MAX_FAILURES - count) });
    return { error, events: [rejected] };
  }
  const accepted: AccountEvent = { type: 'MfaCodeAccepted', data: { accountId: state.accountId, deviceId, timeStep: check.timeStep, purpose, at: now } };
  return { error: undefined, events: [accepted] };
}

export function decideMfa(command: MfaCommand, state: RegisteredAccount, requireVerification: (token: string, now: string) => ReturnType<typeof domainError> | undefined): Decision<AccountEvent> {
  switch (command.type) {
    case 'StartVirtualMfaBinding': {
      const c = command.data;
      const blocked = requireVerification(c.verificationToken, c.now);
      if (blocked) return reject(blocked);
      if (state.mfaDevices.some((d) => d.kind === 'virtual')) return reject(domainError('conflict', 'MFA_ALREADY_BOUND', 'a virtual MFA device is already bound; unbind it first'));
      return accept({
        type: 'VirtualMfaBindingStarted',
        data: { accountId: state.accountId, deviceId: c.deviceId, secret: c.secret, startedAt: c.now, expiresAt: plusMinutes(c.now, MFA_BINDING_MINUTES) },
      });
    }
    case 'ConfirmMfaBinding': {
      const c = command.data;
      const pending = state.pendingMfa;
      if (!pending) return reject(domainError('rule', 'MFA_BINDING_NOT_STARTED', 'start the MFA binding first'));
      if (ms(c.now) >= ms(pending.expiresAt)) return reject(domainError('rule', 'MFA_BINDING_EXPIRED', 'the MFA binding expired; start again'));
      const used = useCode(state, pending.deviceId, -1, pending.failures, null, c.check, 'bind', c.now);
      if (used.error) return reject(used.error, ...used.events);
      const bound: AccountEvent = {
        type: 'MfaDeviceBound',
        data: { accountId: state.accountId, kind: 'virtual', deviceId: pending.deviceId, secret: pending.secret, serial: null, boundThroughRef: null, lastUsedStep: c.check.timeStep ?? -1, boundAt: c.now },
      };
      return accept(bound, ...protectionEvents(state, c.scopes, c.now));
    }
    case 'BindHardwareMfa': {
      const c = command.data;
      const blocked = requireVerification(c.verificationToken, c.now);
      if (blocked) return reject(blocked);
      if (state.mfaDevices.some((d) => d.kind === 'hardware')) return reject(domainError('conflict', 'MFA_ALREADY_BOUND', 'a hardware MFA device is already bound; unbind it first'));
      if (!c.check.valid || c.check.timeStep === undefined) return reject(domainError('rule', 'MFA_CODE_INVALID', 'the code shown by the device is wrong'));
      const bound: AccountEvent = {
        type: 'MfaDeviceBound',
        data: { accountId: state.accountId, kind: 'hardware', deviceId: c.deviceId, secret: null, serial: c.serial, boundThroughRef: null, lastUsedStep: c.check.timeStep, boundAt: c.now },
      };
      return accept(bound, ...protectionEvents(state, c.scopes, c.now));
    }
    case 'VerifyMfaCode': {
      const c = command.data;
      const device = state.mfaDevices.find((d) => d.kind === 'virtual') ?? state.mfaDevices[0];
      if (!device) return reject(domainError('rule', 'MFA_NOT_BOUND', 'no MFA device is bound'));
      const used = useCode(state, device.deviceId, device.lastUsedStep, device.failures, device.lockedUntil, c.check, c.purpose, c.now);
      return used.error ? reject(used.error, ...used.events) : accept(...used.events);
    }
    case 'UnbindMfa': {
      const c = command.data;
      const device = state.mfaDevices.find((d) => d.kind === c.kind);
      if (!device) return reject(domainError('not_found', 'MFA_NOT_BOUND', `no ${c.kind} MFA device is bound`));
      const used = useCode(state, device.deviceId, device.lastUsedStep, device.failures, device.lockedUntil, c.check, 'unbind', c.now);
      if (used.error) return reject(used.error, ...used.events);
      const unbound: AccountEvent = { type: 'MfaDeviceUnbound', data: { accountId: state.accountId, kind: c.kind, deviceId: device.deviceId, unboundAt: c.now } };
      // SEC-2: without an MFA device left, MFA leaves the protections — recorded as changes of their own.
      const lastDevice = state.mfaDevices.every((d) => d.deviceId === device.deviceId);
      const off: AccountEvent[] = lastDevice
        ? (['login', 'operation', 'remote_login'] as ProtectionKind[])
            .filter((p) => state.protection[p].method === 'mfa')
            .map((protection) => ({
              type: 'ProtectionChanged' as const,
              data: { accountId: state.accountId, protection, method: 'none' as const, enabled: false, previous: state.protection[protection], changedAt: c.now },
            }))
        : [];
      return accept<AccountEvent>(...used.events, unbound, ...off);
    }
  }
}
