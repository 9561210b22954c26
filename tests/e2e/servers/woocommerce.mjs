// A fake WooCommerce shop's REST API (WordPress index + wc/v3) on 127.0.0.1, for the unit tests
// of core/connect/woo.ts and for end-to-end tests. It answers from a fixture store (EUR, prices
// without tax, 19 % VAT) and rejects what the real API rejects.
//
// Shapes follow woocommerce.github.io/woocommerce-rest-api-docs (wp-api-v3; the source is
// github.com/woocommerce/woocommerce-rest-api-docs, source/includes/wp-api-v3/), section per shape:
//   #authentication-over-https  Basic auth (key as user, secret as password) or consumer_key /
//                               consumer_secret in the query string, on HTTPS only
//   #authentication-over-http   OAuth 1.0a one-legged: oauth_consumer_key, oauth_timestamp,
//                               oauth_nonce, oauth_signature, oauth_signature_method (HMAC-SHA1 or
//                               HMAC-SHA256, key "secret&"), 15-minute window, nonces used once
//   #errors                     { code, message, data: { status } }
//   #pagination                 per_page (≤ 100), page, X-WP-Total, X-WP-TotalPages, Link
//   #order-properties           orders, with line_items, tax_lines, shipping_lines, fee_lines,
//                               coupon_lines, refunds ({ id, reason, total })
//   #list-all-orders            its parameters (modified_after, dates_are_gmt, status, …)
//   #order-refund-properties    refunds; their line_items have negative quantity and totals
//   #product-properties, #list-all-products, #product-variation-properties,
//   #list-all-product-variations, #retrieve-a-setting-option (woocommerce_currency)
// From the WooCommerce source rather than the docs (woocommerce/woocommerce, plugins/woocommerce):
//   includes/class-wc-rest-authentication.php  the error codes and messages of authentication;
//     Basic auth is only tried when is_ssl() (here: the X-Forwarded-Proto: https header of a
//     TLS-terminating proxy, which is how the tests reach it); an unknown key on Basic auth gives
//     no error of its own, so the request is anonymous and the route answers 401
//     woocommerce_rest_cannot_view
//   Version2/class-wc-rest-order-refunds-v2-controller.php  refunds also list shipping_lines,
//     tax_lines and fee_lines
//   includes/wc-order-functions.php (wc_create_refund)  refund lines carry _refunded_item_id; a
//     refund saves the order with a new date_modified; the "Refunded" status makes one refund of
//     the remaining amount with no lines ("Order fully refunded.")
// From WordPress: the REST index /wp-json/ (name, url, home, gmt_offset, timezone_string; WP
//   4.7.4+) is public; _fields limits any response's fields; rest_invalid_param is the 400 of a
//   parameter outside its schema ("per_page must be between 1 (inclusive) and 100 (inclusive)").
//
// One deliberate difference: WordPress ignores query parameters a route does not declare; this
// fake answers them with 400 fake_unknown_param, so a misspelt filter (which the real shop would
// silently ignore, sending everything) fails a test instead of passing unnoticed.
//
// Test controls (not WooCommerce):
//   POST /__fake/reset                          the initial store, counters and keys
//   POST /__fake/fail?status=429&times=1[&retry_after=1]   the next N API requests answer so
//   POST /__fake/day-two                        a new order, a refund, a cancelled order, a price
//                                               and a stock change
//   GET  /__fake/log                            the requests seen (path + query, auth scheme)
import { createServer } from 'node:http';
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The fixture keys: Read, Write-only. 40 hex digits each, as WooCommerce makes them. */
export const WOO_KEYS = {
  read: {
    key: 'ck_0a1b2c3d4e5f60718293a4b5c6d7e8f901234567',
    secret: 'cs_fedcba9876543210fedcba9876543210fedcba98',
    permissions: 'read',
  },
  writeOnly: {
    key: 'ck_1111111111111111111111111111111111111111',
    secret: 'cs_2222222222222222222222222222222222222222',
    permissions: 'write',
  },
};

const SITE = {
  name: 'Kaffeehaus Nord',
  description: 'Kaffee, Becher und Hoodies',
  url: 'https://kaffeehaus.example',
  home: 'https://kaffeehaus.example',
  gmt_offset: 1,
  timezone_string: 'Europe/Berlin',
};
/** The site's local time in the fixture's months (CET, UTC+1), for dates without _gmt. */
const LOCAL_OFFSET_MS = 3600_000;

const cents = (n) => (n / 100).toFixed(2);
const iso = (ms) => new Date(ms).toISOString().slice(0, 19);
const local = (ms) => iso(ms + LOCAL_OFFSET_MS);
const T = (s) => Date.parse(`${s}Z`);

