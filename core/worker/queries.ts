/**
 * The PWA's analysis screens' queries (Customers, Products & inventory, Marketing & funnel,
 * Experiments, the Overview's forecast, targets and alerts). Each wraps core/analytics functions
 * over the loaded Dataset and returns only what a screen draws, as plain objects and typed arrays
 * (structured-cloneable), never the per-customer arrays a screen does not need.
 */
import {
  abcClasses,
  clv12,
  cohorts,
  compareRange,
  dayMeasures,
  experimentVerdict,
  forecastSeries,
  frequentlyBoughtTogether,
  funnel,
  inventoryPlan,
  isoMonthOf,
  marketing,
  monthOf,
  targetPace,
  isoOf,
  isoWeekStart,
  NO_DAY,
  productSales,
  rangeDays,
  rfm,
  RFM_SEGMENTS,
  sampleSizePerVariant,
  segmentCustomers,
  sellThrough,
  testDurationDays,
  timeBetweenOrders,
  wilsonInterval,
  customerSummary,
  type BacktestRow,
  type BasketPair,
  type ClvResult,
  type CohortResult,
  type CustomersResult,
  type Dataset,
  type ExperimentLike,
  type ExperimentVerdict,
  type ForecastModel,
  type FunnelResult,
  type MarketingResult,
  type TargetPace,
  type Interval,
  type InventoryPlan,
  type InventoryRow,
  type StockStatus,
  type Query,
  type RfmSegment,
  type TimeBetweenOrdersResult,
} from '../analytics/index.ts';
import { WorkerApiError } from './errors.ts';

/** Daily history fed to forecasts: one year is enough for weekly seasonality and keeps fits fast. */
const HISTORY_DAYS = 364;
/** Days ahead the Overview's forecast band reaches. */
const SALES_HORIZON = 14;
/** Days ahead a product's demand and stock are projected. */
const PRODUCT_HORIZON = 56;

/** Marketing of the period, with the headline numbers of the comparison period (or null). */
export type MarketingScreen = MarketingResult & {
  previous: Pick<MarketingResult, 'spend' | 'roas' | 'mer' | 'cac'> | null;
};

export interface CustomersScreen {
  summary: CustomersResult;
  /** The same for the comparison period (null when the query compares with nothing). */
  previous: CustomersResult | null;
  clv: ClvResult;
  timeBetween: TimeBetweenOrdersResult;
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
}

export interface ProductTableRow {
  sku: string;
  title: string;
  vendor: string;
  productType: string;
  units: number;
  returnedUnits: number;
  netSales: number;
  margin: number | null;
  marginRate: number | null;
  abc: 'A' | 'B' | 'C';
  sellThrough: number | null;
  /** On-hand stock; null when the catalog has no stock for the SKU (or it is not in the catalog). */
  onHand: number | null;
  /** From the inventory plan (null without stock): cover, reorder point, suggested order, status. */
  daysOfCover: number | null;
  reorderPoint: number | null;
  orderQuantity: number | null;
  status: StockStatus | null;
}

export interface ProductsScreen {
  rows: ProductTableRow[];
  abc: Record<'A' | 'B' | 'C', { products: number; revenue: number; share: number }>;
  /** Products in the catalog that did not sell in the period (counted as C). */
  unsold: number;
}

export interface PurchaseOrderLine {
  sku: string;
  title: string;
  onHand: number;
  onOrder: number;
  daysOfCover: number | null;
  reorderBy: string | null;
  quantity: number;
  /** Unit cost in the product's currency (minor units), when known. */
  unitCost: number | null;
  currency: string;
  moq: number | null;
}

export interface PurchaseOrderDraft {
  vendor: string;
  lines: PurchaseOrderLine[];
  units: number;
  /** Sum of quantity × unit cost for lines in the store currency with a cost (minor units). */
  cost: number | null;
}

export interface InventoryScreen extends InventoryPlan {
  purchaseOrders: PurchaseOrderDraft[];
  /** Catalog products without stock figures (not planned). */
  unstocked: number;
}

export interface ForecastResult {
  /** Days of the history used and of the forecast ('YYYY-MM-DD'). */
  historyDays: string[];
  history: Float64Array;
  days: string[];
  forecast: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  model: ForecastModel;
  backtest: BacktestRow[];
  beatsBaseline: boolean;
}

