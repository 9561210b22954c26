/**
 * The PWA's analysis screens' queries (Customers, Products & inventory, Marketing & funnel,
 * Experiments, the Overview's forecast, targets and alerts). Each wraps core/analytics functions
 * over the loaded Dataset and returns only what a screen draws, as plain objects and typed arrays
 * (structured-cloneable), never the per-customer arrays a screen does not need.
 */
import {
  reconcile,
  RECONCILE_METRICS,
  type ReconcileMetric,
  type ReconcileResult,
  type ReconcileOptions,
  clv12,
  cohorts,
  compareRange,
  experimentVerdict,
  frequentlyBoughtTogether,
  funnel,
  inventoryPlan,
  isoMonthOf,
  marketing,
  monthOf,
  targetPace,
  rfm,
  RFM_SEGMENTS,
  sampleSizePerVariant,
  segmentCustomers,
  testDurationDays,
  timeBetweenOrders,
  wilsonInterval,
  customerSummary,
  kpiFigures,
  kpisIn,
  type KpiFigure,
  BASKET_MIN_ORDERS,
  type BasketResult,
  type ClvResult,
  type CohortResult,
  type CustomersResult,
  type Dataset,
  type ExperimentLike,
  type ExperimentVerdict,
  type FunnelResult,
  type MarketingResult,
  type TargetPace,
  type Interval,
  type InventoryPlan,
  type Query,
  type RfmSegment,
  type TimeBetweenOrdersResult,
  productDetail,
  productSales,
  productTable,
  purchaseOrders,
  type ProductsScreen,
  type ProductTableRow,
  type PurchaseOrderDraft,
  type PurchaseOrderLine,
  salesForecast,
  spendSeries,
  SALES_HORIZON,
  type ForecastResult,
  type ProductDetail,
  type SpendSeries,
  type CostsLike,
} from '../analytics/index.ts';
import { WorkerApiError } from './errors.ts';

export type {
  ForecastResult,
  ProductDetail,
  ProductsScreen,
  ProductTableRow,
  PurchaseOrderDraft,
  PurchaseOrderLine,
  SpendSeries,
};

/** Marketing of the period, with the headline numbers of the comparison period (or null). */
export type MarketingScreen = MarketingResult & {
  previous: Pick<MarketingResult, 'spend' | 'roas' | 'mer' | 'cac'> | null;
  /** The registry's marketing cards: value and change vs the comparison period. */
  kpis: KpiFigure[];
};

/** The funnel of the period with the registry's funnel cards (value and change). */
export type FunnelScreen = FunnelResult & { kpis: KpiFigure[] };

/** The product table with the registry's product cards (ABC classes, value and change). */
export type ProductsCards = ProductsScreen & { kpis: KpiFigure[] };

export interface CustomersScreen {
  summary: CustomersResult;
  /** The same for the comparison period (null when the query compares with nothing). */
  previous: CustomersResult | null;
  clv: ClvResult;
  timeBetween: TimeBetweenOrdersResult;
  /** The registry's customer cards: value and change vs the comparison period (all-time ones: none). */
  kpis: KpiFigure[];
}

/** The newest cohorts of the matrix, and how many there are in all. */
export interface CohortScreen extends CohortResult {
  totalCohorts: number;
}

export interface RfmSegmentRow {
  name: RfmSegment;
  customers: number;
  share: number;
  netSales: number;
  averageNetSales: number | null;
  /** Mean recency (days since last order) and mean orders of the segment's customers. */
  meanRecencyDays: number | null;
  meanOrders: number | null;
}

export interface SegmentExport {
  segment: RfmSegment;
  /** Customer keys (salted hashes). */
  keys: string[];
  /**
   * Emails in the same order as keys ('' for a customer without one), when the user kept emails
   * (Settings) and any of these customers has one stored; else null.
   */
  emails: string[] | null;
  recencyDays: Int32Array;
  orders: Int32Array;
  netSales: Float64Array;
  /** RFM scores 1–5 (recency, frequency, monetary), for an email tool's own segments. */
  r: Uint8Array;
  f: Uint8Array;
  m: Uint8Array;
}

export interface InventoryScreen extends InventoryPlan {
  /** The registry's stock cards (as of the latest data: no comparison). */
  kpis: KpiFigure[];
  purchaseOrders: PurchaseOrderDraft[];
  /** Catalog products without stock figures (not planned). */
  unstocked: number;
}

export interface VariantRow {
  name: string;
  visitors: number;
  conversions: number;
  rate: Interval;
  revenuePerVisitor: number | null;
}

