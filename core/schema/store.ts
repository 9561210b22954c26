import {
  z,
  currencyCode,
  minor,
  utcMs,
  saneMs,
  isoDay,
  isoMonth,
  count,
  httpUrlOrEmpty,
  timeZoneName,
} from './common.ts';
import { costSettingsSchema } from './costs.ts';

/** An order: money in minor units of `currency`, times UTC. Keyed by the platform's order id. */
export const orderSchema = z.object({
  id: z.string().min(1),
  number: z.string(),
  createdAt: saneMs,
  /** Salted hash of the customer's email or id; never the email itself unless the user opts in. */
  customerKey: z.string(),
  email: z.string().optional(),
  currency: currencyCode,
  subtotal: minor,
  discounts: minor,
  shipping: minor,
  taxes: minor,
  total: minor,
  refunded: minor.default(0),
  refundedAt: saneMs.nullable().default(null),
  /**
   * The shipping and tax parts of `refunded`, when the export splits the refund; null when it does
   * not (analytics then states the rule it applied: full refund → goods = total − shipping −
   * taxes; partial → goods pro rata to the goods' share of the total).
   */
  refundedShipping: minor.nullable().default(null),
  refundedTaxes: minor.nullable().default(null),
  /**
   * 'return': a credit note, or an invoice with no positive line. Money fields are 0 except
   * `refunded` (the goods value) and `refundedAt` (its date); its lines have quantity 0 and
   * refundedQuantity = |quantity|. It is never counted as an order.
   */
  kind: z.enum(['order', 'return']).default('order'),
  financialStatus: z.string().default(''),
  fulfillmentStatus: z.string().default(''),
  cancelledAt: saneMs.nullable().default(null),
  /** Marketing channel derived from source/UTM, e.g. "Paid search", "Email", "Direct". */
  channel: z.string().default(''),
  utmSource: z.string().default(''),
  utmMedium: z.string().default(''),
  utmCampaign: z.string().default(''),
  referrer: z.string().default(''),
  landingPage: z.string().default(''),
  discountCode: z.string().default(''),
  /** ISO 3166-1 alpha-2 billing (else shipping) country, or "". */
  country: z.string().default(''),
  /**
   * The payment gateway(s) as the platform names them ("Shopify Payments", "PayPal Express
   * Checkout", "manual"); several joined with " + ". "" when unknown (older imports).
   */
  gateway: z.string().default(''),
  /**
   * Each refund with its own date and goods/shipping/tax split (schema/refunds.ts), when a store
   * connection read them; "" otherwise (CSV imports: the one refund above).
   */
  refunds: z.string().default(''),
});
export type Order = z.infer<typeof orderSchema>;

/** One line item of an order. `discount` is the line's total discount in minor units. */
export const lineSchema = z.object({
  orderId: z.string().min(1),
  /** The order's createdAt, repeated so line analytics need no join. */
  createdAt: saneMs,
  sku: z.string(),
  productId: z.string().default(''),
  variantId: z.string().default(''),
  title: z.string(),
  productType: z.string().default(''),
  vendor: z.string().default(''),
  quantity: count,
  unitPrice: minor,
  discount: minor.default(0),
  refundedQuantity: count.default(0),
  /** A gift card sold: not a sale (a liability until redeemed), listed apart. */
  giftCard: z.preprocess((v) => (v === 1 ? true : v === 0 ? false : v), z.boolean().default(false)),
  currency: currencyCode,
});
export type Line = z.infer<typeof lineSchema>;

/** A sellable variant (one SKU) of the own catalog. */
export const productSchema = z.object({
  sku: z.string().min(1),
  productId: z.string().default(''),
  variantId: z.string().default(''),
  handle: z.string().default(''),
  title: z.string(),
  variantTitle: z.string().default(''),
  vendor: z.string().default(''),
  productType: z.string().default(''),
  currency: currencyCode,
  price: minor,
  compareAtPrice: minor.nullable().default(null),
  cost: minor.nullable().default(null),
  /** Shipping weight of one unit in grams (null or absent: not known), for shipping weight bands. */
  weight: z.number().min(0).max(1e9).nullable().optional(),
  /** GTIN/EAN/UPC as printed, digits only. */
  barcode: z.string().default(''),
  onHand: z.number().int().nullable().default(null),
  /**
   * On hand per location, where the platform keeps stock at several (Shopify's inventory levels,
   * its inventory export's Location rows); `onHand` stays their sum, which planning uses. Absent
   * when the source has one figure (WooCommerce, a products export).
   */
  locations: z
    .array(z.object({ name: z.string().max(300), onHand: z.number().int() }))
    .max(1000)
    .optional(),
  onOrder: count.default(0),
  leadTimeDays: z.number().min(0).nullable().default(null),
  leadTimeSdDays: z.number().min(0).nullable().default(null),
  moq: count.nullable().default(null),
  url: httpUrlOrEmpty.default(''),
  updatedAt: utcMs.default(0),
});
export type Product = z.infer<typeof productSchema>;

