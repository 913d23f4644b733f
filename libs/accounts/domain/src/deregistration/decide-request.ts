import { accept, type Decision, type DomainError, domainError, plusSeconds, reject } from '@acc/kernel';
import type { AbandonDeregistrationResources, CheckDeregistrationResources, EndCoolingOff, RequestDeregistration } from './commands';
import type { DeregistrationEvent, DeregistrationResourcesChecked } from './events';
import { DEREGISTRATION_REASONS, deregistrationRequestId, type DeregistrationRequestState, type DeregistrationState, isOpen, OTHER_REASON_MAX_LENGTH, type PlatformResource } from './model';

type Checked = DeregistrationResourcesChecked['data'];

/** DEREG-1: the request's own rules (reasons, acknowledgement, verification, one open request). */
export function checkDeregistrationRequest(state: DeregistrationState, c: Omit<RequestDeregistration['data'], 'resources' | 'coolingOffDays' | 'now'>): DomainError | undefined {
  if (!c.acknowledgedConditions) return domainError('validation', 'DEREGISTRATION_CONDITIONS_NOT_ACKNOWLEDGED', 'acknowledge the deregistration conditions (acknowledgedConditions: true)');
  if (c.reasons.length === 0 || c.reasons.some((r) => !DEREGISTRATION_REASONS.includes(r))) {
    return domainError('validation', 'DEREGISTRATION_REASON_REQUIRED', `give at least one reason of ${DEREGISTRATION_REASONS.join(', ')}`);
  }
  const text = c.otherReason?.trim() ?? '';
  if (c.reasons.includes('other') && text === '') return domainError('validation', 'DEREGISTRATION_OTHER_REASON_REQUIRED', 'the reason "other" needs its text (otherReason)');
  if (!c.reasons.includes('other') && text !== '') return domainError('validation', 'DEREGISTRATION_OTHER_REASON_UNEXPECTED', 'otherReason goes with the reason "other" only');
  if (text.length > OTHER_REASON_MAX_LENGTH) return domainError('validation', 'DEREGISTRATION_REASON_TOO_LONG', `otherReason has at most ${OTHER_REASON_MAX_LENGTH} characters`);
  if (!c.identityVerified) return domainError('forbidden', 'IDENTITY_VERIFICATION_REQUIRED', 'verify your identity first (POST /v1/accounts/{id}/identity-verifications), then retry with its token');
  if (isOpen(state.current)) return domainError('conflict', 'DEREGISTRATION_ALREADY_OPEN', 'the account already has an open deregistration request', { requestId: state.current.requestId });
  return undefined;
}

/**
 * DEREG-2/3: what a listing means. Non-abandonable resources block; after a cooling-off, postpaid
 * usage still unsettled blocks too (it had its window); before one, it starts the cooling-off.
 */
export function resourceCheck(resources: readonly PlatformResource[], afterCoolingOff: boolean): Pick<Checked, 'blocking' | 'outcome'> {
  const blocking = resources.filter((r) => !r.abandonable || (afterCoolingOff && r.unsettledPostpaid)).map((r) => r.id);
  if (blocking.length > 0) return { blocking, outcome: 'blocked' };
  return { blocking, outcome: !afterCoolingOff && resources.some((r) => r.unsettledPostpaid) ? 'cooling_off' : 'clear' };
}

export function blockedError(request: Pick<DeregistrationRequestState, 'requestId'>, resources: readonly PlatformResource[], blocking: readonly string[]): DomainError {
  const listed = resources.filter((r) => blocking.includes(r.id)).map((r) => ({ id: r.id, kind: r.kind, name: r.name, unsettledPostpaid: r.unsettledPostpaid }));
  return domainError('rule', 'DEREGISTRATION_BLOCKED_BY_RESOURCES', 'clear these resources first, then check again', { requestId: request.requestId, resources: listed });
}

/** The check's events (and the cooling-off it may start); a blocked outcome is a refusal that records them. */
function runCheck(request: DeregistrationRequestState, trigger: Checked['trigger'], resources: readonly PlatformResource[], coolingOffDays: number, now: string, before: DeregistrationEvent[] = []): Decision<DeregistrationEvent> {
  const { blocking, outcome } = resourceCheck(resources, trigger === 'cooling_off_ended');
  const base = { accountId: request.accountId, requestId: request.requestId };
  const events: DeregistrationEvent[] = [...before, { type: 'DeregistrationResourcesChecked', data: { ...base, trigger, resources: [...resources], blocking, outcome, checkedAt: now } }];
  if (outcome === 'cooling_off') events.push({ type: 'DeregistrationCoolingOffStarted', data: { ...base, until: plusSeconds(now, coolingOffDays * 86_400), startedAt: now } });
  // The timer's own re-check records its outcome even when blocked: it is not a caller's refusal.
  if (outcome === 'blocked' && trigger !== 'cooling_off_ended') return reject(blockedError(request, resources, blocking), ...events);
  return accept(...events);
}

