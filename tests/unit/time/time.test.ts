import { describe, expect, it } from 'vitest';
import {
  dayOf,
  isoOf,
  isoWeekLabel,
  localDays,
  minusOneYear,
  zoneOf,
} from '../../../core/time/index.ts';

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
    expect(zoneOf('Asia/Kolkata').offsetAt(Date.parse('2024-05-01T00:00:00Z'))).toBe(330);
  });

  it('names an unknown timezone and what to do', () => {
    expect(() => localDays(Float64Array.of(0), 'Mars/Olympus')).toThrow(
      /'Mars\/Olympus' is not a known IANA timezone.*Settings/,
    );
  });
});

describe('offsets at half-hour DST changes (tz database rules, worked by hand)', () => {
  // Each case: the UTC instant of the change, the offset (minutes) just before and from it on.
  // The earlier copy in ingest cached offsets per UTC hour and read the half hour after a change
  // that falls on :30 UTC with the old offset.
  const cases = [
    // Lord Howe Island moves 30 minutes: 02:00 LHST (+10:30) → 02:30 LHDT (+11), 6 Oct 2024.
    ['Australia/Lord_Howe', '2024-10-05T15:30:00Z', 630, 660],
    // and back: 02:00 LHDT (+11) → 01:30 LHST (+10:30), 7 Apr 2024.
    ['Australia/Lord_Howe', '2024-04-06T15:00:00Z', 660, 630],
    // Adelaide: 02:00 ACST (+9:30) → 03:00 ACDT (+10:30), 6 Oct 2024.
    ['Australia/Adelaide', '2024-10-05T16:30:00Z', 570, 630],
    // St John's: 02:00 NST (−3:30) → 03:00 NDT (−2:30), 10 Mar 2024.
    ['America/St_Johns', '2024-03-10T05:30:00Z', -210, -150],
  ] as const;

  it.each(cases)('%s at %s', (name, at, before, after) => {
    const zone = zoneOf(name);
    const t = Date.parse(at);
    // Ask for the hour's start first, so a per-hour cache would answer the rest of the hour.
    zone.offsetAt(t - (t % 3_600_000));
    expect(zone.offsetAt(t - 60_000)).toBe(before);
    expect(zone.offsetAt(t)).toBe(after);
    expect(zone.offsetAt(t + 15 * 60_000)).toBe(after);
  });

  it('reads wall-clock times either side of the Lord Howe change', () => {
    const lh = zoneOf('Australia/Lord_Howe');
    expect(new Date(lh.toUtc(Date.UTC(2024, 9, 6, 1, 59))).toISOString()).toBe(
      '2024-10-05T15:29:00.000Z',
    );
    expect(new Date(lh.toUtc(Date.UTC(2024, 9, 6, 2, 45))).toISOString()).toBe(
      '2024-10-05T15:45:00.000Z',
    );
  });

  it('cuts local days at Lord Howe midnight after the change', () => {
    const d = localDays(
      Float64Array.of(
        Date.parse('2024-10-05T15:45:00Z'),
        Date.parse('2024-10-06T12:59:00Z'),
        Date.parse('2024-10-06T13:00:00Z'),
      ),
      'Australia/Lord_Howe',
    );
    expect(iso(d)).toEqual(['2024-10-06', '2024-10-06', '2024-10-07']);
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