export interface ProductDetail {
  sku: string;
  title: string;
  vendor: string;
  productType: string;
  price: number | null;
  cost: number | null;
  currency: string;
  onHand: number | null;
  onOrder: number;
  leadTimeDays: number | null;
  moq: number | null;
  /** Units and net sales per day over the history window. */
  days: string[];
  units: Float64Array;
  netSales: Float64Array;
  /** Demand forecast in units per day, with the backtest that chose the model. */
  demand: ForecastResult;
  /** The inventory plan's row (cover, reorder point, order suggestion), when stock is known. */
  inventory: InventoryRow | null;
  /** Projected stock per forecast day (on hand minus forecast demand; low = with the upper bound). */
  stock: { expected: Float64Array; low: Float64Array; stockoutDay: string | null } | null;
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

export interface SpendSeries {
  grain: 'day' | 'week' | 'month';
  /** First day of each bucket ('YYYY-MM-DD'). */
  starts: string[];
  /** Ad channels as named in the spend import, and per channel the spend per bucket (reporting minor units). */
  channels: string[];
  spend: Float64Array[];
  /** Total sales per bucket and MER (total sales ÷ all spend; NaN without spend). */
  totalSales: Float64Array;
  mer: Float64Array;
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

function fail(code: string, message: string): never {
  throw new WorkerApiError('QueryError', code, message);
}

/** Daily net sales per day of [s, e] (reporting minor units), with the filters. */
function dailyNet(ds: Dataset, s: number, e: number, q: Query): Float64Array {
  const m = dayMeasures(ds, s, e, q.filters, q.refundDating ?? ds.refundDating);
  const out = new Float64Array(e - s + 1);
  for (let k = 0; k < out.length; k++) out[k] = m.grossSales[k]! - m.discounts[k]! - m.returns[k]!;
  return out;
}

function daysOf(s: number, n: number): string[] {
  const out: string[] = [];
  for (let k = 0; k < n; k++) out.push(isoOf(s + k));
  return out;
}

/** `nonNegative` for counts (units): a trend model may dip below zero, demand cannot. */
function forecastOf(
  history: Float64Array,
  start: number,
  horizon: number,
  nonNegative = false,
): ForecastResult {
  const f = forecastSeries(Array.from(history), { period: 7, horizon });
  const end = start + history.length - 1;
  const floor = (v: number) => (nonNegative ? Math.max(0, v) : v);
  return {
    historyDays: daysOf(start, history.length),
    history,
    days: daysOf(end + 1, horizon),
    forecast: Float64Array.from(f.forecast, floor),
    lower: Float64Array.from(f.lower, floor),
    upper: Float64Array.from(f.upper, floor),
    model: f.model,
    backtest: f.backtest,
    beatsBaseline: f.beatsBaseline,
  };
}

/**
 * Builds the screen query methods over the worker's lazily loaded dataset; `storedEmails` looks
 * up the emails kept for customer keys (the keep-emails opt-in), '' where none is stored.
 */
export function createScreenQueries(
  ensureLoaded: () => Promise<Dataset>,
  storedEmails?: (keys: string[]) => Promise<string[]>,
) {
  // RFM over all customers is the costliest customer query: keep it per loaded dataset.
  let rfmCache: { ds: Dataset; result: ReturnType<typeof rfm> } | null = null;
  const rfmOf = (ds: Dataset) => {
    if (rfmCache?.ds !== ds) rfmCache = { ds, result: rfm(ds) };
    return rfmCache.result;
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
      return {
        summary: customerSummary(ds, q),
        previous: prev ? customerSummary(ds, { ...q, range: prev }) : null,
        clv: clv12(ds),
        timeBetween: timeBetweenOrders(ds),
      };
    },

    /** The cohort matrix by first-order month or week (last `maxCohorts` cohorts). */
    async cohorts(
      opts: { grain?: 'month' | 'week'; maxCohorts?: number } = {},
    ): Promise<CohortResult> {
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
        labels: full.labels.slice(from),
        sizes: full.sizes.slice(from),
        periods,
        retention,
        cumulativeNetSalesPerCustomer: cumulative,
      };
    },

