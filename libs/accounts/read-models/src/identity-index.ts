import type { AccountEvent, IdentityKind } from '@acc/accounts-domain';
import { writes } from '@acc/ports';
import { defineProjection, type Recorded } from './define';

export const IDENTITY_LINKS = 'identity_links';

/** How an account holds an identity: it registered with it, bound it as a login method, or uses it as its security phone. */
export type IdentityRole = 'registration' | 'login_method' | 'security_phone';

/**
 * Which accounts an external identity or phone is linked to, one document per
 * (identity, role, account). Identities appear only as their keyed-hash reference
 * (the `ref` of the identity streams), never in plain form.
 */
export interface IdentityLinkDocument {
  readonly _id: string;
  readonly kind: IdentityKind;
  readonly ref: string;
  readonly role: IdentityRole;
  readonly accountId: string;
  readonly active: boolean;
  readonly since: string;
  readonly until: string | null;
}

export const identityLinkId = (kind: IdentityKind, ref: string, role: IdentityRole, accountId: string) => `${kind}:${ref}:${role}:${accountId}`;

/** Writes that make a link active (an insert the first time, a guarded update afterwards). */
export function linkActive(link: { kind: IdentityKind; ref: string; role: IdentityRole; accountId: string }, at: string, r: Recorded) {
  return writes.upsert(IDENTITY_LINKS, identityLinkId(link.kind, link.ref, link.role, link.accountId), r, { active: true, since: at, until: null }, { ...link });
}

/** Writes that end a link (for unbinding, phone changes and deregistration, as those events arrive). */
export function linkEnded(link: { kind: IdentityKind; ref: string; role: IdentityRole; accountId: string }, at: string, r: Recorded) {
  return [writes.update(IDENTITY_LINKS, identityLinkId(link.kind, link.ref, link.role, link.accountId), r, { $set: { active: false, until: at } })];
}

export const identityIndexProjection = defineProjection<AccountEvent>({
  name: 'identity-index',
  version: 1,
  collections: [{ name: IDENTITY_LINKS, indexes: [{ keys: { kind: 1, ref: 1 } }, { keys: { accountId: 1 } }] }],
  // The account stream is the record of what an account holds; the identity streams' counted
  // claims serve the REG-5 limits at write time and are not needed here.
  streams: ['account-'],
  handlers: {
    AccountRegistered: ({ data: d }, r) => linkActive({ kind: d.method, ref: d.identityRef, role: 'registration', accountId: d.accountId }, d.registeredAt, r),
    RegistrationCompleted: ({ data: d }, r) => linkActive({ kind: 'phone', ref: d.phoneRef, role: 'security_phone', accountId: d.accountId }, d.completedAt, r),
    LoginMethodBound: ({ data: d }, r) => linkActive({ kind: d.method, ref: d.identityRef, role: 'login_method', accountId: d.accountId }, d.boundAt, r),
    LoginMethodReplaced: ({ data: d }, r) => [
      ...linkEnded({ kind: d.method, ref: d.previousIdentityRef, role: 'login_method', accountId: d.accountId }, d.replacedAt, r),
      ...linkActive({ kind: d.method, ref: d.identityRef, role: 'login_method', accountId: d.accountId }, d.replacedAt, r),
    ],
    LoginMethodUnbound: ({ data: d }, r) => linkEnded({ kind: d.method, ref: d.identityRef, role: 'login_method', accountId: d.accountId }, d.unboundAt, r),
    RegistrationMethodUnbound: ({ data: d }, r) => linkEnded({ kind: d.method, ref: d.identityRef, role: 'registration', accountId: d.accountId }, d.unboundAt, r),
    SecurityPhoneChanged: ({ data: d }, r) => [
      ...(d.previousRef && d.previousRef !== d.phoneRef ? linkEnded({ kind: 'phone', ref: d.previousRef, role: 'security_phone', accountId: d.accountId }, d.changedAt, r) : []),
      ...linkActive({ kind: 'phone', ref: d.phoneRef, role: 'security_phone', accountId: d.accountId }, d.changedAt, r),
    ],
    // DEREG-6: the account holds nothing any more; even the keyed hashes of what it held go, so the index cannot link them to it.
    AccountDeregistered: ({ data: d }) => [{ kind: 'delete', collection: IDENTITY_LINKS, filter: { accountId: d.accountId } }],
  },
});
