import { describe, expect, it } from 'vitest';
import { build, type OrderRow } from './fixtures.ts';
import {
  clv12,
  cohorts,
  customerSummary,
  quintileScores,
  rfm,
  rfmSegment,
  segmentCustomers,
  timeBetweenOrders,
} from '../../../core/analytics/index.ts';

const o = (
  id: string,
  at: string,
  customer: string,
  price: number,
  extra: Partial<OrderRow> = {},
): OrderRow => ({
  id,
  at: `${at}T12:00:00Z`,
  customer,
  lines: [{ sku: 'S', qty: 1, price }],
  ...extra,
});
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);
// Four customers over four months, plus a guest; every figure below is worked out by hand.
const rows: OrderRow[] = [
  o('1', '2024-01-05', 'c1', 1000),
  o('2', '2024-01-20', 'c2', 500),
  o('3', '2024-02-03', 'c3', 3000),
  o('4', '2024-02-10', 'c1', 2000),
  o('5', '2024-02-25', 'c3', 1000),
  o('6', '2024-03-15', 'c4', 800, { refunded: 800, refundedAt: '2024-03-20T09:00:00Z' }),
  o('7', '2024-03-20', '', 100),
  o('8', '2024-04-01', 'c1', 1000),
];
const ds = build(rows);

describe('customerSummary', () => {
  it('labels Shopify returning customer rate and lifetime repeat purchase rate separately', () => {
    const r = customerSummary(ds, { range: { start: '2024-02-01', end: '2024-03-31' } });
    expect(r).toMatchObject({
      customers: 3, // c1, c3 and c4
      newCustomers: 2, // c3 and c4: their first order is in the period
      // Shopify: c1 (order 4) and c3 (order 5, their second, in the same period as their first).
      returningCustomers: 2,
      // Per order, like Shopify's customer type: first orders 3 (3000) and 6 (800 − 800 refunded);
      // later orders 4 (2000) and 5 (1000).
      newCustomerSales: 3000,
      returningCustomerSales: 3000,
      guestSales: 100,
      newCustomerOrders: 2,
      returningCustomerOrders: 2,
      guestOrders: 1,
    });
    expect(r.returningCustomerRate).toBeCloseTo(2 / 3, 12);
    // Up to 31 March: c1 and c3 have ≥ 2 orders of 4 customers.
    expect(r.repeatPurchaseRate).toBe(0.5);
  });
});

describe('cohorts', () => {
  it('gives retention share and cumulative net sales per customer by months since first order', () => {
    const c = cohorts(ds);
    expect(c.labels).toEqual(['2024-01', '2024-02', '2024-03', '2024-04']);
    expect(Array.from(c.sizes)).toEqual([2, 1, 1, 0]);
    expect(c.periods).toBe(4);
    const row = (a: Float64Array, r: number) => Array.from(a.subarray(r * 4, r * 4 + 4));
    expect(row(c.retention, 0)).toEqual([1, 0.5, 0, 0.5]);
    expect(row(c.cumulativeNetSalesPerCustomer, 0)).toEqual([750, 1750, 1750, 2250]);
    expect(row(c.retention, 1)).toEqual([1, 0, 0, NaN]); // two February orders count once
    expect(row(c.cumulativeNetSalesPerCustomer, 1)).toEqual([4000, 4000, 4000, NaN]);
    expect(row(c.cumulativeNetSalesPerCustomer, 2)).toEqual([0, 0, NaN, NaN]); // fully refunded
    expect(row(c.retention, 3).every(Number.isNaN)).toBe(true);
  });

  it('is empty without orders', () => {
    expect(cohorts(build([])).labels).toEqual([]);
  });
});