// Catalog (#product-properties, #product-variation-properties). Money in cents here.
function initialProducts() {
  const simple = (id, name, sku, price, stock, category, extra = {}) => ({
    id,
    name,
    slug: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    type: 'simple',
    sku,
    regular: price,
    sale: null,
    manage_stock: stock !== null,
    stock_quantity: stock,
    categories: category ? [category] : [],
    modified: T('2026-11-01T08:00:00'),
    ...extra,
  });
  const kitchen = { id: 9, name: 'Küche', slug: 'kueche' };
  const clothes = { id: 12, name: 'Kleidung', slug: 'kleidung' };
  return [
    simple(101, 'Kaffeebecher', 'MUG-01', 2000, 40, kitchen),
    // A product without SKU: the CSV import and the sync both key it "woo-102".
    simple(102, 'Handfilter', '', 2500, 6, kitchen),
    {
      ...simple(103, 'Hoodie', 'HOOD', 4000, 5, clothes),
      type: 'variable',
      variations: [
        {
          id: 1031,
          sku: 'HOOD-S',
          option: 'S',
          regular: 4000,
          sale: null,
          manage_stock: true,
          stock_quantity: 3,
        },
        {
          id: 1032,
          sku: 'HOOD-M',
          option: 'M',
          regular: 4000,
          sale: 3500,
          manage_stock: true,
          stock_quantity: 0,
        },
        // No SKU of its own, stock kept on the variable product (manage_stock "parent").
        {
          id: 1033,
          sku: '',
          option: 'L',
          regular: 4000,
          sale: null,
          manage_stock: 'parent',
          stock_quantity: 5,
        },
      ],
    },
    { ...simple(104, 'Frühstücks-Set', '', 0, null, kitchen), type: 'grouped' },
    simple(105, 'Geschenkkarte 50 €', 'GIFT-50', 5000, null, null, { virtual: true }),
  ];
}

// Orders (#order-properties): lines in cents, taxes at 19 % worked out by hand.
function initialOrders() {
  const mug = { product_id: 101, variation_id: 0, name: 'Kaffeebecher', sku: 'MUG-01' };
  const filter = { product_id: 102, variation_id: 0, name: 'Handfilter', sku: '' };
  const hoodS = { product_id: 103, variation_id: 1031, name: 'Hoodie - S', sku: 'HOOD-S' };
  const hoodM = { product_id: 103, variation_id: 1032, name: 'Hoodie - M', sku: 'HOOD-M' };
  const gift = { product_id: 105, variation_id: 0, name: 'Geschenkkarte 50 €', sku: 'GIFT-50' };
  const flat = { method_title: 'Pauschale', method_id: 'flat_rate', total: 490, tax: 93 };
  return [
    {
      id: 1001,
      status: 'completed',
      created: T('2026-11-20T09:15:00'),
      email: 'anna@example.com',
      country: 'DE',
      lines: [
        { ...mug, quantity: 2, subtotal: 4000, total: 4000, tax: 760 },
        { ...hoodM, quantity: 1, subtotal: 3500, total: 3500, tax: 665 },
      ],
      shipping: [flat],
      coupons: [],
      refunds: [],
    },
    {
      id: 1002,
      status: 'completed',
      created: T('2026-11-21T14:00:00'),
      email: 'ben@example.com',
      country: 'AT',
      source: ['organic', 'google'],
      lines: [
        // Coupon FUENF: 5.00 off the filter (and its 0.95 tax).
        { ...filter, quantity: 1, subtotal: 2500, total: 2000, tax: 380 },
        { ...mug, quantity: 3, subtotal: 6000, total: 6000, tax: 1140 },
      ],
      shipping: [flat],
      coupons: [{ code: 'fuenf', discount: 500, discount_tax: 95 }],
      // One mug back on 22 Nov (23:30 UTC on the 21st: 00:30 in Berlin), the shipping on 25 Nov:
      // two refunds on two days, each with its own lines (#order-refund-properties; a refund of
      // the shipping line alone, as the order screen's refund form allows). Shop totals are those
      // of one refund of both (29.63), only the days differ.
      refunds: [
        {
          id: 2001,
          created: T('2026-11-21T23:30:00'),
          reason: 'Becher zerbrochen',
          lines: [{ of: 1, quantity: 1, total: 2000, tax: 380 }],
          shipping: [],
        },
        {
          id: 2002,
          created: T('2026-11-25T10:00:00'),
          reason: 'Versand erstattet',
          lines: [],
          shipping: [{ of: 0, total: 490, tax: 93 }],
        },
      ],
    },
    {
      id: 1003,
      status: 'refunded',
      created: T('2026-11-22T08:30:00'),
      email: 'carla@example.com',
      country: 'DE',
      lines: [{ ...hoodS, quantity: 1, subtotal: 4000, total: 4000, tax: 760 }],
      shipping: [],
      coupons: [],
      // Set to "Refunded": one refund of everything, without lines.
      refunds: [
        {
          id: 2003,
          created: T('2026-11-26T16:45:00'),
          reason: 'Order fully refunded.',
          lines: [],
          shipping: [],
        },
      ],
    },
    {
      id: 1004,
      status: 'cancelled',
      created: T('2026-11-23T12:00:00'),
      email: 'dora@example.com',
      country: 'DE',
      lines: [{ ...mug, quantity: 1, subtotal: 2000, total: 2000, tax: 380 }],
      shipping: [flat],
      coupons: [],
      refunds: [],
    },
    {
      id: 1005,
      status: 'processing',
      created: T('2026-11-24T19:05:00'),
      email: 'anna@example.com',
      country: 'DE',
      lines: [
        // Sold by the WooCommerce Gift Cards extension: its line meta names the recipient.
        {
          ...gift,
          quantity: 1,
          subtotal: 5000,
          total: 5000,
          tax: 0,
          meta: [
            { key: 'wc_gc_giftcard_to_multiple', value: 'emil@example.com' },
            { key: 'wc_gc_giftcard_from', value: 'Anna' },
          ],
        },
        { ...mug, quantity: 1, subtotal: 2000, total: 2000, tax: 380 },
      ],
      shipping: [],
      coupons: [],
      refunds: [],
    },
    {
      // Never paid: WooCommerce Analytics leaves it out, so does the sync.
      id: 1006,
      status: 'pending',
      created: T('2026-11-26T20:00:00'),
      email: 'fritz@example.com',
      country: 'DE',
      lines: [{ ...mug, quantity: 5, subtotal: 10000, total: 10000, tax: 1900 }],
      shipping: [],
      coupons: [],
      refunds: [],
    },
  ].map((o) => ({ ...o, modified: o.refunds.at(-1)?.created ?? o.created + 3600_000 }));
}

