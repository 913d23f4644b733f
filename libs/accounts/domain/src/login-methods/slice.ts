import type { AccountSlice } from '../rules';
import type { LoginMethodCommand } from './commands';
import { decideBind, decideReplace, decideUnbind, decideUnbindRegistration } from './decide';
import type { LoginMethodEvent } from './events';
import { evolveBound, evolveReplaced, evolveUnbound } from './evolve';

/** Login methods: bind, replace, unbind (LM-1..LM-3), and unbinding the registration method (LM-4). */
export const loginMethodsSlice: AccountSlice<LoginMethodCommand['type'], LoginMethodEvent['type']> = {
  name: 'login-methods',
  stateVersion: 1,
  decide: {
    BindLoginMethod: decideBind,
    ReplaceLoginMethod: decideReplace,
    UnbindLoginMethod: decideUnbind,
    UnbindRegistrationMethod: decideUnbindRegistration,
  },
  evolve: {
    LoginMethodBound: evolveBound,
    LoginMethodReplaced: evolveReplaced,
    LoginMethodUnbound: evolveUnbound,
    RegistrationMethodUnbound: evolveUnbound,
  },
};