    /** RFM segments with counts, value, mean recency and orders, as of the latest data. */
    async rfmSegments(): Promise<{ asOf: string; customers: number; segments: RfmSegmentRow[] }> {
      const ds = await ensureLoaded();
      const r = rfmOf(ds);
      const rec = new Float64Array(RFM_SEGMENTS.length);
      const ord = new Float64Array(RFM_SEGMENTS.length);
      for (let k = 0; k < r.keys.length; k++) {
        rec[r.segment[k]!]! += r.recencyDays[k]!;
        ord[r.segment[k]!]! += r.frequency[k]!;
      }
      return {
        asOf: r.asOf,
        customers: r.keys.length,
        segments: r.segments.map((s, i) => ({
          ...s,
          meanRecencyDays: s.customers > 0 ? rec[i]! / s.customers : null,
          meanOrders: s.customers > 0 ? ord[i]! / s.customers : null,
        })),
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
      for (let k = 0; k < r.keys.length; k++) if (r.segment[k] === s) at.push(k);
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
      };
    },

    /** The product table of a period: sales, margin, ABC class, sell-through and stock per SKU. */
    async products(q: Query): Promise<ProductsScreen> {
      const ds = await ensureLoaded();
      const sales = productSales(ds, q);
      const revenue = new Map<string, number>();
      for (const r of sales) revenue.set(r.sku, r.netSales);
      // Stocked catalog products that did not sell belong in the table too (as C, dead stock).
      let unsold = 0;
      for (const p of ds.products) {
        if (!revenue.has(p.sku)) {
          revenue.set(p.sku, 0);
          unsold++;
        }
      }
      const abc = abcClasses(revenue);
      const st = new Map(sellThrough(ds, q).map((r) => [r.sku, r.sellThrough]));
      const bySku = new Map(sales.map((r) => [r.sku, r]));
      const inv = new Map(planOf(ds).rows.map((r) => [r.sku, r]));
      const rows: ProductTableRow[] = [];
      for (const [sku] of revenue) {
        const s = bySku.get(sku);
        const p = ds.productBySku.get(sku);
        const v = inv.get(sku);
        rows.push({
          sku,
          title: p?.title ?? s?.title ?? sku,
          vendor: p?.vendor ?? '',
          productType: p?.productType ?? '',
          units: s?.units ?? 0,
          returnedUnits: s?.returnedUnits ?? 0,
          netSales: s?.netSales ?? 0,
          margin: s ? s.margin : null,
          marginRate: s ? s.marginRate : null,
          abc: abc.classOf[sku] ?? 'C',
          sellThrough: st.get(sku) ?? null,
          onHand: p?.onHand ?? null,
          daysOfCover: v ? v.daysOfCover : null,
          reorderPoint: v ? v.reorderPoint : null,
          orderQuantity: v ? v.orderQuantity : null,
          status: v ? v.status : null,
        });
      }
      rows.sort((a, b) => b.netSales - a.netSales || a.sku.localeCompare(b.sku));
      return { rows, abc: abc.summary, unsold };
    },

    /** Inventory plan as of the latest data, with a draft purchase order per vendor from the order suggestions. */
    async inventory(): Promise<InventoryScreen> {
      const ds = await ensureLoaded();
      const plan = planOf(ds);
      const byVendor = new Map<string, PurchaseOrderLine[]>();
      for (const r of plan.rows) {
        if (r.orderQuantity <= 0) continue;
        const p = ds.productBySku.get(r.sku);
        const vendor = p?.vendor || '(no vendor)';
        const line: PurchaseOrderLine = {
          sku: r.sku,
          title: r.title,
          onHand: r.onHand,
          onOrder: r.onOrder,
          daysOfCover: r.daysOfCover,
          reorderBy: r.reorderBy,
          quantity: r.orderQuantity,
          unitCost: p?.cost ?? null,
          currency: p?.currency ?? ds.currency,
          moq: p?.moq ?? null,
        };
        const list = byVendor.get(vendor);
        if (list) list.push(line);
        else byVendor.set(vendor, [line]);
      }
      const purchaseOrders: PurchaseOrderDraft[] = [...byVendor]
        .map(([vendor, lines]) => {
          lines.sort(
            (a, b) =>
              (a.reorderBy ?? '9').localeCompare(b.reorderBy ?? '9') || a.sku.localeCompare(b.sku),
          );
          let cost = 0;
          let known = false;
          for (const l of lines) {
            if (l.unitCost != null && l.currency === ds.currency) {
              cost += l.unitCost * l.quantity;
              known = true;
            }
          }
          return {
            vendor,
            lines,
            units: lines.reduce((s, l) => s + l.quantity, 0),
            cost: known ? cost : null,
          };
        })
        .sort((a, b) => a.vendor.localeCompare(b.vendor));
      const unstocked = ds.products.filter((p) => p.onHand == null).length;
      return { ...plan, purchaseOrders, unstocked };
    },

