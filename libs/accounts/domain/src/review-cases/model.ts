import type { Actor } from '@acc/kernel';

/** The processes that send a case to people (REC-1, REC-3, DEREG-5): one case model for all of them. */
export const REVIEW_CASE_KINDS = ['enterprise_recovery', 'login_application', 'enterprise_deregistration'] as const;
export type ReviewCaseKind = (typeof REVIEW_CASE_KINDS)[number];
export const isReviewCaseKind = (value: unknown): value is ReviewCaseKind => (REVIEW_CASE_KINDS as readonly unknown[]).includes(value);

/** open → approved | rejected; withdrawn when the owning process ended first (a revoked deregistration). */
export type ReviewCaseStatus = 'open' | 'approved' | 'rejected' | 'withdrawn';

export const MAX_EVIDENCE_REFS = 20;
export const MAX_EVIDENCE_REF_LENGTH = 500;
export const REVIEW_REASON_MAX_LENGTH = 200;
export const MAX_DUE_BUSINESS_DAYS = 30;

/**
 * Case codes are read out on the phone and typed by people: `RC-` and 8 characters of an
 * alphabet without look-alikes (no 0/O, 1/I/L). Drawn by the caller; uniqueness holds because
 * opening a case is the first append to the stream named after its code.
 */
export const CASE_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CASE_CODE_PATTERN = /^RC-[2-9A-HJKMNP-Z]{8}$/;
export const isCaseCode = (value: string): boolean => CASE_CODE_PATTERN.test(value);

/** A case code from 8 uniform draws in [0, 1) (randomness is an input: the domain stays pure). */
export function caseCodeFrom(draws: readonly number[]): string {
  const chars = draws.slice(0, 8).map((x) => CASE_CODE_ALPHABET[Math.min(CASE_CODE_ALPHABET.length - 1, Math.floor(x * CASE_CODE_ALPHABET.length))]);
  return `RC-${chars.join('')}`;
}

export interface ReviewCase {
  readonly caseCode: string;
  readonly kind: ReviewCaseKind;
  /** An account id, or the owning process's request id (an enterprise recovery request). */
  readonly subject: string;
  /** The owning process's own id for the case (a deregistration request id), if any. */
  readonly ownerRef: string | null;
  /** References into the platform's evidence store (no images here): personal data. */
  readonly evidence: readonly string[];
  readonly openedAt: string;
  readonly dueAt: string;
  readonly overdue: boolean;
  readonly assignee: string | null;
  readonly status: ReviewCaseStatus;
  readonly reviewer: Actor | null;
  readonly reason: string | null;
  readonly decidedAt: string | null;
  /** The owning process was told the outcome (approve/reject re-deliver until it is). */
  readonly outcomeDelivered: boolean;
}

/** One stream per case: `review-case-<caseCode>`. */
export interface ReviewCaseState {
  readonly case: ReviewCase | null;
}

export const reviewCaseStreamId = (caseCode: string) => `review-case-${caseCode}`;
