// One order refunded on two different days, read as each platform's API gives it, lands each
// refund on its own local day with its own goods/shipping/tax split, as Shopify's and
// WooCommerce's sales reports date them (REFERENCE.md "Sales and customers": a return counts on
// the day it was processed; refunded shipping and taxes reduce Shipping and Taxes).
//
// The order, worked by hand (EUR cents, shop in Europe/Paris, prices before 19 % VAT):
//   placed 1 Nov 2026 10:00 Paris: 2 mugs × 20.00 (tax 3.80 each) + 1 tee × 10.00 (tax 1.90),
//   shipping 5.00 (tax 0.95). Gross 5000, taxes 760 + 190 + 95 = 1045, total 5000 + 500 + 1045 = 6545.
//   refund 1, 2 Nov 23:30 UTC = 3 Nov 00:30 in Paris (a UTC day would say 2 Nov): one mug,
//     20.00 + tax 3.80 = 23.80 → goods 2000, shipping 0, taxes 380.
//   refund 2, 12 Nov 10:00 UTC: the tee and the shipping, 10.00 + 1.90 + 5.00 + 0.95 = 17.85
//     → goods 1000, shipping 500, taxes 190 + 95 = 285.
//   refunded in all 23.80 + 17.85 = 41.65 (4165).
// Refund dating, 3 Nov only: returns 2000, shipping 0, taxes −380, net sales −2000, total
//   sales −2380; the mug's product row: 1 unit back, −2000.
// Refund dating, 12 Nov only: returns 1000, shipping −500, taxes −285, total sales −1785; the tee.
// The whole of November (either dating): gross 5000, returns 3000, net 2000, shipping 0,
//   taxes 1045 − 665 = 380, total sales 6545 − 4165 = 2380.
// Order dating, 1 Nov: returns 3000 with the order; 3 Nov and 12 Nov: nothing.
import { describe, expect, it } from 'vitest';
import { ShopifyOrdersReader, type SyncedOrder } from '../../../core/connect/shopify.ts';
import { mapWooOrder } from '../../../core/connect/woo.ts';
import { createDataset, kpis, overview, productSales } from '../../../core/analytics/index.ts';
import { mergeOrders } from '../../../core/ingest/merge.ts';
import { lineColumns, orderColumns, tableFromRows } from '../../../core/schema/columns.ts';
import type { Line, Order } from '../../../core/schema/store.ts';
import { checkBundleTable, tableFromJson, tableToJson } from '../../../core/sync/tables.ts';
import { decodeBundle, makeBundle } from '../../../core/sync/index.ts';
import { gzipSync } from 'node:zlib';

const m = (amount: string) => ({ shopMoney: { amount, currencyCode: 'EUR' } });