    /** Frequently bought together pairs of the period (support, confidence, lift). */
    async basket(
      q: Query,
      opts: { minSupport?: number; limit?: number } = {},
    ): Promise<{ orders: number; pairs: BasketPair[] }> {
      return frequentlyBoughtTogether(await ensureLoaded(), q, {
        minSupport: opts.minSupport ?? 0.002,
        limit: opts.limit ?? 30,
      });
    },

    /** One product: daily sales over the last year, demand forecast with backtest, stock projection. */
    async productDetail(sku: string): Promise<ProductDetail> {
      const ds = await ensureLoaded();
      const lc = ds.lines.columns;
      const code = lc.sku.dict.indexOf(sku);
      const p = ds.productBySku.get(sku);
      if (code < 0 && !p) {
        fail(
          'unknown-sku',
          `No product with SKU '${sku}' in your orders or catalog. Check the link or re-import products.`,
        );
      }
      const end = ds.lastDay;
      const start = Math.max(ds.firstDay, end - HISTORY_DAYS + 1);
      const n = end - start + 1;
      const units = new Float64Array(n);
      const net = new Float64Array(n);
      let title = p?.title ?? sku;
      if (code >= 0) {
        for (let j = 0; j < ds.lines.length; j++) {
          if (lc.sku.codes[j] !== code) continue;
          const i = ds.lineOrder[j]!;
          if (i < 0) continue;
          const d = ds.orderDay[i]!;
          if (d === NO_DAY || d < start || d > end) continue;
          if (!p) title = lc.title.dict[lc.title.codes[j]!] ?? sku;
          units[d - start]! += lc.quantity[j]!;
          const f = ds.fx[i]!;
          if (f === f)
            net[d - start]! += (ds.lineGross[j]! - lc.discount[j]! - ds.lineReturn[j]!) * f;
        }
      }
      const demand = forecastOf(units, start, PRODUCT_HORIZON, true);
      let stock: ProductDetail['stock'] = null;
      if (p?.onHand != null) {
        const expected = new Float64Array(PRODUCT_HORIZON);
        const low = new Float64Array(PRODUCT_HORIZON);
        const start0 = Math.max(0, p.onHand);
        let cumF = 0;
        let cumVar = 0;
        let stockoutDay: string | null = null;
        for (let h = 0; h < PRODUCT_HORIZON; h++) {
          const f = Math.max(0, demand.forecast[h]!);
          // Daily errors add up in variance, not in bounds: summing daily upper bounds would
          // overstate the high-demand case many times over.
          const sd = Math.max(0, demand.upper[h]! - demand.forecast[h]!) / 1.959963984540054;
          cumF += f;
          cumVar += sd * sd;
          const e = start0 - cumF;
          expected[h] = Math.max(0, e);
          low[h] = Math.max(
            0,
            Math.max(0, p.onHand) - cumF - 1.959963984540054 * Math.sqrt(cumVar),
          );
          if (stockoutDay === null && e <= 0) stockoutDay = demand.days[h]!;
        }
        stock = { expected, low, stockoutDay };
      }
      return {
        sku,
        title,
        vendor: p?.vendor ?? '',
        productType: p?.productType ?? '',
        price: p?.price ?? null,
        cost: p?.cost ?? null,
        currency: p?.currency ?? ds.currency,
        onHand: p?.onHand ?? null,
        onOrder: p?.onOrder ?? 0,
        leadTimeDays: p?.leadTimeDays ?? null,
        moq: p?.moq ?? null,
        days: daysOf(start, n),
        units,
        netSales: net,
        demand,
        inventory: planOf(ds).rows.find((r) => r.sku === sku) ?? null,
        stock,
      };
    },