/** Plain filler orders (one mug, 20.00 + 3.80 tax, no shipping) for pagination tests. */
function fillerOrders(n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const created = T('2026-11-10T06:00:00') + i * 60_000;
    out.push({
      id: 5000 + i,
      status: 'completed',
      created,
      modified: created,
      email: `filler${i}@example.com`,
      country: 'DE',
      lines: [
        {
          product_id: 101,
          variation_id: 0,
          name: 'Kaffeebecher',
          sku: 'MUG-01',
          quantity: 1,
          subtotal: 2000,
          total: 2000,
          tax: 380,
        },
      ],
      shipping: [],
      coupons: [],
      refunds: [],
    });
  }
  return out;
}

function orderJson(o, origin) {
  const itemTotal = o.lines.reduce((s, l) => s + l.total, 0);
  const cartTax = o.lines.reduce((s, l) => s + l.tax, 0);
  const shipTotal = o.shipping.reduce((s, l) => s + l.total, 0);
  const shipTax = o.shipping.reduce((s, l) => s + l.tax, 0);
  const discount = o.coupons.reduce((s, c) => s + c.discount, 0);
  const discountTax = o.coupons.reduce((s, c) => s + c.discount_tax, 0);
  const totalTax = cartTax + shipTax;
  const total = itemTotal + shipTotal + totalTax;
  const lineId = (i) => o.id * 10 + i + 1;
  const shipId = (i) => o.id * 10 + 8 - i;
  const taxes = (t) => [{ id: 1, total: cents(t), subtotal: cents(t) }];
  return {
    id: o.id,
    parent_id: 0,
    number: String(o.id),
    order_key: `wc_order_${o.id}abc`,
    created_via: 'checkout',
    version: '9.8.1',
    status: o.status,
    currency: 'EUR',
    date_created: local(o.created),
    date_created_gmt: iso(o.created),
    date_modified: local(o.modified),
    date_modified_gmt: iso(o.modified),
    discount_total: cents(discount),
    discount_tax: cents(discountTax),
    shipping_total: cents(shipTotal),
    shipping_tax: cents(shipTax),
    cart_tax: cents(cartTax),
    total: cents(total),
    total_tax: cents(totalTax),
    prices_include_tax: false,
    customer_id: 0,
    customer_ip_address: '203.0.113.7',
    customer_user_agent: 'Mozilla/5.0',
    customer_note: '',
    billing: {
      first_name: 'Kundin',
      last_name: String(o.id),
      company: '',
      address_1: 'Hauptstraße 1',
      address_2: '',
      city: 'Hamburg',
      state: '',
      postcode: '20095',
      country: o.country,
      email: o.email,
      phone: '',
    },
    shipping: {
      first_name: 'Kundin',
      last_name: String(o.id),
      company: '',
      address_1: 'Hauptstraße 1',
      address_2: '',
      city: 'Hamburg',
      state: '',
      postcode: '20095',
      country: o.country,
    },
    payment_method: 'stripe',
    payment_method_title: 'Kreditkarte',
    transaction_id: `ch_${o.id}`,
    date_paid: o.status === 'pending' ? null : local(o.created),
    date_paid_gmt: o.status === 'pending' ? null : iso(o.created),
    date_completed: o.status === 'completed' ? local(o.created + 86_400_000) : null,
    date_completed_gmt: o.status === 'completed' ? iso(o.created + 86_400_000) : null,
    cart_hash: 'f00d',
    // Order attribution (WooCommerce 8.5+): the source type and source Analytics shows as Origin.
    meta_data: [
      {
        id: o.id * 100,
        key: '_wc_order_attribution_source_type',
        value: o.source?.[0] ?? 'typein',
      },
      {
        id: o.id * 100 + 1,
        key: '_wc_order_attribution_utm_source',
        value: o.source?.[1] ?? '(direct)',
      },
    ],
    line_items: o.lines.map((l, i) => ({
      id: lineId(i),
      name: l.name,
      product_id: l.product_id,
      variation_id: l.variation_id,
      quantity: l.quantity,
      tax_class: '',
      subtotal: cents(l.subtotal),
      subtotal_tax: cents(Math.round((l.subtotal * 19) / 100)),
      total: cents(l.total),
      total_tax: cents(l.tax),
      taxes: taxes(l.tax),
      meta_data: (l.meta ?? []).map((m, k) => ({ id: lineId(i) * 10 + k, ...m })),
      sku: l.sku,
      price: l.total / 100 / l.quantity,
    })),
    tax_lines: [
      {
        id: o.id * 10 + 9,
        rate_code: 'DE-MWST-1',
        rate_id: 1,
        label: 'MwSt.',
        compound: false,
        tax_total: cents(cartTax),
        shipping_tax_total: cents(shipTax),
        meta_data: [],
      },
    ],
    shipping_lines: o.shipping.map((s, i) => ({
      id: shipId(i),
      method_title: s.method_title,
      method_id: s.method_id,
      total: cents(s.total),
      total_tax: cents(s.tax),
      taxes: taxes(s.tax),
      meta_data: [],
    })),
    fee_lines: [],
    coupon_lines: o.coupons.map((c, i) => ({
      id: o.id * 10 + 7 - i,
      code: c.code,
      discount: cents(c.discount),
      discount_tax: cents(c.discount_tax),
      meta_data: [],
    })),
    refunds: o.refunds.map((r) => ({
      id: r.id,
      reason: r.reason,
      total: `-${cents(refundAmount(o, r, total))}`,
    })),
    _links: {
      self: [{ href: `${origin}/wp-json/wc/v3/orders/${o.id}` }],
      collection: [{ href: `${origin}/wp-json/wc/v3/orders` }],
    },
  };
}