describe('rfm', () => {
  it('scores quintiles by rank with shared scores for ties', () => {
    expect(Array.from(quintileScores([10, 20, 30, 40, 50]))).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(quintileScores([1, 1, 2, 3]))).toEqual([1, 1, 3, 4]);
    expect(Array.from(quintileScores([72, 36, 17, 0], false))).toEqual([1, 2, 3, 4]);
  });

  it('maps R×F to named segments', () => {
    expect(rfmSegment(5, 5)).toBe('Champions');
    expect(rfmSegment(4, 4)).toBe('Loyal');
    expect(rfmSegment(5, 1)).toBe('New');
    expect(rfmSegment(1, 5)).toBe("Can't lose");
    expect(rfmSegment(2, 3)).toBe('At risk');
    expect(rfmSegment(1, 1)).toBe('Dormant');
  });

  it('segments customers as of a date, with keys to export a segment', () => {
    const r = rfm(ds, Date.parse('2024-04-01T23:00:00Z'));
    const at = (k: string) => r.keys.indexOf(k);
    expect(r.keys).toHaveLength(4); // the guest is not a customer
    expect(r.recencyDays[at('c2')]).toBe(72);
    // Four customers: fixed bands, not quintiles. c1 ordered on the day (recency 5), 3 orders;
    // c2 72 days ago (> 60: 3), 1 order; c3 36 days (> 30: 4), 2 orders; c4 17 days (5), 1 order.
    expect(r.scoring).toBe('bands');
    expect([r.r[at('c1')], r.f[at('c1')], r.m[at('c1')]]).toEqual([5, 3, 3]);
    expect([r.r[at('c2')], r.f[at('c2')], r.m[at('c2')]]).toEqual([3, 1, 2]);
    expect([r.r[at('c3')], r.f[at('c3')]]).toEqual([4, 2]);
    expect([r.r[at('c4')], r.f[at('c4')]]).toEqual([5, 1]);
    expect(segmentCustomers(r, 'Potential loyalist')).toEqual(['c1', 'c3']);
    expect(segmentCustomers(r, 'About to sleep')).toEqual(['c2']);
    expect(segmentCustomers(r, 'New')).toEqual(['c4']);
    expect(segmentCustomers(r, 'At risk')).toEqual([]);
    const loyal = r.segments.find((s) => s.name === 'Potential loyalist')!;
    // c1 1000 + 2000 + 1000, c3 3000 + 1000; c1 ordered 0 days ago (3 orders), c3 36 days (2).
    expect(loyal).toMatchObject({
      customers: 2,
      share: 0.5,
      netSales: 8000,
      meanRecencyDays: 18,
      meanOrders: 2.5,
    });
    expect(r.segments.find((s) => s.name === 'Dormant')).toMatchObject({
      customers: 0,
      meanRecencyDays: null,
      meanOrders: null,
    });
  });

  it('ranks by quintile from 50 customers on', () => {
    // 50 customers, customer k with k + 1 orders ending k days before the last: the 10 most
    // recent score recency 5, the 10 with most orders frequency 5.
    const many: OrderRow[] = [];
    for (let k = 0; k < 50; k++)
      for (let j = 0; j <= k; j++)
        many.push(
          o(`${k}-${j}`, isoDay(Date.UTC(2024, 5, 30) - (k + j) * 86_400_000), `k${k}`, 100),
        );
    const r = rfm(build(many));
    expect(r.scoring).toBe('quintiles');
    const at = (k: number) => r.keys.indexOf(`k${k}`);
    expect([r.r[at(0)], r.r[at(9)], r.r[at(10)], r.r[at(49)]]).toEqual([5, 5, 4, 1]);
    expect([r.f[at(49)], r.f[at(40)], r.f[at(39)], r.f[at(0)]]).toEqual([5, 5, 4, 1]);
  });
});

describe('clv12 and timeBetweenOrders', () => {
  it('averages net sales in the window after first order over customers whose window is complete', () => {
    expect(clv12(ds).customers).toBe(0); // no customer has a full year of data yet
    const r = clv12(ds, 30);
    // c1: 1000 (Feb 10 is day 36), c2: 500, c3: 3000 + 1000 (day 22); c4's window is incomplete.
    expect(r.customers).toBe(3);
    expect(r.clv).toBeCloseTo(5500 / 3, 9);
    expect(r.median).toBe(1000);
  });

  it('measures gaps between consecutive orders', () => {
    const t = timeBetweenOrders(ds);
    expect(t.gaps).toBe(3); // c1: 36 and 51 days, c3: 22 days
    expect(t.medianDays).toBe(36);
    expect(t.meanDays).toBeCloseTo(109 / 3, 12);
    expect(t.medianDaysToSecondOrder).toBe(29);
    expect(t.buckets.slice(0, 4).map((b) => b.count)).toEqual([0, 0, 1, 2]);
  });
});

