/**
 * Cost settings of the profit view (issue 19, REFERENCE.md "Profit"): default margins where a
 * product has no cost, shipping cost rules, dated payment-fee rates, monthly fixed costs and
 * whether returned units go back to stock. Money in minor units of the reporting currency.
 */
import { z, isoDay, minor } from './common.ts';

export const defaultMarginSchema = z.object({
  by: z.enum(['productType', 'vendor']),
  key: z.string(),
  /** Gross margin rate 0–1: cost = net sales × (1 − margin). */
  margin: z.number().min(0).max(1),
});

export const paymentFeeSchema = z.object({
  /**
   * The gateway the rate is for, as the orders name it ("Shopify Payments", "PayPal Express
   * Checkout"; compared without case, "_" as a space); "" for every gateway without a rate of its own.
   */
  gateway: z.string().max(200).default(''),
  /** Applies to orders from this day on, until the next rule's day (of the same gateway). */
  from: isoDay,
  /** Share of the order total, 0–1 (2.9% = 0.029). */
  percent: z.number().min(0).max(1),
  /** Per transaction, minor units. */
  fixed: minor,
});

/**
 * Shipping cost of an order by its weight (the sum of its goods lines' product weight × quantity):
 * over `fromGrams` up to and including `toGrams` (a band from 0 takes weight 0 too), to one
 * country (ISO alpha-2) or, with country '', to any.
 */
export const shippingWeightSchema = z.object({
  country: z.string().max(2).default(''),
  fromGrams: z.number().min(0).max(1e9),
  toGrams: z.number().min(0).max(1e9),
  cost: minor,
});

export const fixedCostSchema = z.object({
  name: z.string(),
  /** Per month, minor units; spread evenly over the month's days. */
  monthly: minor,
});

export const costSettingsSchema = z.object({
  defaultMargins: z.array(defaultMarginSchema).default([]),
  /** Shipping cost per order, and per country (ISO alpha-2) where it differs. */
  shippingPerOrder: minor.default(0),
  shippingByCountry: z.array(z.object({ country: z.string(), cost: minor })).default([]),
  /** By weight band (optionally per country): wins over the country's and the flat cost. */
  shippingByWeight: z.array(shippingWeightSchema).default([]),
  paymentFees: z.array(paymentFeeSchema).default([]),
  fixedCosts: z.array(fixedCostSchema).default([]),
  /** Returned units go back to stock: their cost of goods is reversed. */
  returnsToStock: z.boolean().default(true),
});
export type CostSettings = z.infer<typeof costSettingsSchema>;
