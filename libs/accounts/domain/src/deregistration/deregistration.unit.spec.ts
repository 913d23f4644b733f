import { DeciderSpecification } from '@acc/kernel';
import type { RealNameStatus } from '../model';
import type { DeregistrationCommand } from './commands';
import { deregistrationDecider } from './decider';
import type { DeregistrationEvent } from './events';
import type { PlatformResource } from './model';

const spec = DeciderSpecification.for(deregistrationDecider);
const accountId = '100000000001';
const requestId = `${accountId}-1`;
const ids = { accountId, requestId };
const now = '2026-10-08T02:00:00.000Z';
const later = '2026-10-23T02:00:00.000Z';
const reviewer = { service: 'review-team', user: 'reviewer-7' };

const resource = (id: string, kind: PlatformResource['kind'], extra: Partial<PlatformResource> = {}): PlatformResource => ({
  id,
  kind,
  name: `${kind} ${id}`,
  abandonable: kind === 'voucher' || kind === 'credit',
  unsettledPostpaid: false,
  ...extra,
});
const apiKey = resource('key-1', 'api_key');
const credit = resource('credit-1', 'credit');
const postpaid = resource('cvm-bill', 'credit', { unsettledPostpaid: true });

const request = (data: Partial<Extract<DeregistrationCommand, { type: 'RequestDeregistration' }>['data']> = {}): DeregistrationCommand => ({
  type: 'RequestDeregistration',
  data: { accountId, reasons: ['no_longer_using'], otherReason: null, acknowledgedConditions: true, identityVerified: true, verificationType: 'personal', resources: [], coolingOffDays: 15, now, ...data },
});
const requested = (verificationType: RealNameStatus = 'personal'): DeregistrationEvent => ({
  type: 'DeregistrationRequested',
  data: { ...ids, reasons: ['no_longer_using'], otherReason: null, verificationType, requestedAt: now },
});
const checked = (resources: PlatformResource[], outcome: 'blocked' | 'cooling_off' | 'clear', blocking: string[] = [], trigger: 'request' | 'recheck' | 'abandon' | 'cooling_off_ended' = 'request', at = now): DeregistrationEvent => ({
  type: 'DeregistrationResourcesChecked',
  data: { ...ids, trigger, resources, blocking, outcome, checkedAt: at },
});
const coolingOff: DeregistrationEvent = { type: 'DeregistrationCoolingOffStarted', data: { ...ids, until: '2026-10-23T02:00:00.000Z', startedAt: now } };
const atCheck = (type: RealNameStatus = 'personal') => [requested(type), checked([], 'clear')];
const face = (subject: 'personal' | 'legal_person', passed = true): DeregistrationCommand => ({ type: 'VerifyDeregistrationFace', data: { subject, passed, caseCode: 'RC-ABCD2345', reviewBusinessDays: 3, holidays: [], now } });
const reviewOpened: DeregistrationEvent = { type: 'DeregistrationReviewOpened', data: { ...ids, caseCode: 'RC-ABCD2345', dueAt: '2026-10-13T02:00:00.000Z', openedAt: now } };
const underReview = [...atCheck('enterprise'), { type: 'DeregistrationFaceVerified', data: { ...ids, subject: 'legal_person', verifiedAt: now } } as DeregistrationEvent, reviewOpened];

