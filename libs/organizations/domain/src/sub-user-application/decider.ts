import { accept, type Decider, type Decision, domainError, ms, reject } from '@acc/kernel';
import { type AccountActor, approverNotAdmin, isAdminOf } from '../model';
import type { ApproveSubUserApplication, RejectSubUserApplication, SubmitSubUserApplication, SubUserApplicationCommand } from './commands';
import type { SubUserApplicationEvent } from './events';
import { isSubUserApplication, type SubUserApplication, type SubUserApplicationState } from './model';

type Result = Decision<SubUserApplicationEvent>;

function decideSubmit(c: SubmitSubUserApplication['data'], state: SubUserApplicationState): Result {
  if (isSubUserApplication(state)) return accept();
  const { now, ...data } = c;
  return accept({ type: 'SubUserApplicationSubmitted', data: { ...data, submittedAt: now } });
}

/** What both outcomes need: an open application, a valid link (4 h, so 4 h + 1 s is too late), the account's admin. */
function decidable(state: SubUserApplicationState, approver: AccountActor, now: string, outcome: 'approved' | 'rejected'): SubUserApplication | Result {
  if (!isSubUserApplication(state)) return reject(domainError('not_found', 'APPLICATION_NOT_FOUND', 'no such sub-user application'));
  if (state.status === outcome) return accept();
  if (state.status !== 'open') return reject(domainError('conflict', 'APPLICATION_ALREADY_DECIDED', 'the application was decided otherwise already'));
  if (ms(now) > ms(state.expiresAt)) return reject(domainError('rule', 'APPLICATION_LINK_EXPIRED', 'the application link has expired (valid 4 hours); the member applies again'));
  if (!isAdminOf(approver, state.accountId)) return reject(approverNotAdmin());
  return state;
}
const isOpen = (x: SubUserApplication | Result): x is SubUserApplication => 'applicationId' in x;

const ids = (app: SubUserApplication) => ({ applicationId: app.applicationId, corpId: app.corpId, userId: app.userId, accountId: app.accountId });

function decideApprove(c: ApproveSubUserApplication['data'], state: SubUserApplicationState): Result {
  const app = decidable(state, c.approver, c.now, 'approved');
  if (!isOpen(app)) return app;
  const policies = [...new Set(c.policies)];
  const unknown = policies.filter((p) => !c.allowedPolicies.includes(p));
  if (unknown.length > 0) return reject(domainError('validation', 'UNKNOWN_POLICY', `unknown policies: ${unknown.join(', ')}`, { policies: unknown }));
  const groups = [...new Set(c.groups.map((g) => g.trim()))];
  if (groups.some((g) => !g)) return reject(domainError('validation', 'INVALID_GROUP', 'a group needs a name'));
  const data = { ...ids(app), policies, groups, weComAdminAsCamAdmin: c.weComAdminAsCamAdmin, approverRole: c.approver.role, approvedAt: c.now };
  return accept({ type: 'SubUserApplicationApproved', data });
}

function decideReject(c: RejectSubUserApplication['data'], state: SubUserApplicationState): Result {
  const app = decidable(state, c.approver, c.now, 'rejected');
  if (!isOpen(app)) return app;
  return accept({ type: 'SubUserApplicationRejected', data: { ...ids(app), approverRole: c.approver.role, rejectedAt: c.now } });
}

function evolve(state: SubUserApplicationState, event: SubUserApplicationEvent): SubUserApplicationState {
  if (event.type === 'SubUserApplicationSubmitted') {
    const { submittedAt: _t, ...data } = event.data;
    return { ...data, status: 'open' };
  }
  if (!isSubUserApplication(state)) return state;
  if (event.type === 'SubUserApplicationRejected') return { ...state, status: 'rejected' };
  const { policies, groups, weComAdminAsCamAdmin } = event.data;
  return { ...state, status: 'approved', approval: { policies, groups, weComAdminAsCamAdmin } };
}

/** ORG-3: approve (policies and groups) or reject, by the bound account's admin, while the link is valid. */
export const subUserApplicationDecider: Decider<SubUserApplicationCommand, SubUserApplicationEvent, SubUserApplicationState> = {
  initialState: () => ({ status: 'none' }),
  evolve,
  decide(command, state) {
    switch (command.type) {
      case 'SubmitSubUserApplication':
        return decideSubmit(command.data, state);
      case 'ApproveSubUserApplication':
        return decideApprove(command.data, state);
      case 'RejectSubUserApplication':
        return decideReject(command.data, state);
    }
  },
};
