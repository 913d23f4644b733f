import type { AccountEvent, VerificationMethod } from '@acc/accounts-domain';
import { writes } from '@acc/ports';
import { defineProjection, type Recorded } from './define';

export const ACCOUNT_SECURITY = 'account_security';

interface ProtectionView {
  readonly method: VerificationMethod;
  readonly enabled: boolean;
}

/**
 * The account center's security-settings page: MFA state, masked security phone and email,
 * whether a password is set and since when, the three protections, the session policy.
 * Never a secret: no TOTP secret, no hash, no full phone or email.
 */
export interface SecurityViewDocument {
  readonly _id: string;
  readonly accountId: string;
  readonly mfa: { readonly virtual: boolean; readonly hardware: boolean };
  readonly securityPhone: string | null;
  readonly securityEmail: string | null;
  readonly password: { readonly set: boolean; readonly changedAt: string | null };
  readonly loginProtection: ProtectionView;
  readonly operationProtection: ProtectionView;
  readonly remoteLoginProtection: ProtectionView;
  readonly sessionPolicy: { readonly idleMinutes: number; readonly maxHours: number };
  readonly updatedAt: string;
}

const OFF: ProtectionView = { method: 'none', enabled: false };
const PROTECTION_FIELD = { login: 'loginProtection', operation: 'operationProtection', remote_login: 'remoteLoginProtection' } as const;

const set = (accountId: string, r: Recorded, fields: Record<string, unknown>) => writes.update(ACCOUNT_SECURITY, accountId, r, { $set: { ...fields, updatedAt: r.recordedAt } });

export const securityViewProjection = defineProjection<AccountEvent>({
  name: 'account-security',
  version: 1,
  collections: [{ name: ACCOUNT_SECURITY }],
  streams: ['account-'],
  handlers: {
    AccountRegistered: ({ data: d }, r) => [
      writes.create(
        ACCOUNT_SECURITY,
        d.accountId,
        {
          accountId: d.accountId,
          mfa: { virtual: false, hardware: false },
          securityPhone: null,
          securityEmail: d.method === 'email' ? d.identityMasked : null,
          password: { set: d.passwordHash !== null, changedAt: d.passwordHash !== null ? d.registeredAt : null },
          loginProtection: OFF,
          operationProtection: OFF,
          remoteLoginProtection: OFF,
          sessionPolicy: { idleMinutes: 120, maxHours: 48 },
          updatedAt: r.recordedAt,
        },
        r,
      ),
    ],
    RegistrationCompleted: ({ data: d }, r) => [set(d.accountId, r, { securityPhone: d.phoneMasked })],
    SecurityPhoneChanged: ({ data: d }, r) => [set(d.accountId, r, { securityPhone: d.phoneMasked })],
    SecurityEmailChanged: ({ data: d }, r) => [set(d.accountId, r, { securityEmail: d.emailMasked })],
    PasswordChanged: ({ data: d }, r) => [set(d.accountId, r, { password: { set: true, changedAt: d.changedAt } })],
    LoginMethodBound: ({ data: d }, r) => (d.passwordHash !== null ? [set(d.accountId, r, { password: { set: true, changedAt: d.boundAt } })] : []),
    LoginMethodUnbound: ({ data: d }, r) => (d.method === 'email' ? [set(d.accountId, r, { password: { set: false, changedAt: null } })] : []),
    RegistrationMethodUnbound: ({ data: d }, r) => (d.method === 'email' ? [set(d.accountId, r, { password: { set: false, changedAt: null } })] : []),
    ProtectionChanged: ({ data: d }, r) => [set(d.accountId, r, { [PROTECTION_FIELD[d.protection]]: { method: d.method, enabled: d.enabled } })],
    MfaDeviceBound: ({ data: d }, r) => [set(d.accountId, r, { [`mfa.${d.kind}`]: true })],
    // SEC-2: unbinding MFA also takes it out of the protections (the decider does the same).
    MfaDeviceUnbound: ({ data: d }, r) => [set(d.accountId, r, { [`mfa.${d.kind}`]: false })],
    SessionPolicyChanged: ({ data: d }, r) => [set(d.accountId, r, { sessionPolicy: { idleMinutes: d.idleMinutes, maxHours: d.maxHours } })],
    // DEREG-6: a deregistered account has no security settings; its masked phone and email go with the document.
    AccountDeregistered: ({ data: d }) => [{ kind: 'delete', collection: ACCOUNT_SECURITY, filter: { _id: d.accountId } }],
  },
});
