// ~200k order lines in a DST timezone, checked against a brute-force row-by-row reference that
// shares no code with core/analytics (Intl date strings per row, plain loops, no indexes).
import { describe, expect, it } from 'vitest';
import { syntheticStore } from './synthetic.ts';
import {
  cohorts,
  createDataset,
  customerSummary,
  inventoryPlan,
  kpis,
  overview,
  productSales,
  bestSellers,
  rfm,
  salesBreakdown,
} from '../../../core/analytics/index.ts';

const input = syntheticStore({ orders: 90_000, seed: 7 });
const ds = createDataset(input);
const oc = input.orders.columns;
const lc = input.lines.columns;
const tz = input.settings.timezone;
const fmt = new Intl.DateTimeFormat('en-CA', {
  timeZone: tz,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const localIso = (t: number) => fmt.format(t);
const rate = new Map(input.settings.fxRates.map((r) => [`${r.month}|${r.from}`, r.rate]));
const N = input.orders.length;
const orderIso = Array.from({ length: N }, (_, i) => localIso(oc.createdAt[i]!));
const rateOf = (i: number) => {
  const cur = oc.currency.dict[oc.currency.codes[i]!]!;
  if (cur === 'USD') return 1;
  return rate.get(`${orderIso[i]!.slice(0, 7)}|${cur}`) ?? NaN;
};
const returnIso = (i: number) =>
  oc.cancelledAt[i] === oc.cancelledAt[i]
    ? localIso(oc.cancelledAt[i]!)
    : oc.refunded[i]! > 0
      ? localIso(oc.refundedAt[i]!)
      : null;
// REFERENCE.md: returns are the goods; refunded shipping and taxes come off Shipping and Taxes.
// The synthetic export does not split refunds: a cancellation or a full refund returns all of each
// part, a partial refund the same share of each.
const refundShare = (i: number) =>
  oc.cancelledAt[i] === oc.cancelledAt[i] || oc.refunded[i]! >= oc.total[i]!
    ? 1
    : oc.refunded[i]! / oc.total[i]!;
const returnAmt = (i: number) => refundShare(i) * (oc.total[i]! - oc.shipping[i]! - oc.taxes[i]!);
const unitsOf = new Float64Array(N);
for (let j = 0; j < input.lines.length; j++) unitsOf[lc.orderId.codes[j]!]! += lc.quantity[j]!;
const firstIso = new Map<string, string>();
for (let i = 0; i < N; i++) {
  const k = oc.customerKey.dict[oc.customerKey.codes[i]!]!;
  if (k && (!firstIso.has(k) || orderIso[i]! < firstIso.get(k)!)) firstIso.set(k, orderIso[i]!);
}

function reference(start: string, end: string, channel?: string) {
  const r = {
    grossSales: 0,
    discounts: 0,
    returns: 0,
    shipping: 0,
    taxes: 0,
    orders: 0,
    units: 0,
    gbpOrders: 0,
  };
  const customers = new Set<string>();
  let newCustomers = 0;
  for (let i = 0; i < N; i++) {
    if (channel && oc.channel.dict[oc.channel.codes[i]!] !== channel) continue;
    const f = rateOf(i);
    const d = orderIso[i]!;
    if (d >= start && d <= end) {
      if (f !== f) r.gbpOrders++;
      else {
        r.grossSales += (oc.total[i]! + oc.discounts[i]! - oc.shipping[i]! - oc.taxes[i]!) * f;
        r.discounts += oc.discounts[i]! * f;
        r.shipping += oc.shipping[i]! * f;
        r.taxes += oc.taxes[i]! * f;
        r.orders++;
        r.units += unitsOf[i]!;
        const k = oc.customerKey.dict[oc.customerKey.codes[i]!]!;
        if (k && !customers.has(k)) {
          customers.add(k);
          if (firstIso.get(k)! >= start) newCustomers++;
        }
      }
    }
    const rd = returnIso(i);
    if (rd !== null && rd >= start && rd <= end && f === f) {
      r.returns += returnAmt(i) * f;
      r.shipping -= refundShare(i) * oc.shipping[i]! * f;
      r.taxes -= refundShare(i) * oc.taxes[i]! * f;
    }
  }
  return { ...r, customers: customers.size, newCustomers };
}

const close = (a: number, b: number) =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));

