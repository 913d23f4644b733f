import { decideWith } from '@acc/kernel';
import type { RegisteredAccount } from '../account-state';
import type { AccountSlice } from '../rules';
import type { MfaCommand } from './commands';
import { decideBindHardware, decideConfirmBinding, decideStartVirtual, decideUnbind, decideVerifyCode } from './decide';
import type { MfaSliceEvent } from './events';
import { evolveBindingStarted, evolveCodeAccepted, evolveCodeRejected, evolveDeviceBound, evolveDeviceUnbound } from './evolve';

/** Virtual MFA (SEC-2) and hardware MFA (SEC-3): binding, codes, unbinding. */
export const mfaSlice: AccountSlice<MfaCommand['type'], MfaSliceEvent['type']> = {
  name: 'mfa',
  stateVersion: 1,
  decide: {
    StartVirtualMfaBinding: decideStartVirtual,
    ConfirmMfaBinding: decideConfirmBinding,
    BindHardwareMfa: decideBindHardware,
    VerifyMfaCode: decideVerifyCode,
    UnbindMfa: decideUnbind,
  },
  evolve: {
    MfaDeviceBound: evolveDeviceBound,
    MfaDeviceUnbound: evolveDeviceUnbound,
    VirtualMfaBindingStarted: evolveBindingStarted,
    MfaCodeAccepted: evolveCodeAccepted,
    MfaCodeRejected: evolveCodeRejected,
  },
};

/** Decides an MFA command on a registered account. */
export const decideMfa = (command: MfaCommand, state: RegisteredAccount) => decideWith(mfaSlice.decide, command, state);
