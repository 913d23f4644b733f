import type { AccountSlice } from '../rules';
import type { RealNameCommand } from './commands';
import { decideRelease, decideVerify } from './decide';
import type { RealNameEvent } from './events';
import { evolveReleased, evolveSubjectChanged, evolveVerified } from './evolve';

/** Real-name verification of the account's subject (RN-1) and its release. */
export const realNameSlice: AccountSlice<RealNameCommand['type'], RealNameEvent['type']> = {
  name: 'real-name',
  stateVersion: 1,
  decide: {
    VerifyRealName: decideVerify,
    ReleaseRealName: decideRelease,
  },
  evolve: {
    RealNameVerified: evolveVerified,
    RealNameSubjectChanged: evolveSubjectChanged,
    RealNameVerificationReleased: evolveReleased,
  },
};