/** The order as a Shopify bulk operation's JSONL (shopify.dev …/usage/bulk-operations/queries). */
function shopifyOrder(): { order: Order; lines: Line[] } {
  const id = 'gid://shopify/Order/2001';
  const rows = [
    {
      id,
      legacyResourceId: '2001',
      name: '#2001',
      createdAt: '2026-11-01T09:00:00Z',
      currencyCode: 'EUR',
      email: 'claire@example.com',
      displayFinancialStatus: 'PARTIALLY_REFUNDED',
      displayFulfillmentStatus: 'FULFILLED',
      discountCodes: [],
      billingAddress: { countryCodeV2: 'FR' },
      subtotalPriceSet: m('50.00'),
      totalDiscountsSet: m('0.00'),
      totalShippingPriceSet: m('5.00'),
      totalTaxSet: m('10.45'),
      totalPriceSet: m('65.45'),
      totalRefundedSet: m('41.65'),
      transactions: [{ gateway: 'shopify_payments', kind: 'SALE', status: 'SUCCESS' }],
      // Refund fields without connections are inline; their connections follow as lines.
      refunds: [
        {
          id: 'gid://shopify/Refund/71',
          createdAt: '2026-11-02T23:30:00Z',
          totalRefundedSet: m('23.80'),
        },
        {
          id: 'gid://shopify/Refund/72',
          createdAt: '2026-11-12T10:00:00Z',
          totalRefundedSet: m('17.85'),
        },
      ],
    },
    line('gid://shopify/LineItem/11', 'MUG', 'Mug', 2, '20.00', id),
    line('gid://shopify/LineItem/12', 'TEE', 'Tee', 1, '10.00', id),
    {
      id: 'gid://shopify/RefundLineItem/81',
      quantity: 1,
      lineItem: { id: 'gid://shopify/LineItem/11' },
      subtotalSet: m('20.00'),
      totalTaxSet: m('3.80'),
      __parentId: 'gid://shopify/Refund/71',
    },
    {
      id: 'gid://shopify/RefundLineItem/82',
      quantity: 1,
      lineItem: { id: 'gid://shopify/LineItem/12' },
      subtotalSet: m('10.00'),
      totalTaxSet: m('1.90'),
      __parentId: 'gid://shopify/Refund/72',
    },
    {
      id: 'gid://shopify/RefundShippingLine/91',
      subtotalAmountSet: m('5.00'),
      taxAmountSet: m('0.95'),
      __parentId: 'gid://shopify/Refund/72',
    },
  ];
  const out: SyncedOrder[] = [];
  const reader = new ShopifyOrdersReader('salt', (o) => out.push(o));
  for (const r of rows) reader.push(JSON.stringify(r));
  reader.finish();
  expect(out).toHaveLength(1);
  return { order: out[0]!.order, lines: out[0]!.lines };
}

function line(
  id: string,
  sku: string,
  name: string,
  quantity: number,
  price: string,
  parent: string,
) {
  return {
    id,
    sku,
    name,
    variantTitle: null,
    quantity,
    isGiftCard: false,
    originalUnitPriceSet: m(price),
    totalDiscountSet: m('0.00'),
    product: {
      id: `gid://shopify/Product/${sku}`,
      productType: sku === 'MUG' ? 'Kitchen' : 'Apparel',
      vendor: 'Acme',
    },
    variant: { id: `gid://shopify/ProductVariant/${sku}` },
    __parentId: parent,
  };
}

/**
 * The order as WooCommerce's REST API v3 gives it (#order-properties) and its refunds
 * (GET /orders/<id>/refunds, #order-refund-properties; refund lines with negative quantity and
 * totals and the `_refunded_item_id` meta, shipping_lines as wc_create_refund writes them).
 */
function wooOrder(): { order: Order; lines: Line[] } {
  const order = {
    id: 2001,
    number: '2001',
    status: 'completed',
    currency: 'EUR',
    date_created_gmt: '2026-11-01T09:00:00',
    discount_total: '0.00',
    shipping_total: '5.00',
    total_tax: '10.45',
    total: '65.45',
    customer_id: 0,
    billing: { email: 'claire@example.com', country: 'FR' },
    shipping: { country: 'FR' },
    payment_method_title: 'Credit card',
    line_items: [
      {
        id: 11,
        name: 'Mug',
        product_id: 31,
        variation_id: 0,
        quantity: 2,
        subtotal: '40.00',
        total: '40.00',
        total_tax: '7.60',
        sku: 'MUG',
        meta_data: [],
      },
      {
        id: 12,
        name: 'Tee',
        product_id: 32,
        variation_id: 0,
        quantity: 1,
        subtotal: '10.00',
        total: '10.00',
        total_tax: '1.90',
        sku: 'TEE',
        meta_data: [],
      },
    ],
    coupon_lines: [],
    refunds: [
      { id: 72, reason: '', total: '-17.85' },
      { id: 71, reason: '', total: '-23.80' },
    ],
    meta_data: [],
  };
  const refunded = (id: number) => [{ id: 1, key: '_refunded_item_id', value: String(id) }];
  // Newest first, as GET /orders/<id>/refunds lists them.
  const refunds = [
    {
      id: 72,
      date_created_gmt: '2026-11-12T10:00:00',
      amount: '17.85',
      line_items: [
        {
          id: 402,
          name: 'Tee',
          product_id: 32,
          quantity: -1,
          subtotal: '-10.00',
          total: '-10.00',
          total_tax: '-1.90',
          meta_data: refunded(12),
        },
      ],
      shipping_lines: [{ id: 403, method_title: 'Flat rate', total: '-5.00', total_tax: '-0.95' }],
      fee_lines: [],
    },
    {
      id: 71,
      date_created_gmt: '2026-11-02T23:30:00',
      amount: '23.80',
      line_items: [
        {
          id: 401,
          name: 'Mug',
          product_id: 31,
          quantity: -1,
          subtotal: '-20.00',
          total: '-20.00',
          total_tax: '-3.80',
          meta_data: refunded(11),
        },
      ],
      shipping_lines: [],
      fee_lines: [],
    },
  ];
  const mapped = mapWooOrder(order, refunds, 'salt');
  expect(mapped).not.toBeNull();
  return mapped!;
}