describe('deregistration — request (DEREG-1)', () => {
  it('opens a request after identity verification, with reasons and the conditions acknowledged', () => {
    spec.given([]).when(request()).then([requested(), checked([], 'clear')]);
  });

  it('keeps the "other" reason’s text (personal data) and requires it', () => {
    spec
      .given([])
      .when(request({ reasons: ['other'], otherReason: ' moving abroad ' }))
      .then((events) => expect(events[0].data).toMatchObject({ reasons: ['other'], otherReason: 'moving abroad' }));
    spec.given([]).when(request({ reasons: ['other'], otherReason: '  ' })).thenFails('DEREGISTRATION_OTHER_REASON_REQUIRED', 'validation');
    spec.given([]).when(request({ reasons: ['other'], otherReason: 'x'.repeat(201) })).thenFails('DEREGISTRATION_REASON_TOO_LONG', 'validation');
    spec.given([]).when(request({ otherReason: 'text' })).thenFails('DEREGISTRATION_OTHER_REASON_UNEXPECTED', 'validation');
  });

  it('refuses without a reason, without the acknowledgement, without identity verification', () => {
    spec.given([]).when(request({ reasons: [] })).thenFails('DEREGISTRATION_REASON_REQUIRED', 'validation');
    spec.given([]).when(request({ acknowledgedConditions: false })).thenFails('DEREGISTRATION_CONDITIONS_NOT_ACKNOWLEDGED', 'validation');
    spec.given([]).when(request({ identityVerified: false })).thenFails('IDENTITY_VERIFICATION_REQUIRED', 'forbidden');
  });

  it('allows one open request per account; a closed one lets the next open with the next id', () => {
    spec.given(atCheck()).when(request()).thenFails('DEREGISTRATION_ALREADY_OPEN', 'conflict');
    const revoked: DeregistrationEvent = { type: 'DeregistrationRevoked', data: { ...ids, restoreAccount: false, revokedAt: now } };
    spec
      .given([...atCheck(), revoked])
      .when(request())
      .then((events) => expect(events[0].data).toMatchObject({ requestId: `${accountId}-2` }));
  });
});

describe('deregistration — resource check (DEREG-2)', () => {
  it('a non-abandonable resource blocks: the refusal names it and records the open, blocked request', () => {
    const error = spec.given([]).when(request({ resources: [apiKey, credit] })).thenFailsRecording('DEREGISTRATION_BLOCKED_BY_RESOURCES', [requested(), checked([apiKey, credit], 'blocked', ['key-1'])]);
    expect(error.kind).toBe('rule');
    expect(error.details).toEqual({ requestId, resources: [{ id: 'key-1', kind: 'api_key', name: 'api_key key-1', unsettledPostpaid: false }] });
  });

  it('abandonable resources do not block', () => {
    spec.given([]).when(request({ resources: [credit, resource('v-1', 'voucher')] })).then([requested(), checked([credit, resource('v-1', 'voucher')], 'clear')]);
  });

  it('abandons only listed, abandonable resources, records them, and re-checks a blocked request', () => {
    const abandon = (resourceIds: string[], listed: PlatformResource[], resources: PlatformResource[]): DeregistrationCommand => ({ type: 'AbandonDeregistrationResources', data: { resourceIds, listed, resources, coolingOffDays: 15, now } });
    const blocked = [requested(), checked([apiKey, credit], 'blocked', ['key-1'])];
    spec.given(blocked).when(abandon(['key-1'], [apiKey, credit], [apiKey, credit])).thenFails('RESOURCE_NOT_ABANDONABLE', 'rule');
    spec.given(blocked).when(abandon(['nope'], [apiKey, credit], [apiKey, credit])).thenFails('RESOURCE_NOT_FOUND', 'not_found');
    spec.given([]).when(abandon(['credit-1'], [credit], [])).thenFails('DEREGISTRATION_NOT_FOUND', 'not_found');
    spec
      .given(blocked)
      .when(abandon(['credit-1'], [credit], []))
      .then([{ type: 'DeregistrationResourcesAbandoned', data: { ...ids, resources: [credit], abandonedAt: now } }, checked([], 'clear', [], 'abandon')]);
  });

  it('re-checks a blocked request on demand; a request past the check is left alone', () => {
    const recheck = (resources: PlatformResource[]): DeregistrationCommand => ({ type: 'CheckDeregistrationResources', data: { resources, coolingOffDays: 15, now } });
    spec.given([requested(), checked([apiKey], 'blocked', ['key-1'])]).when(recheck([])).then([checked([], 'clear', [], 'recheck')]);
    spec.given([requested(), checked([apiKey], 'blocked', ['key-1'])]).when(recheck([apiKey])).thenFailsRecording('DEREGISTRATION_BLOCKED_BY_RESOURCES', [checked([apiKey], 'blocked', ['key-1'], 'recheck')]);
    spec.given(atCheck()).when(recheck([apiKey])).thenNothing();
  });
});

