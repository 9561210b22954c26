/**
 * The import formats: one object per format, listed once, in detection order. The reader, the
 * import worker, the Import screen and the docs (core/ingest/README.md, checked by a test) all read
 * this list; adding a format is one entry here plus its reader module in `formats/`.
 */
import type { ColumnPattern } from './header.ts';
import type { Context, Sink } from './formats/context.ts';
import { genericSink, wooOrdersSink } from './formats/generic.ts';
import { adSpendSink, ga4TrafficSink } from './formats/marketing.ts';
import { LABEL_COST, LABEL_ORDER, labelCostsSink } from './formats/labels.ts';
import {
  SHOPIFY_PRODUCT_COLUMNS,
  shopifyInventorySink,
  shopifyProductsSink,
  WOO_PRODUCT_COLUMNS,
  wooProductsSink,
} from './formats/products.ts';
import { normHeader } from './header.ts';
import { shopifyOrdersSink } from './formats/shopify-orders.ts';

/** Every format id, in detection order (earlier wins a tie). */
export const FORMAT_IDS = [
  'shopify-orders',
  'shopify-products',
  'shopify-inventory',
  'woocommerce-products',
  'woocommerce-orders',
  'ga4-traffic',
  'ad-spend',
  'label-costs',
  'generic',
  'storelens-bundle',
] as const;
export type FormatId = (typeof FORMAT_IDS)[number];

/** A column a format cannot be read correctly without. */
export interface RequiredColumn {
  /** The column as the platform writes it; named in the error. */
  name: string;
  /** Other spellings that count (compared loosely) or a pattern on the loose form. */
  also?: readonly ColumnPattern[];
  /** What would be wrong without it, in the manager's words ("every order total would read as 0"). */
  why: string;
  /**
   * The currency column: a file without it is read once the user has confirmed the currency of
   * its amounts (`ReadOptions.fileCurrency`), never in the store currency unasked.
   */
  currency?: true;
}

/** One import format: how it is recognised, read, named and split. */
export interface ImportFormat<Id extends string = string> {
  readonly id: Id;
  /** What the manager calls the file (the Import screen's picker): "Shopify orders export". */
  readonly label: string;
  /** The same inside a sentence: "a Shopify orders export". */
  readonly article: string;
  /** Where the file comes from, for "what to do" in messages: "Shopify admin → Orders → Export". */
  readonly source: string;
  /** `csv`: a header row then data rows; `json`: a Storelens bundle (starts with `{` or `[`). */
  readonly kind: 'csv' | 'json';
  /**
   * The header's signature: all `required` columns present makes it a candidate; `typical` ones
   * raise the confidence. Null: never detected from a header (chosen, or recognised by `kind`).
   */
  readonly detect: {
    readonly required: readonly ColumnPattern[];
    readonly typical: readonly ColumnPattern[];
    /** How many `typical` columns a header needs besides `required` ones (default 0). */
    readonly minTypical?: number;
  } | null;
  /** Columns without which the file is refused, each named in the error with what it would cost. */
  readonly requiredColumns: readonly RequiredColumn[];
  /**
   * The row reader for a file's header (`ctx.header`, `ctx.options`); null when there is nothing
   * to read yet (a generic file before its column mapping) or the format is not row-based (JSON).
   */
  readonly read: ((ctx: Context) => Sink | null) | null;
  /** Whether a big file may be read in byte ranges on several threads (its reader groups rows). */
  readonly ranges: boolean;
  /** Whether the Import screen offers it to pick instead of the detected format. */
  readonly pickable: boolean;
  /** What a reading of it holds, for the docs: "orders and lines". */
  readonly gives: string;
  /**
   * When several files are imported together, readings are applied in this order (lower first):
   * products before stock levels (which update products) before facts.
   */
  readonly applyOrder: number;
}

