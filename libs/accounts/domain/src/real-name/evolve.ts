import type { RegisteredAccount } from '../account-state';
import type { RealNameSubjectChanged, RealNameVerificationReleased, RealNameVerified } from './events';

export const evolveVerified = (state: RegisteredAccount, event: RealNameVerified): RegisteredAccount => ({
  ...state,
  realNameStatus: event.data.subject.kind,
  realName: { subject: event.data.subject, legalPerson: event.data.legalPerson, verifiedAt: event.data.verifiedAt },
});

export const evolveSubjectChanged = (state: RegisteredAccount, event: RealNameSubjectChanged): RegisteredAccount => ({
  ...state,
  realNameStatus: event.data.subject.kind,
  realName: { subject: event.data.subject, legalPerson: event.data.legalPerson, verifiedAt: event.data.changedAt },
});

export const evolveReleased = (state: RegisteredAccount, _: RealNameVerificationReleased): RegisteredAccount => ({ ...state, realNameStatus: 'unverified', realName: null });
