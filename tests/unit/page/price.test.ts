import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  currencyFromHint,
  parseAmount,
  parsePrice,
  parsePriceDetails,
  parsePrices,
} from '../../../core/page/price.ts';

// [text, hint, expected amount (null = no price), expected currency (undefined = unknown), extra]
type Row = [
  string,
  string | undefined,
  number | null,
  string | undefined,
  { max?: number; unit?: string }?,
];

const rows: Row[] = [
  // US / UK / international English
  ['$19.99', undefined, 19.99, undefined],
  ['$19.99', 'USD', 19.99, 'USD'],
  ['$1,234.56', 'en-US', 1234.56, 'USD'],
  ['$1,234', 'USD', 1234, 'USD'],
  ['US$ 49.00', undefined, 49, 'USD'],
  ['$49.00 USD', undefined, 49, 'USD'],
  ['USD 12', undefined, 12, 'USD'],
  ['12 USD', undefined, 12, 'USD'],
  ['£8.50', undefined, 8.5, 'GBP'],
  ['£1,299', undefined, 1299, 'GBP'],
  ['GBP 1,299.00', undefined, 1299, 'GBP'],
  ['CA$24.99', undefined, 24.99, 'CAD'],
  ['C$ 24.99', undefined, 24.99, 'CAD'],
  ['$24.99', 'CAD', 24.99, 'CAD'],
  ['$24.99', 'fr-CA', 24.99, 'CAD'],
  ['$24.99', 'shop.example.com.au', 24.99, 'AUD'],
  ['A$59.95', undefined, 59.95, 'AUD'],
  ['AU$ 59.95', undefined, 59.95, 'AUD'],
  ['NZ$39', undefined, 39, 'NZD'],
  ['HK$ 1,280', undefined, 1280, 'HKD'],
  ['S$ 15.90', undefined, 15.9, 'SGD'],
  ['$ 15.90', 'EUR', 15.9, undefined],
  ['Price: $29.00', undefined, 29, undefined],
  ['From $10.00', 'USD', 10, 'USD'],
  // Euro, both conventions
  ['1.234,56 €', undefined, 1234.56, 'EUR'],
  ['1.234,56\u00a0€', undefined, 1234.56, 'EUR'],
  ['€1,234.56', undefined, 1234.56, 'EUR'],
  ['€ 1.234,56', undefined, 1234.56, 'EUR'],
  ['12,99 €', undefined, 12.99, 'EUR'],
  ['12,99€', undefined, 12.99, 'EUR'],
  ['€12', undefined, 12, 'EUR'],
  ['EUR 12,50', undefined, 12.5, 'EUR'],
  ['12,50 EUR', undefined, 12.5, 'EUR'],
  ['EUR12.50', undefined, 12.5, 'EUR'],
  ['1 234,56 €', undefined, 1234.56, 'EUR'],
  ['1\u202f234,56\u00a0€', undefined, 1234.56, 'EUR'],
  ['1.299,- €', undefined, 1299, 'EUR'],
  ['99,- €', undefined, 99, 'EUR'],
  ['€ 99,–', undefined, 99, 'EUR'],
  ['Preis: 49,95 € inkl. MwSt.', undefined, 49.95, 'EUR'],
  ['ab 19,90 €', undefined, 19.9, 'EUR'],
  ['0,99 €', undefined, 0.99, 'EUR'],
  ['1.234 €', undefined, 1234, 'EUR'],
  // Swiss
  ["CHF 1'299.–", undefined, 1299, 'CHF'],
  ["CHF 1'299.00", undefined, 1299, 'CHF'],
  ["1'299.50 CHF", undefined, 1299.5, 'CHF'],
  ['Fr. 49.90', undefined, 49.9, 'CHF'],
  ['SFr. 12.–', undefined, 12, 'CHF'],
  // Nordics
  ['kr 99', undefined, 99, undefined],
  ['kr 99', 'SEK', 99, 'SEK'],
  ['99 kr', 'sv-SE', 99, 'SEK'],
  ['1 299 kr', 'nb-NO', 1299, 'NOK'],
  ['1.299,00 kr.', 'da-DK', 1299, 'DKK'],
  ['kr. 1.299,00', 'DKK', 1299, 'DKK'],
  ['299:-', undefined, 299, 'SEK'],
  ['1 299,00 SEK', undefined, 1299, 'SEK'],
  ['499,- kr', 'NOK', 499, 'NOK'],
  // Central / Eastern Europe
  ['12 zł', undefined, 12, 'PLN'],
  ['1 299,99 zł', undefined, 1299.99, 'PLN'],
  ['49,90 PLN', undefined, 49.9, 'PLN'],
  ['1 299 Kč', undefined, 1299, 'CZK'],
  ['12 990 Ft', undefined, 12990, 'HUF'],
  ['199,99 lei', undefined, 199.99, 'RON'],
  ['49,00 лв.', undefined, 49, 'BGN'],
  ['1 490 ₽', undefined, 1490, 'RUB'],
  ['1.299,90 TL', undefined, 1299.9, 'TRY'],
  ['₺1.299,90', undefined, 1299.9, 'TRY'],
  ['₴ 999', undefined, 999, 'UAH'],
  // Americas
  ['R$ 1.234,56', undefined, 1234.56, 'BRL'],
  ['R$1.234,56', undefined, 1234.56, 'BRL'],
  ['MX$ 1,299.00', undefined, 1299, 'MXN'],
  ['$ 12.990', 'CLP', 12990, 'CLP'],
  // Asia
  ['¥1,280', undefined, 1280, undefined],
  ['¥1,280', 'ja-JP', 1280, 'JPY'],
  ['1,280円', undefined, 1280, 'JPY'],
  ['¥ 99.00', 'zh-CN', 99, 'CNY'],
  ['₹1,23,456', undefined, 123456, 'INR'],
  ['₹ 1,299.00', undefined, 1299, 'INR'],
  ['Rs. 1,299', undefined, 1299, undefined],
  ['Rs. 1,299', 'INR', 1299, 'INR'],
  ['₩39,000', undefined, 39000, 'KRW'],
  ['Rp 150.000', undefined, 150000, 'IDR'],
  ['RM 59.90', undefined, 59.9, 'MYR'],
  ['฿1,290', undefined, 1290, 'THB'],
  ['₫ 250.000', undefined, 250000, 'VND'],
  ['₱1,499.00', undefined, 1499, 'PHP'],
  ['₪ 89.90', undefined, 89.9, 'ILS'],
  ['AED 199', undefined, 199, 'AED'],
  ['KWD 1.250', undefined, 1.25, 'KWD'],
  // Free, ranges, was/now, unit prices
  ['Free', undefined, 0, undefined],
  ['FREE!', 'USD', 0, 'USD'],
  ['Gratis', undefined, 0, undefined],
  ['Kostenlos', undefined, 0, undefined],
  // A threshold is not the price of the product.
  ['Free shipping on orders over $50', undefined, null, undefined],
  ['$10.00 – $20.00', 'USD', 10, 'USD', { max: 20 }],
  ['$10 - $20', 'USD', 10, 'USD', { max: 20 }],
  ['10 – 20 €', undefined, 10, 'EUR', { max: 20 }],
  ['€10 to €25', undefined, 10, 'EUR', { max: 25 }],
  ['Was £20.00 Now £15.00', undefined, 15, 'GBP'],
  ['Regular price €49,95 Sale price €39,95', undefined, 39.95, 'EUR'],
  ['UVP 59,99 € jetzt 49,99 €', undefined, 49.99, 'EUR'],
  ['€59.99 €49.99', undefined, 59.99, 'EUR'],
  ['€2.50/kg', undefined, 2.5, 'EUR', { unit: 'kg' }],
  ['€5.00 (€2.50 / kg)', undefined, 5, 'EUR'],
  ['2,49 € / 100 g', undefined, 2.49, 'EUR', { unit: '100 g' }],
  ['$3.99 per lb', 'USD', 3.99, 'USD', { unit: 'lb' }],
  ['Save 20% – now €40', undefined, 40, 'EUR'],
  ['2 x €10', undefined, 10, 'EUR'],
  // Shopify themes concatenate labels and prices in textContent
  ['Sale price$19.99 USD', undefined, 19.99, 'USD'],
  ['Regular price$29.99Sale price$19.99', 'USD', 19.99, 'USD'],
  ['Regular price €49,95 EUR Sale price €39,95 EUR Unit price / per', undefined, 39.95, 'EUR'],
  ['kr 1 299,-', 'NOK', 1299, 'NOK'],
  ['1.234.567,89 €', undefined, 1234567.89, 'EUR'],
  ['$1,234.5', 'USD', 1234.5, 'USD'],
  ['29,95 € *', undefined, 29.95, 'EUR'],
  ['3 for $10', 'USD', 10, 'USD'],
  [
    'Regular price $29.00 USD Regular price Sale price $29.00 USD Unit price / per',
    'USD',
    29,
    'USD',
  ],
  ['Prix barré 59,00 € Prix 49,00 €', undefined, 49, 'EUR'],
  ['Původně 1 299 Kč Nyní 999 Kč', undefined, 999, 'CZK'],
  ['Förut 499 kr Nu 399 kr', 'SEK', 399, 'SEK'],
  // Ungrouped thousands (Polish and Hungarian shops do not group four digits; many themes never do)
  ['1234,56 zł', undefined, 1234.56, 'PLN'],
  ['$1234', 'USD', 1234, 'USD'],
  ['12345 Ft', undefined, 12345, 'HUF'],
  ['EUR 1299', undefined, 1299, 'EUR'],
  ['€1299.00', undefined, 1299, 'EUR'],
  ['1299:-', undefined, 1299, 'SEK'],
  ['1234.56', undefined, 1234.56, undefined],
  ['¥12800', 'JPY', 12800, 'JPY'],
  // Bare numbers and non-prices
  ['19.99', undefined, 19.99, undefined],
  ['19.99', 'EUR', 19.99, 'EUR'],
  ['1,234.56', undefined, 1234.56, undefined],
  ['1 234,56', undefined, 1234.56, undefined],
  ["1'234.56", undefined, 1234.56, undefined],
  ['Sold out', undefined, null, undefined],
  ['', undefined, null, undefined],
  ['Add to cart', undefined, null, undefined],
  ['iPhone15 €999', undefined, 999, 'EUR'],
];

