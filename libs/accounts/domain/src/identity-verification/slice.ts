import type { AccountSlice } from '../rules';
import type { IdentityVerificationCommand } from './commands';
import { decideCompleteScan, decideConfirmScan, decideRecordVerification, decideRequestScan } from './decide';
import type { IdentityVerificationEvent } from './events';
import { evolveScanConfirmed, evolveScanRequested, evolveVerified } from './evolve';

/** Identity-verification grants (SEC-1) and WeChat-scan confirmation. */
export const identityVerificationSlice: AccountSlice<IdentityVerificationCommand['type'], IdentityVerificationEvent['type']> = {
  name: 'identity-verification',
  stateVersion: 1,
  decide: {
    RecordIdentityVerification: decideRecordVerification,
    RequestWeChatScan: decideRequestScan,
    ConfirmWeChatScan: decideConfirmScan,
    CompleteWeChatScanVerification: decideCompleteScan,
  },
  evolve: {
    IdentityVerified: evolveVerified,
    WeChatScanRequested: evolveScanRequested,
    WeChatScanConfirmed: evolveScanConfirmed,
  },
};
