import { addBusinessDays, parseHolidays } from './business-days';

describe('business days (DEREG-5: a review is due within 3 business days)', () => {
  // 2026-10-08 10:00 in UTC+8 is a Thursday.
  const thursday = '2026-10-08T02:00:00.000Z';

  it('counts Friday, Monday, Tuesday: a request on a Thursday is due the next Tuesday, same time of day', () => {
    const due = addBusinessDays(thursday, 3, { holidays: [] });
    expect(due).toBe('2026-10-13T02:00:00.000Z');
    expect(new Date(Date.parse(due) + 8 * 3_600_000).getUTCDay()).toBe(2);
  });

  it('a configured holiday pushes it a day', () => {
    expect(addBusinessDays(thursday, 3, { holidays: ['2026-10-12'] })).toBe('2026-10-14T02:00:00.000Z');
    expect(addBusinessDays(thursday, 3, { holidays: ['2026-10-10'] })).toBe('2026-10-13T02:00:00.000Z'); // a Saturday: no change
  });

  it('counts in local time: Friday evening UTC is already Saturday in UTC+8', () => {
    expect(addBusinessDays('2026-10-09T20:00:00.000Z', 3, { holidays: [] })).toBe('2026-10-13T20:00:00.000Z');
    expect(addBusinessDays('2026-10-09T20:00:00.000Z', 3, { holidays: [], utcOffsetMinutes: 0 })).toBe('2026-10-14T20:00:00.000Z');
  });

  it('refuses a malformed holiday', () => {
    expect(parseHolidays(['2026-10-01', '2026-10-02'])).toEqual(['2026-10-01', '2026-10-02']);
    expect(() => parseHolidays(['2026-13-01'])).toThrow('2026-13-01');
    expect(() => parseHolidays(['1.10.2026'])).toThrow();
  });
});