/** Through a bundle, as a sync's result reaches the app (checked cell by cell, then read). */
function dataset(o: { order: Order; lines: Line[] }, refundDating: 'refund' | 'order' = 'refund') {
  const ordersJson = tableToJson(orderColumns, tableFromRows(orderColumns, [o.order]));
  const linesJson = tableToJson(lineColumns, tableFromRows(lineColumns, o.lines));
  checkBundleTable('orders', ordersJson, Date.parse('2026-12-01T00:00:00Z'));
  checkBundleTable('lines', linesJson, Date.parse('2026-12-01T00:00:00Z'));
  return createDataset({
    orders: tableFromJson('orders', orderColumns, ordersJson),
    lines: tableFromJson('lines', lineColumns, linesJson),
    settings: { timezone: 'Europe/Paris', currency: 'EUR', fxRates: [], refundDating },
  });
}

const day = (d: string) => ({ start: d, end: d });

describe.each([
  ['Shopify Admin API', shopifyOrder],
  ['WooCommerce REST API', wooOrder],
])('an order refunded on 3 and 12 Nov (%s)', (_name, read) => {
  it('keeps the order totals: refunded 41.65, the split summed, the latest refund date', () => {
    const { order, lines } = read();
    expect(order).toMatchObject({
      total: 6545,
      refunded: 4165,
      refundedShipping: 500,
      refundedTaxes: 665,
      refundedAt: Date.parse('2026-11-12T10:00:00Z'),
    });
    expect(lines.map((l) => [l.sku, l.quantity, l.refundedQuantity])).toEqual([
      ['MUG', 2, 1],
      ['TEE', 1, 1],
    ]);
  });

  it('counts each refund on its own local day with its own goods, shipping and taxes', () => {
    const ds = dataset(read());
    expect(kpis(ds, day('2026-11-03'))).toMatchObject({
      orders: 0,
      returns: 2000,
      netSales: -2000,
      shipping: 0,
      taxes: -380,
      totalSales: -2380,
    });
    // 2 Nov is the refund's UTC day, not the shop's.
    expect(kpis(ds, day('2026-11-02'))).toMatchObject({ returns: 0, totalSales: 0 });
    expect(kpis(ds, day('2026-11-12'))).toMatchObject({
      returns: 1000,
      netSales: -1000,
      shipping: -500,
      taxes: -285,
      totalSales: -1785,
    });
    expect(kpis(ds, { start: '2026-11-04', end: '2026-11-11' })).toMatchObject({
      returns: 0,
      totalSales: 0,
    });
    const nov = kpis(ds, { start: '2026-11-01', end: '2026-11-30' });
    expect(nov).toMatchObject({
      orders: 1,
      grossSales: 5000,
      returns: 3000,
      netSales: 2000,
      shipping: 0,
      taxes: 380,
      totalSales: 2380,
    });
    // Each refund is one the platform split.
    expect(nov.refundRules.split).toBe(2);
    const series = overview(ds, {
      range: { start: '2026-11-01', end: '2026-11-12' },
      compare: 'none',
    }).series;
    expect(Array.from(series.netSales)).toEqual([5000, 0, -2000, 0, 0, 0, 0, 0, 0, 0, 0, -1000]);
  });

  it('keeps the same days under a product-type filter (the line-level path)', () => {
    const ds = dataset(read());
    // WooCommerce's order lines carry no product type (''); Shopify's carry the product's.
    const types = read().lines.map((l) => l.productType);
    const all = { productType: types };
    expect(kpis(ds, day('2026-11-03'), all)).toMatchObject({ returns: 2000 });
    expect(kpis(ds, day('2026-11-12'), all)).toMatchObject({ returns: 1000 });
    if (types[0] === types[1]) return;
    // The mug (Kitchen) came back on 3 Nov, the tee (Apparel) on 12 Nov.
    expect(types).toEqual(['Kitchen', 'Apparel']);
    expect(kpis(ds, day('2026-11-03'), { productType: ['Apparel'] }).returns).toBe(0);
    expect(kpis(ds, day('2026-11-12'), { productType: ['Apparel'] }).returns).toBe(1000);
    expect(kpis(ds, day('2026-11-12'), { productType: ['Kitchen'] }).returns).toBe(0);
  });

  it("puts each refunded line's units on the day its refund was made", () => {
    const ds = dataset(read());
    const rows = (range: { start: string; end: string }) =>
      productSales(ds, { range })
        .map((r) => [r.sku, r.units, r.returnedUnits, r.netSales])
        .sort();
    expect(rows(day('2026-11-03'))).toEqual([['MUG', 0, 1, -2000]]);
    expect(rows(day('2026-11-12'))).toEqual([['TEE', 0, 1, -1000]]);
    expect(rows({ start: '2026-11-01', end: '2026-11-30' })).toEqual([
      ['MUG', 2, 1, 2000],
      ['TEE', 1, 1, 0],
    ]);
  });

  it('under order dating counts both refunds with the order, as before', () => {
    const ds = dataset(read(), 'order');
    expect(kpis(ds, day('2026-11-01'), undefined, 'order')).toMatchObject({
      returns: 3000,
      shipping: 0,
      taxes: 380,
      totalSales: 2380,
    });
    expect(kpis(ds, day('2026-11-03'), undefined, 'order')).toMatchObject({ returns: 0 });
    expect(kpis(ds, day('2026-11-12'), undefined, 'order')).toMatchObject({ returns: 0 });
  });
});

