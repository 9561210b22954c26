/**
 * The fixture store the fake Shopify Admin API answers from: API-shaped records (field names as
 * in the Admin GraphQL 2025-10 objects; nested connections kept as plain arrays, rendered as
 * `edges { node }` / `nodes` by the fake). Shop "Fixture Outfitters", EUR, Europe/Berlin, 19 % VAT
 * on goods and shipping (prices exclusive of tax).
 *
 * Hand-worked totals (November 2026, refunds dated by refund date, gift cards apart):
 *   gross sales   #1001 2×12.00 + #1002 9.00+9.00 + #1003 12.00 (+ a 25.00 gift card, not a sale)
 *                 + #1004 3×12.00                                                        = 90.00
 *   discounts     #1002 1.80 + #1004 3.60                                                =  5.40
 *   returns       #1002 one sock at 9.00 − 0.90 = 8.10; #1004 cancelled, 3 mugs 32.40    = 40.50
 *   net sales     90.00 − 5.40 − 40.50                                                   = 44.10
 *   orders 4; customers: a@ (#1001, #1003), b@ (#1002), c@ (#1004)
 * #1002's two refunds, each on its own day in Berlin: 20 Nov the S sock, 8.10 + 1.54 tax = 9.64
 *   (net sales −8.10, total sales −9.64); 24 Nov the shipping alone, 4.00 + 0.76 tax = 4.76
 *   (net sales 0.00, total sales −4.76; shipping −4.00). No order was placed on either day.
 * After `changeStore` (the second sync's changes):
 *   #1005 new, 2×9.00 socks, no discount: +18.00 gross
 *   #1001 one mug refunded on 2026-11-26 (12.00 + 2.28 tax): +12.00 returns
 *   net sales 44.10 + 18.00 − 12.00 = 50.10; orders 5
 *   the mug's unit cost 4.00 → 4.50 (one product changed)
 */

export type Rec = Record<string, unknown>;

const eur = (amount: string) => ({
  shopMoney: { amount, currencyCode: 'EUR' },
  presentmentMoney: { amount, currencyCode: 'EUR' },
});

export interface FixtureStore {
  shop: Rec;
  orders: Rec[];
  products: Rec[];
}

const T0 = '2026-11-28T12:00:00Z';

function variant(
  id: number,
  sku: string,
  title: string,
  price: string,
  cost: string | null,
  qty: number,
  /** Per location: [name, on hand, available]; by default one location holding `qty`. */
  levels: [string, number, number][] = [['Lager Berlin', qty, qty]],
): Rec {
  return {
    id: `gid://shopify/ProductVariant/${id}`,
    sku,
    title,
    price,
    compareAtPrice: null,
    barcode: '',
    inventoryQuantity: qty,
    selectedOptions: [{ name: 'Title', value: title }],
    inventoryItem: {
      id: `gid://shopify/InventoryItem/${id}`,
      unitCost: cost === null ? null : { amount: cost, currencyCode: 'EUR' },
      inventoryLevels: levels.map(([name, onHand, available], i) => ({
        id: `gid://shopify/InventoryLevel/${id}${i}?inventory_item_id=${id}`,
        location: { id: `gid://shopify/Location/${i + 1}`, name },
        quantities: [
          { name: 'available', quantity: available },
          { name: 'on_hand', quantity: onHand },
          { name: 'committed', quantity: onHand - available },
        ],
      })),
    },
  };
}

function product(id: number, handle: string, title: string, type: string, variants: Rec[]): Rec {
  return {
    id: `gid://shopify/Product/${id}`,
    handle,
    title,
    vendor: 'Northwind',
    productType: type,
    onlineStoreUrl: `https://fixture-outfitters.example/products/${handle}`,
    updatedAt: T0,
    variants,
  };
}

const MUG = { id: 'gid://shopify/Product/701', productType: 'Mugs', vendor: 'Northwind' };
const SOCKS = { id: 'gid://shopify/Product/702', productType: 'Socks', vendor: 'Northwind' };
const GIFT = { id: 'gid://shopify/Product/703', productType: 'Gift cards', vendor: 'Northwind' };

function line(
  id: number,
  p: Rec,
  variantId: number,
  sku: string,
  name: string,
  qty: number,
  price: string,
  discount: string,
  giftCard = false,
): Rec {
  return {
    id: `gid://shopify/LineItem/${id}`,
    sku,
    name,
    variantTitle: null,
    quantity: qty,
    isGiftCard: giftCard,
    originalUnitPriceSet: eur(price),
    totalDiscountSet: eur(discount),
    product: p,
    variant: { id: `gid://shopify/ProductVariant/${variantId}` },
  };
}