/** A refund's amount: its lines and shipping with tax, or (no lines) what remained to refund. */
function refundAmount(o, r, orderTotal) {
  if (r.lines.length || r.shipping.length)
    return [...r.lines, ...r.shipping].reduce((s, x) => s + x.total + x.tax, 0);
  const before = o.refunds
    .slice(0, o.refunds.indexOf(r))
    .reduce((s, x) => s + refundAmount(o, x, orderTotal), 0);
  return orderTotal - before;
}

function refundJson(o, r, origin) {
  const order = orderJson(o, origin);
  const total = Math.round(Number(order.total) * 100);
  const neg = (n) => (n === 0 ? '0.00' : `-${cents(n)}`);
  return {
    id: r.id,
    date_created: local(r.created),
    date_created_gmt: iso(r.created),
    amount: cents(refundAmount(o, r, total)),
    reason: r.reason,
    refunded_by: 1,
    refunded_payment: true,
    meta_data: [],
    line_items: r.lines.map((x, i) => {
      const of = order.line_items[x.of];
      return {
        id: r.id * 10 + i,
        name: of.name,
        product_id: of.product_id,
        variation_id: of.variation_id,
        quantity: -x.quantity,
        tax_class: '',
        subtotal: neg(x.total),
        subtotal_tax: neg(x.tax),
        total: neg(x.total),
        total_tax: neg(x.tax),
        taxes: [{ id: 1, total: neg(x.tax), subtotal: neg(x.tax) }],
        meta_data: [{ id: r.id * 100 + i, key: '_refunded_item_id', value: String(of.id) }],
        sku: of.sku,
        price: -x.total / 100 / x.quantity,
      };
    }),
    shipping_lines: r.shipping.map((x, i) => {
      const of = order.shipping_lines[x.of];
      return {
        id: r.id * 10 + 5 + i,
        method_title: of.method_title,
        method_id: of.method_id,
        total: neg(x.total),
        total_tax: neg(x.tax),
        taxes: [{ id: 1, total: neg(x.tax), subtotal: neg(x.tax) }],
        meta_data: [{ id: r.id * 100 + 50 + i, key: '_refunded_item_id', value: String(of.id) }],
      };
    }),
    tax_lines: [],
    fee_lines: [],
    _links: {
      self: [{ href: `${origin}/wp-json/wc/v3/orders/${o.id}/refunds/${r.id}` }],
      up: [{ href: `${origin}/wp-json/wc/v3/orders/${o.id}` }],
    },
  };
}

function productJson(p, origin) {
  const price = p.sale ?? p.regular;
  return {
    id: p.id,
    name: p.name,
    slug: p.slug,
    permalink: `${origin}/produkt/${p.slug}/`,
    date_created: local(T('2026-01-05T10:00:00')),
    date_created_gmt: iso(T('2026-01-05T10:00:00')),
    date_modified: local(p.modified),
    date_modified_gmt: iso(p.modified),
    type: p.type,
    status: 'publish',
    featured: false,
    catalog_visibility: 'visible',
    description: '',
    short_description: '',
    sku: p.sku,
    price: p.type === 'grouped' ? '' : cents(price),
    regular_price: p.type === 'grouped' || p.type === 'variable' ? '' : cents(p.regular),
    sale_price: p.sale === null ? '' : cents(p.sale),
    on_sale: p.sale !== null,
    purchasable: p.type !== 'grouped',
    virtual: p.virtual === true,
    tax_status: 'taxable',
    tax_class: '',
    manage_stock: p.manage_stock,
    stock_quantity: p.manage_stock ? p.stock_quantity : null,
    stock_status: p.manage_stock && p.stock_quantity <= 0 ? 'outofstock' : 'instock',
    backorders: 'no',
    parent_id: 0,
    categories: p.categories,
    tags: [],
    images: [],
    attributes:
      p.type === 'variable'
        ? [
            {
              id: 1,
              name: 'Größe',
              position: 0,
              visible: true,
              variation: true,
              options: p.variations.map((v) => v.option),
            },
          ]
        : [],
    default_attributes: [],
    variations: p.type === 'variable' ? p.variations.map((v) => v.id) : [],
    grouped_products: p.type === 'grouped' ? [101, 102] : [],
    meta_data: [],
    _links: { self: [{ href: `${origin}/wp-json/wc/v3/products/${p.id}` }] },
  };
}

