import { describe, expect, it } from 'vitest';
import {
  DEFAULT_THRESHOLDS,
  detectChanges,
  passesThreshold,
  type AlertThresholds,
  type Observation,
} from '../../../core/tracking/index.ts';

const obs = (
  price: number | null,
  availability = 'InStock',
  currency = 'USD',
  at = 1,
): Observation => ({
  at,
  price,
  currency,
  availability,
});

describe('thresholds', () => {
  const pct = (value: number, direction: AlertThresholds['direction']): AlertThresholds => ({
    mode: 'percent',
    value,
    direction,
    stock: true,
  });

  it('alerts on a percent move at or above the threshold in the chosen direction', () => {
    expect(passesThreshold(10000, 10500, 'USD', pct(5, 'both'))).toBe(true);
    expect(passesThreshold(10000, 10499, 'USD', pct(5, 'both'))).toBe(false);
    expect(passesThreshold(10000, 9000, 'USD', pct(5, 'up'))).toBe(false);
    expect(passesThreshold(10000, 9000, 'USD', pct(5, 'down'))).toBe(true);
    expect(passesThreshold(10000, 12000, 'USD', pct(5, 'down'))).toBe(false);
  });

  it('reads an amount threshold in major units of the product currency', () => {
    const amount: AlertThresholds = { mode: 'amount', value: 2, direction: 'both', stock: true };
    expect(passesThreshold(12900, 12700, 'USD', amount)).toBe(true);
    expect(passesThreshold(12900, 12750, 'USD', amount)).toBe(false);
    // JPY has no minor unit: 2 yen is 2, not 200.
    expect(passesThreshold(1000, 1002, 'JPY', amount)).toBe(true);
  });
});

describe('detectChanges', () => {
  it('reports a price drop with its percentage and alerts past the threshold', () => {
    const [c] = detectChanges(obs(12900), obs(9900), DEFAULT_THRESHOLDS);
    expect(c).toMatchObject({ kind: 'price-down', from: 12900, to: 9900, alert: true });
    expect(c!.percent).toBeCloseTo(-23.26, 2);
  });

  it('records a small move without alerting', () => {
    const [c] = detectChanges(obs(10000), obs(10100), DEFAULT_THRESHOLDS);
    expect(c).toMatchObject({ kind: 'price-up', alert: false });
  });

  it('reports nothing for the first check or an unchanged price', () => {
    expect(detectChanges(null, obs(100), DEFAULT_THRESHOLDS)).toEqual([]);
    expect(detectChanges(obs(100), obs(100), DEFAULT_THRESHOLDS)).toEqual([]);
  });

  it('alerts when stock goes out and comes back, unless stock alerts are off', () => {
    expect(detectChanges(obs(100), obs(100, 'OutOfStock'), DEFAULT_THRESHOLDS)).toMatchObject([
      { kind: 'out-of-stock', alert: true },
    ]);
    expect(
      detectChanges(obs(100, 'SoldOut'), obs(100, 'InStock'), DEFAULT_THRESHOLDS),
    ).toMatchObject([{ kind: 'back-in-stock', alert: true }]);
    expect(
      detectChanges(obs(100), obs(100, 'OutOfStock'), { ...DEFAULT_THRESHOLDS, stock: false }),
    ).toMatchObject([{ kind: 'out-of-stock', alert: false }]);
    // Unknown → out is not a transition anyone saw.
    expect(detectChanges(obs(100, 'Unknown'), obs(100, 'OutOfStock'), DEFAULT_THRESHOLDS)).toEqual(
      [],
    );
  });

  it('never turns a currency switch into a percentage', () => {
    const [c] = detectChanges(
      obs(10000, 'InStock', 'USD'),
      obs(9000, 'InStock', 'EUR'),
      DEFAULT_THRESHOLDS,
    );
    expect(c).toMatchObject({ kind: 'currency-changed', percent: null });
  });
});
