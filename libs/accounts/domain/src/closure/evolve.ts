import type { AccountState, RegisteredAccount } from '../account-state';
import type { AccountCoolingOffStarted, AccountDataErased, AccountDeregistered, AccountRestored } from './events';
import { NO_CLOSURE } from './state';

/** Closure events are folded on any state (ungated): a deregistered account still records its erasure. */
const on = (state: AccountState, change: (account: RegisteredAccount) => RegisteredAccount): AccountState => (state.status === 'none' ? state : change(state));

const closureOf = (state: RegisteredAccount) => state.closure ?? NO_CLOSURE;

export const evolveCoolingOffStarted = (state: AccountState, e: AccountCoolingOffStarted): AccountState =>
  on(state, (s) => ({ ...s, status: 'deregistering', closure: { ...closureOf(s), coolingOffUntil: e.data.until } }));

export const evolveRestored = (state: AccountState, _: AccountRestored): AccountState =>
  on(state, (s) => ({ ...s, status: 'active', closure: { ...closureOf(s), coolingOffUntil: null } }));

/**
 * A deregistered account keeps only what is not personal (ids, dates, settings) and the
 * identities it still has to release; everything else is dropped from the state, so neither
 * the cache nor a snapshot holds it, and the account holds no identity any more.
 */
export const evolveDeregistered = (state: AccountState, e: AccountDeregistered): AccountState =>
  on(state, (s) => ({
    ...s,
    status: 'deregistered',
    registrationIdentityRef: '',
    nickname: '',
    realName: null,
    hasPassword: false,
    securityPhone: null,
    securityEmail: null,
    contactEmail: null,
    contactPhone: null,
    pendingContactChanges: [],
    loginMethods: [],
    mfaDevices: [],
    pendingMfa: null,
    password: null,
    passwordReset: null,
    operationVerifiedUntil: null,
    idvGrants: [],
    wechatScans: [],
    closure: { ...closureOf(s), coolingOffUntil: null, deregisteredAt: e.data.deregisteredAt, held: e.data.held },
  }));

export const evolveDataErased = (state: AccountState, e: AccountDataErased): AccountState => on(state, (s) => ({ ...s, closure: { ...closureOf(s), erasedAt: e.data.erasedAt } }));
