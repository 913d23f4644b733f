import type { AccountSlice } from '../rules';
import type { LoginMethodCommand } from './commands';
import { decideMarkStale, decideReauthorise } from './authorisation';
import { decideBind, decideReplace, decideUnbind, decideUnbindRegistration } from './decide';
import type { LoginMethodEvent } from './events';
import { evolveBound, evolveMarkedStale, evolveReauthorised, evolveReplaced, evolveUnbound } from './evolve';

/** Login methods: bind, replace, unbind (LM-1..LM-3), unbinding the registration method (LM-4), stale Official Account bindings (LM-6). */
export const loginMethodsSlice: AccountSlice<LoginMethodCommand['type'], LoginMethodEvent['type']> = {
  name: 'login-methods',
  // 2: a login method may be stale (LM-6).
  stateVersion: 2,
  decide: {
    BindLoginMethod: decideBind,
    ReplaceLoginMethod: decideReplace,
    UnbindLoginMethod: decideUnbind,
    UnbindRegistrationMethod: decideUnbindRegistration,
    MarkLoginMethodStale: decideMarkStale,
    ReauthoriseLoginMethod: decideReauthorise,
  },
  evolve: {
    LoginMethodBound: evolveBound,
    LoginMethodReplaced: evolveReplaced,
    LoginMethodUnbound: evolveUnbound,
    RegistrationMethodUnbound: evolveUnbound,
    LoginMethodMarkedStale: evolveMarkedStale,
    LoginMethodReauthorised: evolveReauthorised,
  },
};
