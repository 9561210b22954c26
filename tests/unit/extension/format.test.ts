import { describe, expect, it } from 'vitest';
import {
  availabilityLabel,
  formatPrice,
  platformLabel,
} from '../../../extension/features/panel/format.ts';

describe('formatPrice', () => {
  it('uses the product’s currency and the user’s locale', () => {
    expect(formatPrice(24.9, 'EUR', 'de-DE')).toBe('24,90\u00a0€');
    expect(formatPrice(129, 'USD', 'en-US')).toBe('$129.00');
    expect(formatPrice(1500, 'JPY', 'en-US')).toBe('¥1,500');
  });

  it('falls back to a plain number when the currency is unknown or not ISO 4217', () => {
    expect(formatPrice(12.5, undefined, 'en-US')).toBe('12.5');
    expect(formatPrice(12.5, 'RUPEES', 'en-US')).toBe('12.5 RUPEES');
  });
});

describe('labels', () => {
  it('names platforms and availability in words', () => {
    expect(platformLabel('salesforce-commerce-cloud')).toBe('Salesforce Commerce Cloud');
    expect(availabilityLabel('InStock')).toBe('In stock');
    expect(availabilityLabel('BackOrder')).toBe('Back order');
  });
});