interface OrderIn {
  id: number;
  name: string;
  createdAt: string;
  email: string;
  customer: number;
  country: string;
  subtotal: string;
  discounts: string;
  shipping: string;
  tax: string;
  total: string;
  refunded: string;
  financial: string;
  codes?: string[];
  cancelledAt?: string | null;
  lineItems: Rec[];
  refunds?: Rec[];
}

function order(o: OrderIn): Rec {
  return {
    id: `gid://shopify/Order/${o.id}`,
    legacyResourceId: String(o.id),
    name: o.name,
    createdAt: o.createdAt,
    updatedAt: o.refunds?.length ? (o.refunds.at(-1)!.createdAt as string) : o.createdAt,
    cancelledAt: o.cancelledAt ?? null,
    currencyCode: 'EUR',
    email: o.email,
    displayFinancialStatus: o.financial,
    displayFulfillmentStatus: 'FULFILLED',
    sourceName: 'web',
    discountCodes: o.codes ?? [],
    customer: { id: `gid://shopify/Customer/${o.customer}` },
    billingAddress: { countryCodeV2: o.country },
    shippingAddress: { countryCodeV2: o.country },
    subtotalPriceSet: eur(o.subtotal),
    totalDiscountsSet: eur(o.discounts),
    totalShippingPriceSet: eur(o.shipping),
    totalTaxSet: eur(o.tax),
    totalPriceSet: eur(o.total),
    totalRefundedSet: eur(o.refunded),
    transactions: [{ gateway: 'shopify_payments', kind: 'SALE', status: 'SUCCESS' }],
    lineItems: o.lineItems,
    refunds: o.refunds ?? [],
  };
}

function refund(
  id: number,
  createdAt: string,
  total: string,
  lines: { id: number; lineItem: string; qty: number; subtotal: string; tax: string }[],
  shipping: { id: number; subtotal: string; tax: string }[] = [],
): Rec {
  return {
    id: `gid://shopify/Refund/${id}`,
    createdAt,
    totalRefundedSet: eur(total),
    refundLineItems: lines.map((l) => ({
      id: `gid://shopify/RefundLineItem/${l.id}`,
      quantity: l.qty,
      lineItem: { id: `gid://shopify/LineItem/${l.lineItem}` },
      subtotalSet: eur(l.subtotal),
      totalTaxSet: eur(l.tax),
    })),
    refundShippingLines: shipping.map((s) => ({
      id: `gid://shopify/RefundShippingLine/${s.id}`,
      subtotalAmountSet: eur(s.subtotal),
      taxAmountSet: eur(s.tax),
    })),
  };
}