export interface ExperimentListRow {
  id: string;
  name: string;
  startDate: string;
  endDate: string | null;
  metric: 'conversion' | 'revenue';
  variants: number;
  visitors: number;
  verdict: ExperimentVerdict['verdict'];
  headline: string;
  progress: number | null;
}

export interface ExperimentDetail {
  /** The test as stored; `currency` is its revenue's currency (the store's when not given). */
  experiment: ExperimentLike & { metric: 'conversion' | 'revenue'; currency: string };
  variants: VariantRow[];
  verdict: ExperimentVerdict;
}

export interface SampleSizeInput {
  baselineRate: number;
  /** Relative lift to detect (0.1 = 10%) unless `relative` is false (then rate points). */
  minDetectableEffect: number;
  alpha?: number;
  power?: number;
  relative?: boolean;
  variants?: number;
  dailyVisitors?: number;
}

export interface SampleSizeResult {
  perVariant: number;
  total: number;
  /** Days to reach the sample at the daily visitors, or null when they are unknown. */
  days: number | null;
  expectedRate: number;
}

export interface OverviewAlerts {
  /** SKUs running out before a replenishment ordered today could arrive, most revenue first. */
  stockouts: { sku: string; title: string; stockoutDate: string | null; revenueAtRisk: number }[];
  outOfStock: number;
  revenueAtRisk: number;
  overstock: number;
  overstockValue: number;
  dead: number;
  /** Tests with a result to act on (winner, loser, no difference, SRM). */
  experiments: {
    id: string;
    name: string;
    verdict: ExperimentVerdict['verdict'];
    headline: string;
  }[];
}

/** One product's net sales in a period and in its comparison period. */
export interface ProductChangeRow {
  sku: string;
  title: string;
  units: number;
  netSales: number;
  /** Net sales in the comparison period (0 when it did not sell then). */
  previousNetSales: number;
  /** netSales − previousNetSales. */
  change: number;
}

/** A period's best sellers by net sales and the products whose net sales fell the most. */
export interface ProductChanges {
  top: ProductChangeRow[];
  /** Most net sales lost against the comparison period first; only products that fell. */
  falling: ProductChangeRow[];
}

function fail(code: string, message: string): never {
  throw new WorkerApiError('QueryError', code, message);
}

/**
 * Builds the screen query methods over the worker's lazily loaded dataset; `storedEmails` looks
 * up the emails kept for customer keys (the keep-emails opt-in), '' where none is stored.
 */
