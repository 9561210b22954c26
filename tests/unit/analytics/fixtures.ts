// Small, realistic store fixtures built through core/schema's own columnar helpers, so the tests
// also prove that core/schema tables fit core/analytics' structural interfaces.
import {
  tableFromRows,
  lineColumns,
  orderColumns,
  trafficColumns,
  spendColumns,
} from '../../../core/schema/columns.ts';
import { createDataset } from '../../../core/analytics/index.ts';
import type { Dataset, DatasetInput, ProductLike } from '../../../core/analytics/index.ts';

export interface OrderRow {
  id: string;
  at: string; // ISO instant
  customer?: string;
  currency?: string;
  lines: {
    sku: string;
    qty: number;
    price: number;
    discount?: number;
    refundedQty?: number;
    type?: string;
    vendor?: string;
    title?: string;
    giftCard?: boolean;
    productId?: string;
    variantId?: string;
  }[];
  shipping?: number;
  taxes?: number;
  /** Order-level discount; default the sum of line discounts. */
  discounts?: number;
  refunded?: number;
  refundedAt?: string;
  /** The refund's shipping and tax parts, when the export splits it. */
  refundedShipping?: number;
  refundedTaxes?: number;
  /** A credit note: its refund is a return, it is never an order. */
  kind?: 'order' | 'return';
  cancelledAt?: string;
  channel?: string;
  country?: string;
  utmSource?: string;
  utmMedium?: string;
  utmCampaign?: string;
  discountCode?: string;
  /** Payment gateway(s) as exported ("Shopify Payments", "gift_card + Shopify Payments"). */
  gateway?: string;
}

export function ordersTable(rows: OrderRow[]) {
  const orders = tableFromRows(
    orderColumns,
    rows.map((r) => {
      const gross = r.lines.reduce((a, l) => a + l.qty * l.price, 0);
      const discounts = r.discounts ?? r.lines.reduce((a, l) => a + (l.discount ?? 0), 0);
      const shipping = r.shipping ?? 0;
      const taxes = r.taxes ?? 0;
      return {
        id: r.id,
        number: r.id,
        createdAt: Date.parse(r.at),
        customerKey: r.customer ?? '',
        currency: r.currency ?? 'USD',
        subtotal: gross - discounts,
        discounts,
        shipping,
        taxes,
        total: gross - discounts + shipping + taxes,
        refunded: r.refunded ?? 0,
        refundedAt: r.refundedAt ? Date.parse(r.refundedAt) : null,
        refundedShipping: r.refundedShipping ?? null,
        refundedTaxes: r.refundedTaxes ?? null,
        kind: r.kind ?? 'order',
        financialStatus: r.refunded ? 'refunded' : 'paid',
        fulfillmentStatus: '',
        cancelledAt: r.cancelledAt ? Date.parse(r.cancelledAt) : null,
        channel: r.channel ?? 'Direct',
        utmSource: r.utmSource ?? '',
        utmMedium: r.utmMedium ?? '',
        utmCampaign: r.utmCampaign ?? '',
        referrer: '',
        landingPage: '',
        discountCode: r.discountCode ?? '',
        country: r.country ?? 'US',
        gateway: r.gateway ?? '',
      };
    }),
  );
  const lines = tableFromRows(
    lineColumns,
    rows.flatMap((r) =>
      r.lines.map((l) => ({
        orderId: r.id,
        createdAt: Date.parse(r.at),
        sku: l.sku,
        productId: l.productId ?? '',
        variantId: l.variantId ?? '',
        title: l.title ?? `Product ${l.sku}`,
        productType: l.type ?? 'Mugs',
        vendor: l.vendor ?? 'Acme',
        quantity: l.qty,
        unitPrice: l.price,
        discount: l.discount ?? 0,
        refundedQuantity: l.refundedQty ?? 0,
        giftCard: l.giftCard ? 1 : 0,
        currency: r.currency ?? 'USD',
      })),
    ),
  );
  return { orders, lines };
}

export interface BuildOptions extends Partial<Omit<DatasetInput, 'orders' | 'lines' | 'settings'>> {
  timezone?: string;
  currency?: string;
  fxRates?: { month: string; from: string; rate: number }[];
  refundDating?: 'refund' | 'order';
  traffic?: DatasetInput['traffic'];
  products?: ProductLike[];
}

export function build(rows: OrderRow[], opts: BuildOptions = {}): Dataset {
  const { orders, lines } = ordersTable(rows);
  return createDataset({
    ...opts,
    orders,
    lines,
    settings: {
      timezone: opts.timezone ?? 'UTC',
      currency: opts.currency ?? 'USD',
      fxRates: opts.fxRates ?? [],
      refundDating: opts.refundDating ?? 'refund',
    },
  });
}

export function traffic(
  rows: {
    date: string;
    channel: string;
    sessions: number;
    productViews: number;
    addToCarts: number;
    checkouts: number;
    purchases: number;
  }[],
) {
  return tableFromRows(trafficColumns, rows);
}

export function spend(
  rows: { date: string; channel: string; campaign?: string; currency?: string; spend: number }[],
) {
  return tableFromRows(
    spendColumns,
    rows.map((r) => ({ campaign: '', currency: 'USD', impressions: 0, clicks: 0, ...r })),
  );
}