describe('a 200k-line synthetic store in America/Los_Angeles', () => {
  it('has the intended size', () => {
    expect(input.lines.length).toBeGreaterThan(180_000);
    expect(input.lines.length).toBeLessThan(260_000);
  });

  it('matches the brute-force reference across both DST changes', () => {
    const range = { start: '2024-03-01', end: '2024-11-30' };
    const ref = reference(range.start, range.end);
    const r = overview(ds, { range, compare: 'previous-year' });
    for (const k of ['grossSales', 'discounts', 'returns', 'shipping', 'taxes'] as const)
      close(r.current[k], ref[k]);
    expect(r.current.orders).toBe(ref.orders);
    expect(r.current.units).toBe(ref.units);
    expect(r.current.customers).toBe(ref.customers);
    expect(r.current.newCustomers).toBe(ref.newCustomers);
    expect(r.unconverted.find((u) => u.currency === 'GBP')?.orders).toBe(ref.gbpOrders);
    close(
      r.current.totalSales,
      ref.grossSales - ref.discounts + ref.taxes + ref.shipping - ref.returns,
    );
    const prev = reference('2023-03-01', '2023-11-30');
    close(r.previous!.netSales, prev.grossSales - prev.discounts - prev.returns);
  });

  it('gives the same answer on the precomputed (unfiltered) path and the row-scan (filtered) path', () => {
    const range = { start: '2023-02-01', end: '2024-10-31' };
    const fast = overview(ds, { range, compare: 'previous-year' });
    const everyChannel = { channel: [...oc.channel.dict] };
    for (const dating of ['refund', 'order'] as const) {
      const a = kpis(ds, range, undefined, dating);
      const b = kpis(ds, range, everyChannel, dating);
      for (const k of [
        'grossSales',
        'discounts',
        'returns',
        'shipping',
        'taxes',
        'orders',
        'units',
        'customers',
        'newCustomers',
      ] as const) {
        close(a[k], b[k]);
      }
    }
    const slow = overview(ds, { range, compare: 'previous-year', filters: everyChannel });
    expect(slow.unconverted.length).toBe(1);
    close(slow.unconverted[0]!.totalSales, fast.unconverted[0]!.totalSales);
    expect(slow.unconverted[0]!.orders).toBe(fast.unconverted[0]!.orders);
    expect(Array.from(slow.series.netSales).map((v) => Math.round(v))).toEqual(
      Array.from(fast.series.netSales).map((v) => Math.round(v)),
    );
  });

  it('matches the reference for a single day and with a channel filter', () => {
    const day = reference('2024-03-10', '2024-03-10'); // the spring-forward day
    const k = kpis(ds, { start: '2024-03-10', end: '2024-03-10' });
    expect(k.orders).toBe(day.orders);
    close(k.returns, day.returns);
    const email = reference('2023-06-01', '2024-05-31', 'Email');
    const f = kpis(ds, { start: '2023-06-01', end: '2024-05-31' }, { channel: ['Email'] });
    expect(f.orders).toBe(email.orders);
    close(f.grossSales, email.grossSales);
  });

  it('agrees under refund dating and order dating over all time, and breakdowns add up', () => {
    const all = { start: '2022-12-01', end: '2025-03-31' };
    const a = kpis(ds, all, undefined, 'refund');
    const b = kpis(ds, all, undefined, 'order');
    close(a.totalSales, b.totalSales);
    close(a.returns, b.returns);
    const q = { range: { start: '2024-01-01', end: '2024-06-30' } };
    const net = kpis(ds, q.range).netSales;
    close(
      salesBreakdown(ds, q, 'channel').reduce((s, r) => s + r.netSales, 0),
      net,
    );
    const byType = salesBreakdown(ds, q, 'productType').reduce((s, r) => s + r.orders, 0);
    expect(byType).toBeGreaterThanOrEqual(kpis(ds, q.range).orders);
    const products = productSales(ds, { ...q, refundDating: 'order' });
    let lineNet = 0;
    for (let j = 0; j < input.lines.length; j++) {
      const i = lc.orderId.codes[j]!;
      const f = rateOf(i);
      if (f !== f || orderIso[i]! < '2024-01-01' || orderIso[i]! > '2024-06-30') continue;
      const q1 = lc.quantity[j]!;
      const gross = q1 * lc.unitPrice[j]! - lc.discount[j]!;
      const ret =
        oc.cancelledAt[i] === oc.cancelledAt[i]
          ? gross
          : lc.refundedQuantity[j]! * (lc.unitPrice[j]! - lc.discount[j]! / q1);
      lineNet += (gross - ret) * f;
    }
    close(
      products.reduce((s, p) => s + p.netSales, 0),
      lineNet,
    );
  });

  it('ranks best sellers by units like a row-by-row count, with and without a channel filter', () => {
    const channels = [...new Set(oc.channel.dict)];
    for (const [start, end, channel] of [
      ['2024-11-01', '2024-11-30', undefined],
      ['2023-03-10', '2024-02-29', undefined],
      ['2024-01-01', '2024-06-30', channels[0]],
    ] as const) {
      const units = new Map<string, number>();
      for (let j = 0; j < input.lines.length; j++) {
        const i = lc.orderId.codes[j]!;
        if (rateOf(i) !== rateOf(i) || orderIso[i]! < start || orderIso[i]! > end) continue;
        if (channel && oc.channel.dict[oc.channel.codes[i]!] !== channel) continue;
        const sku = lc.sku.dict[lc.sku.codes[j]!]!;
        units.set(sku, (units.get(sku) ?? 0) + lc.quantity[j]!);
      }
      const expected = [...units]
        .filter(([, u]) => u > 0)
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, 25);
      const got = bestSellers(
        ds,
        { range: { start, end }, filters: channel ? { channel: [channel] } : undefined },
        25,
      );
      expect(got.map((r) => [r.sku, r.units])).toEqual(expected);
      expect(expected.length).toBeGreaterThan(5);
    }
  });

  it('builds consistent customer and inventory views', () => {
    const c = cohorts(ds);
    expect(c.labels).toHaveLength(25); // Dec 2022 (LA evening of 1 Jan UTC) … Dec 2024
    expect(c.sizes.reduce((s, v) => s + v, 0)).toBe(firstIso.size);
    for (let r = 0; r < c.labels.length; r++)
      if (c.sizes[r]! > 0) expect(c.retention[r * c.periods]).toBe(1);
    const r = rfm(ds);
    expect(r.keys).toHaveLength(firstIso.size);
    expect(r.segments.reduce((s, g) => s + g.customers, 0)).toBe(firstIso.size);
    const cs = customerSummary(ds, { range: { start: '2024-01-01', end: '2024-12-31' } });
    expect(cs.customers).toBe(reference('2024-01-01', '2024-12-31').customers);
    const plan = inventoryPlan(ds);
    expect(plan.rows).toHaveLength(500);
    for (const row of plan.rows) {
      expect(row.meanDaily).toBeGreaterThanOrEqual(0);
      expect(row.reorderPoint).toBeGreaterThanOrEqual(row.meanDaily * row.leadTimeDays - 1e-9);
    }
  });
});
