import { describe, expect, it } from 'vitest';
import { generateDemoStore } from '../../../core/demo/index.ts';
import { experimentVerdict } from '../../../core/analytics/index.ts';
import {
  lineSchema,
  orderSchema,
  productSchema,
  spendSchema,
  trafficSchema,
  experimentSchema,
  targetSchema,
  settingsSchema,
  trackedProductSchema,
  priceSnapshotSchema,
  rowAt,
  lineColumns,
  orderColumns,
  trafficColumns,
  spendColumns,
  snapshotColumns,
} from '../../../core/schema/index.ts';

const store = generateDemoStore({ seed: 7 });
const O = store.orders.columns;
const L = store.lines.columns;
const DAY = 86_400_000;

const nyDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' });
const localDay = (t: number) => nyDay.format(new Date(t));

describe('generateDemoStore: determinism', () => {
  it('gives identical columns and records for the same seed, different ones for another', () => {
    const a = generateDemoStore({ seed: 3, orders: 1500 });
    const b = generateDemoStore({ seed: 3, orders: 1500 });
    const c = generateDemoStore({ seed: 4, orders: 1500 });
    expect(b).toEqual(a);
    expect(c.orders.columns.total).not.toEqual(a.orders.columns.total);
  });

  it('hits an exact line count when asked for lines, and ends on the requested day', () => {
    const s = generateDemoStore({ seed: 2, lines: 4321, endDate: '2025-06-30' });
    expect(s.lines.length).toBe(4321);
    expect(s.summary.lines).toBe(4321);
    expect(s.summary.lastDay).toBe('2025-06-30');
    const last = Math.max(...s.orders.columns.createdAt);
    expect(localDay(last) <= '2025-06-30').toBe(true);
    expect(localDay(Math.min(...s.orders.columns.createdAt)) >= s.summary.firstDay).toBe(true);
  });
});

