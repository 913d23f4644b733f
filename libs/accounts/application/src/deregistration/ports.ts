import type { CommandContext } from '@acc/application';
import type { PlatformResource } from '@acc/accounts-domain';
import { domainError, DomainErrorException } from '@acc/kernel';

/**
 * DEREG-2: the rest of the platform's resources of an account, through one port. Adapters: the
 * platform's resource service over HTTP, or the embedded store that platform teams fill.
 * Failures throw a DomainErrorException with code RESOURCE_SERVICE_UNAVAILABLE (503).
 */
export interface PlatformResources {
  list(accountId: string): Promise<PlatformResource[]>;
  /** Gives up an abandonable resource (a voucher, credits). Idempotent: an abandoned one is gone. */
  abandon(accountId: string, resourceId: string): Promise<void>;
}

/** REC-1: platform resources that prove who owns an account: a domain, an ICP filing (by its number or domain), a server's public IP. */
export interface OwnedResource {
  readonly kind: 'domain' | 'icp_filing' | 'public_ip';
  /** Normalised by the caller: a lower-case domain, a filing number or its domain, `cvm:<ip>` or `lighthouse:<ip>`. */
  readonly value: string;
}

/** REC-1: the owner lookup of the platform-resources service, beside `PlatformResources`. Failures throw like it (503). */
export interface ResourceOwners {
  /** The account that owns the resource, or null. */
  ownerOf(resource: OwnedResource): Promise<string | null>;
}

/** DEREG-5: the face-verification gateway's signed result, verified. */
export interface FaceVerificationResult {
  /** The account whose subject (or legal person) was verified. */
  readonly accountId: string;
  readonly subject: 'personal' | 'legal_person';
  readonly passed: boolean;
}

/** Verifies the gateway's assertion; throws on a forged, expired or unreadable one. */
export interface FaceVerifications {
  verify(assertion: string): Promise<FaceVerificationResult>;
}

/**
 * The face gateway's verdict for one subject (an account, a recovery request, a login
 * application: the assertion's `sub`); 401 INVALID_FACE_ASSERTION for a forged, expired or
 * unreadable assertion or one issued for another subject. Never quotes the assertion.
 */
export async function faceVerdictFor(faces: FaceVerifications, assertion: string, subjectId: string): Promise<FaceVerificationResult> {
  const refuse = (why: string): never => {
    throw new DomainErrorException(domainError('unauthorized', 'INVALID_FACE_ASSERTION', `invalid face-verification assertion: ${why}`));
  };
  let verdict: FaceVerificationResult;
  try {
    verdict = await faces.verify(assertion);
  } catch {
    return refuse('bad signature, expired or malformed');
  }
  return verdict.accountId === subjectId ? verdict : refuse('issued for another subject');
}

/** The account-side effects of deregistration (AccountClosure), each idempotent. */
export interface AccountClosurePort {
  enterCoolingOff(accountId: string, until: string, ctx: CommandContext): Promise<void>;
  restore(accountId: string, ctx: CommandContext): Promise<void>;
  complete(accountId: string, ctx: CommandContext): Promise<{ deregisteredAt: string }>;
}

export interface DeregistrationPolicy {
  /** DEREG-3: length of the cooling-off (default 15). */
  readonly coolingOffDays: number;
  /** DEREG-5: business days an enterprise review is due within (default 3). */
  readonly reviewBusinessDays: number;
  /** Local dates that are not business days (ACC_HOLIDAYS). */
  readonly holidays: readonly string[];
}

export const DEFAULT_DEREGISTRATION_POLICY: DeregistrationPolicy = { coolingOffDays: 15, reviewBusinessDays: 3, holidays: [] };
