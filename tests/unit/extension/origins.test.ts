import { describe, expect, it } from 'vitest';
import { normaliseOrigin, originPattern } from '../../../extension/features/origins.ts';

describe('normaliseOrigin', () => {
  it.each([
    ['shop.example.com', 'https://shop.example.com'],
    ['https://shop.example.com/products/x?y=1', 'https://shop.example.com'],
    ['  http://127.0.0.1:4180/spa/ ', 'http://127.0.0.1:4180'],
    ['HTTPS://Shop.Example.com', 'https://shop.example.com'],
  ])('%s → %s', (input, origin) => {
    expect(normaliseOrigin(input)).toBe(origin);
  });

  it.each(['', 'javascript:alert(1)', 'chrome://extensions', 'file:///etc/passwd', 'http://'])(
    'rejects %j',
    (input) => {
      expect(normaliseOrigin(input)).toBeNull();
    },
  );
});

describe('originPattern', () => {
  it('covers every page of the host, whatever the port (host permissions ignore ports)', () => {
    expect(originPattern('http://127.0.0.1:4180')).toBe('http://127.0.0.1/*');
    expect(originPattern('https://shop.example.com')).toBe('https://shop.example.com/*');
  });
});
