import { describe, expect, it } from 'vitest';
import {
  compareRange,
  createDataset,
  customerSummary,
  marketing,
  overview,
  productSales,
  salesBreakdown,
  sampleSizePerVariant,
  inventoryPlan,
} from '../../../core/analytics/index.ts';
import { generateDemoStore } from '../../../core/demo/index.ts';
import { createScreenQueries } from '../../../core/worker/queries.ts';

// A small demo store (3,000 orders over three years) keeps this fast; the worker only adds the
// screens' shaping on top of core/analytics, which has its own tests against hand-computed values.
const store = generateDemoStore({ seed: 11, orders: 3000 });
const ds = createDataset({ ...store });
const queries = createScreenQueries(async () => ds);
const range = { start: '2026-08-28', end: '2026-11-25' };
const q = { range };

/** Every answer crosses the worker boundary by structured clone: it must survive one intact. */
function cloned<T>(value: T): T {
  const copy = structuredClone(value);
  expect(copy).toEqual(value);
  return copy;
}

describe('customers', () => {
  it('cohorts: every cohort starts at 100% retention and the cohorts hold every customer once', async () => {
    const c = cloned(await queries.cohorts({ grain: 'month', maxCohorts: 1000 }));
    expect(c.labels.length).toBeGreaterThan(30);
    expect(c.labels[0]).toBe('2023-11');
    let customers = 0;
    for (let r = 0; r < c.labels.length; r++) {
      customers += c.sizes[r]!;
      if (c.sizes[r]! > 0) expect(c.retention[r * c.periods]).toBe(1);
      // Cumulative value per customer never falls by more than returns could take away, and is
      // NaN exactly past the data's end.
      const last = c.labels.length - 1 - r;
      expect(Number.isNaN(c.retention[r * c.periods + last])).toBe(false);
      if (last + 1 < c.periods)
        expect(Number.isNaN(c.retention[r * c.periods + last + 1])).toBe(true);
    }
    const rfm = await queries.rfmSegments();
    expect(customers).toBe(rfm.customers);
  });

  it('cohorts: the screen gets the newest cohorts only, aligned with the full matrix', async () => {
    const full = await queries.cohorts({ maxCohorts: 1000 });
    const recent = await queries.cohorts({ maxCohorts: 6 });
    expect(recent.labels).toEqual(full.labels.slice(-6));
    expect(recent.periods).toBe(6);
    const from = full.labels.length - 6;
    expect(recent.retention[1 * 6 + 2]).toBe(full.retention[(from + 1) * full.periods + 2]);
    expect(recent.cumulativeNetSalesPerCustomer[3 * 6 + 1]).toBe(
      full.cumulativeNetSalesPerCustomer[(from + 3) * full.periods + 1],
    );
  });

  it('RFM: segment counts and values add up, and a segment export lists exactly its customers', async () => {
    const rfm = cloned(await queries.rfmSegments());
    const total = rfm.segments.reduce((s, x) => s + x.customers, 0);
    expect(total).toBe(rfm.customers);
    const champions = rfm.segments.find((s) => s.name === 'Champions')!;
    expect(champions.customers).toBeGreaterThan(0);
    const exp = cloned(await queries.segmentExport('Champions'));
    expect(exp.keys).toHaveLength(champions.customers);
    expect(new Set(exp.keys).size).toBe(exp.keys.length);
    expect(exp.netSales.reduce((s, v) => s + v, 0)).toBeCloseTo(champions.netSales, 3);
    // Each row carries its scores: Champions are R 5 and F 4–5 (REFERENCE.md's R×F grid), and
    // the monetary score never falls as net sales rise.
    expect([...exp.r].every((v) => v === 5)).toBe(true);
    expect([...exp.f].every((v) => v >= 4 && v <= 5)).toBe(true);
    const byNet = [...exp.netSales.keys()].sort((a, b) => exp.netSales[a]! - exp.netSales[b]!);
    for (let k = 1; k < byNet.length; k++) {
      expect(exp.m[byNet[k]!]!).toBeGreaterThanOrEqual(exp.m[byNet[k - 1]!]!);
    }
    expect(new Set(exp.m).size).toBeGreaterThan(1);
    // The demo store keeps hashed keys only: no emails to export.
    expect(exp.emails).toBeNull();
    await expect(queries.segmentExport('Nobody' as 'New')).rejects.toMatchObject({
      code: 'unknown-segment',
    });
  });

  it('RFM export: emails, in the order of the keys, when the user kept them', async () => {
    // With "keep emails" on, imports store customer key → email apart from the orders.
    const stored = new Map(
      store.orders.columns.customerKey.dict
        .filter((k, i) => k !== '' && i % 2 === 0)
        .map((k) => [k, `${k.slice(0, 8)}@example.com`]),
    );
    const lookUp = async (keys: string[]) => keys.map((k) => stored.get(k) ?? '');
    const r = await createScreenQueries(async () => ds, lookUp).segmentExport('Loyal');
    expect(r.keys.length).toBeGreaterThan(1);
    expect(r.emails).toEqual(r.keys.map((k) => stored.get(k) ?? ''));
    expect(r.emails!.some((e) => e !== '')).toBe(true);
    // Nothing stored for these customers: the export says so instead of an empty column.
    const none = await createScreenQueries(
      async () => ds,
      async (k) => k.map(() => ''),
    );
    expect((await none.segmentExport('Loyal')).emails).toBeNull();
  });

  it('customers summary: both rates, labelled apart, from the same period', async () => {
    const c = cloned(await queries.customers(q));
    const s = c.summary;
    // Shopify: a customer whose first and second orders both fall in the period is both.
    expect(s.newCustomers + s.returningCustomers).toBeGreaterThanOrEqual(s.customers);
    expect(Math.max(s.newCustomers, s.returningCustomers)).toBeLessThanOrEqual(s.customers);
    expect(s.returningCustomerRate).toBeCloseTo(s.returningCustomers / s.customers, 12);
    expect(s.repeatPurchaseRate).not.toBe(s.returningCustomerRate);
    expect(c.clv.customers).toBeGreaterThan(0);
    const o = overview(ds, q);
    expect(s.newCustomerOrders + s.returningCustomerOrders + s.guestOrders).toBe(o.current.orders);
    // The comparison period's numbers come along when the query compares (for the cards' change).
    expect(c.previous).toBeNull();
    const withPrev = cloned(await queries.customers({ ...q, compare: 'previous-period' }));
    const prevRange = compareRange(q.range, 'previous-period')!;
    expect(withPrev.previous).toEqual(cloned(customerSummary(ds, { range: prevRange })));
    expect(withPrev.previous!.customers).toBeGreaterThan(0);
  });
});

