// Property tests: invariants any correct sales engine keeps, on random small stores.
import { describe, it } from 'vitest';
import fc from 'fast-check';
import { build, type OrderRow } from './fixtures.ts';
import { kpis, salesBreakdown, salesSeries } from '../../../core/analytics/index.ts';

const T0 = Date.UTC(2024, 2, 20); // spans the March DST changes in Europe and the US

const orderArb = fc.record({
  offsetMin: fc.integer({ min: 0, max: 20 * 24 * 60 }),
  customer: fc.constantFrom('', 'a', 'b', 'c', 'd'),
  channel: fc.constantFrom('Direct', 'Email', 'Paid search'),
  currency: fc.constantFrom('USD', 'USD', 'EUR', 'GBP'),
  qty: fc.integer({ min: 1, max: 4 }),
  price: fc.integer({ min: 100, max: 9000 }),
  discount: fc.integer({ min: 0, max: 100 }),
  shipping: fc.constantFrom(0, 500),
  taxes: fc.integer({ min: 0, max: 800 }),
  fate: fc.constantFrom('kept', 'kept', 'refunded', 'cancelled', 'refunded-undated'),
  laterMin: fc.integer({ min: 0, max: 15 * 24 * 60 }),
});

type OrderSpec = typeof orderArb extends fc.Arbitrary<infer T> ? T : never;

function toRows(specs: OrderSpec[]): OrderRow[] {
  return specs.map((o, k) => {
    const at = T0 + o.offsetMin * 60_000;
    const later = new Date(at + o.laterMin * 60_000).toISOString();
    return {
      id: `o${k}`,
      at: new Date(at).toISOString(),
      customer: o.customer,
      channel: o.channel,
      currency: o.currency,
      shipping: o.shipping,
      taxes: o.taxes,
      lines: [
        {
          sku: `S${k % 3}`,
          qty: o.qty,
          price: o.price,
          discount: o.discount,
          refundedQty: o.fate === 'refunded' ? 1 : 0,
        },
      ],
      ...(o.fate === 'refunded'
        ? { refunded: o.price - o.discount / o.qty, refundedAt: later }
        : {}),
      ...(o.fate === 'refunded-undated' ? { refunded: 300 } : {}),
      ...(o.fate === 'cancelled' ? { cancelledAt: later } : {}),
    };
  });
}

const storeArb = fc.record({
  orders: fc.array(orderArb, { minLength: 0, maxLength: 40 }),
  timezone: fc.constantFrom(
    'UTC',
    'Europe/Berlin',
    'America/New_York',
    'Asia/Kolkata',
    'Pacific/Auckland',
  ),
});
const fxRates = [
  { month: '2024-03', from: 'EUR', rate: 1.1 },
  { month: '2024-04', from: 'EUR', rate: 1.2 },
];
const all = { start: '2024-03-01', end: '2024-05-31' };
const near = (a: number, b: number) =>
  Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

describe('sales invariants', () => {
  it('refund dating and order dating agree over all time', () => {
    fc.assert(
      fc.property(storeArb, ({ orders, timezone }) => {
        const ds = build(toRows(orders), { timezone, fxRates });
        const a = kpis(ds, all, undefined, 'refund');
        const b = kpis(ds, all, undefined, 'order');
        return (
          near(a.totalSales, b.totalSales) && near(a.returns, b.returns) && a.orders === b.orders
        );
      }),
      { numRuns: 60, seed: 4 },
    );
  });

  it('a range is the sum of its days, and of its channels', () => {
    fc.assert(
      fc.property(
        storeArb,
        fc.constantFrom<'refund' | 'order'>('refund', 'order'),
        ({ orders, timezone }, dating) => {
          const ds = build(toRows(orders), { timezone, fxRates });
          const range = { start: '2024-03-18', end: '2024-04-12' };
          const whole = kpis(ds, range, undefined, dating);
          const days = salesSeries(ds, { range, grain: 'day', refundDating: dating });
          const byDay = days.netSales.reduce((s, v) => s + v, 0);
          const byChannel = salesBreakdown(ds, { range, refundDating: dating }, 'channel').reduce(
            (s, r) => s + r.totalSales,
            0,
          );
          return (
            near(whole.netSales, byDay) &&
            near(whole.totalSales, byChannel) &&
            days.orders.reduce((s, v) => s + v, 0) === whole.orders
          );
        },
      ),
      { numRuns: 60, seed: 5 },
    );
  });

  it('the precomputed path and the row scan agree', () => {
    fc.assert(
      fc.property(storeArb, ({ orders, timezone }) => {
        const ds = build(toRows(orders), { timezone, fxRates });
        const range = { start: '2024-03-25', end: '2024-04-05' };
        const everyChannel = { channel: ['Direct', 'Email', 'Paid search'] };
        const a = kpis(ds, range);
        const b = kpis(ds, range, everyChannel);
        return (
          near(a.totalSales, b.totalSales) &&
          a.orders === b.orders &&
          a.customers === b.customers &&
          a.newCustomers === b.newCustomers &&
          a.units === b.units
        );
      }),
      { numRuns: 60, seed: 6 },
    );
  });
});
