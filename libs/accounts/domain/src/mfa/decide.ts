import { accept, type Decision, type DomainError, domainError, ms, plusMinutes, reject } from '@acc/kernel';
import type { AccountEvent } from '../account';
import type { RegisteredAccount } from '../account-state';
import { protectionChanged } from '../protection/decide';
import { requireVerification } from '../rules';
import type { BindHardwareMfa, CodeCheck, ConfirmMfaBinding, MfaPurpose, StartVirtualMfaBinding, UnbindMfa, VerifyMfaCode } from './commands';
import type { MfaDeviceBound } from './events';
import { protectionsLeftByMfa } from './last-device';
import { MFA_BINDING_MINUTES, MFA_LOCK_MINUTES, MFA_MAX_FAILURES } from './state';

/**
 * Virtual and hardware MFA (SEC-2, SEC-3): the decider owns the rules — one use per time
 * step (no replay), attempt limits, binding steps, and what unbinding does to the protections.
 */

type Scopes = { login: boolean; operation: boolean };

/** The protections the user chose to turn on with the new device. */
function protectionEvents(state: RegisteredAccount, scopes: Scopes, now: string): AccountEvent[] {
  const events: AccountEvent[] = [];
  for (const protection of ['login', 'operation'] as const) {
    if (!scopes[protection]) continue;
    const previous = state.protection[protection];
    if (previous.method === 'mfa' && previous.enabled) continue;
    events.push(protectionChanged(state, protection, { method: 'mfa', enabled: true }, now));
  }
  return events;
}

/** The code-checking state of a device (or of the binding in progress). */
interface CodeTarget {
  readonly deviceId: string;
  readonly lastUsedStep: number;
  readonly failures: number;
  readonly lockedUntil: string | null;
}

/** Checks a code against a device: one use per time step, a limited number of consecutive failures. */
function useCode(state: RegisteredAccount, target: CodeTarget, check: CodeCheck, purpose: MfaPurpose, now: string): { error: DomainError | undefined; events: AccountEvent[] } {
  const { deviceId, lockedUntil } = target;
  if (lockedUntil && ms(now) < ms(lockedUntil)) {
    const retryAfterSeconds = Math.ceil((ms(lockedUntil) - ms(now)) / 1000);
    return { error: domainError('throttled', 'MFA_LOCKED', `too many wrong MFA codes; try again in ${retryAfterSeconds} s`, { retryAfterSeconds }), events: [] };
  }
  const replay = check.valid && check.timeStep !== undefined && check.timeStep <= target.lastUsedStep;
  if (!check.valid || replay || check.timeStep === undefined) {
    const count = target.failures + 1;
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

const alreadyBound = (kind: 'virtual' | 'hardware') => domainError('conflict', 'MFA_ALREADY_BOUND', `a ${kind} MFA device is already bound; unbind it first`);

export function decideStartVirtual(command: StartVirtualMfaBinding, state: RegisteredAccount): Decision<AccountEvent> {
  const c = command.data;
  const blocked = requireVerification(state, c.verificationToken, c.now);
  if (blocked) return reject(blocked);
  if (state.mfaDevices.some((d) => d.kind === 'virtual')) return reject(alreadyBound('virtual'));
  return accept({
    type: 'VirtualMfaBindingStarted',
    data: { accountId: state.accountId, deviceId: c.deviceId, secret: c.secret, startedAt: c.now, expiresAt: plusMinutes(c.now, MFA_BINDING_MINUTES) },
  });
}

export function decideConfirmBinding(command: ConfirmMfaBinding, state: RegisteredAccount): Decision<AccountEvent> {
  const c = command.data;
  const pending = state.pendingMfa;
  if (!pending) return reject(domainError('rule', 'MFA_BINDING_NOT_STARTED', 'start the MFA binding first'));
  if (ms(c.now) >= ms(pending.expiresAt)) return reject(domainError('rule', 'MFA_BINDING_EXPIRED', 'the MFA binding expired; start again'));
  const used = useCode(state, { deviceId: pending.deviceId, lastUsedStep: -1, failures: pending.failures, lockedUntil: null }, c.check, 'bind', c.now);
  if (used.error) return reject(used.error, ...used.events);
  const bound: MfaDeviceBound = {
    type: 'MfaDeviceBound',
    data: { accountId: state.accountId, kind: 'virtual', deviceId: pending.deviceId, secret: pending.secret, serial: null, boundThroughRef: null, lastUsedStep: c.check.timeStep ?? -1, boundAt: c.now },
  };
  return accept(bound, ...protectionEvents(state, c.scopes, c.now));
}

export function decideBindHardware(command: BindHardwareMfa, state: RegisteredAccount): Decision<AccountEvent> {
  const c = command.data;
  const blocked = requireVerification(state, c.verificationToken, c.now);
  if (blocked) return reject(blocked);
  if (state.mfaDevices.some((d) => d.kind === 'hardware')) return reject(alreadyBound('hardware'));
  if (!c.check.valid || c.check.timeStep === undefined) return reject(domainError('rule', 'MFA_CODE_INVALID', 'the code shown by the device is wrong'));
  const bound: MfaDeviceBound = {
    type: 'MfaDeviceBound',
    data: { accountId: state.accountId, kind: 'hardware', deviceId: c.deviceId, secret: null, serial: c.serial, boundThroughRef: null, lastUsedStep: c.check.timeStep, boundAt: c.now },
  };
  return accept(bound, ...protectionEvents(state, c.scopes, c.now));
}

export function decideVerifyCode(command: VerifyMfaCode, state: RegisteredAccount): Decision<AccountEvent> {
  const c = command.data;
  const device = state.mfaDevices.find((d) => d.kind === 'virtual') ?? state.mfaDevices[0];
  if (!device) return reject(domainError('rule', 'MFA_NOT_BOUND', 'no MFA device is bound'));
  const used = useCode(state, device, c.check, c.purpose, c.now);
  return used.error ? reject(used.error, ...used.events) : accept(...used.events);
}

export function decideUnbind(command: UnbindMfa, state: RegisteredAccount): Decision<AccountEvent> {
  const c = command.data;
  const device = state.mfaDevices.find((d) => d.kind === c.kind);
  if (!device) return reject(domainError('not_found', 'MFA_NOT_BOUND', `no ${c.kind} MFA device is bound`));
  const used = useCode(state, device, c.check, 'unbind', c.now);
  if (used.error) return reject(used.error, ...used.events);
  const unbound: AccountEvent = { type: 'MfaDeviceUnbound', data: { accountId: state.accountId, kind: c.kind, deviceId: device.deviceId, unboundAt: c.now } };
  // SEC-2: without an MFA device left, MFA leaves the protections — recorded as changes of their own.
  const devicesLeft = state.mfaDevices.filter((d) => d.deviceId !== device.deviceId).length;
  const off = protectionsLeftByMfa(state, devicesLeft).map((protection) => protectionChanged(state, protection, { method: 'none', enabled: false }, c.now));
  return accept<AccountEvent>(...used.events, unbound, ...off);
}