describe('parsePrice on real-world price strings', () => {
  it('has a large table', () => {
    expect(rows.length).toBeGreaterThanOrEqual(80);
  });
  it.each(rows)('%s (hint %s) → %s %s', (text, hint, amount, currency, extra) => {
    const got = parsePrice(text, hint);
    if (amount === null) {
      expect(got).toBeNull();
      return;
    }
    expect(got).not.toBeNull();
    expect(got!.amount).toBeCloseTo(amount, 6);
    expect(got!.currency).toBe(currency);
    if (extra?.max !== undefined) expect(got!.max).toBe(extra.max);
    else expect(got!.max).toBeUndefined();
    if (extra?.unit !== undefined) expect(got!.unit).toBe(extra.unit);
    else expect(got!.unit).toBeUndefined();
  });
});

describe('parsePriceDetails keeps both sides of a was/now pair', () => {
  it('reads labelled pairs in several languages', () => {
    const en = parsePriceDetails('Was £20.00 Now £15.00');
    expect(en.now?.amount).toBe(15);
    expect(en.was?.amount).toBe(20);
    const de = parsePriceDetails('statt 79,00 € nur 59,00 €');
    expect([de.was?.amount, de.now?.amount]).toEqual([79, 59]);
    const sv = parsePriceDetails('Ord.pris 299 kr Nu 199 kr', 'SEK');
    expect([sv.was?.amount, sv.now?.amount, sv.now?.currency]).toEqual([299, 199, 'SEK']);
  });
  it('reads an unlabelled pair first-price-first and keeps the second as an alternative', () => {
    // Real strings from many shops (price-parser's table) mean the first price; a struck-through
    // was-price is told apart by the page's markup (core/page/visible.ts), not by the text.
    const d = parsePriceDetails('€59.99 €49.99');
    expect(d.now?.amount).toBe(59.99);
    expect(d.was).toBeUndefined();
    expect(d.alternative).toEqual({ amount: 49.99, currency: 'EUR' });
    const converted = parsePriceDetails('AED 8000 (USD 2179)');
    expect(converted.now).toEqual({ amount: 8000, currency: 'AED' });
    expect(converted.alternative).toEqual({ amount: 2179, currency: 'USD' });
  });
  it('lets a label decide over the order', () => {
    const d = parsePriceDetails('€49.99 statt €59.99');
    expect([d.now?.amount, d.was?.amount]).toEqual([49.99, 59.99]);
    const sale = parsePriceDetails('€59.99 Sale price €49.99');
    expect([sale.now?.amount, sale.was?.amount]).toEqual([49.99, 59.99]);
  });
  it('never takes a "Now: $0.00" placeholder over a real price without saying so', () => {
    const d = parsePriceDetails('Was: $124.95 Now: $0.00', 'USD');
    expect(d.now).toEqual({ amount: 124.95, currency: 'USD' });
    expect(d.zeroSetAside).toEqual({ amount: 0, currency: 'USD' });
    expect(parsePrice('Now: $0.00', 'USD')).toEqual({ amount: 0, currency: 'USD' });
  });
  it('separates the unit price from the shelf price', () => {
    const d = parsePriceDetails('€5.00 (€2.50 / kg)');
    expect(d.now?.amount).toBe(5);
    expect(d.unitPrice).toEqual({ amount: 2.5, currency: 'EUR', unit: 'kg' });
  });
  it('lists every price with its position', () => {
    const all = parsePrices('S $10 · M $12 · L $14', 'USD');
    expect(all.map((p) => p.amount)).toEqual([10, 12, 14]);
    expect(all.every((p) => p.currency === 'USD')).toBe(true);
  });
});

