import type { AccountSlice } from '../rules';
import type { ClosureCommand } from './commands';
import { decideDeregister, decideEnterCoolingOff, decideRecordErasure, decideRestore } from './decide';
import type { ClosureEvent } from './events';
import { evolveCoolingOffStarted, evolveDataErased, evolveDeregistered, evolveRestored } from './evolve';

/** Account closure (DEREG-3, DEREG-4, DEREG-6): cooling-off, restore, deregistration, erasure. Ungated (see decide.ts). */
export const closureSlice: AccountSlice<never, never, ClosureCommand['type'], ClosureEvent['type']> = {
  name: 'closure',
  stateVersion: 1,
  decide: {},
  evolve: {},
  ungated: {
    decide: {
      EnterCoolingOff: decideEnterCoolingOff,
      RestoreAccount: decideRestore,
      DeregisterAccount: decideDeregister,
      RecordDataErasure: decideRecordErasure,
    },
    evolve: {
      AccountCoolingOffStarted: evolveCoolingOffStarted,
      AccountRestored: evolveRestored,
      AccountDeregistered: evolveDeregistered,
      AccountDataErased: evolveDataErased,
    },
  },
};