describe('a WooCommerce refund typed as an amount, without lines', () => {
  // The same order; refund 2 is instead 10.00 "refunded manually" on 12 Nov (no lines, so its
  // goods/shipping/tax split is unknown). Refunded 23.80 + 10.00 = 33.80 of 65.45, not split:
  // the order's return is pro rata (REFERENCE.md: say which rule), goods 5000 × 3380 / 6545,
  // and each day takes its refund's part of it: 3 Nov 5000 × 2380 / 6545 = 1818.18, 12 Nov
  // 5000 × 1000 / 6545 = 763.94; shipping 500 × 1000 / 6545 = 76.39 back on 12 Nov.
  it('shares the order’s return between the refund days by their amounts', () => {
    const { order, lines } = wooOrder();
    const at = Date.parse('2026-11-12T10:00:00Z');
    const refunds = order.refunds.split(';');
    const manual = {
      ...order,
      refunded: 3380,
      refundedShipping: null,
      refundedTaxes: null,
      refunds: `${refunds[0]};${at},1000,,,`,
    };
    const ds = dataset({ order: manual, lines: lines.map((l) => ({ ...l, refundedQuantity: 0 })) });
    expect(kpis(ds, day('2026-11-03')).returns).toBeCloseTo((5000 * 2380) / 6545, 6);
    const d12 = kpis(ds, day('2026-11-12'));
    expect(d12.returns).toBeCloseTo((5000 * 1000) / 6545, 6);
    expect(d12.shipping).toBeCloseTo((-500 * 1000) / 6545, 6);
    expect(kpis(ds, { start: '2026-11-01', end: '2026-11-30' }).refundRules.proRata).toBe(2);
  });
});

