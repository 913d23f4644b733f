import type { AccountEvent, LoginMethodType, RealNameStatus, RegisteredAccount } from '@acc/accounts-domain';
import { writes } from '@acc/ports';
import { defineProjection, type Recorded } from './define';

export const ACCOUNT_PROFILES = 'account_profiles';

/** REG-3/REG-4 basic information of an account, one document per account (`_id` = account id). */
export interface AccountProfileDocument {
  readonly _id: string;
  readonly accountId: string;
  readonly uin: string;
  readonly appId: string;
  readonly nickname: string;
  readonly industry: string | null;
  readonly realNameStatus: RealNameStatus;
  readonly status: RegisteredAccount['status'];
  readonly registrationMethod: LoginMethodType;
  readonly registeredAt: string;
  /** Masked security phone (e.g. `+86138****8000`), never the number itself. */
  readonly securityPhone: string | null;
  /** Revision of the account stream folded in (an ETag for the profile). */
  readonly revision: number;
  readonly updatedAt: string;
}

const touched = (r: Recorded) => ({ revision: r.revision, updatedAt: r.recordedAt });

export const accountProfileProjection = defineProjection<AccountEvent>({
  name: 'account-profile',
  // 2: the real-name status follows RN-1's events.
  version: 2,
  collections: [{ name: ACCOUNT_PROFILES }],
  streams: ['account-'],
  handlers: {
    AccountRegistered: ({ data: d }, r) => [
      writes.create(
        ACCOUNT_PROFILES,
        d.accountId,
        {
          accountId: d.accountId,
          uin: d.uin,
          appId: d.appId,
          nickname: d.nickname,
          industry: d.industry,
          realNameStatus: 'unverified',
          status: d.status,
          registrationMethod: d.method,
          registeredAt: d.registeredAt,
          securityPhone: null,
          ...touched(r),
        },
        r,
      ),
    ],
    RegistrationCompleted: ({ data: d }, r) => [
      writes.update(ACCOUNT_PROFILES, d.accountId, r, { $set: { status: 'active', industry: d.industry, securityPhone: d.phoneMasked, ...touched(r) } }),
    ],
    NicknameChanged: ({ data: d }, r) => [writes.update(ACCOUNT_PROFILES, d.accountId, r, { $set: { nickname: d.nickname, ...touched(r) } })],
    IndustryChanged: ({ data: d }, r) => [writes.update(ACCOUNT_PROFILES, d.accountId, r, { $set: { industry: d.industry, ...touched(r) } })],
    SecurityPhoneChanged: ({ data: d }, r) => [writes.update(ACCOUNT_PROFILES, d.accountId, r, { $set: { securityPhone: d.phoneMasked, ...touched(r) } })],
    // The subject's kind is not personal data: it stays readable after erasure.
    RealNameVerified: ({ data: d }, r) => [writes.update(ACCOUNT_PROFILES, d.accountId, r, { $set: { realNameStatus: d.subject.kind, ...touched(r) } })],
    RealNameSubjectChanged: ({ data: d }, r) => [writes.update(ACCOUNT_PROFILES, d.accountId, r, { $set: { realNameStatus: d.subject.kind, ...touched(r) } })],
    RealNameVerificationReleased: ({ data: d }, r) => [writes.update(ACCOUNT_PROFILES, d.accountId, r, { $set: { realNameStatus: 'unverified', ...touched(r) } })],
    // DEREG-6: the profile stays (ids, dates, status), its personal fields are blanked.
    AccountCoolingOffStarted: ({ data: d }, r) => [writes.update(ACCOUNT_PROFILES, d.accountId, r, { $set: { status: 'deregistering', ...touched(r) } })],
    AccountRestored: ({ data: d }, r) => [writes.update(ACCOUNT_PROFILES, d.accountId, r, { $set: { status: 'active', ...touched(r) } })],
    AccountDeregistered: ({ data: d }, r) => [writes.update(ACCOUNT_PROFILES, d.accountId, r, { $set: { status: 'deregistered', nickname: '', securityPhone: null, ...touched(r) } })],
  },
});