describe('customers with several orders on one day', () => {
  // x orders twice on 2 May, the later row first (15:00, then 09:00): the 09:00 order is x's
  // first. y orders on 2 and 20 May, z once on 25 May.
  const day: OrderRow[] = [
    {
      id: 'a',
      at: '2024-05-02T15:00:00Z',
      customer: 'x',
      lines: [{ sku: 'S', qty: 1, price: 700 }],
    },
    {
      id: 'b',
      at: '2024-05-02T09:00:00Z',
      customer: 'x',
      lines: [{ sku: 'S', qty: 1, price: 300 }],
    },
    {
      id: 'c',
      at: '2024-05-02T10:00:00Z',
      customer: 'y',
      lines: [{ sku: 'S', qty: 1, price: 200 }],
    },
    {
      id: 'd',
      at: '2024-05-20T10:00:00Z',
      customer: 'y',
      lines: [{ sku: 'S', qty: 1, price: 400 }],
    },
    {
      id: 'e',
      at: '2024-05-25T10:00:00Z',
      customer: 'z',
      lines: [{ sku: 'S', qty: 1, price: 100 }],
    },
  ];
  const dds = build(day);
  const summary = (start: string, end: string) => customerSummary(dds, { range: { start, end } });

  it('takes the earliest order of the day as the first one, whatever the row order', () => {
    expect(summary('2024-05-02', '2024-05-02')).toMatchObject({
      customers: 2, // x and y
      newCustomers: 2, // x (order b) and y (order c)
      returningCustomers: 1, // x, with order a after b
      newCustomerSales: 500, // b 300 + c 200
      returningCustomerSales: 700, // a
      newCustomerOrders: 2,
      returningCustomerOrders: 1,
    });
  });

  it('counts repeat purchasers up to the range end', () => {
    // By 2 May x has 2 orders, y 1: 1 of 2. By 20 May y has 2 too: 2 of 2. By 31 May z (1 order)
    // joins: 2 of 3. Before 2 May nobody has ordered.
    expect(summary('2024-05-01', '2024-05-02').repeatPurchaseRate).toBe(0.5);
    expect(summary('2024-05-03', '2024-05-20').repeatPurchaseRate).toBe(1);
    expect(summary('2024-05-21', '2024-05-31').repeatPurchaseRate).toBe(2 / 3);
    expect(summary('2024-04-01', '2024-04-30').repeatPurchaseRate).toBeNull();
  });

  it('counts a same-day second order as a gap of 0 days', () => {
    const t = timeBetweenOrders(dds);
    // x: 0 days, y: 18 days (2 → 20 May); both are first-to-second gaps.
    expect(t.gaps).toBe(2);
    expect(t.medianDays).toBe(9);
    expect(t.meanDays).toBe(9);
    expect(t.medianDaysToSecondOrder).toBe(9);
    expect(t.buckets.slice(0, 3).map((b) => b.count)).toEqual([1, 0, 1]); // ≤ 7, ≤ 14, ≤ 30 days
  });
});

describe('quintileScores against a full sort', () => {
  it('agrees with 1 + ⌊5·(rank of first tie)/n⌋ on tied, shuffled values', async () => {
    const { median } = await import('../../../core/analytics/index.ts');
    const values = Array.from({ length: 1003 }, (_, i) => (i * 7919) % 97);
    const sorted = [...values].sort((a, b) => a - b);
    const expected = values.map((v) => 1 + Math.floor((5 * sorted.indexOf(v)) / values.length));
    expect(Array.from(quintileScores(values))).toEqual(expected);
    const desc = values.map(
      (v) => 1 + Math.floor((5 * sorted.filter((x) => x > v).length) / values.length),
    );
    expect(Array.from(quintileScores(values, false))).toEqual(desc);
    // Money values take the order-statistics path instead of the integer histogram: same scores.
    expect(Array.from(quintileScores(values.map((v) => v * 1.5 + 0.25)))).toEqual(expected);
    expect(
      Array.from(
        quintileScores(
          values.map((v) => v * 1.5 + 0.25),
          false,
        ),
      ),
    ).toEqual(desc);
    expect(median(values)).toBe(sorted[501]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('weekly cohorts', () => {
  it('groups by ISO week of first order', () => {
    const w = cohorts(ds, { grain: 'week', maxPeriods: 3 });
    // 5 Jan 2024 is a Friday in ISO week 1; 1 Apr 2024 is the Monday of week 14.
    expect(w.labels[0]).toBe('2024-W01');
    expect(w.labels.at(-1)).toBe('2024-W14');
    expect(w.periods).toBe(3);
    expect(w.sizes[0]).toBe(1); // c1
    expect(w.sizes[2]).toBe(1); // c2, 20 Jan (week 3)
    expect(Array.from(w.retention.subarray(0, 3))).toEqual([1, 0, 0]);
  });
});
