/**
 * Issue 14 point 11: numbers are read as the file writes them or refused, never silently
 * misread. Expected values are the amounts as written, converted by hand ("1.234" in a column
 * whose amounts use a decimal comma is 1234.00 → 123400 cents).
 */
import { describe, expect, it } from 'vitest';
import { readExport } from '../../../core/ingest/index.ts';
import { fixture } from './helpers.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const ORDERS = {
  'order.id': 'Order',
  'order.createdAt': 'Date',
  'order.total': 'Total',
  'order.currency': 'Currency',
};
const read = (csv: string) =>
  readExport(enc(csv), { mapping: ORDERS, dateFormat: 'YYYY-MM-DD', fileName: 'orders.csv' });

describe("a file's number locale is taken from its amounts", () => {
  it('reads "1.234" as 1234 in a comma-delimited file whose amounts use a decimal comma', async () => {
    const r = await read(
      'Order,Date,Total,Currency\n' +
        '1001,2024-03-01,"12,50",EUR\n' +
        '1002,2024-03-02,1.234,EUR\n' +
        '1003,2024-03-03,"1.234,56",EUR\n',
    );
    expect(r.errors).toEqual([]);
    // Before: 1002 was stored as 1.23.
    expect(r.orders!.map((o) => [o.id, o.total])).toEqual([
      ['1001', 1250],
      ['1002', 123400],
      ['1003', 123456],
    ]);
  });

  it('refuses "1.234" naming row and column when no earlier amount in the column shows the locale', async () => {
    const r = await read(
      'Order,Date,Total,Currency\n' +
        '1002,2024-03-02,1.234,EUR\n' +
        '1001,2024-03-01,"12,50",EUR\n' +
        '1004,2024-03-04,1.234,EUR\n',
    );
    expect(r.errors).toEqual([
      {
        row: 2,
        column: 'Total',
        message:
          "'Total' is '1.234', which reads as a thousand-something (with '.' between thousands) or as a small amount (with '.' as the decimal separator), and no earlier amount in this column shows which. Write the amounts with their decimals (like 1.234,00), and import again.",
      },
    ]);
    expect(r.orders!.map((o) => [o.id, o.total])).toEqual([
      ['1001', 1250],
      ['1004', 123400],
    ]);
  });

  it('keeps reading an English file as before: "1,234" is 1234 and "1.5" is 1.50', async () => {
    const r = await read(
      'Order,Date,Total,Currency\n' +
        '1001,2024-03-01,"1,234",USD\n' +
        '1002,2024-03-02,1.5,USD\n' +
        '1003,2024-03-03,"1,234.56",USD\n' +
        '1004,2024-03-04,0.125,USD\n',
    );
    expect(r.errors).toEqual([]);
    expect(r.orders!.map((o) => o.total)).toEqual([123400, 150, 123456, 13]);
  });

  it('reads "1,234" as 1234 in a semicolon file whose amounts use a decimal point', async () => {
    const r = await read(
      'Order;Date;Total;Currency\n' + '1001;2024-03-01;12.50;USD\n' + '1002;2024-03-02;1,234;USD\n',
    );
    expect(r.errors).toEqual([]);
    // Before: the semicolon made every comma decimal, and 1002 was stored as 1.23.
    expect(r.orders!.map((o) => o.total)).toEqual([1250, 123400]);
  });

  it('reads a German semicolon file as before ("1.234,56", "12,50", "1.234")', async () => {
    const r = await read(
      'Order;Date;Total;Currency\n' +
        '1001;2024-03-01;1.234,56;EUR\n' +
        '1002;2024-03-02;12,50;EUR\n' +
        '1003;2024-03-03;1.234;EUR\n',
    );
    expect(r.errors).toEqual([]);
    expect(r.orders!.map((o) => o.total)).toEqual([123456, 1250, 123400]);
  });
});

describe('numbers that are not real figures are refused with row and column', () => {
  it('an exponent or infinity in an amount is not an amount ("1e308" is not 1308)', async () => {
    const r = await read(
      'Order,Date,Total,Currency\n' +
        '1001,2024-03-01,1e308,USD\n' +
        '1002,2024-03-02,Infinity,USD\n' +
        '1003,2024-03-03,1E3,USD\n',
    );
    expect(r.orders).toEqual([]);
    expect(r.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [
        2,
        'Total',
        "'Total' is not an amount (got '1e308'). Use a number like 1234.56 or 1.234,56.",
      ],
      [
        3,
        'Total',
        "'Total' is not an amount (got 'Infinity'). Use a number like 1234.56 or 1.234,56.",
      ],
      [4, 'Total', "'Total' is not an amount (got '1E3'). Use a number like 1234.56 or 1.234,56."],
    ]);
  });

  it('a Shopify line quantity beyond a 32-bit count is refused, not wrapped to a negative number', async () => {
    const text = new TextDecoder().decode(fixture('shopify-orders.csv'));
    const huge = text.replace(',1,Canvas Tote,18.00,', ',3000000000,Canvas Tote,18.00,');
    const r = await readExport(enc(huge));
    expect(r.errors[1]).toEqual({
      row: 3,
      column: 'Lineitem quantity',
      message:
        "'Lineitem quantity' is too large (got '3000000000'). A figure above 2147483647 is not a real count; check the cell.",
    });
    expect(r.lines!.every((l) => l.quantity >= 0 && l.quantity < 100)).toBe(true);
  });

  it('sessions and clicks beyond a 32-bit count are refused; negative ones too', async () => {
    const r = await readExport(
      enc(
        'Day,Campaign,Currency code,Cost,Impr.,Clicks\n' +
          '2024-03-01,Brand,USD,12.00,100,99999999999\n' +
          '2024-03-02,Brand,USD,12.00,100,-5\n' +
          '2024-03-03,Brand,USD,12.00,100,7\n',
      ),
    );
    expect(r.errors.map((e) => [e.row, e.column, e.message])).toEqual([
      [
        2,
        'Clicks',
        "'Clicks' is too large (got '99999999999'). A count above 2147483647 is not a real figure; check the cell.",
      ],
      [3, 'Clicks', "'Clicks' is negative (got '-5'). It must be 0 or more."],
    ]);
    expect(r.spend!.map((s) => [s.date, s.clicks])).toEqual([['2024-03-03', 7]]);
  });

  it('a lead time written with an exponent or as hex is refused, not read as 1000 or 16 days', async () => {
    const r = await readExport(
      enc('SKU,Price,Lead time\nA,10.00,1e3\nB,10.00,0x10\nC,10.00,14\nD,10.00,"3,5"\n'),
      {
        mapping: {
          'product.sku': 'SKU',
          'product.price': 'Price',
          'product.leadTimeDays': 'Lead time',
        },
        reportingCurrency: 'USD',
      },
    );
    expect(r.errors.map((e) => [e.row, e.message])).toEqual([
      [2, "'Lead time' is not a number of days (got '1e3')."],
      [3, "'Lead time' is not a number of days (got '0x10')."],
    ]);
    expect(r.products!.map((p) => [p.sku, p.leadTimeDays])).toEqual([
      ['C', 14],
      ['D', 3.5],
    ]);
  });
});
