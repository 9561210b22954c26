/** Words for the import screen: format names, mapping fields, date formats, sizes. */
import { FORMAT_LIST } from '../../../core/ingest/registry.ts';
import { formatNumber } from '../../../core/ui/format.ts';

/** Format ids → what the manager calls the file, from the import-format registry. */
export const FORMAT_LABELS: Record<string, string> = Object.fromEntries(
  FORMAT_LIST.map((f) => [f.id, f.label]),
);

/** The formats the user can pick instead of the detected one. */
export const PICKABLE_FORMATS = FORMAT_LIST.filter((f) => f.pickable).map((f) => f.id);

export function formatLabel(id: string): string {
  return FORMAT_LABELS[id] ?? id;
}

export type Entity = 'order' | 'product' | 'traffic' | 'spend';

export const ENTITY_LABELS: Record<Entity, string> = {
  order: 'Orders (one row per order or per order line)',
  product: 'Products (one row per SKU)',
  traffic: 'Traffic (sessions per day and channel)',
  spend: 'Ad spend (cost per day and campaign)',
};

/** The entity a mapping field belongs to (order lines are mapped with their orders). */
export function entityOf(field: string): Entity {
  const e = field.split('.')[0];
  if (e === 'product' || e === 'traffic' || e === 'spend') return e;
  return 'order';
}

/** The entity most of a mapping's fields belong to. */
export function entityOfMapping(mapping: Record<string, string>): Entity {
  const counts = new Map<Entity, number>();
  for (const f of Object.keys(mapping)) counts.set(entityOf(f), (counts.get(entityOf(f)) ?? 0) + 1);
  let best: Entity = 'order';
  let n = 0;
  for (const [e, c] of counts) if (c > n) [best, n] = [e, c];
  return best;
}

const FIELD_LABELS: Record<string, string> = {
  'order.id': 'Order id',
  'order.createdAt': 'Order date',
  'order.email': 'Customer email (hashed, not stored)',
  'order.customerId': 'Customer id (hashed)',
  'order.currency': 'Currency',
  'order.subtotal': 'Subtotal',
  'order.discounts': 'Discounts',
  'order.shipping': 'Shipping',
  'order.taxes': 'Taxes',
  'order.total': 'Order total',
  'order.refunded': 'Refunded amount',
  'order.financialStatus': 'Payment status',
  'order.fulfillmentStatus': 'Fulfilment status',
  'order.cancelledAt': 'Cancelled at',
  'order.source': 'Sales channel / source',
  'order.utmSource': 'UTM source',
  'order.utmMedium': 'UTM medium',
  'order.utmCampaign': 'UTM campaign',
  'order.referrer': 'Referrer',
  'order.landingPage': 'Landing page',
  'order.discountCode': 'Discount code',
  'order.country': 'Country',
  'order.gateway': 'Payment method (gateway)',
  'line.sku': 'Line: SKU',
  'line.title': 'Line: product name',
  'line.quantity': 'Line: quantity',
  'line.unitPrice': 'Line: unit price',
  'line.discount': 'Line: discount',
  'line.vendor': 'Line: vendor',
  'line.productType': 'Line: product type',
  'product.sku': 'SKU',
  'product.title': 'Product name',
  'product.price': 'Price',
  'product.compareAtPrice': 'Compare-at price',
  'product.cost': 'Unit cost',
  'product.barcode': 'Barcode (GTIN/EAN/UPC)',
  'product.onHand': 'Stock on hand',
  'product.vendor': 'Vendor',
  'product.productType': 'Product type',
  'product.leadTimeDays': 'Lead time (days)',
  'product.moq': 'Minimum order quantity',
  'product.url': 'Product URL',
  'traffic.date': 'Date',
  'traffic.channel': 'Channel',
  'traffic.sessions': 'Sessions',
  'traffic.productViews': 'Product views',
  'traffic.addToCarts': 'Add-to-carts',
  'traffic.checkouts': 'Checkouts',
  'traffic.purchases': 'Purchases',
  'spend.date': 'Date',
  'spend.channel': 'Channel',
  'spend.campaign': 'Campaign',
  'spend.currency': 'Currency',
  'spend.spend': 'Spend',
  'spend.impressions': 'Impressions',
  'spend.clicks': 'Clicks',
};

/** A mapping field in words ("order.createdAt" → "Order date"). */
export function fieldLabel(field: string): string {
  if (FIELD_LABELS[field]) return FIELD_LABELS[field];
  const name = field.split('.').slice(1).join('.') || field;
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

export const DATE_FORMATS = [
  { id: 'YYYY-MM-DD', label: '2024-01-31 (year-month-day)' },
  { id: 'DD/MM/YYYY', label: '31/01/2024 (day first)' },
  { id: 'MM/DD/YYYY', label: '01/31/2024 (month first)' },
] as const;

/** Guesses the date format of a column from its first values (by majority: a bad row may disagree). */
export function guessDateFormat(values: readonly string[]): string | null {
  let dayFirst = 0;
  let monthFirst = 0;
  let iso = 0;
  for (const v of values) {
    const t = v.trim();
    if (/^\d{4}-\d{1,2}-\d{1,2}/.test(t)) iso++;
    const m = /^(\d{1,2})[./-](\d{1,2})[./-]\d{2,4}/.exec(t);
    if (m) {
      if (Number(m[1]) > 12) dayFirst++;
      if (Number(m[2]) > 12) monthFirst++;
    }
  }
  if (iso > dayFirst + monthFirst) return 'YYYY-MM-DD';
  if (dayFirst > monthFirst) return 'DD/MM/YYYY';
  if (monthFirst > dayFirst) return 'MM/DD/YYYY';
  return null;
}

/** Bytes in words: 1.2 MB. */
export function sizeText(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return `${formatNumber(n, { digits: i ? 1 : 0 })} ${units[i]}`;
}

export const TABLE_LABELS: Record<string, string> = {
  orders: 'Orders',
  lines: 'Order lines',
  products: 'Products',
  traffic: 'Traffic days',
  spend: 'Ad spend days',
  labels: 'Shipping label costs',
};