describe('deregistration — cooling-off (DEREG-3)', () => {
  const end = (resources: PlatformResource[], id = requestId): DeregistrationCommand => ({ type: 'EndCoolingOff', data: { requestId: id, resources, now: later } });
  const ended: DeregistrationEvent = { type: 'DeregistrationCoolingOffEnded', data: { ...ids, endedAt: later } };

  it('unsettled postpaid resources start a cooling-off of the configured days', () => {
    spec.given([]).when(request({ resources: [postpaid] })).then([requested(), checked([postpaid], 'cooling_off'), coolingOff]);
  });

  it('at its end the check runs again: settled → identity check; still unsettled → blocked', () => {
    const cooling = [requested(), checked([postpaid], 'cooling_off'), coolingOff];
    spec.given(cooling).when(end([])).then([ended, checked([], 'clear', [], 'cooling_off_ended', later)]);
    spec.given(cooling).when(end([postpaid])).then([ended, checked([postpaid], 'blocked', ['cvm-bill'], 'cooling_off_ended', later)]);
  });

  it('fires once in effect: a second firing, one for another request or after a revoke changes nothing', () => {
    const cooling = [requested(), checked([postpaid], 'cooling_off'), coolingOff];
    spec.given([...cooling, ended, checked([], 'clear', [], 'cooling_off_ended', later)]).when(end([])).thenNothing();
    spec.given(cooling).when(end([], `${accountId}-9`)).thenNothing();
    spec.given([...cooling, { type: 'DeregistrationRevoked', data: { ...ids, restoreAccount: true, revokedAt: now } }]).when(end([])).thenNothing();
  });
});

describe('deregistration — revoke (DEREG-4)', () => {
  const revoke: DeregistrationCommand = { type: 'RevokeDeregistration', data: { now } };

  it('withdraws at any step before completion and restores a cooling-off account', () => {
    spec.given([requested(), checked([postpaid], 'cooling_off'), coolingOff]).when(revoke).then([{ type: 'DeregistrationRevoked', data: { ...ids, restoreAccount: true, revokedAt: now } }]);
    spec.given(atCheck()).when(revoke).then([{ type: 'DeregistrationRevoked', data: { ...ids, restoreAccount: false, revokedAt: now } }]);
    spec.given(underReview).when(revoke).then([{ type: 'DeregistrationRevoked', data: { ...ids, restoreAccount: false, revokedAt: now } }]);
  });

  it('refuses without an open request, and once the completion has started', () => {
    spec.given([]).when(revoke).thenFails('DEREGISTRATION_NOT_FOUND', 'not_found');
    spec.given([...atCheck(), { type: 'DeregistrationFaceVerified', data: { ...ids, subject: 'personal', verifiedAt: now } }]).when(revoke).thenFails('DEREGISTRATION_COMPLETING', 'conflict');
  });
});

