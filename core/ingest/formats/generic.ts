import type { Line, Order, Product, Spend, Traffic } from '../../schema/store.ts';
import { channelOf, type Channel } from '../channel.ts';
import { parseDay } from '../dates.ts';
import { IngestError } from '../errors.ts';
import { customerKeyOf } from '../hash.ts';
import { normHeader } from '../header.ts';
import { clip, country, str, wholeNumber, type Context, type Sink } from './context.ts';

function emptyOrder(id: string): Order {
  return {
    id,
    number: id,
    createdAt: 0,
    customerKey: '',
    currency: '',
    subtotal: 0,
    discounts: 0,
    shipping: 0,
    taxes: 0,
    total: 0,
    refunded: 0,
    refundedAt: null,
    refundedShipping: null,
    refundedTaxes: null,
    kind: 'order',
    financialStatus: '',
    fulfillmentStatus: '',
    cancelledAt: null,
    channel: '',
    utmSource: '',
    utmMedium: '',
    utmCampaign: '',
    referrer: '',
    landingPage: '',
    discountCode: '',
    country: '',
    gateway: '',
    refunds: '',
  };
}

/** A WooCommerce "Origin" ("Organic: Google", "Source: Newsletter", "Direct") as a channel. */
export function wooChannel(attribution: string): Channel {
  const [kind = '', rest = ''] = attribution.split(':').map((x) => x.trim());
  switch (kind.toLowerCase()) {
    case 'direct':
      return 'Direct';
    case 'organic':
      return channelOf({ utmSource: rest, utmMedium: 'organic' });
    case 'referral':
      return channelOf({ referrer: rest });
    case 'source':
    case 'utm':
      return channelOf({ utmSource: rest });
    case 'web admin':
      return 'Draft orders';
    default:
      return 'Unassigned';
  }
}

/**
 * WooCommerce Analytics → Orders "Download" CSV: one row per order (Date, Order #, Status,
 * Customer, Customer type, Product(s), Items sold, Coupon(s), Net sales, Origin/Attribution). The file has
 * no currency (the store currency is used) and no line detail. A refund appears as an extra row
 * with negative net sales on the refund date; it is folded into its order.
 */
export function wooOrdersSink(ctx: Context): Sink {
  const c = {
    date: ctx.col('Date'),
    order: ctx.col('Order #'),
    status: ctx.col('Status'),
    customer: ctx.col('Customer'),
    coupons: ctx.col('Coupon(s)'),
    net: ctx.col('Net sales', 'Net Sales'),
    attribution: ctx.col('Attribution', 'Origin'),
  };
  const currency = (ctx.options.reportingCurrency ?? '').toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) {
    throw new IngestError(
      'bad-option',
      'A WooCommerce Analytics orders file has no currency column. Choose the store currency, then import the file again.',
    );
  }
  const digits = ctx.digits(currency);
  const salt = ctx.options.salt ?? '';
  const orders = new Map<string, Order>();
  const refunds: { id: string; amount: number; at: number }[] = [];
  return {
    want: ctx.wantOf(Object.values(c)),
    row(f, row) {
      const id = str(f, c.order).replace(/^#/, '');
      const before = ctx.errors.length;
      if (id === '')
        ctx.error(row, c.order, `'Order #' is empty. Every row needs its order number.`);
      const at = ctx.time(f, c.date, row);
      const net = ctx.money(f, c.net, row, digits);
      if (ctx.errors.length > before) {
        ctx.rejected++;
        return;
      }
      if (net < 0) {
        refunds.push({ id, amount: -net, at });
        return;
      }
      const status = str(f, c.status).toLowerCase();
      const o = emptyOrder(id);
      o.createdAt = at;
      o.customerKey = customerKeyOf(str(f, c.customer), salt);
      o.currency = currency;
      o.subtotal = net;
      o.total = net;
      o.financialStatus = status;
      o.cancelledAt = status === 'cancelled' ? at : null;
      o.channel = wooChannel(str(f, c.attribution));
      o.discountCode = str(f, c.coupons);
      orders.set(id, o);
    },
    finish() {
      let unmatched = 0;
      for (const r of refunds) {
        const o = orders.get(r.id);
        if (!o) {
          unmatched++;
          continue;
        }
        o.refunded += r.amount;
        o.refundedAt = Math.max(o.refundedAt ?? 0, r.at);
      }
      if (unmatched > 0) {
        ctx.warnings.push(
          `${unmatched} refund rows (negative net sales) belong to orders outside this file's date range and were not imported. Download a range that includes the original orders to see these refunds.`,
        );
      }
      return { orders: [...orders.values()] };
    },
  };
}

