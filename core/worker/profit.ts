/**
 * The Profit screen's queries (issue 19): the P&L of a period with its comparison period and
 * coverage, the P&L per day, week or month, by ad channel, product, sales channel, product type,
 * vendor, country and discount code, the most and least profitable orders, CAC by month, and the
 * Overview's net profit card against its monthly target. Costs are read from the stored settings
 * at each query, so a saved change applies at once.
 */
import {
  adChannelProfit,
  cacByMonth,
  customerValue,
  dimensionProfit,
  customerModels,
  fitCustomerModels,
  feeGateways,
  matchLabelCosts,
  orderProfitTable,
  pnl,
  pnlOf,
  pnlSeries,
  productProfit,
  targetPace,
  type AdChannelProfitRow,
  type CacMonth,
  type CostsLike,
  type CustomerModels,
  type FitInput,
  type ModelFit,
  type CustomerValue,
  type Dataset,
  type DimensionProfitRow,
  type LabelMatch,
  type LabelsLike,
  type OrderProfitTable,
  type Pnl,
  type PnlResult,
  type PnlSeries,
  type ProductProfitRow,
  type ProfitDimension,
  type Query,
  type TargetPaceRow,
} from '../analytics/index.ts';
import type { StrCol } from '../analytics/types.ts';
import { costSettingsSchema } from '../schema/costs.ts';
import { isoMonthOf, isoOf, monthIndex, monthOf, monthStartDay } from '../time/index.ts';

export type {
  CustomerValue,
  AdChannelProfitRow,
  CacMonth,
  DimensionProfitRow,
  OrderProfitTable,
  PnlResult,
  PnlSeries,
  ProductProfitRow,
};

/** Everything the Profit screen draws for one query. */
export interface ProfitScreen extends PnlResult {
  /** Which cost settings are set, so the screen can say what is missing. */
  costsSet: {
    shipping: boolean;
    paymentFees: boolean;
    fixedCosts: boolean;
    defaultMargins: boolean;
    /** Whether any ad spend was imported (without it, the ad spend line is not a fact). */
    adSpend: boolean;
  };
  /** The payment-fee rates and fixed costs in force, for "explain this number". */
  costs: CostsLike;
  /** How imported label costs matched the orders (null: none imported). */
  labels: Omit<LabelMatch, 'costs'> | null;
  series: PnlSeries;
}

/** The Profit screen's breakdowns, asked apart so the P&L paints first. */
export interface ProfitBreakdowns {
  /** By ad channel as Marketing attributes orders (same spend, revenue, new customers, CAC). */
  byChannel: AdChannelProfitRow[];
  byProduct: ProductProfitRow[];
  byDimension: Record<ProfitDimension, DimensionProfitRow[]>;
  orders: OrderProfitTable;
  cac: CacMonth[];
}

/** The Overview's net profit card: the month to date against the month's net profit target. */
export interface ProfitCard {
  month: string;
  /** First day of the month and the last day counted (today, or the month's last day). */
  start: string;
  end: string;
  daysElapsed: number;
  daysInMonth: number;
  /** The month to date's P&L (its net profit is the card's value). */
  pnl: Pnl;
  /** The same days of the month before, for the change. */
  previous: Pnl;
  /** Pace against the month's 'profit' target (null when none is set). */
  target: TargetPaceRow | null;
  costs: CostsLike;
  currency: string;
}

/** The cost settings of a stored settings record (defaults filled; none stored → no costs). */
export function costsOf(stored: { costs?: unknown } | null | undefined): CostsLike {
  const parsed = costSettingsSchema.safeParse(stored?.costs ?? {});
  return parsed.success ? parsed.data : costSettingsSchema.parse({});
}

const DIMENSIONS: ProfitDimension[] = [
  'salesChannel',
  'productType',
  'vendor',
  'country',
  'discountCode',
];

