import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  channelOf,
  CsvTokenizer,
  customerKeyOf,
  detectFormat,
  guessTimezone,
  headerSignature,
  parseDay,
  parseCount,
  parseMinor,
  parseTimestamp,
  suggestMapping,
  zoneOf,
} from '../../../core/ingest/index.ts';

function tokenize(chunks: string[]): { rows: string[][]; unterminated: boolean } {
  const rows: string[][] = [];
  const t = new CsvTokenizer(',', (f, n) => rows.push(f.slice(0, n)));
  for (const c of chunks) t.push(c);
  t.end();
  return { rows, unterminated: t.unterminatedQuote };
}

describe('CSV tokenizer', () => {
  it('handles quotes, escaped quotes, line breaks inside quotes and mixed line endings', () => {
    const csv = 'a,b,c\r\n"x, y","say ""hi""","line1\nline2"\n1,,3\r\n\n"last",2,';
    expect(tokenize([csv]).rows).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'line1\nline2'],
      ['1', '', '3'],
      [],
      ['last', '2', ''],
    ]);
  });

  it('gives the same records however the text is split into chunks', () => {
    const field = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', '"', '\n', 'é') }),
      fc.constant(''),
    );
    const table = fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), {
      minLength: 1,
      maxLength: 6,
    });
    fc.assert(
      fc.property(table, fc.array(fc.nat(), { maxLength: 5 }), fc.boolean(), (rows, cuts, crlf) => {
        const esc = (v: string) =>
          /[",\n]/.test(v) || v === '' ? `"${v.replaceAll('"', '""')}"` : v;
        const text = rows.map((r) => r.map(esc).join(',')).join(crlf ? '\r\n' : '\n');
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const chunks: string[] = [];
        let at = 0;
        for (const p of points) {
          chunks.push(text.slice(at, p));
          at = p;
        }
        chunks.push(text.slice(at));
        expect(tokenize(chunks).rows).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });

  it('reports an unclosed quote at the end of the input', () => {
    const r = tokenize(['a,b\n1,"never closed\n2,3']);
    expect(r.unterminated).toBe(true);
    expect(r.rows[1]).toEqual(['1', 'never closed\n2,3']);
  });
});

describe('amounts', () => {
  it.each([
    ['1234.56', 2, false, 123456],
    ['1,234.56', 2, false, 123456],
    ['1.234,56', 2, true, 123456],
    ['1.234,56', 2, false, 123456],
    ['1 234,56 €', 2, true, 123456],
    ['$12', 2, false, 1200],
    ['12.00 USD', 2, false, 1200],
    ['-5.5', 2, false, -550],
    ['(7.25)', 2, false, -725],
    ['0.29', 2, false, 29],
    ['1,234', 2, false, 123400],
    ['1,234', 2, true, 123],
    ['12,5', 2, false, 1250],
    ['1234', 0, false, 1234],
    ['1,5', 0, true, 2],
    ['0.005', 2, false, 1],
    ['12.345', 3, false, 12345],
  ])('%s with %i digits (decimal comma %s) → %i', (s, digits, comma, want) => {
    expect(parseMinor(s, digits, comma)).toBe(want);
  });

  it.each(['', 'twelve', '12.34.56,7,8', '1.2.3', '12abc', '--'])('%s is not an amount', (s) => {
    expect(parseMinor(s, 2)).toBeNaN();
  });

  it('reads counts with thousands separators and refuses fractions', () => {
    expect(parseCount('15,420')).toBe(15420);
    expect(parseCount('15.420', true)).toBe(15420);
    expect(parseCount('1 204')).toBe(1204);
    expect(parseCount('-3')).toBe(-3);
    expect(parseCount('12.5')).toBeNaN();
    expect(parseCount('')).toBeNaN();
  });
});

