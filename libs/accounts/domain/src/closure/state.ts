import type { IdentityKind } from '../identity-claims/identity';

/** A counted identity the account held when it was deregistered (its keyed-hash reference, never the value). */
export interface HeldIdentity {
  readonly kind: IdentityKind;
  readonly ref: string;
}

/** The closure part of an account's state (DEREG-3, DEREG-6). */
export interface AccountClosureState {
  /** End of the cooling-off while `deregistering`; null otherwise. */
  readonly coolingOffUntil: string | null;
  readonly deregisteredAt: string | null;
  /** What the account held at deregistration: the releases the completion owes (and may repeat). */
  readonly held: readonly HeldIdentity[];
  /** When the account's data key was destroyed (recorded after the fact). */
  readonly erasedAt: string | null;
}

export const NO_CLOSURE: AccountClosureState = { coolingOffUntil: null, deregisteredAt: null, held: [], erasedAt: null };

/** DEREG-3: the products a deregistering account may still use: billing and the account center. */
export const COOLING_OFF_PRODUCTS: readonly string[] = ['billing', 'account'];

export const coolingOffAllows = (productId: string): boolean => COOLING_OFF_PRODUCTS.includes(productId);

/**
 * The deregistration notice's own key subject: its delivery addresses are encrypted under it,
 * not under the account's key, so the bridge can still read them after the account's key is
 * destroyed; the notice key is destroyed later (docs/adr/0012-account-closure-and-erasure.md).
 */
export const deregistrationNoticeId = (accountId: string) => `notice-${accountId}-deregistration`;

/** The event field naming the notice's key subject. */
export const NOTICE_SUBJECT_FIELD = 'noticeId';
