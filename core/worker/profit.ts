/**
 * The Profit screen's queries (issue 19): the P&L of a period with its comparison period and
 * coverage, the P&L per day, week or month, by channel and by product, and CAC by month. Costs
 * are read from the stored settings at each query, so a saved change applies at once.
 */
import {
  cacByMonth,
  channelProfit,
  pnl,
  pnlSeries,
  productProfit,
  type CacMonth,
  type ChannelProfitRow,
  type CostsLike,
  type Dataset,
  type PnlResult,
  type PnlSeries,
  type ProductProfitRow,
  type Query,
} from '../analytics/index.ts';
import { costSettingsSchema } from '../schema/costs.ts';

export type { CacMonth, ChannelProfitRow, PnlResult, PnlSeries, ProductProfitRow };

/** Everything the Profit screen draws for one query. */
export interface ProfitScreen extends PnlResult {
  /** Which cost settings are set, so the screen can say what is missing. */
  costsSet: {
    shipping: boolean;
    paymentFees: boolean;
    fixedCosts: boolean;
    defaultMargins: boolean;
  };
  /** The payment-fee rates and fixed costs in force, for "explain this number". */
  costs: CostsLike;
  series: PnlSeries;
}

/** The Profit screen's breakdowns, asked apart so the P&L paints first. */
export interface ProfitBreakdowns {
  byChannel: ChannelProfitRow[];
  byProduct: ProductProfitRow[];
  cac: CacMonth[];
}

/** The cost settings of a stored settings record (defaults filled; none stored → no costs). */
export function costsOf(stored: { costs?: unknown } | null | undefined): CostsLike {
  const parsed = costSettingsSchema.safeParse(stored?.costs ?? {});
  return parsed.success ? parsed.data : costSettingsSchema.parse({});
}

/** Builds the profit query methods over the worker's loaded dataset and stored cost settings. */
export function createProfitQueries(
  ensureLoaded: () => Promise<Dataset>,
  readCosts: () => Promise<CostsLike>,
) {
  return {
    /** The Profit screen's P&L: with comparison and coverage, and per day, week or month (`q.grain`). */
    async profit(q: Query): Promise<ProfitScreen> {
      const ds = await ensureLoaded();
      const costs = await readCosts();
      return {
        ...pnl(ds, q, costs),
        costsSet: {
          shipping: costs.shippingPerOrder > 0 || costs.shippingByCountry.length > 0,
          paymentFees: costs.paymentFees.length > 0,
          fixedCosts: costs.fixedCosts.length > 0,
          defaultMargins: costs.defaultMargins.length > 0,
        },
        costs,
        series: pnlSeries(ds, { ...q, grain: q.grain ?? 'day' }, costs),
      };
    },

    /** Profit by channel (down to contribution after marketing), gross profit by product, CAC by month. */
    async profitBreakdowns(q: Query): Promise<ProfitBreakdowns> {
      const ds = await ensureLoaded();
      const costs = await readCosts();
      return {
        byChannel: channelProfit(ds, q, costs),
        byProduct: productProfit(ds, q, costs),
        cac: cacByMonth(ds, q),
      };
    },
  };
}

/** The profit queries' type, merged into the worker API. */
export type ProfitQueries = ReturnType<typeof createProfitQueries>;