/** The store as the first sync sees it. */
export function fixtureStore(): FixtureStore {
  return {
    shop: { name: 'Fixture Outfitters', currencyCode: 'EUR', ianaTimezone: 'Europe/Berlin' },
    products: [
      product(701, 'trail-mug', 'Trail Mug', 'Mugs', [
        // Two locations: 30 + 12 on hand, of which 2 are committed to unfulfilled orders (the
        // variant's inventoryQuantity counts what is available: 40).
        variant(7011, 'MUG-1', 'Default Title', '12.00', '4.00', 40, [
          ['Lager Berlin', 30, 29],
          ['Laden Hamburg', 12, 11],
        ]),
      ]),
      product(702, 'wool-socks', 'Wool Socks', 'Socks', [
        variant(7021, 'SOCK-S', 'S', '9.00', '3.00', 10),
        // No SKU: keyed wool-socks/M, as the products CSV import keys it.
        variant(7022, '', 'M', '9.00', '3.00', 5),
      ]),
      product(703, 'gift-card', 'Gift Card', 'Gift cards', [
        variant(7031, 'GIFT-25', '€25', '25.00', null, 0),
      ]),
    ],
    orders: [
      order({
        id: 5001,
        name: '#1001',
        createdAt: '2026-11-10T10:00:00Z',
        email: 'a@example.com',
        customer: 9001,
        country: 'DE',
        subtotal: '24.00',
        discounts: '0.00',
        shipping: '5.00',
        tax: '5.51',
        total: '34.51',
        refunded: '0.00',
        financial: 'PAID',
        lineItems: [line(1, MUG, 7011, 'MUG-1', 'Trail Mug', 2, '12.00', '0.00')],
      }),
      order({
        id: 5002,
        name: '#1002',
        createdAt: '2026-11-12T11:00:00Z',
        email: 'b@example.com',
        customer: 9002,
        country: 'AT',
        subtotal: '16.20',
        discounts: '1.80',
        shipping: '4.00',
        tax: '3.84',
        total: '24.04',
        refunded: '14.40',
        financial: 'PARTIALLY_REFUNDED',
        codes: ['SOCKS10'],
        lineItems: [
          line(2, SOCKS, 7021, 'SOCK-S', 'Wool Socks - S', 1, '9.00', '0.90'),
          line(3, SOCKS, 7022, '', 'Wool Socks - M', 1, '9.00', '0.90'),
        ],
        // Two refunds on two days: the S sock on 20 Nov, then the shipping alone on 24 Nov
        // (…/objects/Refund: each its own createdAt, refundLineItems and refundShippingLines).
        refunds: [
          refund(801, '2026-11-20T09:00:00Z', '9.64', [
            { id: 1, lineItem: '2', qty: 1, subtotal: '8.10', tax: '1.54' },
          ]),
          refund(
            804,
            '2026-11-24T09:00:00Z',
            '4.76',
            [],
            [{ id: 2, subtotal: '4.00', tax: '0.76' }],
          ),
        ],
      }),
      order({
        id: 5003,
        name: '#1003',
        createdAt: '2026-11-15T09:30:00Z',
        email: 'a@example.com',
        customer: 9001,
        country: 'DE',
        subtotal: '37.00',
        discounts: '0.00',
        shipping: '0.00',
        tax: '2.28',
        total: '39.28',
        refunded: '0.00',
        financial: 'PAID',
        lineItems: [
          line(4, GIFT, 7031, 'GIFT-25', 'Gift Card - €25', 1, '25.00', '0.00', true),
          line(5, MUG, 7011, 'MUG-1', 'Trail Mug', 1, '12.00', '0.00'),
        ],
      }),
      order({
        id: 5004,
        name: '#1004',
        createdAt: '2026-11-18T14:00:00Z',
        email: 'c@example.com',
        customer: 9003,
        country: 'FR',
        subtotal: '32.40',
        discounts: '3.60',
        shipping: '5.00',
        tax: '7.11',
        total: '44.51',
        refunded: '44.51',
        financial: 'REFUNDED',
        codes: ['TEN'],
        cancelledAt: '2026-11-19T08:00:00Z',
        lineItems: [line(6, MUG, 7011, 'MUG-1', 'Trail Mug', 3, '12.00', '3.60')],
        refunds: [
          refund(
            802,
            '2026-11-19T08:00:00Z',
            '44.51',
            [{ id: 2, lineItem: '6', qty: 3, subtotal: '32.40', tax: '6.16' }],
            [{ id: 1, subtotal: '5.00', tax: '0.95' }],
          ),
        ],
      }),
    ],
  };
}

/** The changes the second sync must bring: a new order, a refund on #1001, the mug's new cost. */
export function changeStore(s: FixtureStore, at: string): void {
  s.orders.push({
    ...order({
      id: 5005,
      name: '#1005',
      createdAt: '2026-11-25T16:00:00Z',
      email: 'd@example.com',
      customer: 9004,
      country: 'DE',
      subtotal: '18.00',
      discounts: '0.00',
      shipping: '4.00',
      tax: '4.18',
      total: '26.18',
      refunded: '0.00',
      financial: 'PAID',
      lineItems: [line(7, SOCKS, 7021, 'SOCK-S', 'Wool Socks - S', 2, '9.00', '0.00')],
    }),
    updatedAt: at,
  });
  const o1 = s.orders.find((o) => o.name === '#1001')!;
  o1.refunds = [
    refund(803, '2026-11-26T10:00:00Z', '14.28', [
      { id: 3, lineItem: '1', qty: 1, subtotal: '12.00', tax: '2.28' },
    ]),
  ];
  o1.totalRefundedSet = eur('14.28');
  o1.displayFinancialStatus = 'PARTIALLY_REFUNDED';
  o1.updatedAt = at;
  const mug = s.products.find((p) => p.handle === 'trail-mug')!;
  const v = (mug.variants as Rec[])[0]!;
  (v.inventoryItem as Rec).unitCost = { amount: '4.50', currencyCode: 'EUR' };
  mug.updatedAt = at;
}
