import type { AccountSlice } from '../rules';
import type { ProfileCommand } from './commands';
import { decideChangeIndustry, decideChangeNickname, decideCompleteRegistration, decideRegister } from './decide';
import type { ProfileEvent } from './events';
import { evolveIndustryChanged, evolveNicknameChanged, evolveRegistered, evolveRegistrationCompleted } from './evolve';

type Opening = 'RegisterAccount' | 'AccountRegistered';

/** Registration (REG-1..REG-3), first-login completion (REG-2) and basic information (REG-4). */
export const profileAndRegistrationSlice: AccountSlice<Exclude<ProfileCommand['type'], Opening>, Exclude<ProfileEvent['type'], Opening>, 'RegisterAccount', 'AccountRegistered'> = {
  name: 'profile-and-registration',
  stateVersion: 1,
  // The registration opens the stream: it is decided and folded on an account that does not exist yet.
  ungated: {
    decide: { RegisterAccount: decideRegister },
    evolve: { AccountRegistered: evolveRegistered },
  },
  decide: {
    CompleteRegistration: decideCompleteRegistration,
    ChangeNickname: decideChangeNickname,
    ChangeIndustry: decideChangeIndustry,
  },
  evolve: {
    RegistrationCompleted: evolveRegistrationCompleted,
    NicknameChanged: evolveNicknameChanged,
    IndustryChanged: evolveIndustryChanged,
  },
};
