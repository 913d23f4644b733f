import { DeciderSpecification } from '@acc/kernel';
import { recoveryGrantsDecider } from './decider';
import type { RecoveryGrantEvent } from './events';

const spec = DeciderSpecification.for(recoveryGrantsDecider);
const accountId = '100000000001';
const caseCode = 'RC-ABCD2345';
const now = '2026-10-08T02:00:00.000Z';
const issued: RecoveryGrantEvent = { type: 'RecoveryGrantIssued', data: { accountId, caseCode, issuedAt: now, expiresAt: '2026-10-09T02:00:00.000Z' } };
const usedEmail: RecoveryGrantEvent = { type: 'RecoveryGrantUsed', data: { accountId, caseCode, use: 'login_email', usedAt: now } };

describe('recovery grants (REC-2: once each, within 24 hours)', () => {
  it('an approved case issues a 24-hour grant; the same case again changes nothing', () => {
    spec.given([]).when({ type: 'IssueRecoveryGrant', data: { accountId, caseCode, validHours: 24, now } }).then([issued]);
    spec.given([issued]).when({ type: 'IssueRecoveryGrant', data: { accountId, caseCode, validHours: 24, now } }).thenNothing();
  });
  it('each use once, before the expiry; each refusal its own code', () => {
    spec.given([]).when({ type: 'UseRecoveryGrant', data: { use: 'login_email', now } }).thenFails('RECOVERY_GRANT_NOT_FOUND', 'forbidden');
    spec.given([issued]).when({ type: 'UseRecoveryGrant', data: { use: 'login_email', now } }).then([usedEmail]);
    spec.given([issued, usedEmail]).when({ type: 'UseRecoveryGrant', data: { use: 'login_email', now } }).thenFails('RECOVERY_GRANT_ALREADY_USED', 'conflict');
    spec.given([issued, usedEmail]).when({ type: 'UseRecoveryGrant', data: { use: 'phone_protection', now } }).then([{ type: 'RecoveryGrantUsed', data: { accountId, caseCode, use: 'phone_protection', usedAt: now } }]);
    spec.given([issued]).when({ type: 'UseRecoveryGrant', data: { use: 'login_email', now: '2026-10-09T02:00:01.000Z' } }).thenFails('RECOVERY_GRANT_EXPIRED', 'forbidden');
  });
  it('a use whose account step was refused is given back, once', () => {
    const released: RecoveryGrantEvent = { type: 'RecoveryGrantUseReleased', data: { accountId, caseCode, use: 'login_email', reason: 'IDENTITY_LIMIT_REACHED', releasedAt: now } };
    spec.given([issued, usedEmail]).when({ type: 'ReleaseRecoveryGrantUse', data: { use: 'login_email', reason: 'IDENTITY_LIMIT_REACHED', now } }).then([released]);
    spec.given([issued, usedEmail, released]).when({ type: 'ReleaseRecoveryGrantUse', data: { use: 'login_email', reason: 'again', now } }).thenNothing();
    spec.given([issued, usedEmail, released]).when({ type: 'UseRecoveryGrant', data: { use: 'login_email', now } }).then([usedEmail]);
  });
});