describe('products and inventory', () => {
  it('product table: net sales match the product breakdown, ABC shares add to 100%', async () => {
    const p = cloned(await queries.products(q));
    const net = p.rows.reduce((s, r) => s + r.netSales, 0);
    const breakdown = salesBreakdown(ds, q, 'product').reduce((s, r) => s + r.netSales, 0);
    expect(net).toBeCloseTo(breakdown, 4);
    const shares = p.abc.A.share + p.abc.B.share + p.abc.C.share;
    expect(shares).toBeCloseTo(1, 9);
    expect(p.abc.A.share).toBeGreaterThanOrEqual(0.8);
    expect(p.abc.A.products + p.abc.B.products + p.abc.C.products).toBe(p.rows.length);
    // Every catalog product is listed, sold or not; the unsold are C.
    const skus = new Set(p.rows.map((r) => r.sku));
    for (const prod of store.products) expect(skus.has(prod.sku)).toBe(true);
    for (const r of p.rows.filter((x) => x.units === 0 && x.netSales === 0))
      expect(r.abc).toBe('C');
    // A stocked product carries its inventory plan figures.
    const stocked = p.rows.find((r) => r.onHand != null && r.status != null)!;
    expect(stocked.reorderPoint).toBeGreaterThanOrEqual(0);
  });

  it('inventory plan: one row per stocked SKU, purchase orders from the order suggestions, per vendor', async () => {
    const inv = cloned(await queries.inventory());
    const stocked = store.products.filter((p) => p.onHand != null).map((p) => p.sku);
    expect(inv.rows.map((r) => r.sku).sort()).toEqual(stocked.sort());
    expect(inv.unstocked).toBe(store.products.length - stocked.length);
    const toOrder = inv.rows.filter((r) => r.orderQuantity > 0);
    const poLines = inv.purchaseOrders.flatMap((po) => po.lines);
    expect(poLines).toHaveLength(toOrder.length);
    expect(inv.purchaseOrders.reduce((s, po) => s + po.units, 0)).toBe(
      toOrder.reduce((s, r) => s + r.orderQuantity, 0),
    );
    const vendorOf = new Map(store.products.map((p) => [p.sku, p.vendor]));
    for (const po of inv.purchaseOrders) {
      for (const l of po.lines) expect(vendorOf.get(l.sku)).toBe(po.vendor);
      const cost = po.lines.reduce((s, l) => s + (l.unitCost ?? 0) * l.quantity, 0);
      expect(po.cost).toBe(cost);
    }
    const alerts = cloned(await queries.alerts());
    expect(alerts.stockouts).toHaveLength(inv.atRisk.length);
    expect(alerts.overstock).toBe(inv.overstock.length);
    expect(alerts.revenueAtRisk).toBe(inventoryPlan(ds).revenueAtRisk);
  });

  it('product page: history matches the product sales, forecast and stock projection are consistent', async () => {
    const top = (await queries.products(q)).rows.find((r) => r.onHand != null && r.units > 0)!;
    const d = cloned(await queries.productDetail(top.sku));
    expect(d.days).toHaveLength(364);
    expect(d.days.at(-1)).toBe('2026-11-25');
    const sold = productSales(ds, { range: { start: d.days[0]!, end: d.days.at(-1)! } }).find(
      (r) => r.sku === top.sku,
    )!;
    expect(d.units.reduce((s, v) => s + v, 0)).toBe(sold.units);
    expect(d.demand.days[0]).toBe('2026-11-26');
    expect(d.demand.backtest.map((b) => b.model)).toContain('seasonal-naive');
    for (let h = 0; h < d.demand.days.length; h++) {
      expect(d.demand.lower[h]!).toBeLessThanOrEqual(d.demand.forecast[h]! + 1e-9);
      expect(d.demand.upper[h]!).toBeGreaterThanOrEqual(d.demand.forecast[h]! - 1e-9);
    }
    const st = d.stock!;
    expect(st.expected[0]).toBeLessThanOrEqual(d.onHand!);
    for (let h = 1; h < st.expected.length; h++) {
      expect(st.expected[h]!).toBeLessThanOrEqual(st.expected[h - 1]!);
      expect(st.low[h]!).toBeLessThanOrEqual(st.expected[h]!);
    }
    expect(d.inventory?.sku).toBe(top.sku);
    await expect(queries.productDetail('NO-SUCH-SKU')).rejects.toMatchObject({
      code: 'unknown-sku',
    });
  });

  it('bought together: pairs meet the minimum support', async () => {
    const b = cloned(await queries.basket(q, { minSupport: 0.002 }));
    expect(b.orders).toBeGreaterThan(0);
    for (const p of b.pairs) expect(p.support).toBeGreaterThanOrEqual(0.002);
  });
});