export function createScreenQueries(
  ensureLoaded: () => Promise<Dataset>,
  storedEmails?: (keys: string[]) => Promise<string[]>,
  /** The stored cost settings, for a net profit target's pace. */
  readCosts?: () => Promise<CostsLike>,
) {
  // RFM over all customers is the costliest customer query: keep it per loaded dataset.
  let rfmCache: { ds: Dataset; result: ReturnType<typeof rfm> } | null = null;
  const rfmOf = (ds: Dataset) => {
    if (rfmCache?.ds !== ds) rfmCache = { ds, result: rfm(ds) };
    return rfmCache.result;
  };
  // CLV and time between orders span every order, whatever the screen's range: once per dataset.
  let lifetimeCache: { ds: Dataset; clv: ClvResult; timeBetween: TimeBetweenOrdersResult } | null =
    null;
  const lifetimeOf = (ds: Dataset) => {
    if (lifetimeCache?.ds !== ds)
      lifetimeCache = { ds, clv: clv12(ds), timeBetween: timeBetweenOrders(ds) };
    return lifetimeCache;
  };
  // The inventory plan is as of today, independent of the screen's range.
  let planCache: { ds: Dataset; plan: InventoryPlan } | null = null;
  const planOf = (ds: Dataset) => {
    if (planCache?.ds !== ds) planCache = { ds, plan: inventoryPlan(ds) };
    return planCache.plan;
  };

  return {
    /** Customers screen headline: new vs returning (both rates, labelled), 12-month CLV, time between orders. */
    async customers(q: Query): Promise<CustomersScreen> {
      const ds = await ensureLoaded();
      const prev = compareRange(q.range, q.compare ?? 'none');
      const summary = customerSummary(ds, q);
      const previous = prev ? customerSummary(ds, { ...q, range: prev }) : null;
      const { clv, timeBetween } = lifetimeOf(ds);
      const kpis = kpiFigures(
        kpisIn('customers'),
        { customers: summary, clv, timeBetween },
        previous && { customers: previous },
      );
      return { summary, previous, clv, timeBetween, kpis };
    },

    /** The cohort matrix by first-order month or week (last `maxCohorts` cohorts of `totalCohorts`). */
    async cohorts(
      opts: { grain?: 'month' | 'week'; maxCohorts?: number } = {},
    ): Promise<CohortScreen> {
      const ds = await ensureLoaded();
      const full = cohorts(ds, { grain: opts.grain ?? 'month' });
      const keep = Math.min(full.labels.length, opts.maxCohorts ?? 24);
      const from = full.labels.length - keep;
      const periods = Math.min(full.periods, keep);
      // The newest cohorts only: older ones hold little news and make the heatmap unreadable.
      const retention = new Float64Array(keep * periods);
      const cumulative = new Float64Array(keep * periods);
      for (let r = 0; r < keep; r++) {
        for (let k = 0; k < periods; k++) {
          retention[r * periods + k] = full.retention[(from + r) * full.periods + k]!;
          cumulative[r * periods + k] =
            full.cumulativeNetSalesPerCustomer[(from + r) * full.periods + k]!;
        }
      }
      return {
        grain: full.grain,
        totalCohorts: full.labels.length,
        labels: full.labels.slice(from),
        sizes: full.sizes.slice(from),
        periods,
        retention,
        cumulativeNetSalesPerCustomer: cumulative,
      };
    },

    /** RFM segments with counts, value, mean recency and orders, as of the latest data. */
    async rfmSegments(): Promise<{
      asOf: string;
      customers: number;
      scoring: 'quintiles' | 'bands';
      segments: RfmSegmentRow[];
    }> {
      const ds = await ensureLoaded();
      const r = rfmOf(ds);
      return {
        asOf: r.asOf,
        customers: r.customers,
        scoring: r.scoring,
        segments: r.segments.map((s) => ({ ...s })),
      };
    },

    /** The customers of one RFM segment, for an email tool (emails only when the store keeps them). */
    async segmentExport(segment: RfmSegment): Promise<SegmentExport> {
      if (!RFM_SEGMENTS.includes(segment)) {
        fail(
          'unknown-segment',
          `There is no RFM segment called '${segment}'. Pick one of the listed segments.`,
        );
      }
      const ds = await ensureLoaded();
      const r = rfmOf(ds);
      const keys = segmentCustomers(r, segment);
      const s = RFM_SEGMENTS.indexOf(segment);
      const at: number[] = [];
      for (let k = 0; k < r.customers; k++) if (r.segment[k] === s) at.push(k);
      // Emails live apart from the orders, only when the user opted in to keeping them at import.
      let emails: string[] | null =
        storedEmails && keys.length > 0 ? await storedEmails(keys) : null;
      if (emails && emails.every((e) => e === '')) emails = null;
      return {
        segment,
        keys,
        emails,
        recencyDays: Int32Array.from(at, (k) => r.recencyDays[k]!),
        orders: Int32Array.from(at, (k) => r.frequency[k]!),
        netSales: Float64Array.from(at, (k) => r.monetary[k]!),
        r: Uint8Array.from(at, (k) => r.r[k]!),
        f: Uint8Array.from(at, (k) => r.f[k]!),
        m: Uint8Array.from(at, (k) => r.m[k]!),
      };
    },

    /** The product table of a period: sales, margin, ABC class, sell-through and stock per SKU. */
    async products(q: Query): Promise<ProductsCards> {
      const ds = await ensureLoaded();
      const plan = planOf(ds);
      const cur = productTable(ds, q, plan);
      const prev = compareRange(q.range, q.compare ?? 'none');
      const before = prev ? productTable(ds, { ...q, range: prev }, plan) : null;
      const kpis = kpiFigures(
        kpisIn('products'),
        { products: cur },
        before && { products: before },
      );
      return { ...cur, kpis };
    },

    /**
     * The period's top products by net sales and the products that fell most against the
     * comparison period (the monthly report's products), `limit` of each.
     */
    async productChanges(q: Query, limit = 5): Promise<ProductChanges> {
      const ds = await ensureLoaded();
      const prev = compareRange(q.range, q.compare ?? 'previous-year');
      const now = productSales(ds, q);
      const before = prev ? productSales(ds, { ...q, range: prev }) : [];
      const rows = new Map<string, ProductChangeRow>();
      for (const r of now)
        rows.set(r.sku, {
          sku: r.sku,
          title: r.title,
          units: r.units,
          netSales: r.netSales,
          previousNetSales: 0,
          change: r.netSales,
        });
      for (const r of before) {
        const row = rows.get(r.sku) ?? {
          sku: r.sku,
          title: r.title,
          units: 0,
          netSales: 0,
          previousNetSales: 0,
          change: 0,
        };
        row.previousNetSales = r.netSales;
        row.change = row.netSales - r.netSales;
        rows.set(r.sku, row);
      }
      const all = [...rows.values()];
      const top = all
        .filter((r) => r.netSales > 0)
        .sort((a, b) => b.netSales - a.netSales || a.sku.localeCompare(b.sku))
        .slice(0, limit);
      const falling = all
        .filter((r) => r.change < 0)
        .sort((a, b) => a.change - b.change || a.sku.localeCompare(b.sku))
        .slice(0, limit);
      return { top, falling };
    },

    /** Inventory plan as of the latest data, with a draft purchase order per vendor from the order suggestions. */
    async inventory(): Promise<InventoryScreen> {
      const ds = await ensureLoaded();
      const plan = planOf(ds);
      const unstocked = ds.products.filter((p) => p.onHand == null).length;
      const kpis = kpiFigures(kpisIn('inventory'), { inventory: plan }, null);
      return { ...plan, kpis, purchaseOrders: purchaseOrders(ds, plan), unstocked };
    },

    /**
     * Frequently bought together pairs of the period (support, confidence, lift), each bought
     * together in at least `BASKET_MIN_ORDERS` orders and 0.2% of the period's orders.
     */
    async basket(
      q: Query,
      opts: { minSupport?: number; minOrders?: number; limit?: number } = {},
    ): Promise<BasketResult> {
      return frequentlyBoughtTogether(await ensureLoaded(), q, {
        minSupport: opts.minSupport ?? 0.002,
        minOrders: opts.minOrders ?? BASKET_MIN_ORDERS,
        limit: opts.limit ?? 30,
      });
    },

    /** One product: daily sales over the last year, demand forecast with backtest, stock projection. */
    async productDetail(sku: string): Promise<ProductDetail> {
      const ds = await ensureLoaded();
      const d = productDetail(ds, sku, planOf(ds));
      if (!d) {
        fail(
          'unknown-sku',
          `No product with SKU '${sku}' in your orders or catalog. Check the link or re-import products.`,
        );
      }
      return d;
    },

    /**
     * Daily net sales forecast after the range's end (when the range reaches the last day with
     * data): the Overview's band. Fitted on the year before, with the same filters.
     */
    async salesForecast(q: Query, horizon = SALES_HORIZON): Promise<ForecastResult | null> {
      return salesForecast(await ensureLoaded(), q, horizon);
    },

    /** The funnel of a period from traffic data, by channel and over time (null without a traffic import). */
    async funnel(q: Query): Promise<FunnelScreen | null> {
      const ds = await ensureLoaded();
      if (!ds.traffic || ds.traffic.length === 0) return null;
      const cur = funnel(ds, q);
      if (!cur) return null;
      const prev = compareRange(q.range, q.compare ?? 'none');
      const before = prev ? funnel(ds, { ...q, range: prev }) : null;
      const kpis = kpiFigures(
        kpisIn('funnel'),
        { funnel: cur },
        before ? { funnel: before } : null,
      );
      return { ...cur, kpis };
    },

    /** Spend, attributed revenue, ROAS, CAC and MER by channel and campaign (null without a spend import). */
    async marketing(q: Query): Promise<MarketingScreen | null> {
      const ds = await ensureLoaded();
      if (!ds.spend || ds.spend.length === 0) return null;
      const cur = marketing(ds, q);
      if (!cur) return null;
      const prev = compareRange(q.range, q.compare ?? 'none');
      const p = prev ? marketing(ds, { ...q, range: prev }) : null;
      const kpis = kpiFigures(kpisIn('marketing'), { marketing: cur }, p && { marketing: p });
      return {
        ...cur,
        previous: p && { spend: p.spend, roas: p.roas, mer: p.mer, cac: p.cac },
        kpis,
      };
    },

    /** Ad spend per channel and MER per day, week or month of the range (null without a spend import). */
    async spendSeries(q: Query): Promise<SpendSeries | null> {
      return spendSeries(await ensureLoaded(), q);
    },

    /** Targets of the month holding the latest data: actual, run-rate and forecast projections, gap. */
    async targetPace(month?: string): Promise<TargetPace> {
      const ds = await ensureLoaded();
      const m = month ?? isoMonthOf(monthOf(ds.nowDay));
      const profit = ds.targets.some((t) => t.month === m && t.metric === 'profit');
      return targetPace(ds, m, ds.targets, profit && readCosts ? await readCosts() : undefined);
    },

    /** What needs attention today: stockouts coming, overstock, dead stock, tests ready to call. */
    async alerts(): Promise<OverviewAlerts> {
      const ds = await ensureLoaded();
      const plan = planOf(ds);
      const ready = new Set(['winner', 'loser', 'no-difference', 'srm']);
      const experiments: OverviewAlerts['experiments'] = [];
      for (const e of ds.experiments) {
        try {
          const v = experimentVerdict(e);
          if (ready.has(v.verdict))
            experiments.push({ id: e.id, name: e.name, verdict: v.verdict, headline: v.headline });
        } catch {
          // A hand-entered test without a second arm has no verdict; the Experiments screen says why.
        }
      }
      let overstockValue = 0;
      for (const r of plan.overstock) overstockValue += r.stockValue ?? 0;
      return {
        stockouts: plan.atRisk
          .slice()
          .sort((a, b) => b.revenueAtRisk - a.revenueAtRisk)
          .map((r) => ({
            sku: r.sku,
            title: r.title,
            stockoutDate: r.stockoutDate,
            revenueAtRisk: r.revenueAtRisk,
          })),
        outOfStock: plan.outOfStock.length,
        revenueAtRisk: plan.revenueAtRisk,
        overstock: plan.overstock.length,
        overstockValue,
        dead: plan.dead.length,
        experiments,
      };
    },

    /**
     * "Explain this number" → reconcile: our figure of `metric` for the query next to the
     * platform's (`platform`, reporting minor units or a count), with the choices that explain the gap.
     */
    async reconcile(
      q: Query,
      metric: ReconcileMetric,
      platform: number,
      options: ReconcileOptions = {},
    ): Promise<ReconcileResult> {
      if (!RECONCILE_METRICS.includes(metric))
        fail('bad-metric', `Storelens cannot reconcile '${String(metric)}' with the platform.`);
      if (!Number.isFinite(platform))
        fail('bad-number', "Type the platform's figure as a number, e.g. 12,345.67.");
      return reconcile(await ensureLoaded(), q, metric, platform, options);
    },

    /** Every stored A/B test with its verdict, newest first. */
    async experimentList(): Promise<ExperimentListRow[]> {
      const ds = await ensureLoaded().catch(() => null);
      if (!ds) return [];
      return ds.experiments
        .map((e) => {
          const v = experimentVerdict(e);
          return {
            id: e.id,
            name: e.name,
            startDate: e.startDate,
            endDate: e.endDate ?? null,
            metric: e.metric ?? 'conversion',
            variants: e.variants.length,
            visitors: e.variants.reduce((s, x) => s + x.visitors, 0),
            verdict: v.verdict,
            headline: v.headline,
            progress: v.progress,
          };
        })
        .sort((a, b) => b.startDate.localeCompare(a.startDate) || a.name.localeCompare(b.name));
    },

    /** One A/B test: per-variant rates with intervals, comparisons against control, SRM and the verdict. */
    async experimentDetail(
      id: string,
      opts: { minDetectableEffect?: number } = {},
    ): Promise<ExperimentDetail> {
      const ds = await ensureLoaded();
      const e = ds.experiments.find((x) => x.id === id);
      if (!e)
        fail(
          'unknown-experiment',
          `No experiment with id '${id}' on this device. It may have been deleted; pick one from the list.`,
        );
      return {
        experiment: {
          ...e,
          metric: e.metric ?? 'conversion',
          currency: (e as { currency?: string }).currency ?? ds.currency,
        },
        variants: e.variants.map((v) => ({
          name: v.name,
          visitors: v.visitors,
          conversions: v.conversions,
          rate: wilsonInterval(v.conversions, v.visitors),
          revenuePerVisitor: v.revenue != null && v.visitors > 0 ? v.revenue / v.visitors : null,
        })),
        verdict: experimentVerdict(e, opts),
      };
    },

    /** Planning a test: visitors per variant and days needed for a baseline rate and effect. */
    async sampleSize(input: SampleSizeInput): Promise<SampleSizeResult> {
      const variants = Math.max(2, Math.round(input.variants ?? 2));
      const relative = input.relative ?? true;
      const perVariant = sampleSizePerVariant(
        input.baselineRate,
        input.minDetectableEffect,
        input.alpha ?? 0.05,
        input.power ?? 0.8,
        relative,
      );
      const days =
        input.dailyVisitors && input.dailyVisitors > 0
          ? testDurationDays(perVariant, variants, input.dailyVisitors)
          : null;
      return {
        perVariant,
        total: perVariant * variants,
        days,
        expectedRate: relative
          ? input.baselineRate * (1 + input.minDetectableEffect)
          : input.baselineRate + input.minDetectableEffect,
      };
    },
  };
}

/** The screen queries' type, merged into the worker API. */
export type ScreenQueries = ReturnType<typeof createScreenQueries>;
