import { z, currencyCode, minor, utcMs, saneMs, httpUrl, httpUrlOrEmpty } from './common.ts';

/** Where a captured value came from, most trusted first. */
export const valueSource = z.enum([
  'platform-json',
  'json-ld',
  'microdata',
  'rdfa',
  'open-graph',
  'visible-text',
  'user-pick',
]);
export type ValueSource = z.infer<typeof valueSource>;

export const availability = z.enum([
  'InStock',
  'OutOfStock',
  'BackOrder',
  'PreOrder',
  'PreSale',
  'LimitedAvailability',
  'InStoreOnly',
  'OnlineOnly',
  'SoldOut',
  'Discontinued',
  'Unknown',
]);
export type Availability = z.infer<typeof availability>;

/** A competitor product the manager tracks. */
export const trackedProductSchema = z.object({
  id: z.string().min(1),
  url: httpUrl,
  domain: z.string(),
  platform: z.string().default('unknown'),
  name: z.string(),
  brand: z.string().default(''),
  sku: z.string().default(''),
  gtin: z.string().default(''),
  mpn: z.string().default(''),
  image: httpUrlOrEmpty.default(''),
  variantId: z.string().default(''),
  paused: z.boolean().default(false),
  createdAt: saneMs,
  updatedAt: utcMs,
  deleted: z.boolean().default(false),
});
export type TrackedProduct = z.infer<typeof trackedProductSchema>;

/** One observation of a tracked product's price and stock. */
export const priceSnapshotSchema = z.object({
  productId: z.string().min(1),
  at: saneMs,
  price: minor.nullable(),
  wasPrice: minor.nullable().default(null),
  currency: currencyCode.nullable(),
  availability: availability.default('Unknown'),
  /** Source of each captured field, e.g. { price: 'json-ld' }. */
  sources: z.record(z.string(), valueSource).default({}),
  /** Set when the check failed; price is then null and history is kept. */
  error: z.string().nullable().default(null),
});
export type PriceSnapshot = z.infer<typeof priceSnapshotSchema>;

export const findingStatus = z.enum(['pass', 'warn', 'fail', 'n/a']);
export const auditFindingSchema = z.object({
  id: z.string(),
  status: findingStatus,
  title: z.string(),
  detail: z.string().default(''),
  fix: z.string().default(''),
});
export const auditSchema = z.object({
  id: z.string().min(1),
  url: httpUrl,
  at: saneMs,
  score: z.number().min(0).max(100),
  findings: z.array(auditFindingSchema),
  updatedAt: utcMs.default(0),
  deleted: z.boolean().default(false),
});
export type Audit = z.infer<typeof auditSchema>;

/** A competitor product matched to an own SKU. */
export const matchSchema = z.object({
  id: z.string().min(1),
  trackedProductId: z.string().min(1),
  sku: z.string().min(1),
  method: z.enum(['gtin', 'sku', 'mpn', 'title', 'manual']),
  score: z.number().min(0).max(1),
  status: z.enum(['auto', 'confirmed', 'rejected']),
  updatedAt: utcMs,
  deleted: z.boolean().default(false),
});
export type Match = z.infer<typeof matchSchema>;

/** The own-catalog summary the overlay shows next to a competitor's price. */
export const catalogItemSchema = z.object({
  sku: z.string().min(1),
  title: z.string(),
  gtin: z.string().default(''),
  mpn: z.string().default(''),
  brand: z.string().default(''),
  currency: currencyCode,
  price: minor,
  onHand: z.number().int().nullable().default(null),
  daysOfCover: z.number().nullable().default(null),
  updatedAt: utcMs.default(0),
});
export type CatalogItem = z.infer<typeof catalogItemSchema>;