describe('overview, marketing and funnel', () => {
  it('sales forecast continues after the last day, only when the range reaches it', async () => {
    const f = cloned(await queries.salesForecast(q));
    expect(f).not.toBeNull();
    expect(f!.historyDays.at(-1)).toBe('2026-11-25');
    expect(f!.days).toHaveLength(14);
    expect(f!.days[0]).toBe('2026-11-26');
    expect(f!.days.at(-1)).toBe('2026-12-09');
    expect(
      await queries.salesForecast({ range: { start: '2026-01-01', end: '2026-01-31' } }),
    ).toBeNull();
  });

  it('funnel and marketing agree with the Overview on sessions and ad spend', async () => {
    const o = overview(ds, q);
    const f = cloned(await queries.funnel(q))!;
    expect(f.steps[0]!.count).toBe(o.current.sessions);
    expect(f.steps.map((s) => s.step)).toEqual([
      'sessions',
      'productViews',
      'addToCarts',
      'checkouts',
      'purchases',
    ]);
    const m = cloned(await queries.marketing(q))!;
    expect(m.previous).toBeNull();
    const withPrev = cloned(await queries.marketing({ ...q, compare: 'previous-year' }))!;
    const before = marketing(ds, { range: compareRange(q.range, 'previous-year')! })!;
    expect(withPrev.previous).toEqual({
      spend: before.spend,
      roas: before.roas,
      mer: before.mer,
      cac: before.cac,
    });
    expect(m.spend).toBeCloseTo(o.current.adSpend!, 4);
    const weekly = cloned(await queries.spendSeries({ ...q, grain: 'week' }))!;
    const spent = weekly.spend.reduce((s, ch) => s + ch.reduce((a, v) => a + v, 0), 0);
    expect(spent).toBeCloseTo(m.spend, 4);
    expect(weekly.starts[0]).toBe(range.start);
  });

  it('funnel and marketing say "no data" (null) without a traffic or spend import', async () => {
    const bare = createDataset({ ...store, traffic: undefined, spend: undefined });
    const qs = createScreenQueries(async () => bare);
    expect(await qs.funnel(q)).toBeNull();
    expect(await qs.marketing(q)).toBeNull();
    expect(await qs.spendSeries(q)).toBeNull();
  });

  it('targets of the current month: one row per target with projections', async () => {
    const t = cloned(await queries.targetPace());
    expect(t.month).toBe('2026-11');
    expect(t.daysElapsed).toBe(25);
    const mine = store.targets.filter((x) => x.month === '2026-11');
    expect(t.rows.map((r) => r.metric).sort()).toEqual(mine.map((x) => x.metric).sort());
    for (const r of t.rows) expect(r.runRateProjection).toBeCloseTo((r.actual / 25) * 30, 6);
  });
});