/** Daily web traffic and funnel steps for one channel. */
export const trafficSchema = z.object({
  date: isoDay,
  channel: z.string(),
  sessions: count,
  productViews: count,
  addToCarts: count,
  checkouts: count,
  purchases: count,
});
export type Traffic = z.infer<typeof trafficSchema>;

/** What a carrier charged for an order's shipping label(s) (schema/columns `labelColumns`). */
export const labelCostSchema = z.object({
  orderNumber: z.string().min(1),
  shippedOn: z.union([isoDay, z.literal('')]).default(''),
  carrier: z.string().default(''),
  tracking: z.string().default(''),
  cost: minor,
  currency: currencyCode,
});
export type LabelCost = z.infer<typeof labelCostSchema>;

/** Daily ad spend for one channel/campaign. */
export const spendSchema = z.object({
  date: isoDay,
  channel: z.string(),
  campaign: z.string().default(''),
  currency: currencyCode,
  spend: minor,
  impressions: count.default(0),
  clicks: count.default(0),
});
export type Spend = z.infer<typeof spendSchema>;

export const experimentVariantSchema = z.object({
  name: z.string().min(1),
  visitors: count,
  conversions: count,
  /** Total revenue of the variant in minor units, when known. */
  revenue: minor.nullable().default(null),
  /** Sum of squared per-visitor revenue (minor units²), for the Welch t-test. */
  revenueSumSquares: z.number().min(0).nullable().default(null),
});
export const experimentSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  startDate: isoDay,
  endDate: isoDay.nullable().default(null),
  /** The visitors/day plan and intended split (weights sum to anything; normalised). */
  plannedSplit: z.array(z.number().positive()).default([]),
  plannedVisitorsPerVariant: count.nullable().default(null),
  metric: z.enum(['conversion', 'revenue']).default('conversion'),
  currency: currencyCode.optional(),
  variants: z.array(experimentVariantSchema).min(2),
  updatedAt: utcMs.default(0),
});
export type Experiment = z.infer<typeof experimentSchema>;

export const targetMetric = z.enum([
  'netSales',
  'totalSales',
  'orders',
  'aov',
  'newCustomers',
  'profit',
]);
export const targetSchema = z.object({
  id: z.string().min(1),
  metric: targetMetric,
  month: isoMonth,
  value: z.number().min(0),
  updatedAt: utcMs.default(0),
});
export type Target = z.infer<typeof targetSchema>;

export const fxRateSchema = z.object({
  month: isoMonth,
  from: currencyCode,
  /** One unit of `from` in the reporting currency. */
  rate: z.number().positive(),
});
export type FxRate = z.infer<typeof fxRateSchema>;

export const settingsSchema = z.object({
  /** IANA timezone the store reports in; days are cut here. */
  timezone: timeZoneName.default('UTC'),
  currency: currencyCode.default('USD'),
  fxRates: z.array(fxRateSchema).default([]),
  refundDating: z.enum(['refund', 'order']).default('refund'),
  keepEmails: z.boolean().default(false),
  /** Salt for customer-key hashing; made once per install. */
  salt: z.string().default(''),
  locale: z.string().optional(),
  demo: z.boolean().default(false),
  /** The manager's commentary of each month's report, by month (YYYY-MM). */
  reportNotes: z.record(isoMonth, z.string().max(20_000)).optional(),
  /** The profit view's costs (issue 19): fees, shipping, fixed costs, default margins. */
  costs: costSettingsSchema.optional(),
  updatedAt: utcMs.default(0),
});
export type Settings = z.infer<typeof settingsSchema>;
