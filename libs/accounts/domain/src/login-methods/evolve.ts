import type { RegisteredAccount } from '../account-state';
import { withNewPassword } from '../credentials/state';
import type { LoginMethodBound, LoginMethodMarkedStale, LoginMethodReauthorised, LoginMethodReplaced, LoginMethodUnbound, RegistrationMethodUnbound } from './events';
import type { LoginMethod } from './state';

export function evolveBound(state: RegisteredAccount, event: LoginMethodBound): RegisteredAccount {
  const d = event.data;
  const method: LoginMethod = { type: d.method, identityRef: d.identityRef, identity: d.identity, masked: d.identityMasked, isRegistration: false, boundAt: d.boundAt };
  return {
    ...state,
    loginMethods: [...state.loginMethods, method],
    hasPassword: state.hasPassword || d.passwordHash !== null,
    password: d.passwordHash ? withNewPassword(state.password, d.passwordHash, d.boundAt) : state.password,
  };
}

export function evolveReplaced(state: RegisteredAccount, event: LoginMethodReplaced): RegisteredAccount {
  const d = event.data;
  return {
    ...state,
    loginMethods: state.loginMethods.map((m) =>
      m.type === d.method ? { type: d.method, identityRef: d.identityRef, identity: d.identity, masked: d.identityMasked, isRegistration: false, boundAt: d.replacedAt } : m,
    ),
    password: d.passwordHash ? withNewPassword(state.password, d.passwordHash, d.replacedAt) : state.password,
  };
}

/** Unbinding a login method, the registration method or another. */
export function evolveUnbound(state: RegisteredAccount, event: LoginMethodUnbound | RegistrationMethodUnbound): RegisteredAccount {
  const remaining = state.loginMethods.filter((m) => m.type !== event.data.method);
  // Without an email login method there is no password; its history is kept for a later re-bind.
  return { ...state, loginMethods: remaining, hasPassword: event.data.method === 'email' ? false : state.hasPassword };
}

/** LM-6: the binding stays; only its authorisation is gone (a replacement or re-authorisation clears it). */
export function evolveMarkedStale(state: RegisteredAccount, event: LoginMethodMarkedStale): RegisteredAccount {
  const d = event.data;
  return { ...state, loginMethods: state.loginMethods.map((m) => (m.type === d.method && m.identityRef === d.identityRef ? { ...m, staleSince: d.markedAt } : m)) };
}

export function evolveReauthorised(state: RegisteredAccount, event: LoginMethodReauthorised): RegisteredAccount {
  const d = event.data;
  return {
    ...state,
    loginMethods: state.loginMethods.map((m) => {
      if (m.type !== d.method || m.identityRef !== d.identityRef) return m;
      const { staleSince: _cleared, ...restored } = m;
      return restored;
    }),
  };
}