export function decideRequest(state: DeregistrationState, c: RequestDeregistration['data']): Decision<DeregistrationEvent> {
  const refused = checkDeregistrationRequest(state, c);
  if (refused) return reject(refused);
  const requestId = deregistrationRequestId(c.accountId, state.requests + 1);
  const otherReason = c.reasons.includes('other') ? (c.otherReason?.trim() ?? null) : null;
  const requested: DeregistrationEvent = {
    type: 'DeregistrationRequested',
    data: { accountId: c.accountId, requestId, reasons: [...new Set(c.reasons)], otherReason, verificationType: c.verificationType, requestedAt: c.now },
  };
  const request = { requestId, accountId: c.accountId } as DeregistrationRequestState;
  return runCheck(request, 'request', c.resources, c.coolingOffDays, c.now, [requested]);
}

export const noOpenRequest = (): DomainError => domainError('not_found', 'DEREGISTRATION_NOT_FOUND', 'the account has no open deregistration request');

export function decideRecheck(state: DeregistrationState, c: CheckDeregistrationResources['data']): Decision<DeregistrationEvent> {
  const request = state.current;
  if (!isOpen(request)) return reject(noOpenRequest());
  if (request.status !== 'blocked') return accept(); // nothing blocks: the check has already passed
  return runCheck(request, 'recheck', c.resources, c.coolingOffDays, c.now);
}

/** DEREG-2: only listed, abandonable resources may be abandoned, while the request is before its identity check ends. */
export function checkAbandon(state: DeregistrationState, resourceIds: readonly string[], listed: readonly PlatformResource[]): DomainError | undefined {
  const request = state.current;
  if (!isOpen(request)) return noOpenRequest();
  if (!['blocked', 'cooling_off', 'identity_check'].includes(request.status)) return domainError('conflict', 'DEREGISTRATION_STEP_MISMATCH', `the request is ${request.status}: resources can no longer be abandoned`);
  if (resourceIds.length === 0) return domainError('validation', 'RESOURCE_IDS_REQUIRED', 'name the resources to abandon');
  const unknown = resourceIds.filter((id) => !listed.some((r) => r.id === id));
  if (unknown.length > 0) return domainError('not_found', 'RESOURCE_NOT_FOUND', 'no such resource of this account', { resourceIds: unknown });
  const kept = listed.filter((r) => resourceIds.includes(r.id) && !r.abandonable);
  if (kept.length > 0) return domainError('rule', 'RESOURCE_NOT_ABANDONABLE', 'sub-users, API keys and unfinished orders cannot be abandoned; clear them', { resourceIds: kept.map((r) => r.id) });
  return undefined;
}

/** The abandoned resources are recorded as they were listed before; the check then runs on the listing after. */
export function decideAbandon(state: DeregistrationState, c: AbandonDeregistrationResources['data']): Decision<DeregistrationEvent> {
  const refused = checkAbandon(state, c.resourceIds, c.listed);
  if (refused) return reject(refused);
  const request = state.current as DeregistrationRequestState;
  const fresh = c.resourceIds.filter((id) => !request.abandoned.includes(id));
  const abandoned = c.listed.filter((r) => fresh.includes(r.id));
  const events: DeregistrationEvent[] =
    abandoned.length > 0 ? [{ type: 'DeregistrationResourcesAbandoned', data: { accountId: request.accountId, requestId: request.requestId, resources: abandoned, abandonedAt: c.now } }] : [];
  if (request.status !== 'blocked') return accept(...events);
  return runCheck(request, 'abandon', c.resources, c.coolingOffDays, c.now, events);
}

/** DEREG-3: the timer's firing; a firing for a request that no longer cools off changes nothing. */
export function decideEndCoolingOff(state: DeregistrationState, c: EndCoolingOff['data']): Decision<DeregistrationEvent> {
  const request = state.current;
  if (!isOpen(request) || request.requestId !== c.requestId || request.status !== 'cooling_off') return accept();
  const ended: DeregistrationEvent = { type: 'DeregistrationCoolingOffEnded', data: { accountId: request.accountId, requestId: request.requestId, endedAt: c.now } };
  return runCheck(request, 'cooling_off_ended', c.resources, 0, c.now, [ended]);
}
