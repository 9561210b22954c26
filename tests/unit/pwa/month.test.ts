import { describe, expect, it } from 'vitest';
import { lastFullMonth, monthRange, monthsWithData } from '../../../pwa/src/month.ts';

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
  });
  it('lists every month with a day of data, newest first', () => {
    expect(monthsWithData({ firstDay: '2025-11-20', lastDay: '2026-02-03' })).toEqual([
      '2026-02',
      '2026-01',
      '2025-12',
      '2025-11',
    ]);
  });
});
