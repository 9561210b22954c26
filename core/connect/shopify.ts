/**
 * Shopify Admin GraphQL API: the pinned version, the bulk queries the first sync runs, and the
 * reader of a bulk operation's JSONL result into the store's records. Pure: no fetch here (the
 * extension's background does the requests). Shapes follow shopify.dev:
 * - https://shopify.dev/docs/api/usage/bulk-operations/queries (JSONL, `__parentId`, at most five
 *   connections, nesting depth two)
 * - https://shopify.dev/docs/api/admin-graphql/2025-10/objects/Refund (createdAt, refundLineItems,
 *   refundShippingLines, totalRefundedSet; a Refund has no processedAt of its own)
 * - https://shopify.dev/docs/api/admin-graphql/2025-10/objects/RefundShippingLine
 *   (subtotalAmountSet, taxAmountSet)
 * - https://shopify.dev/docs/api/admin-graphql/2025-10/objects/BulkOperation
 */
import type { Line, Order, Product } from '../schema/store.ts';
import { currencyDigits } from '../schema/money.ts';
import { customerKeyOf } from '../ingest/hash.ts';
import { channelOf } from '../ingest/channel.ts';
import { formatRefunds, type RefundEvent } from '../schema/refunds.ts';

/** The one place the Admin API version is pinned (a stable quarterly version). */
export const SHOPIFY_API_VERSION = '2025-10';

/** `https://{shop}.myshopify.com/admin/api/{version}/graphql.json`. */
export function shopifyGraphqlUrl(shopOrigin: string): string {
  return `${shopOrigin}/admin/api/${SHOPIFY_API_VERSION}/graphql.json`;
}

const money = 'shopMoney { amount currencyCode }';

/** Orders for the bulk operation: four connections (orders, lineItems, refundLineItems, refundShippingLines). */
export function ordersBulkQuery(updatedSince: string | null): string {
  const filter = updatedSince ? `(query: "updated_at:>'${updatedSince}'")` : '';
  return `{ orders${filter} { edges { node {
  id legacyResourceId name createdAt updatedAt cancelledAt currencyCode email
  displayFinancialStatus displayFulfillmentStatus sourceName discountCodes
  customer { id }
  billingAddress { countryCodeV2 } shippingAddress { countryCodeV2 }
  subtotalPriceSet { ${money} } totalDiscountsSet { ${money} } totalShippingPriceSet { ${money} }
  totalTaxSet { ${money} } totalPriceSet { ${money} } totalRefundedSet { ${money} }
  transactions { gateway kind status }
  lineItems { edges { node {
    id sku name variantTitle quantity isGiftCard
    originalUnitPriceSet { ${money} } totalDiscountSet { ${money} }
    product { id productType vendor } variant { id }
  } } }
  refunds { id createdAt totalRefundedSet { ${money} }
    refundLineItems { edges { node { id quantity lineItem { id } subtotalSet { ${money} } totalTaxSet { ${money} } } } }
    refundShippingLines { edges { node { id subtotalAmountSet { ${money} } taxAmountSet { ${money} } } } }
  }
} } } }`;
}

/**
 * Products and variants with their cost and stock (inventoryItem needs read_inventory). Stock is
 * each location's `on_hand` (…/objects/InventoryLevel, quantities(names:)), summed as the import
 * of Shopify's inventory CSV sums "On hand (current)" over its Location rows; the variant's
 * `inventoryQuantity` counts only what is available (on hand less committed), so it is the
 * fallback for a variant without levels. Three connections deep, within the bulk limit of five
 * connections nested at most two below the root (…/usage/bulk-operations/queries).
 */
export function productsBulkQuery(updatedSince: string | null): string {
  const filter = updatedSince ? `(query: "updated_at:>'${updatedSince}'")` : '';
  return `{ products${filter} { edges { node {
  id handle title vendor productType onlineStoreUrl
  variants { edges { node {
    id sku title price compareAtPrice barcode inventoryQuantity selectedOptions { value }
    inventoryItem { unitCost { amount currencyCode }
      inventoryLevels { edges { node { id location { id name } quantities(names: ["on_hand"]) { name quantity } } } } }
  } } }
} } } }`;
}

type MoneySet = { shopMoney?: { amount?: string; currencyCode?: string } } | null | undefined;
type Obj = Record<string, unknown>;

