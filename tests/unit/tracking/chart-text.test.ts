// The chart's currency caption and the panel's next-check sentence, as a user reads them.
import { describe, expect, it } from 'vitest';
import { currencyCaption, nextCheckText } from '../../../extension/features/tracking/chart-text.ts';

describe('currencyCaption', () => {
  it('names the product’s currency, so a CAD history never reads as plain “$”', () => {
    expect(currencyCaption('CAD', 'en-CA')).toMatch(/^Prices in Canadian dollar \(CAD\)$/i);
    expect(currencyCaption('CAD', 'en-US')).toBe('Prices in Canadian Dollar (CAD)');
    expect(currencyCaption(null)).toContain('unknown currency');
  });
});

describe('nextCheckText', () => {
  const now = Date.UTC(2026, 11, 2, 12, 0);
  it('says checks run only while the browser is open, and when the next is due', () => {
    const t = nextCheckText(now + 3_600_000, { paused: false, permitted: true, now });
    expect(t).toMatch(/^Checks run only while the browser is open: next check due .+\.$/);
    expect(nextCheckText(now - 1, { paused: false, permitted: true, now })).toContain('due now');
  });
  it('says why a product is not re-checked', () => {
    expect(nextCheckText(now, { paused: true, permitted: true, now })).toContain('paused');
    expect(nextCheckText(now, { paused: false, permitted: false, now })).toContain(
      'until you allow access',
    );
  });
});