/** Entity fields a generic file can be mapped to, with header names that usually hold them. */
export const MAPPABLE_FIELDS: Record<string, string[]> = {
  'order.id': [
    'order id',
    'order',
    'order number',
    'order #',
    'order no',
    'invoice no',
    'invoice number',
    'invoice',
    'id',
    'name',
    'bestellnummer',
    'commande',
  ],
  'order.createdAt': [
    'created at',
    'order date',
    'invoice date',
    'date',
    'created',
    'datum',
    'timestamp',
    'purchase date',
  ],
  'order.email': ['email', 'customer email', 'e-mail', 'buyer email'],
  'order.customerId': ['customer id', 'customer', 'client id', 'buyer'],
  'order.currency': ['currency', 'currency code', 'währung'],
  'order.subtotal': ['subtotal', 'sub total', 'net', 'net sales'],
  'order.discounts': ['discount', 'discounts', 'discount amount'],
  'order.shipping': ['shipping', 'shipping cost', 'delivery'],
  'order.taxes': ['tax', 'taxes', 'vat', 'tax amount'],
  'order.total': ['total', 'order total', 'amount', 'grand total', 'revenue', 'gesamt'],
  'order.refunded': ['refunded', 'refunded amount', 'refund', 'refunds'],
  'order.financialStatus': ['status', 'financial status', 'payment status', 'order status'],
  'order.fulfillmentStatus': ['fulfillment status', 'shipping status'],
  'order.cancelledAt': ['cancelled at', 'canceled at', 'cancel date'],
  'order.source': ['source', 'channel', 'sales channel'],
  'order.utmSource': ['utm source', 'utm_source'],
  'order.utmMedium': ['utm medium', 'utm_medium'],
  'order.utmCampaign': ['utm campaign', 'utm_campaign'],
  'order.referrer': ['referrer', 'referring site', 'referer'],
  'order.landingPage': ['landing page', 'landing site'],
  'order.discountCode': ['discount code', 'coupon', 'coupon code', 'coupons', 'voucher'],
  'order.country': ['country', 'billing country', 'shipping country', 'country code'],
  'order.gateway': ['payment method', 'payment method title', 'payment gateway', 'gateway'],
  'line.sku': ['sku', 'stock code', 'item sku', 'product sku', 'lineitem sku', 'article number'],
  'line.title': [
    'product',
    'description',
    'product name',
    'item',
    'item name',
    'title',
    'lineitem name',
  ],
  'line.quantity': ['quantity', 'qty', 'units', 'lineitem quantity', 'items'],
  'line.unitPrice': ['price', 'unit price', 'item price', 'lineitem price'],
  'line.discount': ['line discount', 'lineitem discount', 'item discount'],
  'line.vendor': ['vendor', 'brand', 'manufacturer'],
  'line.productType': ['product type', 'category', 'type'],
  'product.sku': ['sku', 'variant sku', 'item sku', 'article number'],
  'product.title': ['title', 'name', 'product name', 'product'],
  'product.price': ['price', 'variant price', 'regular price', 'retail price'],
  'product.compareAtPrice': [
    'compare at price',
    'compare-at price',
    'was price',
    'msrp',
    'list price',
  ],
  'product.cost': ['cost', 'cost per item', 'unit cost', 'purchase price'],
  'product.barcode': ['barcode', 'gtin', 'ean', 'upc', 'variant barcode'],
  'product.onHand': [
    'stock',
    'on hand',
    'inventory',
    'qty',
    'quantity',
    'available',
    'inventory qty',
  ],
  'product.vendor': ['vendor', 'brand', 'manufacturer', 'supplier'],
  'product.productType': ['type', 'product type', 'category'],
  'product.leadTimeDays': ['lead time', 'lead time days', 'lead time (days)'],
  'product.moq': ['moq', 'minimum order quantity', 'min order qty'],
  'product.url': ['url', 'link', 'product url'],
  'traffic.date': ['date', 'day'],
  'traffic.channel': ['channel', 'default channel group', 'source', 'medium'],
  'traffic.sessions': ['sessions', 'visits', 'visitors'],
  'traffic.productViews': ['product views', 'items viewed', 'views'],
  'traffic.addToCarts': ['add to carts', 'add to cart', 'carts'],
  'traffic.checkouts': ['checkouts', 'reached checkout', 'checkout'],
  'traffic.purchases': ['purchases', 'transactions', 'orders', 'conversions'],
  'spend.date': ['date', 'day'],
  'spend.channel': ['channel', 'network', 'platform'],
  'spend.campaign': ['campaign', 'campaign name'],
  'spend.currency': ['currency', 'currency code'],
  'spend.spend': ['spend', 'cost', 'amount spent', 'ad spend'],
  'spend.impressions': ['impressions', 'impr.', 'impr'],
  'spend.clicks': ['clicks', 'link clicks'],
};