describe('experiments', () => {
  it('list and detail: rates, intervals and the SRM flag of the demo store', async () => {
    const list = cloned(await queries.experimentList());
    expect(list).toHaveLength(store.experiments.length);
    const srm = list.find((e) => e.verdict === 'srm')!;
    const d = cloned(await queries.experimentDetail(srm.id));
    expect(d.verdict.srm.mismatch).toBe(true);
    for (const v of d.variants) {
      expect(v.rate.estimate).toBeCloseTo(v.conversions / v.visitors, 12);
      expect(v.rate.lower).toBeLessThan(v.rate.estimate);
      expect(v.rate.upper).toBeGreaterThan(v.rate.estimate);
    }
    expect(d.verdict.comparisons).toHaveLength(d.variants.length - 1);
    await expect(queries.experimentDetail('nope')).rejects.toMatchObject({
      code: 'unknown-experiment',
    });
  });

  it('sample size calculator: per variant, in all, and days at the daily traffic', async () => {
    const r = await queries.sampleSize({
      baselineRate: 0.03,
      minDetectableEffect: 0.2,
      variants: 3,
      dailyVisitors: 1500,
    });
    const n = sampleSizePerVariant(0.03, 0.2);
    expect(r).toMatchObject({ perVariant: n, total: 3 * n, days: Math.ceil((3 * n) / 1500) });
    expect(r.expectedRate).toBeCloseTo(0.036, 12);
    await expect(queries.sampleSize({ baselineRate: 0, minDetectableEffect: 0.1 })).rejects.toThrow(
      /between 0 and 1/,
    );
  });
});
