// A bulk JSONL result shaped as shopify.dev's bulk-operations guide shows (children after their
// parent, `__parentId`); expected figures worked out by hand in the comments.
import { describe, expect, it } from 'vitest';
import {
  SHOPIFY_API_VERSION,
  ShopifyOrdersReader,
  ordersBulkQuery,
  readShopifyProducts,
  shopifyErrorText,
  throttleWaitMs,
  type SyncedOrder,
} from '../../../core/connect/shopify.ts';

const m = (amount: string) => ({ shopMoney: { amount, currencyCode: 'EUR' } });
const order = {
  id: 'gid://shopify/Order/1001',
  legacyResourceId: '1001',
  name: '#1001',
  createdAt: '2026-11-30T10:00:00Z',
  currencyCode: 'EUR',
  email: 'A@Example.com',
  displayFinancialStatus: 'PARTIALLY_REFUNDED',
  displayFulfillmentStatus: 'FULFILLED',
  discountCodes: ['WINTER'],
  billingAddress: { countryCodeV2: 'DE' },
  subtotalPriceSet: m('90.00'),
  totalDiscountsSet: m('10.00'),
  totalShippingPriceSet: m('5.00'),
  totalTaxSet: m('18.05'),
  totalPriceSet: m('113.05'),
  totalRefundedSet: m('35.70'),
  transactions: [{ gateway: 'shopify_payments' }, { gateway: 'shopify_payments' }],
  refunds: [
    {
      id: 'gid://shopify/Refund/1',
      createdAt: '2026-12-01T09:00:00Z',
      totalRefundedSet: m('23.80'),
    },
    {
      id: 'gid://shopify/Refund/2',
      createdAt: '2026-12-02T09:00:00Z',
      totalRefundedSet: m('11.90'),
    },
  ],
};
const jsonl = [
  order,
  {
    id: 'gid://shopify/LineItem/11',
    sku: 'MUG',
    name: 'Mug',
    quantity: 3,
    isGiftCard: false,
    originalUnitPriceSet: m('20.00'),
    totalDiscountSet: m('10.00'),
    product: { id: 'gid://shopify/Product/5', productType: 'Kitchen', vendor: 'Acme' },
    variant: { id: 'gid://shopify/ProductVariant/51' },
    __parentId: order.id,
  },
  {
    id: 'gid://shopify/LineItem/12',
    sku: '',
    name: 'Gift card',
    quantity: 1,
    isGiftCard: true,
    originalUnitPriceSet: m('30.00'),
    totalDiscountSet: m('0.00'),
    product: null,
    variant: null,
    __parentId: order.id,
  },
  {
    id: 'gid://shopify/RefundLineItem/91',
    quantity: 1,
    lineItem: { id: 'gid://shopify/LineItem/11' },
    subtotalSet: m('20.00'),
    totalTaxSet: m('3.80'),
    __parentId: 'gid://shopify/Refund/1',
  },
  {
    id: 'gid://shopify/RefundShippingLine/92',
    subtotalAmountSet: m('5.00'),
    taxAmountSet: m('0.95'),
    __parentId: 'gid://shopify/Refund/2',
  },
  {
    id: 'gid://shopify/Order/1002',
    legacyResourceId: '1002',
    name: '#1002',
    createdAt: '2026-12-01T08:00:00Z',
    currencyCode: 'EUR',
    subtotalPriceSet: m('10.00'),
    totalPriceSet: m('10.00'),
    refunds: [],
  },
].map((r) => JSON.stringify(r));

describe('Shopify bulk orders', () => {
  const out: SyncedOrder[] = [];
  const reader = new ShopifyOrdersReader('salt', (o) => out.push(o));
  for (const l of jsonl) reader.push(l);
  reader.finish();

  it('keys orders like the CSV import (the numeric order id) and reads money in cents', () => {
    expect(out.map((o) => o.order.id)).toEqual(['1001', '1002']);
    const o = out[0]!.order;
    expect([o.subtotal, o.discounts, o.shipping, o.taxes, o.total]).toEqual([
      9000, 1000, 500, 1805, 11305,
    ]);
    expect(o.refunded).toBe(3570);
    expect(o.country).toBe('DE');
    expect(o.discountCode).toBe('WINTER');
  });

  it('dates the refunds by the latest refund and splits shipping and taxes', () => {
    const s = out[0]!;
    expect(s.order.refundedAt).toBe(Date.parse('2026-12-02T09:00:00Z'));
    expect(s.refundedShipping).toBe(500); // 5.00 from refund 2
    expect(s.refundedTaxes).toBe(475); // 3.80 + 0.95
    expect(s.lines.map((l) => [l.sku, l.refundedQuantity, l.giftCard])).toEqual([
      ['MUG', 1, false],
      ['', 0, true],
    ]);
    expect(s.gateways).toEqual(['shopify_payments']);
    // The order's gateway, which picks its payment-fee rate (matched to the CSV's "Shopify Payments").
    expect(s.order.gateway).toBe('shopify_payments');
  });

  it('refuses a line item before any order', () => {
    const r = new ShopifyOrdersReader('', () => undefined);
    expect(() => r.push(jsonl[1]!)).toThrow(/before any order/);
  });
});

describe('Shopify products, throttle, errors', () => {
  it('reads variants with their unit cost', () => {
    const lines = [
      {
        id: 'gid://shopify/Product/5',
        handle: 'mug',
        title: 'Mug',
        vendor: 'Acme',
        productType: 'Kitchen',
      },
      {
        id: 'gid://shopify/ProductVariant/51',
        sku: 'MUG',
        title: 'Default Title',
        price: '20.00',
        compareAtPrice: null,
        barcode: '4006381333931',
        inventoryQuantity: 7,
        inventoryItem: { unitCost: { amount: '6.50', currencyCode: 'EUR' } },
        __parentId: 'gid://shopify/Product/5',
      },
    ].map((r) => JSON.stringify(r));
    const [p] = readShopifyProducts(lines, 1);
    expect(p).toMatchObject({
      sku: 'MUG',
      price: 2000,
      cost: 650,
      onHand: 7,
      variantTitle: '',
      productId: '5',
    });
  });
  it('waits for the points a query needs at the restore rate', () => {
    expect(
      throttleWaitMs({ maximumAvailable: 2000, currentlyAvailable: 50, restoreRate: 100 }, 250),
    ).toBe(2000);
    expect(
      throttleWaitMs({ maximumAvailable: 2000, currentlyAvailable: 500, restoreRate: 100 }, 250),
    ).toBe(0);
  });
  it('names the missing scope in words', () => {
    const body = {
      errors: [
        {
          message:
            'Access denied for inventoryItem field. Required access: `read_inventory` access scope.',
          extensions: { code: 'ACCESS_DENIED' },
        },
      ],
    };
    expect(shopifyErrorText(200, body)).toBe(
      'The token lacks read_inventory; add it in your app’s settings.',
    );
  });
  it('pins one API version and filters incremental syncs by updated_at', () => {
    expect(SHOPIFY_API_VERSION).toMatch(/^\d{4}-(01|04|07|10)$/);
    expect(ordersBulkQuery('2026-12-01T00:00:00Z')).toContain(
      `orders(query: "updated_at:>'2026-12-01T00:00:00Z'")`,
    );
  });
});