/** Required fields per entity of a generic mapping. */
const REQUIRED: Record<string, string[]> = {
  // The total may also come from the lines (quantity × unit price); checked in `genericSink`.
  order: ['order.id', 'order.createdAt'],
  product: ['product.sku', 'product.price'],
  traffic: ['traffic.date', 'traffic.sessions'],
  spend: ['spend.date', 'spend.spend'],
};

/**
 * A generic CSV read through a user's column mapping (field → header column). The entity is the
 * one whose fields are mapped: orders (with lines when line fields are mapped; one row per line
 * with the order repeated, or one row per order), products, traffic or spend.
 */
export function genericSink(ctx: Context, mapping: Record<string, string>): Sink {
  const col: Record<string, number> = {};
  for (const [field, header] of Object.entries(mapping)) {
    if (!(field in MAPPABLE_FIELDS))
      throw new IngestError('bad-option', `Unknown field '${field}' in the column mapping.`);
    const i = ctx.norm.indexOf(normHeader(header));
    if (i < 0)
      throw new IngestError(
        'missing-columns',
        `The mapping uses a column '${header}' that this file does not have. Map '${field}' to one of its columns.`,
      );
    col[field] = i;
  }
  const entity = ['order', 'product', 'traffic', 'spend'].find((e) =>
    Object.keys(col).some((k) => k.startsWith(`${e}.`)),
  );
  if (!entity)
    throw new IngestError(
      'bad-option',
      'The column mapping is empty. Map at least the required columns.',
    );
  const missing = REQUIRED[entity]!.filter((f) => !(f in col));
  if (missing.length > 0) {
    throw new IngestError(
      'missing-columns',
      `Map ${missing.map((m) => `'${m}'`).join(', ')} before importing: they are required for ${entity} rows.`,
    );
  }
  const k = (f: string) => col[f] ?? -1;
  // Line-level files (one row per line, no order total): the total is Σ quantity × unit price −
  // line discounts; negative quantities are returned goods, on the row's own date.
  const fromLines = entity === 'order' && !('order.total' in col);
  if (fromLines && !('line.quantity' in col && 'line.unitPrice' in col)) {
    throw new IngestError(
      'missing-columns',
      `Map 'order.total', or 'line.quantity' and 'line.unitPrice' to total the orders from their lines, before importing.`,
    );
  }
  const fallbackCurrency = (ctx.options.reportingCurrency ?? '').toUpperCase();
  const salt = ctx.options.salt ?? '';
  const keepEmails = ctx.options.keepEmails === true;
  const want = ctx.wantOf(Object.values(col));
  const needCurrency = (f: string[], row: number, field: string): string => {
    const c = k(field);
    const v = ctx.currency(f, c, row, fallbackCurrency);
    if (v === '' && (c < 0 || str(f, c) === '')) {
      ctx.error(
        row,
        c,
        `The currency is unknown. Map a currency column or choose the store currency before importing.`,
      );
    }
    return v;
  };

  const orders = new Map<string, Order>();
  // Orders (ids) with at least one line of positive quantity: the others are returns only.
  const positive = new Set<string>();
  const lines: Line[] = [];
  const products: Product[] = [];
  const traffic: Traffic[] = [];
  const spend: Spend[] = [];

  const rowOrders = (f: string[], row: number) => {
    const id = str(f, k('order.id'));
    const before = ctx.errors.length;
    if (id === '')
      ctx.error(
        row,
        k('order.id'),
        `'${ctx.name(k('order.id'))}' (the order id) is empty. Every row needs its order.`,
      );
    let o = orders.get(id);
    if (!o && id !== '') {
      const currency = needCurrency(f, row, 'order.currency');
      const digits = ctx.digits(currency || 'USD');
      const created = ctx.time(f, k('order.createdAt'), row);
      if (str(f, k('order.createdAt')) === '')
        ctx.error(
          row,
          k('order.createdAt'),
          `'${ctx.name(k('order.createdAt'))}' is empty. Every order needs its date.`,
        );
      const next = emptyOrder(id);
      next.createdAt = created;
      next.currency = currency;
      next.subtotal = ctx.money(f, k('order.subtotal'), row, digits);
      next.discounts = Math.abs(ctx.money(f, k('order.discounts'), row, digits));
      next.shipping = ctx.money(f, k('order.shipping'), row, digits);
      next.taxes = ctx.money(f, k('order.taxes'), row, digits);
      next.total = ctx.money(f, k('order.total'), row, digits);
      next.refunded = Math.abs(ctx.money(f, k('order.refunded'), row, digits));
      const cancelled = ctx.time(f, k('order.cancelledAt'), row);
      next.cancelledAt = Number.isNaN(cancelled) ? null : cancelled;
      const email = str(f, k('order.email')).toLowerCase();
      next.customerKey = customerKeyOf(str(f, k('order.customerId')) || email, salt);
      if (keepEmails && email) next.email = email;
      next.financialStatus = str(f, k('order.financialStatus')).toLowerCase();
      next.fulfillmentStatus = str(f, k('order.fulfillmentStatus')).toLowerCase();
      next.utmSource = str(f, k('order.utmSource'));
      next.utmMedium = str(f, k('order.utmMedium'));
      next.utmCampaign = str(f, k('order.utmCampaign'));
      next.referrer = str(f, k('order.referrer'));
      next.landingPage = str(f, k('order.landingPage'));
      next.channel = channelOf({
        source: str(f, k('order.source')),
        utmSource: next.utmSource,
        utmMedium: next.utmMedium,
        utmCampaign: next.utmCampaign,
        referrer: next.referrer,
        landingPage: next.landingPage,
      });
      next.discountCode = str(f, k('order.discountCode'));
      next.country = country(str(f, k('order.country')));
      next.gateway = clip(str(f, k('order.gateway')));
      if (next.subtotal === 0 && k('order.subtotal') < 0) next.subtotal = next.total;
      if (
        ctx.errors.length > before ||
        Number.isNaN(
          next.createdAt +
            next.subtotal +
            next.discounts +
            next.shipping +
            next.taxes +
            next.total +
            next.refunded,
        )
      ) {
        ctx.rejected++;
        return;
      }
      o = next;
      orders.set(id, o);
    }
    if (!o) {
      ctx.rejected++;
      return;
    }
    if (k('line.sku') < 0 && k('line.title') < 0 && k('line.quantity') < 0) return;
    const digits = ctx.digits(o.currency || 'USD');
    // Signed: a negative quantity is returned goods (a credit note's line), not a bad row.
    const qty = wholeNumber(ctx, f, k('line.quantity'), row) ?? 1;
    const unitPrice = ctx.money(f, k('line.unitPrice'), row, digits);
    const discount = Math.abs(ctx.money(f, k('line.discount'), row, digits));
    if (unitPrice < 0)
      ctx.error(
        row,
        k('line.unitPrice'),
        `'${ctx.name(k('line.unitPrice'))}' is negative (got '${clip(str(f, k('line.unitPrice')))}'): a price below 0 is an adjustment (bad debt, a fee), not a sale or a return, and was not imported. Record it outside the sales data.`,
      );
    if (ctx.errors.length > before || Number.isNaN(qty + unitPrice + discount)) {
      ctx.rejected++;
      return;
    }
    const value = Math.abs(qty) * unitPrice - discount;
    if (qty < 0) {
      // Returned goods on the row's own date: the order's refund, the line's refunded quantity.
      o.refunded += value;
      o.refundedAt = o.createdAt;
    } else {
      if (fromLines) o.subtotal += value;
      positive.add(o.id);
    }
    lines.push({
      orderId: o.id,
      createdAt: o.createdAt,
      sku: str(f, k('line.sku')),
      productId: '',
      variantId: '',
      title: str(f, k('line.title')),
      productType: str(f, k('line.productType')),
      vendor: str(f, k('line.vendor')),
      quantity: qty < 0 ? 0 : qty,
      unitPrice,
      discount,
      refundedQuantity: qty < 0 ? -qty : 0,
      giftCard: false,
      currency: o.currency,
    });
  };

  const rowProducts = (f: string[], row: number) => {
    const before = ctx.errors.length;
    const sku = str(f, k('product.sku'));
    if (sku === '')
      ctx.error(
        row,
        k('product.sku'),
        `'${ctx.name(k('product.sku'))}' (the SKU) is empty. Products are keyed by SKU.`,
      );
    const currency = needCurrency(f, row, 'product.currency');
    const digits = ctx.digits(currency || 'USD');
    if (str(f, k('product.price')) === '')
      ctx.error(
        row,
        k('product.price'),
        `'${ctx.name(k('product.price'))}' is empty. Each product needs a price.`,
      );
    const price = ctx.money(f, k('product.price'), row, digits, NaN);
    const compareAt = ctx.money(f, k('product.compareAtPrice'), row, digits, NaN);
    const cost = ctx.money(f, k('product.cost'), row, digits, NaN);
    const onHand = wholeNumber(ctx, f, k('product.onHand'), row);
    const lead = str(f, k('product.leadTimeDays'));
    // Days as written ("14", "3.5", "3,5"): no exponents, signs or hex, at most ten years.
    const leadTime =
      lead === '' ? null : /^\d{1,4}([.,]\d+)?$/.test(lead) ? Number(lead.replace(',', '.')) : NaN;
    if (leadTime !== null && !(leadTime >= 0 && leadTime <= 3660))
      ctx.error(
        row,
        k('product.leadTimeDays'),
        `'${ctx.name(k('product.leadTimeDays'))}' is not a number of days (got '${clip(lead)}').`,
      );
    const moq = ctx.count(f, k('product.moq'), row, NaN);
    if (ctx.errors.length > before) {
      ctx.rejected++;
      return;
    }
    products.push({
      sku,
      productId: '',
      variantId: '',
      handle: '',
      title: str(f, k('product.title')),
      variantTitle: '',
      vendor: str(f, k('product.vendor')),
      productType: str(f, k('product.productType')),
      currency,
      price,
      compareAtPrice: Number.isNaN(compareAt) ? null : compareAt,
      cost: Number.isNaN(cost) ? null : cost,
      barcode: str(f, k('product.barcode')).replace(/\D/g, ''),
      onHand,
      onOrder: 0,
      leadTimeDays: leadTime,
      leadTimeSdDays: null,
      moq: Number.isNaN(moq) ? null : moq,
      url: str(f, k('product.url')),
      updatedAt: 0,
    });
  };

  const dayOf = (f: string[], row: number, field: string): string => {
    const s = str(f, k(field));
    const d = parseDay(s, ctx.options.dateFormat);
    if (d === '')
      ctx.error(
        row,
        k(field),
        `'${ctx.name(k(field))}' is not a date (got '${clip(s)}'). Check the file's date format${ctx.options.dateFormat ? ` (expected ${ctx.options.dateFormat})` : ''}.`,
      );
    return d;
  };

  const rowTraffic = (f: string[], row: number) => {
    const before = ctx.errors.length;
    const t: Traffic = {
      date: dayOf(f, row, 'traffic.date'),
      channel:
        k('traffic.channel') >= 0
          ? channelOf({ source: str(f, k('traffic.channel')) })
          : 'Unassigned',
      sessions: ctx.count(f, k('traffic.sessions'), row),
      productViews: ctx.count(f, k('traffic.productViews'), row),
      addToCarts: ctx.count(f, k('traffic.addToCarts'), row),
      checkouts: ctx.count(f, k('traffic.checkouts'), row),
      purchases: ctx.count(f, k('traffic.purchases'), row),
    };
    if (ctx.errors.length > before) ctx.rejected++;
    else traffic.push(t);
  };

  const rowSpend = (f: string[], row: number) => {
    const before = ctx.errors.length;
    const currency = needCurrency(f, row, 'spend.currency');
    const amount = ctx.money(f, k('spend.spend'), row, ctx.digits(currency || 'USD'));
    const s: Spend = {
      date: dayOf(f, row, 'spend.date'),
      channel:
        k('spend.channel') >= 0 ? channelOf({ source: str(f, k('spend.channel')) }) : 'Unassigned',
      campaign: str(f, k('spend.campaign')),
      currency,
      spend: amount,
      impressions: ctx.count(f, k('spend.impressions'), row),
      clicks: ctx.count(f, k('spend.clicks'), row),
    };
    if (amount < 0)
      ctx.error(
        row,
        k('spend.spend'),
        `'${ctx.name(k('spend.spend'))}' is negative. Ad spend must be 0 or more.`,
      );
    if (ctx.errors.length > before) ctx.rejected++;
    else spend.push(s);
  };

  const handler = { order: rowOrders, product: rowProducts, traffic: rowTraffic, spend: rowSpend }[
    entity as 'order'
  ]!;
  return {
    want,
    ...(entity === 'order' && { key: k('order.id') }),
    row: handler,
    finish() {
      if (entity === 'order') {
        if (fromLines) {
          for (const o of orders.values()) {
            if (positive.has(o.id)) o.total = o.subtotal - o.discounts + o.shipping + o.taxes;
            else {
              // A credit note (an invoice with no positive line): not an order, a return.
              o.subtotal = o.discounts = o.shipping = o.taxes = o.total = 0;
              o.refundedAt = o.createdAt;
              o.kind = 'return';
              o.refundedShipping = 0;
              o.refundedTaxes = 0;
            }
          }
        }
        return k('line.sku') >= 0 || k('line.title') >= 0 || k('line.quantity') >= 0
          ? { orders: [...orders.values()], lines }
          : { orders: [...orders.values()] };
      }
      if (entity === 'product') return { products };
      if (entity === 'traffic') return { traffic };
      return { spend };
    },
  };
}