describe('deregistration — identity check by verification type (DEREG-5)', () => {
  it('personal: face verification, then completing at once', () => {
    spec.given(atCheck()).when(face('personal')).then([{ type: 'DeregistrationFaceVerified', data: { ...ids, subject: 'personal', verifiedAt: now } }]);
    spec.given(atCheck()).when(face('personal', false)).thenFails('FACE_VERIFICATION_FAILED', 'rule');
    spec.given(atCheck()).when(face('legal_person')).thenFails('FACE_VERIFICATION_WRONG_SUBJECT', 'rule');
  });

  it('only at the identity check', () => {
    spec.given([requested(), checked([apiKey], 'blocked', ['key-1'])]).when(face('personal')).thenFails('DEREGISTRATION_STEP_MISMATCH', 'conflict');
    spec.given([]).when(face('personal')).thenFails('DEREGISTRATION_NOT_FOUND', 'not_found');
  });

  it('enterprise: the legal person’s face, then a review case due in 3 business days (Thursday → Tuesday)', () => {
    spec
      .given(atCheck('enterprise'))
      .when(face('legal_person'))
      .then([{ type: 'DeregistrationFaceVerified', data: { ...ids, subject: 'legal_person', verifiedAt: now } }, reviewOpened]);
  });

  it('unverified: a fresh identity verification of its security factors, then completing; no face', () => {
    const confirm = (identityVerified: boolean): DeregistrationCommand => ({ type: 'ConfirmDeregistration', data: { identityVerified, now } });
    spec.given(atCheck('unverified')).when(confirm(true)).then([{ type: 'DeregistrationSecurityFactorsVerified', data: { ...ids, verifiedAt: now } }]);
    spec.given(atCheck('unverified')).when(confirm(false)).thenFails('IDENTITY_VERIFICATION_REQUIRED', 'forbidden');
    spec.given(atCheck('unverified')).when(face('personal')).thenFails('FACE_VERIFICATION_NOT_APPLICABLE', 'rule');
    spec.given(atCheck('personal')).when(confirm(true)).thenFails('DEREGISTRATION_CONFIRMATION_NOT_APPLICABLE', 'rule');
  });

  it('the review is approved (completing) or rejected (closed, restoring a cooling-off account) by a reviewer', () => {
    spec.given(underReview).when({ type: 'ApproveDeregistrationReview', data: { requestId, reviewer, now } }).then([{ type: 'DeregistrationReviewApproved', data: { ...ids, reviewer, approvedAt: now } }]);
    spec
      .given(underReview)
      .when({ type: 'RejectDeregistrationReview', data: { requestId, reviewer, reason: 'documents unclear', now } })
      .then([{ type: 'DeregistrationReviewRejected', data: { ...ids, reviewer, reason: 'documents unclear', restoreAccount: false, rejectedAt: now } }]);
    spec.given(atCheck('enterprise')).when({ type: 'ApproveDeregistrationReview', data: { requestId, reviewer, now } }).thenFails('DEREGISTRATION_REVIEW_NOT_FOUND', 'not_found');
    spec.given(underReview).when({ type: 'RejectDeregistrationReview', data: { requestId, reviewer, reason: 'x'.repeat(201), now } }).thenFails('REVIEW_REASON_TOO_LONG', 'validation');
  });

  it('marks an unreviewed case overdue at its due time, once', () => {
    const overdue = (at: string): DeregistrationCommand => ({ type: 'MarkDeregistrationReviewOverdue', data: { requestId, now: at } });
    const marked: DeregistrationEvent = { type: 'DeregistrationReviewOverdue', data: { ...ids, dueAt: '2026-10-13T02:00:00.000Z', overdueAt: '2026-10-13T02:00:00.000Z' } };
    spec.given(underReview).when(overdue('2026-10-12T02:00:00.000Z')).thenNothing();
    spec.given(underReview).when(overdue('2026-10-13T02:00:00.000Z')).then([marked]);
    spec.given([...underReview, marked]).when(overdue('2026-10-14T02:00:00.000Z')).thenNothing();
  });
});

describe('deregistration — completion and the account-side steps', () => {
  const completing = [...atCheck(), { type: 'DeregistrationFaceVerified', data: { ...ids, subject: 'personal', verifiedAt: now } } as DeregistrationEvent];
  const complete: DeregistrationCommand = { type: 'CompleteDeregistration', data: { requestId, deregisteredAt: now, now } };

  it('completes a completing request once', () => {
    const completed: DeregistrationEvent = { type: 'DeregistrationCompleted', data: { ...ids, deregisteredAt: now, completedAt: now } };
    spec.given(completing).when(complete).then([completed]);
    spec.given([...completing, completed]).when(complete).thenNothing();
    spec.given(atCheck()).when(complete).thenNothing();
    spec.given([...completing, completed]).when(request()).then((events) => expect(events[0].data).toMatchObject({ requestId: `${accountId}-2` }));
  });

  it('acknowledges the cooling-off and restore steps once', () => {
    const ack = (step: 'enter_cooling_off' | 'restore'): DeregistrationCommand => ({ type: 'AcknowledgeClosureStep', data: { requestId, step, now } });
    const cooling = [requested(), checked([postpaid], 'cooling_off'), coolingOff];
    const updated: DeregistrationEvent = { type: 'DeregistrationAccountUpdated', data: { ...ids, step: 'enter_cooling_off', updatedAt: now } };
    spec.given(cooling).when(ack('enter_cooling_off')).then([updated]);
    spec.given([...cooling, updated]).when(ack('enter_cooling_off')).thenNothing();
    spec.given(cooling).when(ack('restore')).thenNothing();
  });
});
