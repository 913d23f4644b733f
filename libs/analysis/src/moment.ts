import { domainError, DomainErrorException, type RecordedEvent } from '@acc/kernel';
import type { Moment } from './types';

const invalid = (what: string, raw: string) => new DomainErrorException(domainError('validation', 'INVALID_MOMENT', `${what} must be an ISO-8601 time or an event-store position`, { value: raw.slice(0, 64) }));

/** `123` is a position, anything else must be an ISO-8601 time (normalised to UTC). */
export function parseMoment(raw: string, what = 'the moment'): Moment {
  const text = raw.trim();
  if (/^\d{1,15}$/.test(text)) return { position: Number(text) };
  // A bare date or a time needs a date part: `Date.parse` alone accepts too much.
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) throw invalid(what, raw);
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw invalid(what, raw);
  return { time: new Date(ms).toISOString() };
}

/** Whether the event lies at or before the moment. */
export function atOrBefore(event: Pick<RecordedEvent, 'position' | 'recordedAt'>, moment: Moment): boolean {
  return 'position' in moment ? event.position <= moment.position : Date.parse(event.recordedAt) <= Date.parse(moment.time);
}

/** Whether the event lies at or after the moment. */
export function atOrAfter(event: Pick<RecordedEvent, 'position' | 'recordedAt'>, moment: Moment): boolean {
  return 'position' in moment ? event.position >= moment.position : Date.parse(event.recordedAt) >= Date.parse(moment.time);
}