describe('generateDemoStore: a believable store', () => {
  it('has about 20k orders over three years in the store timezone, ids in time order', () => {
    expect(store.orders.length).toBe(20_000);
    expect(store.summary.firstDay).toBe('2023-11-26');
    expect(store.summary.lastDay).toBe('2026-11-25');
    expect(store.settings.timezone).toBe('America/New_York');
    for (let i = 1; i < store.orders.length; i++) {
      expect(O.createdAt[i]! >= O.createdAt[i - 1]!).toBe(true);
    }
    expect(localDay(O.createdAt[0]!)).toBe('2023-11-26');
    expect(localDay(O.createdAt[store.orders.length - 1]!)).toBe('2026-11-25');
  });

  it('refunds about 5% of orders, always after the sale; a few cancellations', () => {
    let refunded = 0;
    let cancelled = 0;
    for (let i = 0; i < store.orders.length; i++) {
      if (!Number.isNaN(O.cancelledAt[i]!)) {
        cancelled++;
        expect(O.cancelledAt[i]!).toBeGreaterThan(O.createdAt[i]!);
      } else if (O.refunded[i]! > 0) {
        refunded++;
        expect(O.refundedAt[i]!).toBeGreaterThan(O.createdAt[i]!);
        expect(O.refunded[i]!).toBeLessThanOrEqual(O.total[i]!);
      }
    }
    expect(refunded / store.orders.length).toBeGreaterThan(0.04);
    expect(refunded / store.orders.length).toBeLessThan(0.065);
    expect(cancelled).toBeGreaterThan(40);
    expect(cancelled).toBeLessThan(400);
  });

  it('has returning customers: repeat purchase rate within what real stores see', () => {
    const perCustomer = new Map<number, number>();
    for (const c of O.customerKey.codes) perCustomer.set(c, (perCustomer.get(c) ?? 0) + 1);
    const repeaters = [...perCustomer.values()].filter((n) => n >= 2).length;
    const rate = repeaters / perCustomer.size;
    expect(rate).toBeGreaterThan(0.12);
    expect(rate).toBeLessThan(0.45);
    expect(perCustomer.size).toBe(store.summary.customers);
  });

  it('peaks on Black Friday weekend and sells more in early December than in early January', () => {
    const perDay = new Map<string, number>();
    for (const t of O.createdAt) {
      const d = localDay(t);
      perDay.set(d, (perDay.get(d) ?? 0) + 1);
    }
    const avg = store.orders.length / perDay.size;
    // Black Friday 2025 was 2025-11-28.
    expect(perDay.get('2025-11-28')!).toBeGreaterThan(2.5 * avg);
    const bfWeek = ['2025-11-28', '2025-11-29', '2025-11-30', '2025-12-01'];
    const bfAvg = bfWeek.reduce((a, d) => a + perDay.get(d)!, 0) / bfWeek.length;
    expect(bfAvg).toBeGreaterThan(1.8 * avg);
    const window = (from: string, n: number) => {
      let s = 0;
      for (let k = 0; k < n; k++) {
        const d = new Date(Date.parse(from) + k * DAY).toISOString().slice(0, 10);
        s += perDay.get(d) ?? 0;
      }
      return s;
    };
    expect(window('2025-12-01', 14)).toBeGreaterThan(1.3 * window('2025-01-01', 14));
    // Growth: the last 12 months sell more than the first 12.
    expect(window('2025-11-26', 365)).toBeGreaterThan(1.15 * window('2023-11-26', 365));
  });

  it('keeps order money consistent with its lines', () => {
    const sub = new Float64Array(store.orders.length);
    const disc = new Float64Array(store.orders.length);
    for (let j = 0; j < store.lines.length; j++) {
      const o = L.orderId.codes[j]!;
      expect(L.orderId.dict[o]).toBe(O.id.dict[O.id.codes[o]!]);
      sub[o]! += L.quantity[j]! * L.unitPrice[j]! - L.discount[j]!;
      disc[o]! += L.discount[j]!;
      expect(L.createdAt[j]).toBe(O.createdAt[o]);
      expect(L.refundedQuantity[j]!).toBeLessThanOrEqual(L.quantity[j]!);
    }
    for (let i = 0; i < store.orders.length; i++) {
      expect(O.subtotal[i]).toBe(sub[i]);
      expect(O.discounts[i]).toBe(disc[i]);
      expect(O.total[i]).toBe(O.subtotal[i]! + O.shipping[i]! + O.taxes[i]!);
    }
  });

  it('mixes in a few EUR orders and gives a rate for every month', () => {
    const eur = O.currency.dict.indexOf('EUR');
    const n = O.currency.codes.filter((c) => c === eur).length;
    expect(n / store.orders.length).toBeGreaterThan(0.015);
    expect(n / store.orders.length).toBeLessThan(0.05);
    const months = new Set(store.settings.fxRates.map((r) => r.month));
    for (const t of O.createdAt) expect(months.has(localDay(t).slice(0, 7))).toBe(true);
  });

  it('has a catalog of a few hundred SKUs with stockouts and dead stock', () => {
    expect(store.products.length).toBeGreaterThan(150);
    expect(store.products.length).toBeLessThan(600);
    expect(new Set(store.products.map((p) => p.sku)).size).toBe(store.products.length);
    const soldRecently = new Set<string>();
    const cutoff = O.createdAt[store.orders.length - 1]! - 90 * DAY;
    for (let j = 0; j < store.lines.length; j++) {
      if (L.createdAt[j]! > cutoff) soldRecently.add(L.sku.dict[L.sku.codes[j]!]!);
    }
    const stockouts = store.products.filter((p) => p.onHand === 0);
    const dead = store.products.filter((p) => (p.onHand ?? 0) > 50 && !soldRecently.has(p.sku));
    expect(stockouts.length).toBeGreaterThan(0);
    expect(dead.length).toBeGreaterThan(0);
    expect(store.products.filter((p) => (p.onHand ?? 0) > 0).length).toBeGreaterThan(
      store.products.length / 2,
    );
  });

  it('has a daily funnel per channel whose purchases are the orders of that day and channel', () => {
    const T = store.traffic.columns;
    const days = new Set(T.date.dict);
    expect(days.size).toBe(365 * 3 + 1);
    let purchases = 0;
    for (let r = 0; r < store.traffic.length; r++) {
      expect(T.sessions[r]!).toBeGreaterThanOrEqual(T.productViews[r]!);
      expect(T.productViews[r]!).toBeGreaterThanOrEqual(T.addToCarts[r]!);
      expect(T.addToCarts[r]!).toBeGreaterThanOrEqual(T.checkouts[r]!);
      expect(T.checkouts[r]!).toBeGreaterThanOrEqual(T.purchases[r]!);
      purchases += T.purchases[r]!;
    }
    expect(purchases).toBe(store.orders.length);
    const cr = purchases / Array.from(T.sessions).reduce((a, b) => a + b, 0);
    expect(cr).toBeGreaterThan(0.01);
    expect(cr).toBeLessThan(0.05);
  });

  it('spends on paid channels daily, with campaigns that match the orders UTM campaigns', () => {
    const S = store.spend.columns;
    expect(new Set(S.channel.dict)).toEqual(new Set(['Google Ads', 'Meta Ads']));
    expect(S.spend.every((x) => x >= 0)).toBe(true);
    for (const c of S.campaign.dict) expect(O.utmCampaign.dict).toContain(c);
    const total = Array.from(S.spend).reduce((a, b) => a + b, 0);
    const revenue = Array.from(O.total).reduce((a, b) => a + b, 0);
    expect(total / revenue).toBeGreaterThan(0.03);
    expect(total / revenue).toBeLessThan(0.3);
  });

  it('has a winning test, a flat test and one with a sample-ratio mismatch', () => {
    const [win, flat, srm] = store.experiments;
    const cr = (v: { conversions: number; visitors: number }) => v.conversions / v.visitors;
    expect(cr(win!.variants[1]!) / cr(win!.variants[0]!)).toBeGreaterThan(1.1);
    expect(Math.abs(cr(flat!.variants[1]!) / cr(flat!.variants[0]!) - 1)).toBeLessThan(0.1);
    const [a, b] = srm!.variants;
    const share = a!.visitors / (a!.visitors + b!.visitors);
    expect(share).toBeGreaterThan(0.515);
    // And the Experiments screen reads them that way.
    expect(store.experiments.map((e) => experimentVerdict(e).verdict)).toEqual([
      'winner',
      'no-difference',
      'srm',
    ]);
  });

  it('sets monthly targets and tracks competitor prices over months', () => {
    expect(store.targets.filter((t) => t.metric === 'netSales').length).toBeGreaterThanOrEqual(12);
    expect(store.trackedProducts.length).toBeGreaterThanOrEqual(3);
    const perProduct = new Map<number, number>();
    for (const c of store.snapshots.columns.productId.codes)
      perProduct.set(c, (perProduct.get(c) ?? 0) + 1);
    for (const n of perProduct.values()) expect(n).toBeGreaterThanOrEqual(90);
  });
});

