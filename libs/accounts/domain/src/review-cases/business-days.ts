/**
 * Business-day arithmetic for service levels (DEREG-5: a review is due within 3 business days).
 * Pure: the calendar comes in. Days are counted in the platform's local time (UTC+8 by default),
 * so "Thursday" is the reviewer's Thursday, not UTC's.
 */
export interface BusinessCalendar {
  /** Local dates (YYYY-MM-DD) that are not business days, besides Saturdays and Sundays. */
  readonly holidays: readonly string[];
  readonly utcOffsetMinutes?: number;
}

export const DEFAULT_UTC_OFFSET_MINUTES = 8 * 60;
const DAY_MS = 86_400_000;

/** Whether the local date of `localMs` (an instant shifted by the offset) is a business day. */
function isBusinessDay(localMs: number, holidays: ReadonlySet<string>): boolean {
  const date = new Date(localMs);
  const weekday = date.getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays.has(date.toISOString().slice(0, 10));
}

/** The same local time of day, `days` business days after `from` (weekends and holidays skipped). */
export function addBusinessDays(from: string, days: number, calendar: BusinessCalendar): string {
  const offsetMs = (calendar.utcOffsetMinutes ?? DEFAULT_UTC_OFFSET_MINUTES) * 60_000;
  const holidays = new Set(calendar.holidays);
  let local = new Date(from).getTime() + offsetMs;
  for (let counted = 0; counted < days; ) {
    local += DAY_MS;
    if (isBusinessDay(local, holidays)) counted += 1;
  }
  return new Date(local - offsetMs).toISOString();
}

/** A holiday list as configured (`2026-10-01,2026-10-02`): valid dates only, else an error naming the bad one. */
export function parseHolidays(list: readonly string[]): string[] {
  for (const day of list) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day) {
      throw new Error(`not a date (YYYY-MM-DD): ${day}`);
    }
  }
  return [...list];
}
