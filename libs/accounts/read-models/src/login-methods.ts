import { type AccountEvent, LOGIN_METHOD_TYPES, type LoginMethodType } from '@acc/accounts-domain';
import { writes } from '@acc/ports';
import { defineProjection, type Recorded } from './define';

export const ACCOUNT_LOGIN_METHODS = 'account_login_methods';

/** One row of the LM-5 table. */
export interface LoginMethodRow {
  readonly state: 'unbound' | 'bound';
  /** Masked identity (e.g. `al***@example.com`, `wx****01`); null when unbound. */
  readonly identity: string | null;
  /** Whether this is the account's registration method. */
  readonly registration: boolean;
  readonly boundAt: string | null;
  /** LM-6, only on a binding whose provider authorisation was revoked: it cannot log in until re-authorised. */
  readonly status?: 'stale';
  readonly action?: 're_authorise';
  readonly staleSince?: string;
}

/** LM-5: per account, the five login-method types, each a row under `methods.<type>`. */
export interface LoginMethodsDocument {
  readonly _id: string;
  readonly accountId: string;
  readonly registrationMethod: LoginMethodType;
  readonly methods: Readonly<Record<LoginMethodType, LoginMethodRow>>;
  readonly updatedAt: string;
}

export const UNBOUND: LoginMethodRow = { state: 'unbound', identity: null, registration: false, boundAt: null };
export const bound = (identity: string, at: string, registration = false): LoginMethodRow => ({ state: 'bound', identity, registration, boundAt: at });

/** The path of a type's row, for `$set` by later events (LoginMethodBound/Unbound...). */
export const methodPath = (type: LoginMethodType) => `methods.${type}`;

const setRow = (accountId: string, type: LoginMethodType, row: LoginMethodRow, r: Recorded) =>
  writes.update(ACCOUNT_LOGIN_METHODS, accountId, r, { $set: { [methodPath(type)]: row, updatedAt: r.recordedAt } });

/** LM-6: the stale fields of a row, set on the row in place (its identity and flags stay). */
const STALE_FIELDS = ['status', 'action', 'staleSince'] as const;
const staleField = (type: LoginMethodType, field: (typeof STALE_FIELDS)[number]) => `${methodPath(type)}.${field}`;

const markStale = (accountId: string, type: LoginMethodType, at: string, r: Recorded) =>
  writes.update(ACCOUNT_LOGIN_METHODS, accountId, r, {
    $set: { [staleField(type, 'status')]: 'stale', [staleField(type, 'action')]: 're_authorise', [staleField(type, 'staleSince')]: at, updatedAt: r.recordedAt },
  });

const clearStale = (accountId: string, type: LoginMethodType, r: Recorded) =>
  writes.update(ACCOUNT_LOGIN_METHODS, accountId, r, { $unset: Object.fromEntries(STALE_FIELDS.map((f) => [staleField(type, f), ''])), $set: { updatedAt: r.recordedAt } });

export const loginMethodsProjection = defineProjection<AccountEvent>({
  name: 'account-login-methods',
  // 2: stale Official Account bindings (LM-6).
  version: 2,
  collections: [{ name: ACCOUNT_LOGIN_METHODS }],
  streams: ['account-'],
  handlers: {
    // The registration method is bound from the start and flagged as such (REG-1, LM-5).
    AccountRegistered: ({ data: d }, r) => [
      writes.create(
        ACCOUNT_LOGIN_METHODS,
        d.accountId,
        {
          accountId: d.accountId,
          registrationMethod: d.method,
          methods: Object.fromEntries(LOGIN_METHOD_TYPES.map((type) => [type, type === d.method ? bound(d.identityMasked, d.registeredAt, true) : UNBOUND])),
          updatedAt: r.recordedAt,
        },
        r,
      ),
    ],
    LoginMethodBound: ({ data: d }, r) => [setRow(d.accountId, d.method, bound(d.identityMasked, d.boundAt), r)],
    LoginMethodReplaced: ({ data: d }, r) => [setRow(d.accountId, d.method, bound(d.identityMasked, d.replacedAt), r)],
    LoginMethodUnbound: ({ data: d }, r) => [setRow(d.accountId, d.method, UNBOUND, r)],
    // LM-4: afterwards the identity may come back, as an ordinary login method.
    RegistrationMethodUnbound: ({ data: d }, r) => [setRow(d.accountId, d.method, UNBOUND, r)],
    // LM-6: a bound row that cannot log in, and what to do; re-authorised, it is a plain bound row again.
    LoginMethodMarkedStale: ({ data: d }, r) => [markStale(d.accountId, d.method, d.markedAt, r)],
    LoginMethodReauthorised: ({ data: d }, r) => [clearStale(d.accountId, d.method, r)],
    // DEREG-6: a deregistered account has no login method; its masked identities go with the document.
    AccountDeregistered: ({ data: d }) => [{ kind: 'delete', collection: ACCOUNT_LOGIN_METHODS, filter: { _id: d.accountId } }],
  },
});