describe('the refunds cell of a bundle', () => {
  it('a format 3 bundle (no refunds column) applies: its order keeps one refund, on refundedAt', async () => {
    const { order, lines } = shopifyOrder();
    const orders = tableToJson(orderColumns, tableFromRows(orderColumns, [order]));
    delete orders.columns.refunds;
    const b = {
      ...makeBundle('extension', {
        tables: { orders, lines: tableToJson(lineColumns, tableFromRows(lineColumns, lines)) },
      }),
      version: 3,
    };
    const text = JSON.stringify(b);
    const decoded = await decodeBundle(gzipSync(Buffer.from(text)));
    expect(decoded.version).toBe(4);
    const ds = createDataset({
      orders: tableFromJson('orders', orderColumns, decoded.entities.tables!.orders!),
      lines: tableFromJson('lines', lineColumns, decoded.entities.tables!.lines!),
      settings: { timezone: 'Europe/Paris', currency: 'EUR', fxRates: [], refundDating: 'refund' },
    });
    // Both refunds on the latest refund's day, as before the refunds column.
    expect(kpis(ds, day('2026-11-03')).returns).toBe(0);
    expect(kpis(ds, day('2026-11-12')).returns).toBe(3000);
  });

  it('names the table, row and field of a bad refund', () => {
    const { order } = shopifyOrder();
    const json = tableToJson(
      orderColumns,
      tableFromRows(orderColumns, [
        order,
        { ...order, id: '2002', refunds: '1790000000000,abc,,,' },
      ]),
    );
    expect(() => checkBundleTable('orders', json, Date.parse('2026-12-01T00:00:00Z'))).toThrow(
      /orders table, row 2, field "refunds"/,
    );
  });
});

// A manager who synced the store and then imports an orders CSV of the same days: the CSV has one
// refund per order (the total refunded, the latest refund's date) and no dated refunds. With the
// same refunded amount the stored refunds still describe the order and stay (3 Nov keeps its
// 2000 of returns); the CSV's own figures take over only where it knows another refund.
describe('an orders CSV imported after a sync', () => {
  /** The synced order, then the same order as an export re-sends it (one refund per order). */
  function merged(csvRefunded: number, csvLines: 'none' | 'same') {
    const synced = shopifyOrder();
    const csvOrder: Order = {
      ...synced.order,
      refunds: '',
      refunded: csvRefunded,
      refundedShipping: null,
      refundedTaxes: null,
    };
    const stored = {
      orders: tableFromRows(orderColumns, [synced.order]),
      lines: tableFromRows(lineColumns, synced.lines),
    };
    const out = mergeOrders(stored.orders, stored.lines, {
      orders: tableFromRows(orderColumns, [csvOrder]),
      lines: tableFromRows(lineColumns, csvLines === 'same' ? synced.lines : []),
    });
    return createDataset({
      orders: out.orders,
      lines: out.lines,
      settings: { timezone: 'Europe/Paris', currency: 'EUR', fxRates: [], refundDating: 'refund' },
    });
  }

  it.each(['none', 'same'] as const)(
    'keeps the dated refunds when it refunds the same 41.65 (its lines: %s)',
    (lines) => {
      const ds = merged(4165, lines);
      expect(kpis(ds, day('2026-11-03'))).toMatchObject({ returns: 2000, totalSales: -2380 });
      expect(kpis(ds, day('2026-11-12'))).toMatchObject({ returns: 1000, shipping: -500 });
      expect(productSales(ds, { range: day('2026-11-03') }).map((r) => r.sku)).toEqual(['MUG']);
    },
  );

  it('takes its own one refund when it knows another amount (a third refund since the sync)', () => {
    // 45.00 refunded in all on the order's latest refund day, 12 Nov; nothing left on 3 Nov.
    const ds = merged(4500, 'none');
    expect(kpis(ds, day('2026-11-03'))).toMatchObject({ returns: 0, totalSales: 0 });
    expect(kpis(ds, day('2026-11-12')).totalSales).toBe(-4500);
  });
});