function variationJson(p, v, origin) {
  return {
    id: v.id,
    date_created: local(T('2026-01-05T10:00:00')),
    date_created_gmt: iso(T('2026-01-05T10:00:00')),
    date_modified: local(v.modified ?? p.modified),
    date_modified_gmt: iso(v.modified ?? p.modified),
    description: '',
    permalink: `${origin}/produkt/${p.slug}/?attribute_pa_groesse=${v.option.toLowerCase()}`,
    sku: v.sku,
    price: cents(v.sale ?? v.regular),
    regular_price: cents(v.regular),
    sale_price: v.sale === null ? '' : cents(v.sale),
    on_sale: v.sale !== null,
    status: 'publish',
    purchasable: true,
    virtual: false,
    downloadable: false,
    tax_status: 'taxable',
    tax_class: '',
    manage_stock: v.manage_stock,
    // A variation managed by its parent reports the parent's stock quantity.
    stock_quantity: v.manage_stock === 'parent' ? p.stock_quantity : v.stock_quantity,
    stock_status: 'instock',
    backorders: 'no',
    attributes: [{ id: 1, name: 'Größe', option: v.option }],
    menu_order: 0,
    meta_data: [],
    _links: { up: [{ href: `${origin}/wp-json/wc/v3/products/${p.id}` }] },
  };
}

// --- Parameters (#list-all-orders, #list-all-products, #list-all-product-variations) --------

// Each route's parameters as its docs section lists them ("Available parameters").
const w = (s) => s.split(' ');
const LIST_PARAMS = {
  orders: w(
    'context page per_page search after before modified_after modified_before dates_are_gmt exclude include offset order orderby parent parent_exclude status customer product dp',
  ),
  refunds: w(
    'context page per_page search after before exclude include offset order orderby parent parent_exclude dp',
  ),
  products: w(
    'context page per_page search after before modified_after modified_before dates_are_gmt exclude include offset order orderby parent parent_exclude slug status type sku featured category tag shipping_class attribute attribute_term tax_class on_sale min_price max_price stock_status',
  ),
  // Variations take no modified_after (#list-all-product-variations).
  variations: w(
    'context page per_page search after before exclude include offset order orderby parent parent_exclude slug status sku tax_class on_sale min_price max_price stock_status',
  ),
};
const ORDERBY = {
  orders: w('date id include title slug'),
  refunds: w('date id include title slug'),
  products: w('date id include title slug price popularity rating'),
  variations: w('date id include title slug'),
};
const ANY = ['_fields', '_jsonp', 'consumer_key', 'consumer_secret'];
const OAUTH = [
  'oauth_consumer_key',
  'oauth_timestamp',
  'oauth_nonce',
  'oauth_signature',
  'oauth_signature_method',
  'oauth_version',
];
// WordPress's rest_parse_date() pattern.
const REST_DATE = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}(?::\d{2})?)?$/;

/** Checks a list request's query; returns { error } (400) or the parsed filters. */
function listQuery(kind, q) {
  const allowed = new Set([...LIST_PARAMS[kind], ...ANY, ...OAUTH]);
  for (const k of q.keys())
    if (!allowed.has(k))
      return {
        error: {
          code: 'fake_unknown_param',
          message: `This fake refuses parameters the route does not declare: ${k}`,
          data: { status: 400 },
        },
      };
  const invalid = {};
  const int = (name, min, max, dflt) => {
    const raw = q.get(name);
    if (raw === null) return dflt;
    const n = Number(raw);
    if (!/^-?\d+$/.test(raw)) invalid[name] = `${name} is not of type integer.`;
    else if (n < min || (max !== null && n > max))
      invalid[name] =
        max === null
          ? `${name} must be greater than or equal to ${min}`
          : `${name} must be between ${min} (inclusive) and ${max} (inclusive)`;
    return n;
  };
  const perPage = int('per_page', 1, 100, 10);
  const page = int('page', 1, null, 1);
  const order = q.get('order') ?? 'desc';
  if (!['asc', 'desc'].includes(order)) invalid.order = 'order is not one of asc and desc.';
  const orderby = q.get('orderby') ?? 'date';
  if (!ORDERBY[kind].includes(orderby))
    invalid.orderby = `orderby is not one of ${ORDERBY[kind].join(', ')}.`;
  const after = q.get('modified_after');
  if (after !== null && !REST_DATE.test(after)) invalid.modified_after = 'Invalid date.';
  const gmtRaw = q.get('dates_are_gmt');
  if (gmtRaw !== null && !['true', 'false', '1', '0'].includes(gmtRaw))
    invalid.dates_are_gmt = 'dates_are_gmt is not of type boolean.';
  const include = q.get('include');
  if (include !== null && !/^\d+(,\d+)*$/.test(include))
    invalid.include = 'include[0] is not of type integer.';
  if (Object.keys(invalid).length > 0)
    return {
      error: {
        code: 'rest_invalid_param',
        message: `Invalid parameter(s): ${Object.keys(invalid).join(', ')}`,
        data: { status: 400, params: invalid },
      },
    };
  return {
    perPage,
    page,
    order,
    orderby,
    modifiedAfter: after,
    gmt: gmtRaw === 'true' || gmtRaw === '1',
    include: include === null ? null : include.split(',').map(Number),
  };
}

