import { accept, type Decision, reject } from '@acc/kernel';
import type { AccountEvent } from '../account';
import type { RegisteredAccount } from '../account-state';
import type { ReleaseRealName, VerifyRealName } from './commands';
import { checkRealNameVerification } from './guard';
import { subjectRefs } from './model';

export function decideVerify(command: VerifyRealName, state: RegisteredAccount): Decision<AccountEvent> {
  const c = command.data;
  const refused = checkRealNameVerification(state, c);
  if (refused) return reject(refused);
  const { accountId } = state;
  if (!state.realName) return accept({ type: 'RealNameVerified', data: { accountId, subject: c.subject, legalPerson: c.legalPerson, verifiedAt: c.now } });
  return accept({ type: 'RealNameSubjectChanged', data: { accountId, subject: c.subject, legalPerson: c.legalPerson, previous: subjectRefs(state.realName), changedAt: c.now } });
}

/** Idempotent: an unverified account has nothing to release. */
export function decideRelease(command: ReleaseRealName, state: RegisteredAccount): Decision<AccountEvent> {
  if (!state.realName) return accept();
  const refs = subjectRefs(state.realName);
  return accept({
    type: 'RealNameVerificationReleased',
    data: { accountId: state.accountId, subjectKind: refs.kind, subjectRef: refs.ref, legalPersonRef: refs.legalPersonRef, reason: command.data.reason, releasedAt: command.data.now },
  });
}
