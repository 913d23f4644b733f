import { REVIEW_CASE_EVENT_SCHEMAS } from '@acc/accounts-domain';
import { createTableMapper } from '@acc/contracts';
import type { RecordedEvent } from '@acc/kernel';
import { DEFAULT_SOURCE, type MapContext } from './message';
import { REVIEW_CASE_MESSAGE_TABLE, REVIEW_CASE_NOTIFICATION_TYPES as N } from './review-case-messages';

const CASE = 'RC-7KQ2M9XP';
const SUBJECT = '100012345678';
const OWNER = 'recovery-01JABCDEFGHJKMNPQRSTVWXYZ0';
const ctx: MapContext = { source: DEFAULT_SOURCE, now: new Date('2030-03-01T10:00:00.000Z') };
const at = '2030-03-01T09:00:00.000Z';
const dueAt = '2030-03-06T09:00:00.000Z';
const mapper = createTableMapper(REVIEW_CASE_MESSAGE_TABLE);

// Evidence refs and reasons name people; the subject and owner are the owning process's: none may leave.
const EVIDENCE = ['evidence/legal-person-Zhang-Wei-id-front.jpg', 'evidence/licence-深圳.pdf'];
const REASON = 'legal person Li Si did not match';
const REVIEWER = { service: 'review-desk', userId: 'reviewer-wang.fang' };
const LEAKS = ['Zhang-Wei', '深圳', 'Li Si', 'wang.fang', 'evidence/', SUBJECT, OWNER];

let seq = 0;
function recorded(type: string, data: Record<string, unknown>): RecordedEvent<Record<string, unknown>> {
  seq += 1;
  return {
    eventId: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    type,
    schemaVersion: 1,
    streamId: `review-case-${CASE}`,
    revision: seq,
    position: seq,
    recordedAt: at,
    data: { caseCode: CASE, kind: 'enterprise_recovery', subject: SUBJECT, ...data },
    metadata: { actor: { service: 'test' }, correlationId: 'corr-1', causationId: 'cause-1' },
  };
}

const ids = { caseCode: CASE, kind: 'enterprise_recovery' };

describe('review-case message table (REC-1, REC-3, DEREG-5, X-6)', () => {
  it.each([
    ['ReviewCaseOpened', recorded('ReviewCaseOpened', { ownerRef: OWNER, evidence: EVIDENCE, dueAt, openedAt: at }), N.approvalRequested, { ...ids, dueAt, openedAt: at }],
    ['ReviewCaseAssigned', recorded('ReviewCaseAssigned', { assignee: 'desk-07', assignedBy: REVIEWER, assignedAt: at }), N.assigned, { ...ids, assignee: 'desk-07', assignedAt: at }],
    ['ReviewCaseOverdue', recorded('ReviewCaseOverdue', { dueAt, overdueAt: at }), N.overdue, { ...ids, dueAt, overdueAt: at }],
    ['ReviewCaseApproved', recorded('ReviewCaseApproved', { ownerRef: OWNER, reviewer: REVIEWER, reason: REASON, approvedAt: at }), N.decided, { ...ids, outcome: 'approved', decidedAt: at }],
    ['ReviewCaseRejected', recorded('ReviewCaseRejected', { ownerRef: OWNER, reviewer: REVIEWER, reason: REASON, rejectedAt: at }), N.decided, { ...ids, outcome: 'rejected', decidedAt: at }],
  ])('%s → one review-team notice keyed by case code, without personal data', (_name, event, type, data) => {
    const messages = mapper.map(event, ctx);
    expect(messages.map((m) => ({ channel: m.channel, key: m.key, subject: m.event.subject, type: m.event.type, data: m.event.data }))).toEqual([
      { channel: 'notifications', key: CASE, subject: CASE, type, data },
    ]);
    const text = JSON.stringify(messages);
    for (const leak of LEAKS) expect(text).not.toContain(leak);
  });

  it.each(['ReviewCaseWithdrawn', 'ReviewCaseOutcomeDelivered'])('%s publishes nothing', (type) => {
    expect(mapper.handles(type)).toBe(false);
  });

  it('names only review-case event types the codec knows', () => {
    const known = REVIEW_CASE_EVENT_SCHEMAS.map((s) => s.type);
    for (const type of Object.keys(REVIEW_CASE_MESSAGE_TABLE)) expect(known).toContain(type);
  });

  it('publishes the same notices once evidence and reason read as erased', () => {
    const opened = recorded('ReviewCaseOpened', { ownerRef: OWNER, evidence: '[erased]', dueAt, openedAt: at });
    const rejected = recorded('ReviewCaseRejected', { ownerRef: OWNER, reviewer: REVIEWER, reason: '[erased]', rejectedAt: at });
    expect([opened, rejected].flatMap((e) => mapper.map(e, ctx)).map((m) => m.event.type)).toEqual([N.approvalRequested, N.decided]);
  });
});