describe('generateDemoStore: rows are schema-valid', () => {
  const every = (n: number, step: number) =>
    Array.from({ length: Math.ceil(n / step) }, (_, k) => k * step);
  it('orders, lines, traffic, spend and snapshots', () => {
    for (const i of every(store.orders.length, 97))
      orderSchema.parse(rowAt(orderColumns, store.orders, i));
    for (const i of every(store.lines.length, 101))
      lineSchema.parse(rowAt(lineColumns, store.lines, i));
    for (const i of every(store.traffic.length, 53))
      trafficSchema.parse(rowAt(trafficColumns, store.traffic, i));
    for (const i of every(store.spend.length, 53))
      spendSchema.parse(rowAt(spendColumns, store.spend, i));
    for (const i of every(store.snapshots.length, 7)) {
      const row = rowAt(snapshotColumns, store.snapshots, i);
      priceSnapshotSchema.parse({ ...row, error: row.error || null });
    }
  });
  it('products, experiments, targets, settings and tracked products', () => {
    for (const p of store.products) productSchema.parse(p);
    for (const e of store.experiments) experimentSchema.parse(e);
    for (const t of store.targets) targetSchema.parse(t);
    settingsSchema.parse(store.settings);
    for (const t of store.trackedProducts) trackedProductSchema.parse(t);
  });
});