/** Builds the profit query methods over the worker's loaded dataset and stored cost settings. */
export function createProfitQueries(
  loadDataset: () => Promise<Dataset>,
  readCosts: () => Promise<CostsLike>,
  /** The orders' names (#1001) in the loaded row order, when the dataset does not hold them. */
  readOrderNames?: (ds: Dataset) => Promise<StrCol | null>,
  /** The stored label costs (a label-cost import), if any. */
  readLabels?: () => Promise<LabelsLike | null>,
  /** Runs the customer-value fit elsewhere (the worker passes workerFitRunner(): its own thread). */
  fit?: ((input: FitInput) => Promise<ModelFit | null>) | null,
) {
  // Label costs are matched to the loaded orders once per dataset, before any cost is computed.
  let labelsOf: { ds: Dataset; match: Promise<Omit<LabelMatch, 'costs'> | null> } | null = null;
  const attachLabels = (ds: Dataset) => {
    if (labelsOf?.ds !== ds) {
      const match = (async () => {
        const labels = readLabels ? await readLabels() : null;
        if (!labels || labels.length === 0) return null;
        const names = ds.orders.columns.number ?? (await readOrderNames?.(ds)) ?? undefined;
        const { costs, ...rest } = matchLabelCosts(ds, labels, names);
        ds.labelCosts = costs;
        return rest;
      })();
      labelsOf = { ds, match };
    }
    return labelsOf.match;
  };
  const ensureLoaded = async () => {
    const ds = await loadDataset();
    await attachLabels(ds);
    return ds;
  };
  // Customer value spans every order and fits two models: once per loaded dataset and costs.
  let valueCache: { ds: Dataset; costs: string; value: CustomerValue } | null = null;
  // The models depend on the orders only: a cost change in Settings does not fit them again.
  let modelCache: { ds: Dataset; models: Promise<CustomerModels | null> } | null = null;
  const modelsOf = (ds: Dataset) => {
    if (modelCache?.ds !== ds) {
      // On the fit's own thread: queries asked meanwhile (a range change) are answered here as
      // usual. Where that thread cannot start, the fit runs here.
      const models = fit
        ? customerModels(ds, fit).catch(() => fitCustomerModels(ds))
        : Promise.resolve().then(() => fitCustomerModels(ds));
      modelCache = { ds, models };
    }
    return modelCache.models;
  };
  return {
    /**
     * The Customers screen's value against cost: CAC payback and LTV:CAC per acquisition cohort,
     * 12-month value by first product, channel and discount code, predicted value per customer.
     */
    async customerValue(): Promise<CustomerValue & { currency: string }> {
      const ds = await ensureLoaded();
      const costs = await readCosts();
      const key = JSON.stringify(costs);
      if (valueCache?.ds !== ds || valueCache.costs !== key) {
        // The predicted-value table names customers by their order numbers (#1001), not keys.
        const [names, models] = await Promise.all([
          (async () => ds.orders.columns.number ?? (await readOrderNames?.(ds)) ?? undefined)(),
          modelsOf(ds),
        ]);
        valueCache = { ds, costs: key, value: customerValue(ds, costs, 20, names, models) };
      }
      return { ...valueCache.value, currency: ds.currency };
    },

    /** The payment gateways of the stored orders with their order counts (Settings' fee rates). */
    async feeGateways(): Promise<{ gateway: string; orders: number }[]> {
      return feeGateways(await ensureLoaded());
    },

    /** The Profit screen's P&L: with comparison and coverage, and per day, week or month (`q.grain`). */
    async profit(q: Query): Promise<ProfitScreen> {
      const ds = await ensureLoaded();
      const costs = await readCosts();
      return {
        ...pnl(ds, q, costs),
        costsSet: {
          shipping:
            costs.shippingPerOrder > 0 ||
            costs.shippingByCountry.length > 0 ||
            (costs.shippingByWeight ?? []).length > 0,
          paymentFees: costs.paymentFees.length > 0,
          fixedCosts: costs.fixedCosts.length > 0,
          defaultMargins: costs.defaultMargins.length > 0,
          adSpend: (ds.spend?.length ?? 0) > 0,
        },
        costs,
        labels: await attachLabels(ds),
        series: pnlSeries(ds, { ...q, grain: q.grain ?? 'day' }, costs),
      };
    },

    /** Profit by ad channel, product and the other dimensions, the best and worst orders, CAC by month. */
    async profitBreakdowns(q: Query): Promise<ProfitBreakdowns> {
      const ds = await ensureLoaded();
      const costs = await readCosts();
      const byDimension = {} as Record<ProfitDimension, DimensionProfitRow[]>;
      for (const d of DIMENSIONS) byDimension[d] = dimensionProfit(ds, q, costs, d);
      return {
        byChannel: adChannelProfit(ds, q, costs),
        byProduct: productProfit(ds, q, costs),
        byDimension,
        orders: orderProfitTable(
          ds,
          q,
          costs,
          10,
          ds.orders.columns.number ?? (await readOrderNames?.(ds)) ?? undefined,
        ),
        cac: cacByMonth(ds, q),
      };
    },

    /**
     * The Overview's net profit card: the month to date of the month holding "today" (or `month`),
     * compared with the same days of the month before, and its pace against a 'profit' target.
     */
    async profitCard(month?: string): Promise<ProfitCard> {
      const ds = await ensureLoaded();
      const costs = await readCosts();
      const m = month ?? isoMonthOf(monthOf(ds.nowDay));
      const mi = monthIndex(m);
      const s = monthStartDay(mi);
      const last = monthStartDay(mi + 1) - 1;
      const e = Math.max(s, Math.min(ds.nowDay, last));
      const ps = monthStartDay(mi - 1);
      const pe = Math.min(ps + (e - s), monthStartDay(mi) - 1);
      const pace = targetPace(
        ds,
        m,
        ds.targets.filter((t) => t.metric === 'profit'),
        costs,
      );
      return {
        month: m,
        start: isoOf(s),
        end: isoOf(e),
        daysElapsed: pace.daysElapsed,
        daysInMonth: pace.daysInMonth,
        pnl: pnlOf(ds, s, e, costs),
        previous: pnlOf(ds, ps, pe, costs),
        target: pace.rows[0] ?? null,
        costs,
        currency: ds.currency,
      };
    },
  };
}

/** The profit queries' type, merged into the worker API. */
export type ProfitQueries = ReturnType<typeof createProfitQueries>;