/** A pattern matching any of these column names (compared loosely). */
function anyOf(names: readonly string[]): RegExp {
  const alts = names.map((n) => normHeader(n).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^(${alts.join('|')})$`);
}

const SP = SHOPIFY_PRODUCT_COLUMNS;
const WP = WOO_PRODUCT_COLUMNS;

const shopifyOrders: ImportFormat<'shopify-orders'> = {
  id: 'shopify-orders',
  label: 'Shopify orders export',
  article: 'a Shopify orders export',
  source: 'Shopify admin → Orders → Export → All orders, CSV for Excel, Numbers or other',
  kind: 'csv',
  // A subset of Shopify's columns is still Shopify's (a report with Name, Subtotal, Shipping,
  // Taxes, Total, Created at and the billing address): Name and Created at plus four of its own.
  detect: {
    required: ['name', 'created at'],
    minTypical: 4,
    typical: [
      'lineitem quantity',
      'lineitem price',
      'billing city',
      'billing zip',
      'billing province',
      'billing country',
      'email',
      'financial status',
      'paid at',
      'fulfillment status',
      'currency',
      'subtotal',
      'shipping',
      'taxes',
      'total',
      'discount code',
      'discount amount',
      'lineitem name',
      'lineitem sku',
      'refunded amount',
      'cancelled at',
      'id',
      'source',
    ],
  },
  requiredColumns: [
    { name: 'Name', why: 'rows could not be grouped into orders' },
    { name: 'Created at', why: 'orders would have no date' },
    {
      name: 'Currency',
      why: 'the amounts would be read in the store currency, which may not be the currency of the orders',
      currency: true,
    },
    { name: 'Total', why: 'every order total would read as 0' },
  ],
  read: shopifyOrdersSink,
  ranges: true,
  pickable: true,
  gives: 'orders and their lines',
  applyOrder: 2,
};

const shopifyProducts: ImportFormat<'shopify-products'> = {
  id: 'shopify-products',
  label: 'Shopify products export',
  article: 'a Shopify products export',
  source: 'Shopify admin → Products → Export → All products, CSV for Excel, Numbers or other',
  kind: 'csv',
  // The classic header ("Handle", "Variant Price") and the 2024+ one ("URL handle", "Price").
  detect: {
    required: [anyOf(SP.handle), 'title', anyOf(SP.price)],
    typical: [
      /^(body \(html\)|description)$/,
      'vendor',
      'type',
      'tags',
      /^(published|published on online store)$/,
      'option1 name',
      'option1 value',
      anyOf(SP.sku),
      anyOf(SP.qty),
      anyOf(SP.compareAt),
      anyOf(SP.barcode),
      'cost per item',
      'status',
    ],
  },
  requiredColumns: [
    {
      name: 'Handle',
      also: [anyOf(SP.handle)],
      why: 'variants could not be grouped into products',
    },
    { name: 'Title', why: 'products would have no name' },
    { name: 'Variant Price', also: [anyOf(SP.price)], why: 'variants would have no price' },
  ],
  read: shopifyProductsSink,
  ranges: false,
  pickable: true,
  gives: 'products (one per variant)',
  applyOrder: 0,
};

const shopifyInventory: ImportFormat<'shopify-inventory'> = {
  id: 'shopify-inventory',
  label: 'Shopify inventory export',
  article: 'a Shopify inventory export',
  source: 'Shopify admin → Products → Inventory → Export',
  kind: 'csv',
  detect: {
    required: ['handle', 'title', 'sku'],
    typical: [
      'option1 name',
      'option1 value',
      'hs code',
      'coo',
      'location',
      'available',
      'on hand',
      'available (not editable)',
      'on hand (current)',
      'on hand (new)',
      'incoming (not editable)',
      'committed (not editable)',
    ],
  },
  requiredColumns: [
    { name: 'Handle', why: 'stock could not be matched to products' },
    { name: 'Title', why: 'stock rows would have no product name' },
    { name: 'SKU', why: 'stock could not be matched to products' },
  ],
  read: shopifyInventorySink,
  ranges: false,
  pickable: true,
  gives: 'stock on hand per SKU, summed over locations',
  applyOrder: 1,
};

const wooProducts: ImportFormat<'woocommerce-products'> = {
  id: 'woocommerce-products',
  label: 'WooCommerce product export',
  article: 'a WooCommerce product export',
  source: 'WordPress admin → Products → Export',
  kind: 'csv',
  // English or one of WooCommerce's translated headers (pt-BR, de, fr, es).
  detect: {
    required: ['id', anyOf(WP.type), anyOf(WP.sku), anyOf(WP.name), anyOf(WP.regular)],
    typical: [
      /^(published|publicado|veröffentlicht|publié)$/,
      /^(is featured\?|em destaque\?|ist hervorgehoben\?|mis en avant \?|¿está destacado\?)$/,
      /^(visibility in catalog|visibilidade no catálogo|sichtbarkeit im katalog|visibilité dans le catalogue|visibilidad en el catálogo)$/,
      /^(short description|descrição curta|kurzbeschreibung|description courte|descripción corta)$/,
      /^(description|descrição|beschreibung|descripción)$/,
      anyOf(WP.sale),
      /^(in stock\?|em estoque\?|vorrätig\?|en stock \?|¿existencias\?)$/,
      anyOf(WP.stock),
      anyOf(WP.parent),
      anyOf(WP.categories),
      /^(tags|schlagwörter|étiquettes|etiquetas)$/,
      /^(images|imagens|bilder|imágenes)$/,
      /^(tax status|status do imposto|steuerstatus|état de la tva|estado del impuesto)$/,
      /^(weight|peso|gewicht|poids) \(/,
    ],
  },
  requiredColumns: [
    { name: 'ID', why: 'variations could not be matched to their products' },
    {
      name: 'Type',
      also: [anyOf(WP.type)],
      why: 'variable parents could not be told from sellable products',
    },
    { name: 'SKU', also: [anyOf(WP.sku)], why: 'orders could not be matched to products' },
    { name: 'Name', also: [anyOf(WP.name)], why: 'products would have no name' },
    { name: 'Regular price', also: [anyOf(WP.regular)], why: 'products would have no price' },
  ],
  read: wooProductsSink,
  ranges: false,
  pickable: true,
  gives: 'products (simple products and variations)',
  applyOrder: 0,
};

const wooOrders: ImportFormat<'woocommerce-orders'> = {
  id: 'woocommerce-orders',
  label: 'WooCommerce Analytics orders',
  article: 'a WooCommerce Analytics orders download',
  source: 'WordPress admin → Analytics → Orders → Download',
  kind: 'csv',
  detect: {
    required: ['date', 'order #', 'status', /^net sales$/],
    typical: [
      'customer',
      'customer type',
      'product(s)',
      'items sold',
      'coupon(s)',
      'origin',
      'attribution',
    ],
  },
  requiredColumns: [
    { name: 'Date', why: 'orders would have no date' },
    { name: 'Order #', why: 'rows could not be told apart as orders' },
    { name: 'Status', why: 'cancelled orders would count as sales' },
    { name: 'Net sales', why: 'every order total would read as 0' },
  ],
  read: wooOrdersSink,
  ranges: false,
  pickable: true,
  gives: 'orders without lines (needs the store currency)',
  applyOrder: 2,
};

const ga4Traffic: ImportFormat<'ga4-traffic'> = {
  id: 'ga4-traffic',
  label: 'GA4 report (traffic per channel)',
  article: 'a GA4 report export',
  source: 'GA4 → Reports → Acquisition → Traffic acquisition → Share → Download CSV',
  kind: 'csv',
  detect: {
    required: [/^sessions$/, /^(date|day|date \+ hour \(yyyymmddhh\))$/],
    typical: [
      /channel group/,
      /session source/,
      'engaged sessions',
      'engagement rate',
      'views',
      'items viewed',
      'add to carts',
      'items added to cart',
      'checkouts',
      'items checked out',
      'ecommerce purchases',
      'purchases',
      'transactions',
      'total users',
    ],
  },
  requiredColumns: [
    {
      name: 'Date',
      also: [/^(date|day|date \+ hour \(yyyymmddhh\))$/],
      why: 'sessions would have no day',
    },
    { name: 'Sessions', why: 'there would be no traffic to read' },
  ],
  read: ga4TrafficSink,
  ranges: false,
  pickable: true,
  gives: 'sessions and funnel steps per day and channel',
  applyOrder: 2,
};

const adSpend: ImportFormat<'ad-spend'> = {
  id: 'ad-spend',
  label: 'Ad spend (Google Ads, Meta Ads)',
  article: 'a Google Ads or Meta Ads report',
  source:
    'Google Ads → Campaigns → Download (with the Day segment), or Meta Ads Manager → Reports → Export, by day',
  kind: 'csv',
  detect: {
    required: [
      /^(day|date|reporting starts)$/,
      /^(campaign|campaign name)$/,
      /^(cost|amount spent( \([a-z]{3}\))?|spend)$/,
    ],
    typical: [
      'impr.',
      'impressions',
      'clicks',
      'link clicks',
      'clicks (all)',
      'currency code',
      'currency',
      'campaign type',
      'reporting ends',
      'reach',
      'ctr',
      'avg. cpc',
      'conversions',
      'results',
    ],
  },
  requiredColumns: [
    { name: 'Day', also: [/^(day|date|reporting starts)$/], why: 'spend would have no day' },
    {
      name: 'Campaign',
      also: [/^(campaign|campaign name)$/],
      why: 'spend could not be told apart by campaign',
    },
    {
      name: 'Cost',
      also: [/^(cost|amount spent( \([a-z]{3}\))?|spend)$/],
      why: 'there would be no spend to read',
    },
  ],
  read: adSpendSink,
  ranges: false,
  pickable: true,
  gives: 'spend, impressions and clicks per day, channel and campaign',
  applyOrder: 2,
};

const labelCosts: ImportFormat<'label-costs'> = {
  id: 'label-costs',
  label: 'Shipping label costs',
  article: 'a shipping label cost export',
  source:
    'ShipStation → Shipments → Export, Shippo → Transactions → Export, Pirate Ship → Reports → Export: one row per label with the order number and its cost',
  kind: 'csv',
  detect: {
    required: [LABEL_ORDER, LABEL_COST],
    minTypical: 1,
    typical: [
      /^(carrier|provider|shipping provider|courier)$/,
      /^(service|shipping service|service level)$/,
      /^(tracking ?#|tracking number|tracking no\.?|tracking)$/,
      /^(ship date|shipped|shipped on|date shipped|label date)$/,
      /^(weight|weight \(oz\)|weight \(lb\)|weight \(g\)|package|package type)$/,
      /^(recipient|ship to|ship to name|ship to - name)$/,
      'insurance cost',
    ],
  },
  requiredColumns: [
    {
      name: 'Order Number',
      also: [LABEL_ORDER],
      why: 'label costs could not be matched to orders',
    },
    { name: 'Shipment Cost', also: [LABEL_COST], why: 'there would be no label cost to read' },
  ],
  read: labelCostsSink,
  ranges: false,
  pickable: true,
  gives: 'what the carrier charged per order (replaces the shipping cost rules)',
  applyOrder: 2,
};

const generic: ImportFormat<'generic'> = {
  id: 'generic',
  label: 'Other CSV (map the columns)',
  article: 'a CSV file',
  source: 'any CSV with a header row, read through a column mapping',
  kind: 'csv',
  detect: null,
  // The mapping step names the fields each entity needs (`genericSink`).
  requiredColumns: [],
  read: (ctx) => {
    const mapping = ctx.options.mapping;
    return mapping && Object.keys(mapping).length > 0 ? genericSink(ctx, mapping) : null;
  },
  ranges: false,
  pickable: true,
  gives: 'orders (with lines), products, traffic or spend, as mapped',
  applyOrder: 2,
};

const bundle: ImportFormat<'storelens-bundle'> = {
  id: 'storelens-bundle',
  label: 'Storelens bundle',
  article: 'a Storelens bundle',
  source: 'Storelens → Settings → Export bundle (.json or .json.gz)',
  kind: 'json',
  detect: null,
  requiredColumns: [],
  // Parsed as JSON by the reader; the sync module validates it.
  read: null,
  ranges: false,
  pickable: false,
  gives: 'the parsed JSON (validated by core/sync)',
  applyOrder: 2,
};

/** The registry: every format by id. A missing or mistyped entry does not compile. */
export const FORMATS = {
  'shopify-orders': shopifyOrders,
  'shopify-products': shopifyProducts,
  'shopify-inventory': shopifyInventory,
  'woocommerce-products': wooProducts,
  'woocommerce-orders': wooOrders,
  'ga4-traffic': ga4Traffic,
  'ad-spend': adSpend,
  'label-costs': labelCosts,
  generic,
  'storelens-bundle': bundle,
} as const satisfies { readonly [K in FormatId]: ImportFormat<K> };

/** The formats in detection order (what `createExportReader` uses unless told otherwise). */
export const FORMAT_LIST: readonly ImportFormat<FormatId>[] = FORMAT_IDS.map((id) => FORMATS[id]);

/** The format object of an id (`undefined` for an unknown id). */
export function formatOf(id: string): ImportFormat<FormatId> | undefined {
  return Object.hasOwn(FORMATS, id) ? FORMATS[id as FormatId] : undefined;
}