describe('dates and timezones', () => {
  const utc = zoneOf('UTC');
  it('reads Shopify and ISO timestamps to UTC', () => {
    expect(parseTimestamp('2024-01-15 10:23:45 -0500', utc)).toBe(
      Date.UTC(2024, 0, 15, 15, 23, 45),
    );
    expect(parseTimestamp('2024-01-15T10:23:45Z', utc)).toBe(Date.UTC(2024, 0, 15, 10, 23, 45));
    expect(parseTimestamp('2024-01-15T10:23:45.250+05:30', utc)).toBe(
      Date.UTC(2024, 0, 15, 4, 53, 45, 250),
    );
    expect(parseTimestamp('2024-01-15', zoneOf('Europe/Berlin'))).toBe(Date.UTC(2024, 0, 14, 23));
    expect(parseTimestamp('2024-07-01 00:30', zoneOf('America/Los_Angeles'))).toBe(
      Date.UTC(2024, 6, 1, 7, 30),
    );
    expect(parseTimestamp('2024-02-30 10:00:00 -0500', utc)).toBeNaN();
    expect(parseTimestamp('31/13/2024', utc)).toBeNaN();
  });

  it('reads days as GA4 and the ad platforms write them, or in a chosen format', () => {
    expect(parseDay('20240105')).toBe('2024-01-05');
    expect(parseDay('Jan 5, 2024')).toBe('2024-01-05');
    expect(parseDay('5 June 2024')).toBe('2024-06-05');
    expect(parseDay('05/01/2024', 'DD/MM/YYYY')).toBe('2024-01-05');
    expect(parseDay('01/05/2024', 'MM/DD/YYYY')).toBe('2024-01-05');
    expect(parseDay('13/13/2024', 'DD/MM/YYYY')).toBe('');
  });

  it('guesses the store zone from offsets, DST included, else a fixed offset', () => {
    const winter = Date.UTC(2024, 0, 10);
    const summer = Date.UTC(2024, 6, 10);
    expect(
      guessTimezone([
        { ms: winter, offset: -300 },
        { ms: summer, offset: -240 },
      ]),
    ).toBe('America/New_York');
    expect(
      guessTimezone([
        { ms: winter, offset: -360 },
        { ms: summer, offset: -300 },
      ]),
    ).toBe('America/Chicago');
    expect(
      guessTimezone(
        [
          { ms: winter, offset: 60 },
          { ms: summer, offset: 120 },
        ],
        'Europe/Amsterdam',
      ),
    ).toBe('Europe/Amsterdam');
    expect(guessTimezone([{ ms: winter, offset: 330 }])).toBe('Asia/Kolkata');
    expect(
      guessTimezone([
        { ms: winter, offset: -210 },
        { ms: summer, offset: -210 },
      ]),
    ).toBe('-03:30');
  });
});

describe('detection, mapping, channels and customer keys', () => {
  it('tells formats apart by their headers', () => {
    expect(
      detectFormat(['Handle', 'Title', 'Body (HTML)', 'Variant SKU', 'Variant Price']).format,
    ).toBe('shopify-products');
    expect(
      detectFormat(['Handle', 'Title', 'SKU', 'HS Code', 'COO', 'Main warehouse']).format,
    ).toBe('shopify-inventory');
    expect(detectFormat(['Day', 'Campaign', 'Cost', 'Impr.', 'Clicks'])).toMatchObject({
      format: 'ad-spend',
    });
    expect(detectFormat(['foo', 'bar'])).toEqual({ format: 'generic', confidence: 0 });
  });

  it('suggests a mapping for a generic header and keys it by a stable signature', () => {
    const header = ['Order No', 'Order Date', 'E-Mail', 'Qty', 'SKU', 'Grand Total', 'Currency'];
    expect(suggestMapping(header)).toMatchObject({
      'order.id': 'Order No',
      'order.createdAt': 'Order Date',
      'order.total': 'Grand Total',
      'order.currency': 'Currency',
      'line.sku': 'SKU',
      'line.quantity': 'Qty',
    });
    expect(suggestMapping(['Date', 'Sessions', 'Default channel group'])).toMatchObject({
      'traffic.date': 'Date',
      'traffic.sessions': 'Sessions',
    });
    expect(headerSignature([' SKU', 'Price '])).toBe(headerSignature(['price', 'sku']));
    expect(headerSignature(['sku', 'price'])).not.toBe(headerSignature(['sku', 'price', 'cost']));
  });

  it.each([
    [{ source: 'web' }, 'Unassigned'],
    [{ source: 'pos' }, 'Point of sale'],
    [{ utmSource: 'google', utmMedium: 'cpc' }, 'Paid search'],
    [{ utmSource: 'facebook', utmMedium: 'paid_social' }, 'Paid social'],
    [{ utmSource: 'klaviyo', utmMedium: 'email' }, 'Email'],
    [{ referrer: 'https://www.google.com/' }, 'Organic search'],
    [{ referrer: 'https://l.instagram.com/' }, 'Organic social'],
    [{ referrer: 'https://blog.example.org/post' }, 'Referral'],
    [{ landingPage: '/products/tee?utm_source=newsletter&utm_medium=email' }, 'Email'],
    [{ landingPage: '/products/tee' }, 'Direct'],
    [{ source: 'Organic Search' }, 'Organic search'],
  ] as const)('channelOf(%o) is %s', (input, want) => {
    expect(channelOf(input)).toBe(want);
  });

  it('hashes emails case-insensitively with the salt', () => {
    expect(customerKeyOf('Ava@Example.com ', 's')).toBe(customerKeyOf('ava@example.com', 's'));
    expect(customerKeyOf('ava@example.com', 's')).not.toBe(customerKeyOf('ava@example.com', 't'));
    expect(customerKeyOf('', 's')).toBe('');
  });
});
