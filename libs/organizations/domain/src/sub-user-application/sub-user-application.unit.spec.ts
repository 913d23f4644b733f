import { ACCOUNT, ALLOWED, APP_ID, applicationSpec, camAdmin, CORP, later, linkExpiry, mainAccount, MEMBER, OTHER_ACCOUNT, plainSubUser, T0 } from '../testing/builders';
import type { SubUserApplicationCommand } from './commands';
import { subUserApplicationDecider } from './decider';
import type { SubUserApplicationEvent } from './events';

const ids = { applicationId: APP_ID, corpId: CORP, userId: MEMBER, accountId: ACCOUNT };
const submitted: SubUserApplicationEvent = { type: 'SubUserApplicationSubmitted', data: { ...ids, expiresAt: linkExpiry, submittedAt: T0 } };
const approve = (data: Record<string, unknown> = {}): SubUserApplicationCommand =>
  ({ type: 'ApproveSubUserApplication', data: { approver: mainAccount, policies: ['ReadOnlyAccess'], groups: ['dev'], allowedPolicies: ALLOWED, weComAdminAsCamAdmin: false, now: later(60), ...data } }) as SubUserApplicationCommand;
const reject = (data: Record<string, unknown> = {}): SubUserApplicationCommand => ({ type: 'RejectSubUserApplication', data: { approver: mainAccount, now: later(60), ...data } }) as SubUserApplicationCommand;
const approved = (data: Record<string, unknown> = {}): SubUserApplicationEvent =>
  ({ type: 'SubUserApplicationApproved', data: { ...ids, policies: ['ReadOnlyAccess'], groups: ['dev'], weComAdminAsCamAdmin: false, approverRole: 'main_account', approvedAt: later(60), ...data } }) as SubUserApplicationEvent;

describe('sub-user application: approval (ORG-3)', () => {
  it('is submitted from the organisation’s opened application, once', () => {
    const submit: SubUserApplicationCommand = { type: 'SubmitSubUserApplication', data: { ...ids, expiresAt: linkExpiry, now: T0 } };
    applicationSpec.given([]).when(submit).then([submitted]);
    applicationSpec.given([submitted]).when(submit).thenNothing();
  });

  it('the main account or a CAM admin approves with policies and groups, optionally making the WeCom admin a CAM admin', () => {
    applicationSpec.given([submitted]).when(approve()).then([approved()]);
    applicationSpec.given([submitted]).when(approve({ approver: camAdmin, weComAdminAsCamAdmin: true })).then([approved({ approverRole: 'cam_admin', weComAdminAsCamAdmin: true })]);
  });

  it('refuses a non-admin sub-user and an admin of another account', () => {
    applicationSpec.given([submitted]).when(approve({ approver: plainSubUser })).thenFails('APPROVER_NOT_ADMIN', 'forbidden');
    applicationSpec.given([submitted]).when(reject({ approver: plainSubUser })).thenFails('APPROVER_NOT_ADMIN');
    applicationSpec.given([submitted]).when(approve({ approver: { accountId: OTHER_ACCOUNT, role: 'main_account' } })).thenFails('APPROVER_NOT_ADMIN');
  });

  it('the link is valid 4 hours: at 4 h it is decided, at 4 h + 1 s refused', () => {
    applicationSpec.given([submitted]).when(approve({ now: later(4 * 3600) })).then([approved({ approvedAt: later(4 * 3600) })]);
    applicationSpec.given([submitted]).when(approve({ now: later(4 * 3600 + 1) })).thenFails('APPLICATION_LINK_EXPIRED');
    applicationSpec.given([submitted]).when(reject({ now: later(4 * 3600 + 1) })).thenFails('APPLICATION_LINK_EXPIRED');
  });

  it('keeps what was approved, so the sub-users can be created from it again after a crash', () => {
    const state = [submitted, approved({ weComAdminAsCamAdmin: true })].reduce(subUserApplicationDecider.evolve, subUserApplicationDecider.initialState());
    expect(state).toMatchObject({ status: 'approved', approval: { policies: ['ReadOnlyAccess'], groups: ['dev'], weComAdminAsCamAdmin: true } });
  });

  it('only allowed policies: the presets, and any the caller adds to the allowed set', () => {
    applicationSpec.given([submitted]).when(approve({ policies: ['ReadOnlyAccess', 'MadeUpAccess'] })).thenFails('UNKNOWN_POLICY', 'validation');
    applicationSpec.given([submitted]).when(approve({ policies: ['MadeUpAccess'], allowedPolicies: [...ALLOWED, 'MadeUpAccess'] })).then([approved({ policies: ['MadeUpAccess'] })]);
    applicationSpec.given([submitted]).when(approve({ groups: [' '] })).thenFails('INVALID_GROUP');
  });

  it('rejects; a decided application is not decided otherwise; the same outcome again changes nothing', () => {
    const rejected: SubUserApplicationEvent = { type: 'SubUserApplicationRejected', data: { ...ids, approverRole: 'main_account', rejectedAt: later(60) } };
    applicationSpec.given([submitted]).when(reject()).then([rejected]);
    applicationSpec.given([submitted, rejected]).when(approve()).thenFails('APPLICATION_ALREADY_DECIDED', 'conflict');
    applicationSpec.given([submitted, approved()]).when(approve()).thenNothing();
    applicationSpec.given([]).when(approve()).thenFails('APPLICATION_NOT_FOUND');
  });
});