// --- Authentication (class-wc-rest-authentication.php) --------------------------------------

const rfc3986 = (s) =>
  encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

function authenticate(req, url, state) {
  const ssl = req.headers['x-forwarded-proto'] === 'https';
  const q = url.searchParams;
  const byKey = (k) => Object.values(state.keys).find((x) => x.key === k);
  if (ssl) {
    let key = q.get('consumer_key') ?? '';
    let secret = q.get('consumer_secret') ?? '';
    const h = req.headers.authorization ?? '';
    if (!key && h.startsWith('Basic ')) {
      const [u, ...p] = Buffer.from(h.slice(6), 'base64').toString('utf8').split(':');
      key = u ?? '';
      secret = p.join(':');
    }
    if (key && secret) {
      const user = byKey(key);
      if (user) {
        if (user.secret !== secret)
          return {
            error: [401, 'woocommerce_rest_authentication_error', 'Consumer secret is invalid.'],
          };
        return { user, scheme: q.get('consumer_key') ? 'query' : 'basic' };
      }
    }
  }
  const names = [
    'oauth_consumer_key',
    'oauth_timestamp',
    'oauth_nonce',
    'oauth_signature',
    'oauth_signature_method',
  ];
  const missing = names.filter((n) => !q.get(n));
  if (missing.length === names.length) return { user: null, scheme: 'none' };
  if (missing.length > 0)
    return {
      error: [
        401,
        'woocommerce_rest_authentication_missing_parameter',
        `Missing OAuth parameter${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
      ],
    };
  const user = byKey(q.get('oauth_consumer_key'));
  if (!user)
    return { error: [401, 'woocommerce_rest_authentication_error', 'Consumer key is invalid.'] };
  const method = q.get('oauth_signature_method');
  const params = [...q.entries()].filter(([k]) => k !== 'oauth_signature');
  const normalized = params
    .map(([k, v]) => [rfc3986(k), rfc3986(v)])
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const base = `GET&${rfc3986(`http://${req.headers.host}${url.pathname}`)}&${rfc3986(normalized)}`;
  if (method !== 'HMAC-SHA1' && method !== 'HMAC-SHA256')
    return {
      error: [
        401,
        'woocommerce_rest_authentication_error',
        'Invalid signature - signature method is invalid.',
      ],
    };
  const want = createHmac(method === 'HMAC-SHA1' ? 'sha1' : 'sha256', `${user.secret}&`)
    .update(base)
    .digest();
  const got = Buffer.from(q.get('oauth_signature').replace(/ /g, '+'), 'base64');
  if (got.length !== want.length || !timingSafeEqual(got, want))
    return {
      error: [
        401,
        'woocommerce_rest_authentication_error',
        'Invalid signature - provided signature does not match.',
      ],
    };
  const ts = Number(q.get('oauth_timestamp'));
  if (!(Math.abs(ts - Date.now() / 1000) <= 15 * 60))
    return { error: [401, 'woocommerce_rest_authentication_error', 'Invalid timestamp.'] };
  if (state.nonces.has(q.get('oauth_nonce')))
    return {
      error: [
        401,
        'woocommerce_rest_authentication_error',
        'Invalid nonce - nonce has already been used.',
      ],
    };
  state.nonces.add(q.get('oauth_nonce'));
  return { user, scheme: 'oauth' };
}

// --- The store ------------------------------------------------------------------------------

function freshState(options) {
  return {
    orders: [...initialOrders(), ...fillerOrders(options.fillerOrders ?? 0)],
    products: initialProducts(),
    keys: structuredClone(WOO_KEYS),
    fail: [],
    log: [],
    nonces: new Set(),
    inFlight: 0,
    maxInFlight: 0,
  };
}

/**
 * The second day: order 1007 (two mugs), a refund of 1001's hoodie, order 1005 cancelled (a
 * modified order: its status only), the filter's new price.
 */
function dayTwo(state) {
  const now = Date.now();
  const o1005 = state.orders.find((o) => o.id === 1005);
  o1005.status = 'cancelled';
  o1005.modified = now - 10_000;
  state.orders.push({
    id: 1007,
    status: 'processing',
    created: now - 60_000,
    modified: now - 60_000,
    email: 'ben@example.com',
    country: 'AT',
    lines: [
      {
        product_id: 101,
        variation_id: 0,
        name: 'Kaffeebecher',
        sku: 'MUG-01',
        quantity: 2,
        subtotal: 4000,
        total: 4000,
        tax: 760,
      },
    ],
    shipping: [{ method_title: 'Pauschale', method_id: 'flat_rate', total: 490, tax: 93 }],
    coupons: [],
    refunds: [],
  });
  const o1001 = state.orders.find((o) => o.id === 1001);
  o1001.refunds.push({
    id: 2008,
    created: now - 30_000,
    reason: 'Zu klein',
    lines: [{ of: 1, quantity: 1, total: 3500, tax: 665 }],
    shipping: [],
  });
  o1001.modified = now - 30_000;
  // The sale lowers the mug's stock without touching the product's date (WooCommerce updates
  // stock with its own query), so only the order says the mug changed.
  state.products.find((p) => p.id === 101).stock_quantity -= 2;
  const f = state.products.find((p) => p.id === 102);
  f.regular = 2700;
  f.modified = now - 20_000;
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
  res.end(JSON.stringify(body));
}
const wpError = (res, status, code, message, extra = {}) =>
  send(res, status, { code, message, data: { status, ...extra } });

function pickFields(body, fields) {
  if (!fields) return body;
  const keep = fields.split(',').map((f) => f.trim());
  const one = (o) => Object.fromEntries(keep.filter((k) => k in o).map((k) => [k, o[k]]));
  return Array.isArray(body) ? body.map(one) : one(body);
}

function paginate(res, url, items, q, origin, toJson, options) {
  let list = items;
  if (q.include) list = list.filter((x) => q.include.includes(x.id));
  if (q.modifiedAfter) {
    const after = Date.parse(
      /Z|[+-]\d\d(:?\d\d)?$/.test(q.modifiedAfter) ? q.modifiedAfter : `${q.modifiedAfter}Z`,
    );
    // Without dates_are_gmt the date is read in the site's zone and compared with date_modified.
    const bound = q.gmt || /Z|[+-]\d\d/.test(q.modifiedAfter) ? after : after - LOCAL_OFFSET_MS;
    list = list.filter((x) => (x.modified ?? 0) > bound);
  }
  const key =
    q.orderby === 'id' || q.orderby === 'include' ? (x) => x.id : (x) => x.created ?? x.id;
  list = [...list].sort((a, b) => (key(a) - key(b)) * (q.order === 'asc' ? 1 : -1));
  const total = list.length;
  const pages = Math.ceil(total / q.perPage);
  const slice = list.slice((q.page - 1) * q.perPage, q.page * q.perPage);
  const link = (p) => {
    const u = new URL(url.pathname + url.search, origin);
    for (const k of [...u.searchParams.keys()])
      if (k.startsWith('oauth_') || k.startsWith('consumer_')) u.searchParams.delete(k);
    u.searchParams.set('page', String(p));
    return u.toString();
  };
  const links = [];
  if (q.page > 1 && q.page <= pages + 1) links.push(`<${link(q.page - 1)}>; rel="prev"`);
  if (q.page < pages) links.push(`<${link(q.page + 1)}>; rel="next"`);
  // `noTotals`: a caching proxy in front of the shop that drops the X-WP-* headers.
  send(res, 200, pickFields(slice.map(toJson), url.searchParams.get('_fields')), {
    ...(!options.noTotals && { 'x-wp-total': String(total), 'x-wp-totalpages': String(pages) }),
    ...(links.length > 0 && { link: links.join(', ') }),
  });
}

/**
 * Starts the fake shop; `server.woo` holds its state and controls for tests. Options:
 * `fillerOrders` (plain one-mug orders added, for pagination), `noTotals` (no X-WP-Total headers).
 */
export function startWooServer(port = 0, options = {}) {
  let state = freshState(options);
  const host = '127.0.0.1';
  const server = createServer(async (req, res) => {
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    res.on('close', () => state.inFlight--);
    // Answer on a later turn, so overlapping requests would overlap here too.
    await new Promise((ok) => setTimeout(ok, 2));
    const url = new URL(req.url ?? '/', `http://${host}`);
    const origin = `${req.headers['x-forwarded-proto'] === 'https' ? 'https' : 'http'}://${req.headers.host}`;
    const path = url.pathname;

    if (path.startsWith('/__fake/')) {
      if (req.method === 'POST' && path === '/__fake/reset') {
        state = freshState(options);
        return send(res, 200, { ok: true });
      }
      if (req.method === 'POST' && path === '/__fake/fail') {
        const times = Number(url.searchParams.get('times') ?? 1);
        for (let i = 0; i < times; i++)
          state.fail.push({
            status: Number(url.searchParams.get('status') ?? 503),
            retryAfter: url.searchParams.get('retry_after'),
          });
        return send(res, 200, { ok: true });
      }
      if (req.method === 'POST' && path === '/__fake/day-two') {
        dayTwo(state);
        return send(res, 200, { ok: true });
      }
      if (path === '/__fake/log') return send(res, 200, state.log);
      return wpError(
        res,
        404,
        'rest_no_route',
        'No route was found matching the URL and request method.',
      );
    }

    if (path === '/wp-json' || path === '/wp-json/') {
      state.log.push({
        path: path + url.search,
        scheme: 'none',
        authorization: Boolean(req.headers.authorization),
      });
      const index = {
        ...SITE,
        namespaces: ['oembed/1.0', 'wc/v3', 'wc/store/v1', 'wp/v2'],
        authentication: [],
        routes: { '/': {}, '/wc/v3': {}, '/wc/v3/orders': {} },
      };
      return send(res, 200, pickFields(index, url.searchParams.get('_fields')));
    }
    if (!path.startsWith('/wp-json/wc/v3/'))
      return wpError(
        res,
        404,
        'rest_no_route',
        'No route was found matching the URL and request method.',
      );

    const auth = authenticate(req, url, state);
    state.log.push({
      path: path + url.search,
      scheme: auth.scheme ?? 'error',
      authorization: Boolean(req.headers.authorization),
    });
    if (auth.error) return wpError(res, ...auth.error);
    const route = path.slice('/wp-json/wc/v3/'.length).replace(/\/$/, '');
    const list = /^(orders|products)$|^orders\/\d+\/refunds$|^products\/\d+\/variations$/.test(
      route,
    );
    if (!auth.user)
      return list
        ? wpError(res, 401, 'woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.')
        : wpError(
            res,
            401,
            'woocommerce_rest_cannot_view',
            'Sorry, you cannot view this resource.',
          );
    if (
      req.method === 'GET' &&
      auth.user.permissions !== 'read' &&
      auth.user.permissions !== 'read_write'
    )
      return wpError(
        res,
        401,
        'woocommerce_rest_authentication_error',
        'The API key provided does not have read permissions.',
      );
    // A failure queued `after` N requests lets those N through first.
    let failure;
    if (state.fail[0]?.after > 0) state.fail[0].after--;
    else failure = state.fail.shift();
    if (failure) {
      const headers = failure.retryAfter !== null ? { 'retry-after': failure.retryAfter } : {};
      return send(
        res,
        failure.status,
        failure.status === 429
          ? { code: 'too_many_requests', message: 'Too many requests', data: { status: 429 } }
          : {
              code: 'internal_server_error',
              message: 'There has been a critical error on this website.',
              data: { status: failure.status },
            },
        headers,
      );
    }
    if (req.method !== 'GET')
      return wpError(
        res,
        404,
        'rest_no_route',
        'No route was found matching the URL and request method.',
      );

    if (route === 'settings/general/woocommerce_currency')
      return send(res, 200, {
        id: 'woocommerce_currency',
        label: 'Currency',
        description:
          'This controls what currency prices are listed at in the catalog and which currency gateways will take payments in.',
        type: 'select',
        default: 'GBP',
        tip: 'This controls what currency prices are listed at in the catalog and which currency gateways will take payments in.',
        value: 'EUR',
        group_id: 'general',
      });
    let m;
    if (route === 'orders') {
      const q = listQuery('orders', url.searchParams);
      if (q.error) return send(res, 400, q.error);
      return paginate(res, url, state.orders, q, origin, (o) => orderJson(o, origin), options);
    }
    if ((m = /^orders\/(\d+)\/refunds$/.exec(route))) {
      const o = state.orders.find((x) => x.id === Number(m[1]));
      if (!o) return wpError(res, 404, 'woocommerce_rest_invalid_order_id', 'Invalid order ID.');
      const q = listQuery('refunds', url.searchParams);
      if (q.error) return send(res, 400, q.error);
      return paginate(res, url, o.refunds, q, origin, (r) => refundJson(o, r, origin), options);
    }
    if (route === 'products') {
      const q = listQuery('products', url.searchParams);
      if (q.error) return send(res, 400, q.error);
      return paginate(res, url, state.products, q, origin, (p) => productJson(p, origin), options);
    }
    if ((m = /^products\/(\d+)$/.exec(route))) {
      const p = state.products.find((x) => x.id === Number(m[1]));
      if (!p) return wpError(res, 404, 'woocommerce_rest_product_invalid_id', 'Invalid ID.');
      return send(res, 200, pickFields(productJson(p, origin), url.searchParams.get('_fields')));
    }
    if ((m = /^products\/(\d+)\/variations$/.exec(route))) {
      const p = state.products.find((x) => x.id === Number(m[1]));
      if (!p) return wpError(res, 404, 'woocommerce_rest_product_invalid_id', 'Invalid ID.');
      const q = listQuery('variations', url.searchParams);
      if (q.error) return send(res, 400, q.error);
      return paginate(
        res,
        url,
        p.variations ?? [],
        q,
        origin,
        (v) => variationJson(p, v, origin),
        options,
      );
    }
    return wpError(
      res,
      404,
      'rest_no_route',
      'No route was found matching the URL and request method.',
    );
  });
  server.woo = {
    get state() {
      return state;
    },
    reset() {
      state = freshState(options);
    },
    /** The next `times` API requests answer `status`, once `after` more requests went through. */
    failNext(status, times = 1, retryAfter = null, after = 0) {
      for (let i = 0; i < times; i++)
        state.fail.push({ status, retryAfter, after: i === 0 ? after : 0 });
    },
    dayTwo() {
      dayTwo(state);
    },
  };
  return new Promise((ok) => server.listen(port, host, () => ok(server)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.argv[2] ?? 4190);
  await startWooServer(port);
  console.log(`Fake WooCommerce REST API on http://127.0.0.1:${port}/wp-json/`);
}