    /**
     * Daily net sales forecast after the range's end (when the range reaches the last day with
     * data): the Overview's band. Fitted on the year before, with the same filters.
     */
    async salesForecast(q: Query, horizon = SALES_HORIZON): Promise<ForecastResult | null> {
      const ds = await ensureLoaded();
      const [, e] = rangeDays(q.range);
      if (e < ds.lastDay) return null;
      const end = ds.lastDay;
      const start = Math.max(ds.firstDay, end - HISTORY_DAYS + 1);
      return forecastOf(dailyNet(ds, start, end, q), start, horizon);
    },

    /** The funnel of a period from traffic data, by channel and over time (null without a traffic import). */
    async funnel(q: Query): Promise<FunnelResult | null> {
      const ds = await ensureLoaded();
      if (!ds.traffic || ds.traffic.length === 0) return null;
      return funnel(ds, q);
    },

    /** Spend, attributed revenue, ROAS, CAC and MER by channel and campaign (null without a spend import). */
    async marketing(q: Query): Promise<MarketingScreen | null> {
      const ds = await ensureLoaded();
      if (!ds.spend || ds.spend.length === 0) return null;
      const cur = marketing(ds, q);
      if (!cur) return null;
      const prev = compareRange(q.range, q.compare ?? 'none');
      const p = prev ? marketing(ds, { ...q, range: prev }) : null;
      return { ...cur, previous: p && { spend: p.spend, roas: p.roas, mer: p.mer, cac: p.cac } };
    },

    /** Ad spend per channel and MER per day, week or month of the range (null without a spend import). */
    async spendSeries(q: Query): Promise<SpendSeries | null> {
      const ds = await ensureLoaded();
      const sp = ds.spend;
      if (!sp || sp.length === 0) return null;
      const [s, e] = rangeDays(q.range);
      const grain = q.grain ?? 'week';
      const bucketOf = new Int32Array(e - s + 1);
      const starts: string[] = [];
      let prev = NaN;
      for (let d = s; d <= e; d++) {
        const key = grain === 'day' ? d : grain === 'week' ? isoWeekStart(d) : monthOf(d);
        if (key !== prev) {
          prev = key;
          starts.push(isoOf(d));
        }
        bucketOf[d - s] = starts.length - 1;
      }
      const nb = starts.length;
      const cc = sp.columns.channel;
      const want = q.filters?.channel?.length ? new Set(q.filters.channel) : null;
      const perCode = cc.dict.map(() => new Float64Array(nb));
      const used = new Uint8Array(cc.dict.length);
      const all = new Float64Array(nb);
      for (let r = 0; r < sp.length; r++) {
        const d = ds.spendDay[r]!;
        if (d === NO_DAY || d < s || d > e) continue;
        const c = cc.codes[r]!;
        if (want && !want.has(cc.dict[c]!)) continue;
        const v = ds.spendReporting[r]!;
        if (v !== v) continue;
        const b = bucketOf[d - s]!;
        perCode[c]![b]! += v;
        all[b]! += v;
        used[c] = 1;
      }
      const m = dayMeasures(ds, s, e, q.filters, q.refundDating ?? ds.refundDating);
      const totalSales = new Float64Array(nb);
      for (let k = 0; k <= e - s; k++) {
        totalSales[bucketOf[k]!]! +=
          m.grossSales[k]! - m.discounts[k]! - m.returns[k]! + m.shipping[k]! + m.taxes[k]!;
      }
      const channels: string[] = [];
      const spend: Float64Array[] = [];
      for (let c = 0; c < cc.dict.length; c++) {
        if (!used[c]) continue;
        channels.push(cc.dict[c]!);
        spend.push(perCode[c]!);
      }
      return {
        grain,
        starts,
        channels,
        spend,
        totalSales,
        mer: Float64Array.from(all, (v, b) => (v > 0 ? totalSales[b]! / v : NaN)),
      };
    },

    /** Targets of the month holding the latest data: actual, run-rate and forecast projections, gap. */
    async targetPace(month?: string): Promise<TargetPace> {
      const ds = await ensureLoaded();
      return targetPace(ds, month ?? isoMonthOf(monthOf(ds.nowDay)));
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
