import type { Industry, LoginMethodType, RealNameSubjectKind } from '@acc/accounts-domain';
import { type AccountSecurityChangedV1, SECURITY_CHANGED_TYPE } from '@acc/contracts';

/**
 * Integration events (X-6): public facts for other teams (billing, risk control, ...), published
 * on `<prefix>integration-events.v1`, keyed and `subject`-ed by account id. Eventuous' gateway
 * idea: they are separate, stable shapes, never raw domain events, and carry no personal data
 * (ids, types, statuses, times), so they stay publishable after an account's data is erased.
 */
export const INTEGRATION_EVENT_TYPES = {
  accountRegistered: 'account.registered.v1',
  registrationCompleted: 'account.registration-completed.v1',
  profileChanged: 'account.profile-changed.v1',
  realNameVerified: 'account.real-name-verified.v1',
  realNameReleased: 'account.real-name-released.v1',
  /** Shared by every context (the platform's published language). */
  securityChanged: SECURITY_CHANGED_TYPE,
} as const;

export interface AccountRegisteredV1 {
  readonly accountId: string;
  readonly uin: string;
  readonly appId: string;
  readonly registrationMethod: LoginMethodType;
  /** `pending_completion`: a third-party registration still to be completed with a phone (REG-2). */
  readonly status: 'active' | 'pending_completion';
  readonly industry: Industry | null;
  readonly registeredAt: string;
}

export interface AccountRegistrationCompletedV1 {
  readonly accountId: string;
  readonly industry: Industry;
  readonly completedAt: string;
}

/** Which profile fields changed; values only for non-personal fields (the nickname's value stays private). */
export interface AccountProfileChangedV1 {
  readonly accountId: string;
  readonly changed: ReadonlyArray<'nickname' | 'industry' | 'contactPhone' | 'contactEmail'>;
  readonly industry?: Industry;
  readonly previousIndustry?: Industry | null;
  readonly changedAt: string;
}

/** RN-1: the account's subject was verified, first or anew; the kind only, never a name or number. */
export interface AccountRealNameVerifiedV1 {
  readonly accountId: string;
  readonly status: RealNameSubjectKind;
  readonly previousStatus: 'unverified' | RealNameSubjectKind;
  readonly verifiedAt: string;
}

/** The account gave its verification up (deregistration): its real-name quota is free again. */
export interface AccountRealNameReleasedV1 {
  readonly accountId: string;
  readonly previousStatus: RealNameSubjectKind;
  readonly reason: 'deregistered';
  readonly releasedAt: string;
}

export type { AccountSecurityChangedV1 };

export type IntegrationEventData =
  | AccountRegisteredV1
  | AccountRegistrationCompletedV1
  | AccountProfileChangedV1
  | AccountRealNameVerifiedV1
  | AccountRealNameReleasedV1
  | AccountSecurityChangedV1;
