import { describe, expect, it } from 'vitest';
import {
  dayOf,
  isoOf,
  isoWeekLabel,
  localDays,
  minusOneYear,
  tzOffsetFn,
} from '../../../core/analytics/index.ts';

const iso = (days: Int32Array) => Array.from(days, isoOf);

describe('local days in the store timezone', () => {
  it('cuts days at local midnight across the Berlin autumn DST change', () => {
    // 27 Oct 2024: CEST (UTC+2) until 01:00 UTC, then CET (UTC+1).
    const t = Float64Array.of(
      Date.parse('2024-10-26T21:59:00Z'), // 23:59 CEST, the 26th
      Date.parse('2024-10-26T22:00:00Z'), // 00:00 CEST, the 27th
      Date.parse('2024-10-27T22:59:00Z'), // 23:59 CET, the 27th
      Date.parse('2024-10-27T23:00:00Z'), // 00:00 CET, the 28th
      NaN,
    );
    const d = localDays(t, 'Europe/Berlin');
    expect(iso(d.subarray(0, 4))).toEqual(['2024-10-26', '2024-10-27', '2024-10-27', '2024-10-28']);
    expect(d[4]).toBe(-2147483648);
  });

  it('handles half-hour offsets and rows out of time order', () => {
    const t = Float64Array.of(
      Date.parse('2024-05-01T18:29:00Z'),
      Date.parse('2024-04-30T18:31:00Z'),
      Date.parse('2024-05-01T18:30:00Z'),
    );
    expect(iso(localDays(t, 'Asia/Kolkata'))).toEqual(['2024-05-01', '2024-05-01', '2024-05-02']);
    expect(tzOffsetFn('Asia/Kolkata')(Date.parse('2024-05-01T00:00:00Z'))).toBe(5.5 * 3_600_000);
  });

  it('names an unknown timezone and what to do', () => {
    expect(() => localDays(Float64Array.of(0), 'Mars/Olympus')).toThrow(
      /'Mars\/Olympus' is not a known IANA timezone.*Settings/,
    );
  });
});

describe('calendar helpers', () => {
  it('labels ISO weeks across year ends (ISO 8601)', () => {
    expect(isoWeekLabel(dayOf('2021-01-03'))).toBe('2020-W53');
    expect(isoWeekLabel(dayOf('2024-12-30'))).toBe('2025-W01');
    expect(isoWeekLabel(dayOf('2024-01-01'))).toBe('2024-W01');
  });

  it('steps back one year, 29 February to 28 February', () => {
    expect(isoOf(minusOneYear(dayOf('2024-02-29')))).toBe('2023-02-28');
    expect(isoOf(minusOneYear(dayOf('2024-03-01')))).toBe('2023-03-01');
    expect(() => dayOf('2024-3-1')).toThrow(/YYYY-MM-DD/);
  });
});
