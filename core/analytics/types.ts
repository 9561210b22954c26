/**
 * Structural mirrors of core/schema's columnar tables and records. core/analytics imports nothing,
 * so these are declared here; a `ColumnTable<typeof orderColumns>` etc. from core/schema fits them.
 * Money is in minor units of each row's currency; timestamps are UTC ms; NaN = missing.
 */

/**
 * A dictionary-encoded string column: `dict[codes[i]]` is row i's value. Codes are never negative;
 * tables read from storage hold them at the width their dictionary needs (1 or 2 bytes for most
 * columns), so code that writes new codes does so into its own Int32Array.
 */
export interface StrCol {
  codes: Int32Array | Uint16Array | Uint8Array;
  dict: string[];
}

/**
 * A number column: Float64Array, or Int32Array when a table read from storage holds only whole
 * int32 values (amounts in cents; half the memory). NaN-holding and timestamp columns stay f64.
 */
export type NumCol = Float64Array | Int32Array;
/** An integer column: Int32Array, or narrower when a stored table's values fit (quantities, flags). */
export type IntCol = Int32Array | Int16Array | Int8Array;

/**
 * A mostly-empty number column held sparse (core/analytics/sparse.ts: read it with `valueAt`):
 * rows with a value other than `empty` (NaN or 0) are set in `bits`; `rank[w]` counts the set
 * rows before row 32·w, and `values` holds their values in row order.
 */
export interface SparseCol {
  length: number;
  empty: number;
  bits: Uint32Array;
  rank: Int32Array;
  values: Float64Array;
}

/** The order columns analytics reads (core/schema `orderColumns`). */
export interface OrdersColumns {
  id: StrCol;
  /** The order's name as the platform shows it (#1001); absent in older tables. */
  number?: StrCol;
  createdAt: NumCol;
  customerKey: StrCol;
  currency: StrCol;
  discounts: NumCol;
  shipping: NumCol;
  taxes: NumCol;
  /** The order's original total (before refunds): gross − discounts + shipping + taxes. */
  total: NumCol;
  /** The refund and cancel columns, mostly 0 or missing, a dataset holds sparse (DatasetOrdersColumns). */
  refunded: NumCol;
  refundedAt: NumCol;
  /** The shipping and tax parts of `refunded`; NaN when the export did not split the refund. */
  refundedShipping: NumCol;
  refundedTaxes: NumCol;
  /** 'order', or 'return' for a credit note (never counted as an order). */
  kind: StrCol;
  cancelledAt: NumCol;
  channel: StrCol;
  utmSource: StrCol;
  utmMedium: StrCol;
  utmCampaign: StrCol;
  discountCode: StrCol;
  country: StrCol;
  /** Payment gateway(s), " + "-joined ("" unknown): which payment-fee rule applies. */
  gateway: StrCol;
  /**
   * Each refund with its own date and split (core/schema refunds.ts), from a store connection;
   * "" or absent: the order's one refund (`refunded` on `refundedAt`).
   */
  refunds?: StrCol;
}

/** The order columns a dataset holds sparse (dataset.ts SPARSE_ORDER_COLUMNS). */
export type SparseOrderColumn =
  'refunded' | 'refundedAt' | 'refundedShipping' | 'refundedTaxes' | 'cancelledAt';
/** The order columns as a dataset holds them: the refund and cancel columns sparse. */
export type DatasetOrdersColumns = Omit<OrdersColumns, SparseOrderColumn> &
  Record<SparseOrderColumn, SparseCol>;

/** The line columns as a dataset holds them: the line discount (0 on most lines) sparse. */
export type DatasetLinesColumns = Omit<LinesColumns, 'discount'> & { discount: SparseCol };

/** The line columns analytics reads (core/schema `lineColumns`). */
export interface LinesColumns {
  orderId: StrCol;
  sku: StrCol;
  title: StrCol;
  /** Keys a line without SKU to its own product (platform ids, '' when unknown). */
  productId: StrCol;
  variantId: StrCol;
  productType: StrCol;
  vendor: StrCol;
  quantity: IntCol;
  unitPrice: NumCol;
  discount: NumCol;
  refundedQuantity: IntCol;
  /** 1 for a gift card sold (not a sale: listed apart). */
  giftCard: IntCol;
}

/** Daily traffic per channel (core/schema `trafficColumns`). */
export interface TrafficColumns {
  date: StrCol;
  channel: StrCol;
  sessions: IntCol;
  productViews: IntCol;
  addToCarts: IntCol;
  checkouts: IntCol;
  purchases: IntCol;
}

/** Daily ad spend per channel/campaign (core/schema `spendColumns`). */
export interface SpendColumns {
  date: StrCol;
  channel: StrCol;
  campaign: StrCol;
  currency: StrCol;
  spend: NumCol;
  impressions: IntCol;
  clicks: IntCol;
}

/** A columnar table of some column shape. */
export interface Table<C> {
  length: number;
  columns: C;
}

/** The product fields analytics reads (core/schema `Product`). */
export interface ProductLike {
  sku: string;
  title: string;
  vendor?: string;
  productType?: string;
  currency: string;
  price: number;
  cost?: number | null;
  /** Shipping weight of one unit, grams (null or absent: not known). */
  weight?: number | null;
  onHand?: number | null;
  /** On hand per location (core/schema `productSchema.locations`); `onHand` is their sum. */
  locations?: readonly { name: string; onHand: number }[];
  onOrder?: number;
  leadTimeDays?: number | null;
  leadTimeSdDays?: number | null;
  moq?: number | null;
}

/** One arm of an experiment (core/schema `experimentVariantSchema`). */
export interface VariantLike {
  name: string;
  visitors: number;
  conversions: number;
  revenue?: number | null;
  revenueSumSquares?: number | null;
}

/** An A/B test (core/schema `Experiment`). */
export interface ExperimentLike {
  id: string;
  name: string;
  startDate: string;
  endDate?: string | null;
  plannedSplit?: number[];
  plannedVisitorsPerVariant?: number | null;
  metric?: 'conversion' | 'revenue';
  variants: VariantLike[];
}

/** 'profit' is net profit (core/analytics/profit.ts). */
export type TargetMetric = 'netSales' | 'totalSales' | 'orders' | 'aov' | 'newCustomers' | 'profit';

/** A monthly target (core/schema `Target`). */
export interface TargetLike {
  id: string;
  metric: TargetMetric;
  month: string;
  value: number;
}

/** FX rate: one unit of `from` in the reporting currency, for orders of `month` ('YYYY-MM'). */
export interface FxRateLike {
  month: string;
  from: string;
  rate: number;
}

/** The settings analytics needs. */
export interface SettingsLike {
  timezone: string;
  currency: string;
  fxRates: FxRateLike[];
  refundDating: 'refund' | 'order';
}