describe('number conventions', () => {
  it('reads 1.234 as one dinar 234 fils only for three-decimal currencies', () => {
    expect(parseAmount('1.234')).toBe(1234);
    expect(parseAmount('1.234', 'KWD')).toBe(1.234);
  });
  it('rejects non-numbers', () => {
    expect(parseAmount('abc')).toBeNull();
  });
  it('resolves hints from codes, locales and hosts', () => {
    expect(currencyFromHint('sek')).toBe('SEK');
    expect(currencyFromHint('da-DK')).toBe('DKK');
    expect(currencyFromHint('https://www.example.se/produkt')).toBe('SEK');
    expect(currencyFromHint('en')).toBeUndefined();
  });
  it('never throws on hostile input', () => {
    expect(parsePrice('9'.repeat(100_000))).not.toBeUndefined();
    expect(parsePrice(null as unknown as string)).toBeNull();
    expect(parsePrice('<script>alert("x")</script>')).toBeNull();
  });
});

describe('round trip with the browser’s own currency formatting (Intl)', () => {
  const locales: [string, string][] = [
    ['de-DE', 'EUR'],
    ['en-US', 'USD'],
    ['fr-FR', 'EUR'],
    ['de-CH', 'CHF'],
    ['sv-SE', 'SEK'],
    ['ja-JP', 'JPY'],
    ['pl-PL', 'PLN'],
    ['en-IN', 'INR'],
    ['pt-BR', 'BRL'],
    ['nl-NL', 'EUR'],
    ['da-DK', 'DKK'],
    ['en-GB', 'GBP'],
    ['cs-CZ', 'CZK'],
    ['hu-HU', 'HUF'],
    ['ko-KR', 'KRW'],
    ['tr-TR', 'TRY'],
    ['nb-NO', 'NOK'],
  ];
  it.each(locales)('%s %s: parsePrice(format(x), locale) gives x back', (locale, currency) => {
    const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    fc.assert(
      // Small and large amounts: four-digit amounts are formatted without grouping in some locales.
      fc.property(
        fc.oneof(fc.integer({ min: 1, max: 2_000_000 }), fc.integer({ min: 1, max: 999_999_999 })),
        (minor) => {
          const amount = minor / 10 ** digits;
          const parsed = parsePrice(format.format(amount), locale);
          return (
            parsed !== null &&
            Math.abs(parsed.amount - amount) < 1e-9 &&
            parsed.currency === currency
          );
        },
      ),
      { numRuns: 300 },
    );
  });
  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }),
        fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
        (text, hint) => {
          const r = parsePrice(text, hint);
          return r === null || (Number.isFinite(r.amount) && r.amount >= 0);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('leading decimals and scientific notation (issue #20)', () => {
  it('reads a leading point as a fraction of one unit', () => {
    expect(parsePrice('.75 €')).toEqual({ amount: 0.75, currency: 'EUR' });
    expect(parsePrice('$.75')?.amount).toBe(0.75);
    expect(parsePrice('$..75')?.amount).toBe(0.75);
  });
  it('never reads scientific notation as a price', () => {
    expect(parsePrice('1e308')).toBeNull();
    expect(parsePrice('1e309')).toBeNull();
    expect(parsePrice('1E-5')).toBeNull();
  });
});

describe('stray spaces, three-decimal dinars, unknown signs and non-prices (issue #20)', () => {
  it.each([
    ['$119. 95', 119.95, undefined],
    ['392. 00', 392, undefined],
    ['1.837, 32 €', 1837.32, 'EUR'],
    ['118, 99 TL', 118.99, 'TRY'],
    ['$ 8. 94', 8.94, undefined],
  ])('joins a number split by a stray space: %s', (text, amount, currency) => {
    expect(parsePrice(text)).toEqual(currency ? { amount, currency } : { amount });
  });
  it('keeps a list of sizes apart: a comma and a space join only beside a currency', () => {
    expect(parsePrices('Sizes 36, 38, 40').map((p) => p.amount)).toEqual([36, 38, 40]);
  });
  it('reads three decimals for dinars and rials', () => {
    expect(parsePrice(' 423.923 KD')).toEqual({ amount: 423.923, currency: 'KWD' });
    expect(parsePrice('BHD 12.500')).toEqual({ amount: 12.5, currency: 'BHD' });
    expect(parsePrice('1.250 OMR')).toEqual({ amount: 1.25, currency: 'OMR' });
    expect(parsePrice('JOD 3.750')).toEqual({ amount: 3.75, currency: 'JOD' });
    expect(parsePrice('TND 45.900')).toEqual({ amount: 45.9, currency: 'TND' });
  });
  it('reads the euro sign standing for the decimal point', () => {
    expect(parsePrice('35€ 99')).toEqual({ amount: 35.99, currency: 'EUR' });
    expect(parsePrice('12€50')).toEqual({ amount: 12.5, currency: 'EUR' });
    expect(parsePrice('1250€ 600')).toEqual({ amount: 1250, currency: 'EUR' });
  });
  it.each([
    ['R273.00', 273, 'ZAR'],
    ['R8,499', 8499, 'ZAR'],
    ['1 500 KShs', 1500, 'KES'],
    ["25 000 so'm", 25000, 'UZS'],
    ['3 990 тг', 3990, 'KZT'],
    ['49.90 chf', 49.9, 'CHF'],
    ['र24,401', 24401, undefined],
    ['تومان56,000', 56000, undefined],
  ])('knows the sign in %s', (text, amount, currency) => {
    expect(parsePrice(text)).toEqual(currency ? { amount, currency } : { amount });
  });
  it('does not read a model name "R2" as rand', () => {
    expect(parsePrice('R2 droid €15')).toEqual({ amount: 15, currency: 'EUR' });
  });
  it.each([
    '15.08.2017',
    '2017-08-15',
    'July, 2004',
    '25-09',
    '16.00 ft',
    '32 GB',
    'Free Shipping on Orders $49+.',
    'Цена: уточняйте (мин. заказ: 1 )',
  ])('finds no price in %s', (text) => {
    expect(parsePrice(text)).toBeNull();
  });
  it('still reads prices next to those non-prices', () => {
    expect(parsePrice('Lieferung ab 15.08.2017 · 49,90 €')).toEqual({
      amount: 49.9,
      currency: 'EUR',
    });
    expect(parsePrice('32 GB – €199')).toEqual({ amount: 199, currency: 'EUR' });
    expect(parsePrice('1 Ft')).toEqual({ amount: 1, currency: 'HUF' });
  });
  it('reads a quantity price list by its first price, not by the quantity', () => {
    const text = '50 - $2.00 100 - $2.75 400 - $4.50 1,000 - $9.00';
    expect(parsePrice(text, 'USD')).toEqual({ amount: 2, currency: 'USD' });
  });
});

describe('currency from the page’s own currency element and codes beside signs (issue #20)', () => {
  it('takes the currency element’s sign or text as the hint', () => {
    expect(currencyFromHint('€')).toBe('EUR');
    expect(currencyFromHint('руб.')).toBe('RUB');
    expect(currencyFromHint('Р')).toBe('RUB');
    expect(currencyFromHint('DKK/stk')).toBe('DKK');
    expect(currencyFromHint('Cena 4.10 €')).toBe('EUR');
    expect(parsePrice('5 870', 'грн.')).toEqual({ amount: 5870, currency: 'UAH' });
    expect(parsePrice('8.29', '£ 8.29')).toEqual({ amount: 8.29, currency: 'GBP' });
  });
  it('leaves an ambiguous or mixed hint unresolved', () => {
    expect(currencyFromHint('$')).toBeUndefined();
    expect(currencyFromHint('Now £9.99 $13.71 11,16 €')).toBeUndefined();
    expect(currencyFromHint('shop.example.rs')).toBeUndefined();
    // A locale says where the shop is, not what a bare number is in.
    expect(parsePrice('19.99', 'de-DE')).toEqual({ amount: 19.99 });
  });
  it('reads a code written before an ambiguous sign', () => {
    expect(parsePrice('SGD$4.90')).toEqual({ amount: 4.9, currency: 'SGD' });
    expect(parsePrice('NZD $100.70')).toEqual({ amount: 100.7, currency: 'NZD' });
    expect(parsePrice('US$:12.99')).toEqual({ amount: 12.99, currency: 'USD' });
    expect(parsePrice('2000 zl')).toEqual({ amount: 2000, currency: 'PLN' });
  });
});

describe('thresholds are order totals, not a word "order" anywhere (issue #20)', () => {
  it.each([
    ['Free Shipping on Orders $49+.', null],
    ['Free shipping on orders over $50', null],
    ['Spend €30 and get a gift', null],
    ['Versandkostenfrei ab Bestellwert 50 €', null],
    ['Add to order $19.99', 19.99],
    ['Order now: $24.00', 24],
  ])('%s → %s', (text, amount) => {
    expect(parsePrice(text)?.amount ?? null).toBe(amount);
  });
});

describe('a sign between two numbers belongs to one of them (issue #20)', () => {
  it.each([
    ['Size 10.5 $89.99', 89.99, undefined],
    ['Model 2024 €499', 499, 'EUR'],
    ['Pack of 6 £12.00', 12, 'GBP'],
    ['69 TL 41.90 TL', 69, 'TRY'],
    ['19,99 $ 24,99 $', 19.99, undefined],
    ['10,00 € 12,00 €', 10, 'EUR'],
    ['€ 10.00 € 8.00', 10, 'EUR'],
  ])('%s → %s', (text, amount, currency) => {
    expect(parsePrice(text)).toEqual(currency ? { amount, currency } : { amount });
  });
  it('keeps a saving apart from the price', () => {
    const d = parsePriceDetails('You save 20% ($12.00) $48.00', 'USD');
    expect(d.now).toEqual({ amount: 48, currency: 'USD' });
    expect(parsePrice('€5 off – now €20')?.amount).toBe(20);
    expect(parsePrice('Save $20.00', 'USD')).toEqual({ amount: 20, currency: 'USD' });
  });
});

describe('Arabic currency signs (issue #20)', () => {
  it.each([
    ['3.500 د.ك', 3.5, 'KWD'],
    ['د.ب 12.750', 12.75, 'BHD'],
    ['1.250 ر.ع.', 1.25, 'OMR'],
    ['149 ر.س', 149, 'SAR'],
    ['99.00 د.إ', 99, 'AED'],
  ])('%s → %s %s', (text, amount, currency) => {
    expect(parsePrice(text)).toEqual({ amount, currency });
  });
});
