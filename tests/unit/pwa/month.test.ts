import { describe, expect, it } from 'vitest';
import { lastFullMonth, monthLabel, monthRange, monthsWithData } from '../../../pwa/src/month.ts';
import { formatDateTime, formatDay } from '../../../core/ui/format.ts';

describe('report months', () => {
  it('gives a month its first and last day, leap years included', () => {
    expect(monthRange('2026-10')).toEqual({ start: '2026-10-01', end: '2026-10-31' });
    expect(monthRange('2024-02')).toEqual({ start: '2024-02-01', end: '2024-02-29' });
    expect(monthRange('2026-02')).toEqual({ start: '2026-02-01', end: '2026-02-28' });
  });
  it('defaults to the last month with data through its last day', () => {
    expect(lastFullMonth({ lastDay: '2026-11-25' })).toBe('2026-10');
    expect(lastFullMonth({ lastDay: '2026-11-30' })).toBe('2026-11');
    expect(lastFullMonth({ lastDay: '2026-01-03' })).toBe('2025-12');
    expect(lastFullMonth({ lastDay: null })).toBeNull();
    // A store whose data began after the last full month (1–18 Nov): the month so far, which the
    // month picker lists (October would be a choice it does not have, so it showed blank).
    expect(lastFullMonth({ firstDay: '2026-11-01', lastDay: '2026-11-18' })).toBe('2026-11');
    expect(lastFullMonth({ firstDay: '2026-10-31', lastDay: '2026-11-18' })).toBe('2026-10');
  });
  it('lists every month with a day of data, newest first', () => {
    expect(monthsWithData({ firstDay: '2025-11-20', lastDay: '2026-02-03' })).toEqual([
      '2026-02',
      '2026-01',
      '2025-12',
      '2025-11',
    ]);
  });
  it('names months and days as a reader of that locale writes them (one formatter kept per format)', () => {
    expect(monthLabel('2026-10', 'en-GB')).toBe('October 2026');
    expect(monthLabel('2026-10', 'en-GB')).toBe('October 2026');
    expect(monthLabel('2024-02', 'de-DE')).toBe('Februar 2024');
    expect(formatDay('2026-11-25', { locale: 'en-US' })).toBe('Nov 25, 2026');
    expect(formatDay('2026-11-25', { locale: 'en-US', short: true })).toBe('Nov 25');
    expect(formatDay('2026-01-01', { locale: 'en-US' })).toBe('Jan 1, 2026');
    const at = Date.UTC(2026, 10, 25, 14, 3);
    expect(formatDateTime(at, 'en-US', 'UTC')).toBe('Nov 25, 2026, 02:03 PM');
    expect(formatDateTime(at, 'de-DE', 'Europe/Berlin')).toBe('25. Nov. 2026, 15:03');
    expect(formatDateTime(null)).toBe('—');
  });
});
