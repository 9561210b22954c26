// The price position: the own price as a step line next to a competitor's checks and the "cheaper
// on N of the last M days" count, like with like only.
import { describe, expect, it } from 'vitest';
import {
  chartTimes,
  ownHistoryText,
  ownPriceSteps,
  pricePosition,
  pricePositionText,
} from '../../../core/tracking/index.ts';

const DAY = 86_400_000;
const D0 = Date.UTC(2026, 10, 1); // midnight UTC
const at = (day: number, hour = 9) => D0 + day * DAY + hour * 3_600_000;
const sec = (ms: number) => ms / 1000;

// Daily checks at 09:00: $129, $129, failed, $99, $99.
const theirs = {
  xSec: [0, 1, 2, 3, 4].map((d) => sec(at(d))),
  price: [12900, 12900, null, 9900, 9900],
  currency: 'USD',
};

describe('chartTimes', () => {
  it('merges own price changes between checks and drops those before the first check', () => {
    const own = [
      { at: at(-5), price: 11900, currency: 'USD' },
      { at: at(1, 15), price: 10900, currency: 'USD' },
      { at: at(3), price: 10500, currency: 'USD' }, // same moment as a check
      { at: at(6), price: 9500, currency: 'USD' },
    ];
    const t = chartTimes(theirs.xSec, own);
    expect(t.x).toEqual([
      sec(at(0)),
      sec(at(1)),
      sec(at(1, 15)),
      sec(at(2)),
      sec(at(3)),
      sec(at(4)),
      sec(at(6)),
    ]);
    expect(Array.from(t.check)).toEqual([0, 1, -1, 2, 3, 4, -1]);
  });
});

describe('ownPriceSteps', () => {
  it('holds each own price until the next point, unknown before the first', () => {
    const own = [
      { at: at(1, 15), price: 11900, currency: 'USD' },
      { at: at(3), price: 10500, currency: 'USD' },
    ];
    const x = [at(0), at(1), at(1, 15), at(2), at(3), at(4)].map(sec);
    expect(ownPriceSteps(own, x, 'USD')).toEqual([null, null, 11900, 11900, 10500, 10500]);
  });

  it('leaves the own price out while it is in another currency than theirs', () => {
    const own = [
      { at: at(0), price: 11900, currency: 'USD' },
      { at: at(2), price: 10900, currency: 'EUR' },
      { at: at(4), price: 11500, currency: 'USD' },
    ];
    expect(ownPriceSteps(own, theirs.xSec, 'USD')).toEqual([11900, 11900, null, null, 11500]);
  });
});

describe('pricePosition', () => {
  it('counts the days the own price was below, above or equal to theirs', () => {
    // Own $119 until day 3 at noon, then $99 (matching their sale).
    const own = [
      { at: at(0, 8), price: 11900, currency: 'USD' },
      { at: at(3, 12), price: 9900, currency: 'USD' },
    ];
    const p = pricePosition(theirs, own, { now: at(4, 18), days: 30 });
    // Days 0–2 cheaper (119 < 129, the failed check keeps $129), days 3–4 the same.
    expect(p).toEqual({ days: 5, cheaper: 3, dearer: 0, same: 2 });
    expect(pricePositionText(p!)).toBe(
      'You were cheaper on 3 of the last 5 days, the same price on 2.',
    );
  });

  it('looks only at the last `days` days and at the price held at the end of each day', () => {
    const own = [{ at: at(0, 8), price: 11000, currency: 'USD' }];
    // Two days: day 3 ends with their $99 (dearer), day 4 too.
    expect(pricePosition(theirs, own, { now: at(4, 18), days: 2 })).toEqual({
      days: 2,
      cheaper: 0,
      dearer: 2,
      same: 0,
    });
    // Today before their check at 09:00: yesterday's $99 still holds.
    expect(pricePosition(theirs, own, { now: at(4, 6), days: 1 })).toEqual({
      days: 1,
      cheaper: 0,
      dearer: 1,
      same: 0,
    });
  });

  it('leaves out days before either price is known and own prices in another currency', () => {
    const own = [
      { at: at(2, 12), price: 9000, currency: 'EUR' },
      { at: at(3, 12), price: 9500, currency: 'USD' },
    ];
    expect(pricePosition(theirs, own, { now: at(4, 18) })).toEqual({
      days: 2,
      cheaper: 2,
      dearer: 0,
      same: 0,
    });
    expect(pricePosition(theirs, [], { now: at(4, 18) })).toBeNull();
    expect(
      pricePosition(theirs, [{ at: at(0), price: 9000, currency: 'EUR' }], { now: at(4, 18) }),
    ).toBeNull();
  });
});

describe('pricePositionText', () => {
  it('speaks of today when only one day is compared', () => {
    expect(pricePositionText({ days: 1, cheaper: 1, dearer: 0, same: 0 })).toBe(
      'Today you are cheaper than them.',
    );
    expect(pricePositionText({ days: 1, cheaper: 0, dearer: 1, same: 0 })).toBe(
      'Today you are more expensive than them.',
    );
    expect(pricePositionText({ days: 30, cheaper: 12, dearer: 15, same: 3 })).toBe(
      'You were cheaper on 12 of the last 30 days, more expensive on 15, the same price on 3.',
    );
  });
});

describe('ownHistoryText', () => {
  const money = (minor: number, cur: string) => `${cur} ${(minor / 100).toFixed(2)}`;

  it('lists the latest own prices in their currency, with how many were recorded', () => {
    const own = [11900, 10900, 9900, 10500, 11500].map((price, d) => ({
      at: at(d),
      price,
      currency: 'USD',
    }));
    expect(ownHistoryText(own, 'USD', money)).toBe(
      'Your price: USD 109.00 → USD 99.00 → USD 105.00 → USD 115.00 (5 prices recorded)',
    );
    expect(ownHistoryText([], 'USD', money)).toBeNull();
  });

  it('says so instead of comparing when the own price is in another currency', () => {
    expect(ownHistoryText([{ at: at(0), price: 11900, currency: 'EUR' }], 'USD', money)).toBe(
      'Your price is in EUR and theirs in USD: the history compares only prices in the same currency.',
    );
  });
});
