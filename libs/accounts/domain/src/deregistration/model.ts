import type { Actor } from '@acc/kernel';
import type { RealNameStatus } from '../model';

/** DEREG-1: why the account is closed; `other` comes with free text (personal data, X-2). */
export const DEREGISTRATION_REASONS = ['mis_registered', 're_registering', 'no_longer_using', 'other'] as const;
export type DeregistrationReason = (typeof DEREGISTRATION_REASONS)[number];
export const OTHER_REASON_MAX_LENGTH = 200;

/** DEREG-2: what the rest of the platform holds for the account. */
export const RESOURCE_KINDS = ['sub_user', 'api_key', 'unfinished_order', 'voucher', 'credit'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** Vouchers and credits may be given up; sub-users, API keys and unfinished orders must be cleared. */
export const isAbandonableKind = (kind: ResourceKind): boolean => kind === 'voucher' || kind === 'credit';

export interface PlatformResource {
  readonly id: string;
  readonly kind: ResourceKind;
  /** Free text of the owning platform (a sub-user's name may be a person's): personal data. */
  readonly name: string;
  readonly abandonable: boolean;
  /** DEREG-3: postpaid usage not billed yet; it sends the request into cooling-off. */
  readonly unsettledPostpaid: boolean;
}

/**
 * requested → resources checked (blocked | clear) → cooling_off (unsettled postpaid) →
 * identity_check → under_review (enterprise) → completing → completed; or revoked | rejected.
 * `completing`: the identity check passed and the account side is being closed.
 */
export type DeregistrationStatus = 'blocked' | 'cooling_off' | 'identity_check' | 'under_review' | 'completing' | 'completed' | 'revoked' | 'rejected';

/** DEREG-5: how the identity check is done, by the account's real-name verification. */
export type IdentityCheckMethod = 'face' | 'legal_person_face' | 'security_factors';

export function identityCheckMethod(verification: RealNameStatus): IdentityCheckMethod {
  if (verification === 'personal') return 'face';
  return verification === 'enterprise' ? 'legal_person_face' : 'security_factors';
}

/** An account-side step of the process that was decided and not yet confirmed done (see the process's recovery). */
export type ClosureStep = 'enter_cooling_off' | 'restore' | 'complete';

export interface DeregistrationRequestState {
  readonly requestId: string;
  readonly accountId: string;
  readonly status: DeregistrationStatus;
  readonly verificationType: RealNameStatus;
  readonly reasons: readonly DeregistrationReason[];
  readonly otherReason: string | null;
  readonly requestedAt: string;
  /** The last listing of the account's resources, and the ids among them that block. */
  readonly resources: readonly PlatformResource[];
  readonly blocking: readonly string[];
  readonly abandoned: readonly string[];
  readonly coolingOffUntil: string | null;
  /** The account was put into "deregistering" (cooling-off) and must be restored if the request ends otherwise. */
  readonly accountDeregistering: boolean;
  readonly reviewDueAt: string | null;
  /** The review case (libs/accounts/domain/src/review-cases) that decides an enterprise request. */
  readonly reviewCaseCode: string | null;
  readonly reviewOverdue: boolean;
  readonly reviewer: Actor | null;
  readonly pendingClosure: ClosureStep | null;
  readonly closedAt: string | null;
  readonly deregisteredAt: string | null;
}

/** One stream per account (`deregistration-<accountId>`): its requests in sequence, at most one open. */
export interface DeregistrationState {
  readonly accountId: string | null;
  /** How many requests the account made: the next one is `<accountId>-<requests + 1>`. */
  readonly requests: number;
  /** The newest request, open or closed. */
  readonly current: DeregistrationRequestState | null;
}

const CLOSED: readonly DeregistrationStatus[] = ['completed', 'revoked', 'rejected'];
export const isOpen = (request: DeregistrationRequestState | null): request is DeregistrationRequestState => request !== null && !CLOSED.includes(request.status);

export const deregistrationStreamId = (accountId: string) => `deregistration-${accountId}`;
export const deregistrationRequestId = (accountId: string, sequence: number) => `${accountId}-${sequence}`;
/** The account a request id belongs to (ids are `<accountId>-<n>`), or undefined for a malformed id. */
export const accountOfRequest = (requestId: string): string | undefined => /^([1-9]\d{11})-[1-9]\d{0,5}$/.exec(requestId)?.[1];