/** "12.34" in a currency → minor units (12.34 USD → 1234, 1200 JPY → 1200). */
export function toMinor(amount: string | number | null | undefined, currency: string): number {
  if (amount === null || amount === undefined || amount === '') return 0;
  const n = Number(amount);
  if (!Number.isFinite(n)) throw new Error(`“${String(amount).slice(0, 40)}” is not an amount.`);
  return Math.round(n * 10 ** currencyDigits(currency));
}

const amt = (s: MoneySet, cur: string) => toMinor(s?.shopMoney?.amount, cur);
const gidTail = (gid: unknown) => String(gid ?? '').replace(/^gid:\/\/shopify\/\w+\//, '');
const kindOf = (gid: unknown) => /^gid:\/\/shopify\/(\w+)\//.exec(String(gid ?? ''))?.[1] ?? '';
const ms = (s: unknown) => (typeof s === 'string' && s ? Date.parse(s) : null);

/** An order as the store keeps it, plus the refund split the API gives and the CSV lacks. */
export interface SyncedOrder {
  order: Order;
  lines: (Line & { giftCard: boolean })[];
  /** Refunded shipping and taxes (minor units), from the refunds' shipping and tax parts. */
  refundedShipping: number;
  refundedTaxes: number;
  /** The payment gateways of the order's transactions ("shopify_payments", "manual"). */
  gateways: string[];
}

interface PendingRefund {
  createdAt: number | null;
  total: MoneySet;
  lineItems: Obj[];
  shipping: Obj[];
}

/**
 * Reads a bulk operation's JSONL result, line by line (the file is streamed, never held whole).
 * Children come after their parent and point at it with `__parentId`; the order is complete when
 * the next order starts (bulk output keeps children right after their parent), or at `finish()`.
 *
 * Several refunds of one order: `refunded` is their sum and `refundedAt` the latest refund's
 * date, and `refunds` keeps each one with its own date and goods/shipping/tax split (so each
 * counts on its own day); each refunded line keeps its quantity.
 */
export class ShopifyOrdersReader {
  private current: {
    o: Obj;
    lines: Obj[];
    refunds: Map<string, PendingRefund>;
  } | null = null;
  constructor(
    private readonly salt: string,
    private readonly emit: (o: SyncedOrder) => void,
  ) {}

  /** One line of the JSONL file. */
  push(text: string): void {
    if (text.trim() === '') return;
    const rec = JSON.parse(text) as Obj;
    const kind = kindOf(rec.id);
    if (kind === 'Order') {
      this.flush();
      const refunds = new Map<string, PendingRefund>();
      for (const r of (rec.refunds as Obj[] | undefined) ?? []) {
        refunds.set(String(r.id), {
          createdAt: ms(r.createdAt),
          total: r.totalRefundedSet as MoneySet,
          lineItems: edgesOf(r.refundLineItems),
          shipping: edgesOf(r.refundShippingLines),
        });
      }
      this.current = { o: rec, lines: [], refunds };
      return;
    }
    const cur = this.current;
    if (!cur) throw new Error('The bulk result has a line item before any order.');
    if (kind === 'LineItem') {
      cur.lines.push(rec);
    } else if (kind === 'RefundLineItem' || kind === 'RefundShippingLine') {
      const r = cur.refunds.get(String(rec.__parentId));
      if (!r) throw new Error('The bulk result has a refund part whose refund is missing.');
      (kind === 'RefundLineItem' ? r.lineItems : r.shipping).push(rec);
    }
  }

  /** Emits the last order. */
  finish(): void {
    this.flush();
  }

  private flush(): void {
    const cur = this.current;
    this.current = null;
    if (!cur) return;
    this.emit(mapShopifyOrder(cur.o, cur.lines, [...cur.refunds.values()], this.salt));
  }
}

function edgesOf(conn: unknown): Obj[] {
  const c = conn as { edges?: { node: Obj }[]; nodes?: Obj[] } | undefined;
  return c?.nodes ?? c?.edges?.map((e) => e.node) ?? [];
}

function mapShopifyOrder(
  o: Obj,
  lines: Obj[],
  refunds: PendingRefund[],
  salt: string,
): SyncedOrder {
  const currency = String(o.currencyCode ?? '');
  const createdAt = ms(o.createdAt) ?? NaN;
  const id = String(o.legacyResourceId ?? gidTail(o.id));
  const refundedQty = new Map<string, number>();
  let refundedShipping = 0;
  let refundedTaxes = 0;
  let refundedAt: number | null = null;
  const events: RefundEvent[] = [];
  const position = new Map(lines.map((l, pos) => [String(l.id), pos]));
  for (const r of refunds) {
    if (r.createdAt !== null) refundedAt = Math.max(refundedAt ?? 0, r.createdAt);
    let shipping = 0;
    let taxes = 0;
    const units = new Map<number, number>();
    for (const li of r.lineItems) {
      const lid = String((li.lineItem as Obj | undefined)?.id ?? '');
      const q = Number(li.quantity ?? 0);
      refundedQty.set(lid, (refundedQty.get(lid) ?? 0) + q);
      const pos = position.get(lid);
      if (pos !== undefined) units.set(pos, (units.get(pos) ?? 0) + q);
      taxes += amt(li.totalTaxSet as MoneySet, currency);
    }
    for (const s of r.shipping) {
      shipping += amt(s.subtotalAmountSet as MoneySet, currency);
      taxes += amt(s.taxAmountSet as MoneySet, currency);
    }
    refundedShipping += shipping;
    refundedTaxes += taxes;
    // Each refund on its own day, with its own split, as Shopify's sales report dates it.
    const amount = amt(r.total, currency);
    if (r.createdAt !== null && amount > 0)
      events.push({ at: r.createdAt, amount, shipping, taxes, lines: units });
  }
  const customer = String(o.email ?? '') || gidTail((o.customer as Obj | null)?.id);
  const country =
    String((o.billingAddress as Obj | null)?.countryCodeV2 ?? '') ||
    String((o.shippingAddress as Obj | null)?.countryCodeV2 ?? '');
  const order: Order = {
    id,
    number: String(o.name ?? id),
    createdAt,
    customerKey: customerKeyOf(customer, salt),
    currency,
    subtotal: amt(o.subtotalPriceSet as MoneySet, currency),
    discounts: amt(o.totalDiscountsSet as MoneySet, currency),
    shipping: amt(o.totalShippingPriceSet as MoneySet, currency),
    taxes: amt(o.totalTaxSet as MoneySet, currency),
    total: amt(o.totalPriceSet as MoneySet, currency),
    refunded: amt(o.totalRefundedSet as MoneySet, currency),
    refundedAt,
    refundedShipping,
    refundedTaxes,
    kind: 'order',
    financialStatus: String(o.displayFinancialStatus ?? '').toLowerCase(),
    fulfillmentStatus: String(o.displayFulfillmentStatus ?? '').toLowerCase(),
    cancelledAt: ms(o.cancelledAt),
    // As the CSV import reads the export's Source column (the same sourceName: web, pos, …).
    channel: channelOf({ source: String(o.sourceName ?? '') }),
    utmSource: '',
    utmMedium: '',
    utmCampaign: '',
    referrer: '',
    landingPage: '',
    discountCode: ((o.discountCodes as string[] | undefined) ?? []).join(', '),
    country,
    gateway: '',
    refunds: formatRefunds(events),
  };
  const outLines = lines.map((l) => {
    const product = (l.product as Obj | null) ?? {};
    return {
      orderId: id,
      createdAt,
      sku: String(l.sku ?? ''),
      productId: gidTail(product.id),
      variantId: gidTail((l.variant as Obj | null)?.id),
      title: String(l.name ?? ''),
      productType: String(product.productType ?? ''),
      vendor: String(product.vendor ?? ''),
      quantity: Number(l.quantity ?? 0),
      unitPrice: amt(l.originalUnitPriceSet as MoneySet, currency),
      discount: amt(l.totalDiscountSet as MoneySet, currency),
      refundedQuantity: refundedQty.get(String(l.id)) ?? 0,
      currency,
      giftCard: l.isGiftCard === true,
    };
  });
  const gateways = [
    ...new Set(((o.transactions as Obj[] | undefined) ?? []).map((t) => String(t.gateway ?? ''))),
  ].filter(Boolean);
  order.gateway = gateways.join(' + ');
  return { order, lines: outLines, refundedShipping, refundedTaxes, gateways };
}

/**
 * Reads a products bulk result (ProductVariant lines point at their Product). Prices are in the
 * shop's currency; a variant without SKU is keyed by handle and option values, as the CSV import
 * of Shopify's products export keys it, so the two never make two products of one.
 */
export function readShopifyProducts(
  jsonl: Iterable<string>,
  now: number,
  shopCurrency = 'USD',
): Product[] {
  const products = new Map<string, Obj>();
  const out: Product[] = [];
  /** Variants by id, and those whose stock is summed from their locations' lines. */
  const variants = new Map<string, Product>();
  const fromLevels = new Set<Product>();
  for (const text of jsonl) {
    if (text.trim() === '') continue;
    const rec = JSON.parse(text) as Obj;
    if (kindOf(rec.id) === 'Product') {
      products.set(String(rec.id), rec);
      continue;
    }
    if (kindOf(rec.id) === 'InventoryLevel') {
      const v = variants.get(String(rec.__parentId));
      const q = ((rec.quantities as { name?: string; quantity?: number }[] | undefined) ?? []).find(
        (x) => x.name === 'on_hand',
      );
      if (!v || typeof q?.quantity !== 'number') continue;
      if (!fromLevels.has(v)) {
        fromLevels.add(v);
        v.onHand = 0;
        v.locations = [];
      }
      v.onHand = (v.onHand ?? 0) + q.quantity;
      // Each location's own figure too, by its name as the admin shows it (the sum stays onHand).
      const loc = (rec.location as { name?: unknown; id?: unknown } | null | undefined) ?? {};
      const name = String(loc.name ?? '') || gidTail(loc.id) || 'Location';
      v.locations!.push({ name: name.slice(0, 300), onHand: q.quantity });
      continue;
    }
    if (kindOf(rec.id) !== 'ProductVariant') continue;
    const p = products.get(String(rec.__parentId)) ?? {};
    const cost = (rec.inventoryItem as Obj | null)?.unitCost as
      { amount?: string; currencyCode?: string } | null | undefined;
    const currency = cost?.currencyCode ?? shopCurrency;
    const variantTitle = String(rec.title ?? '');
    const options = ((rec.selectedOptions as { value?: string }[] | undefined) ?? [])
      .map((o) => String(o.value ?? ''))
      .filter((v) => v !== '' && v !== 'Default Title');
    const product: Product = {
      sku: String(rec.sku ?? '') || [String(p.handle ?? gidTail(p.id)), ...options].join('/'),
      productId: gidTail(p.id),
      variantId: gidTail(rec.id),
      handle: String(p.handle ?? ''),
      title: String(p.title ?? ''),
      variantTitle: variantTitle === 'Default Title' ? '' : variantTitle,
      vendor: String(p.vendor ?? ''),
      productType: String(p.productType ?? ''),
      currency,
      price: toMinor(rec.price as string, currency),
      compareAtPrice: rec.compareAtPrice ? toMinor(rec.compareAtPrice as string, currency) : null,
      cost: cost?.amount ? toMinor(cost.amount, currency) : null,
      barcode: String(rec.barcode ?? '').replace(/\D/g, ''),
      onHand: typeof rec.inventoryQuantity === 'number' ? rec.inventoryQuantity : null,
      onOrder: 0,
      leadTimeDays: null,
      leadTimeSdDays: null,
      moq: null,
      url: typeof p.onlineStoreUrl === 'string' ? p.onlineStoreUrl : '',
      updatedAt: now,
    };
    out.push(product);
    variants.set(String(rec.id), product);
  }
  return out;
}

/** The GraphQL cost extension (https://shopify.dev/docs/api/usage/limits#cost-calculation). */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/** How long to wait before a query of `cost` points can run (0 when it can run now). */
export function throttleWaitMs(t: ThrottleStatus | null | undefined, cost: number): number {
  if (!t || t.currentlyAvailable >= cost) return 0;
  return Math.ceil(((cost - t.currentlyAvailable) / Math.max(1, t.restoreRate)) * 1000);
}

/** An API error in the manager's words; never repeats a token or secret. */
export function shopifyErrorText(status: number, body: unknown): string {
  if (status === 401)
    return 'Shopify refused the access token. Check it in your app’s settings, or connect again.';
  if (status === 402) return 'This shop is frozen (unpaid plan); Shopify answers no API calls.';
  if (status === 404) return 'No shop at this address. Check the myshopify.com address.';
  if (status === 429) return 'Shopify asked Storelens to slow down; it will retry by itself.';
  if (status >= 500) return `Shopify had a server error (${status}); Storelens will retry later.`;
  const errors = (body as { errors?: { message?: string; extensions?: Obj }[] } | null)?.errors;
  const denied = errors?.find((e) => e.extensions?.code === 'ACCESS_DENIED');
  if (denied) {
    const scope = /read_\w+/.exec(String(denied.message ?? ''))?.[0] ?? 'a read scope';
    return `The token lacks ${scope}; add it in your app’s settings.`;
  }
  return errors?.[0]?.message
    ? `Shopify said: ${String(errors[0].message).slice(0, 300)}`
    : `Shopify answered ${status}.`;
}
