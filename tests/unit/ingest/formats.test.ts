import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readExport } from '../../../core/ingest/index.ts';
import {
  lineSchema,
  orderSchema,
  productSchema,
  spendSchema,
  trafficSchema,
} from '../../../core/schema/store.ts';
import { fixture } from './helpers.ts';

describe('Shopify orders export', () => {
  it('reads orders with their line items, money in minor units and UTC times', async () => {
    const r = await readExport(fixture('shopify-orders.csv'), {
      fileName: 'orders_export_1.csv',
      salt: 's1',
    });
    expect(r.format).toBe('shopify-orders');
    expect(r.errors).toEqual([]);
    expect(r.rows).toBe(9);
    expect(r.orders!.map((o) => o.number)).toEqual([
      '#1001',
      '#1002',
      '#1003',
      '#1004',
      '#1005',
      '#1006',
    ]);
    const o1 = r.orders![0]!;
    expect(o1).toMatchObject({
      id: '5612345678901',
      currency: 'USD',
      subtotal: 9600,
      shipping: 695,
      taxes: 852,
      total: 11147,
      financialStatus: 'paid',
      fulfillmentStatus: 'fulfilled',
      country: 'US',
      cancelledAt: null,
      // The export's Payment Method column.
      gateway: 'Shopify Payments',
    });
    // 2024-01-15 10:23:45 -0500 is 15:23:45 UTC
    expect(o1.createdAt).toBe(Date.UTC(2024, 0, 15, 15, 23, 45));
    const l1 = r.lines!.filter((l) => l.orderId === '5612345678901');
    expect(l1.map((l) => [l.sku, l.quantity, l.unitPrice])).toEqual([
      ['TEE-BLK-M', 2, 2400],
      ['TOTE-NAT', 1, 1800],
      ['SOCK-3PK', 2, 1500],
    ]);
    expect(l1.every((l) => l.createdAt === o1.createdAt && l.currency === 'USD')).toBe(true);
    // Every record satisfies the zod schemas the hand-written checks mirror.
    for (const o of r.orders!) expect(orderSchema.safeParse(o).success).toBe(true);
    for (const l of r.lines!) expect(lineSchema.safeParse(l).success).toBe(true);
  });

  it('keeps refunds, cancellations, other currencies and the store timezone', async () => {
    const r = await readExport(fixture('shopify-orders.csv'), { salt: 's1' });
    const byNumber = new Map(r.orders!.map((o) => [o.number, o]));
    expect(byNumber.get('#1002')).toMatchObject({
      refunded: 8722,
      discounts: 1780,
      discountCode: 'WELCOME10',
      financialStatus: 'partially_refunded',
    });
    expect(r.lines!.find((l) => l.sku === 'HOOD-NVY-S')!.discount).toBe(1780);
    expect(byNumber.get('#1003')!.cancelledAt).toBe(Date.UTC(2024, 6, 4, 15, 30));
    expect(byNumber.get('#1003')!.channel).toBe('Draft orders');
    expect(byNumber.get('#1005')!.channel).toBe('Point of sale');
    expect(byNumber.get('#1004')).toMatchObject({ currency: 'EUR', total: 9118, country: 'DE' });
    expect(byNumber.get('#1006')).toMatchObject({
      refunded: 5594,
      total: 5594,
      financialStatus: 'refunded',
    });
    // -0500 in winter and -0400 in summer: New York's rules.
    expect(r.timezone).toBe('America/New_York');
  });

  it('hashes customers instead of storing emails, unless the user opts in', async () => {
    const r = await readExport(fixture('shopify-orders.csv'), { salt: 'install-1' });
    const [o1, , , , o5, o6] = r.orders!;
    expect(o1!.customerKey).toMatch(/^[0-9a-f]{16}$/);
    expect(o1!.customerKey).toBe(o6!.customerKey); // same customer, two orders
    expect(o5!.customerKey).toBe(''); // POS sale without email
    expect(JSON.stringify(r.orders)).not.toContain('@example.com');
    const other = await readExport(fixture('shopify-orders.csv'), { salt: 'install-2' });
    expect(other.orders![0]!.customerKey).not.toBe(o1!.customerKey);
    const kept = await readExport(fixture('shopify-orders.csv'), {
      salt: 'install-1',
      keepEmails: true,
    });
    expect(kept.orders![1]!.email).toBe('noah.garcia@example.com');
    expect(kept.orderEmails![0]).toBe('ava.smith@example.com');
  });

  it('returns the columnar tables the database stores', async () => {
    const r = await readExport(fixture('shopify-orders.csv'), { records: false });
    expect(r.orders).toBeUndefined();
    expect(r.ordersTable!.length).toBe(6);
    expect(r.linesTable!.length).toBe(9);
    const q = r.linesTable!.columns.quantity;
    expect(Array.from(q).reduce((a, b) => a + b, 0)).toBe(12);
    expect(Number.isNaN(r.ordersTable!.columns.cancelledAt[0]!)).toBe(true);
  });

  it('reads an Excel "Unicode text" save (UTF-16LE, tabs, CRLF) the same as the original', async () => {
    const a = await readExport(fixture('shopify-orders.csv'), { salt: 'x' });
    const b = await readExport(fixture('shopify-orders-utf16.txt'), { salt: 'x' });
    expect(b.encoding).toBe('utf-16le');
    expect(b.delimiter).toBe('\t');
    expect(b.orders).toEqual(a.orders);
    expect(b.lines).toEqual(a.lines);
  });
});

describe('Shopify products and inventory', () => {
  it('reads one product per variant, carrying the title from the handle’s first row', async () => {
    const r = await readExport(fixture('shopify-products.csv'), { reportingCurrency: 'USD' });
    expect(r.format).toBe('shopify-products');
    expect(r.products!.map((p) => p.sku)).toEqual([
      'TEE-BLK-M',
      'TEE-WHT-L',
      'TEE-WHT-XL',
      'TOTE-NAT',
    ]);
    expect(r.products![1]).toMatchObject({
      title: 'Classic Tee',
      variantTitle: 'White / L',
      vendor: 'Northwind',
      productType: 'T-Shirts',
      price: 2400,
      onHand: 0,
    });
    expect(r.products![0]).toMatchObject({
      compareAtPrice: 3000,
      cost: 850,
      barcode: '0614141000012',
    });
    expect(r.products![2]).toMatchObject({ price: 2600, cost: null, onHand: -3 });
    expect(r.products![3]!.variantTitle).toBe('');
    for (const p of r.products!) expect(productSchema.safeParse(p).success).toBe(true);
  });

  it('reads a Windows-1252, semicolon, decimal-comma re-save with accents and €', async () => {
    const r = await readExport(fixture('shopify-products-windows1252.csv'), {
      reportingCurrency: 'EUR',
    });
    expect(r.encoding).toBe('windows-1252');
    expect(r.delimiter).toBe(';');
    expect(r.products![0]).toMatchObject({
      title: 'Tee-shirt Classique - édition €',
      price: 102400,
      cost: 850,
      currency: 'EUR',
    });
    expect(r.products![3]).toMatchObject({ title: 'Sac fourre-tout écru', price: 1800 });
  });

  it('sums inventory over locations per SKU, and keeps each location’s figure', async () => {
    const r = await readExport(fixture('shopify-inventory.csv'));
    expect(r.format).toBe('shopify-inventory');
    // The file's Location and "On hand (current)" columns: TEE-BLK-M 42 + 5 = 47.
    expect(r.stock).toEqual([
      {
        sku: 'TEE-BLK-M',
        handle: 'classic-tee',
        title: 'Classic Tee',
        onHand: 47,
        locations: [
          { name: 'Brooklyn Warehouse', onHand: 42 },
          { name: 'Austin Store', onHand: 5 },
        ],
      },
      {
        sku: 'TEE-WHT-L',
        handle: 'classic-tee',
        title: 'Classic Tee',
        onHand: 0,
        locations: [{ name: 'Brooklyn Warehouse', onHand: 0 }],
      },
      {
        sku: 'TOTE-NAT',
        handle: 'canvas-tote',
        title: 'Canvas Tote',
        onHand: 120,
        locations: [{ name: 'Brooklyn Warehouse', onHand: 120 }],
      },
    ]);
  });
});

describe('WooCommerce', () => {
  it('reads simple products and variations, skipping variable parents', async () => {
    const r = await readExport(fixture('woocommerce-products.csv'), { reportingCurrency: 'EUR' });
    expect(r.format).toBe('woocommerce-products');
    expect(r.products!.map((p) => p.sku)).toEqual(['HOOD-NVY-S', 'HOOD-NVY-M', 'MUG-01']);
    expect(r.products![0]).toMatchObject({
      productId: '101',
      variantId: '102',
      price: 7900,
      compareAtPrice: 8900,
      onHand: 7,
      barcode: '4006381333931',
    });
    expect(r.products![2]).toMatchObject({
      price: 1650,
      compareAtPrice: null,
      onHand: null,
      vendor: 'Fieldwork',
      productType: 'Kitchen',
    });
  });

  it('folds the Analytics refund row into its order', async () => {
    const r = await readExport(fixture('woocommerce-orders.csv'), {
      reportingCurrency: 'USD',
      timezone: 'Europe/Berlin',
    });
    expect(r.format).toBe('woocommerce-orders');
    const o = new Map(r.orders!.map((x) => [x.id, x]));
    expect(o.get('1187')).toMatchObject({ total: 7900, refunded: 7900, channel: 'Organic search' });
    expect(o.get('1187')!.refundedAt).toBe(Date.UTC(2024, 4, 3, 14, 20, 11)); // 16:20 in Berlin (CEST)
    expect(o.get('1189')).toMatchObject({
      total: 12060,
      discountCode: 'spring10',
      channel: 'Email',
      currency: 'USD',
    });
    expect(o.get('1188')!.channel).toBe('Direct');
    // A refund of an order from before the downloaded range cannot be placed: said, not guessed.
    expect(r.orders).toHaveLength(3);
    expect(r.warnings).toEqual([expect.stringMatching(/^1 refund rows .* were not imported/)]);
  });

  it('asks for the store currency, since the file has none', async () => {
    await expect(readExport(fixture('woocommerce-orders.csv'))).rejects.toMatchObject({
      name: 'IngestError',
      code: 'bad-option',
    });
  });
});

describe('GA4 and ad spend', () => {
  it('skips GA4 comment lines and reads daily funnel steps per channel', async () => {
    const r = await readExport(fixture('ga4-traffic-acquisition.csv'));
    expect(r.format).toBe('ga4-traffic');
    expect(r.traffic![0]).toEqual({
      date: '2024-01-01',
      channel: 'Organic search',
      sessions: 1204,
      productViews: 1650,
      addToCarts: 212,
      checkouts: 88,
      purchases: 31,
    });
    expect(r.traffic!.map((t) => t.channel)).toContain('Paid search');
    expect(r.trafficTable!.length).toBe(6);
    for (const t of r.traffic!) expect(trafficSchema.safeParse(t).success).toBe(true);
  });

  it('skips Google Ads title lines and total rows, and reads grouped thousands', async () => {
    const r = await readExport(fixture('google-ads-campaigns.csv'));
    expect(r.format).toBe('ad-spend');
    expect(r.spend).toHaveLength(4);
    expect(r.spend![1]).toEqual({
      date: '2024-01-01',
      channel: 'Paid shopping',
      campaign: 'Shopping - All products',
      currency: 'USD',
      spend: 12075,
      impressions: 15420,
      clicks: 311,
    });
    expect(r.spend!.find((s) => s.campaign.startsWith('PMax'))!.channel).toBe('Cross-network');
    expect(r.spend!.reduce((a, s) => a + s.spend, 0)).toBe(28585);
    // The two total rows (file lines 8 and 9) are listed as not stored, with why.
    expect(r.skipped?.map((x) => [x.row, x.message.slice(0, 16)])).toEqual([
      [8, "A totals row ('T"],
      [9, "A totals row ('T"],
    ]);
    for (const s of r.spend!) expect(spendSchema.safeParse(s).success).toBe(true);
  });

  it('reads Meta Ads with the currency from the "Amount spent (EUR)" header and decimal commas', async () => {
    const r = await readExport(fixture('meta-ads-campaigns.csv'));
    expect(r.spend).toEqual([
      {
        date: '2024-01-01',
        channel: 'Paid social',
        campaign: 'Prospecting - Lookalike 1%',
        currency: 'EUR',
        spend: 5230,
        impressions: 18204,
        clicks: 233,
      },
      {
        date: '2024-01-01',
        channel: 'Paid social',
        campaign: 'Retargeting - Viewed product',
        currency: 'EUR',
        spend: 1875,
        impressions: 4032,
        clicks: 101,
      },
      {
        date: '2024-01-02',
        channel: 'Paid social',
        campaign: 'Prospecting - Lookalike 1%',
        currency: 'EUR',
        spend: 4910,
        impressions: 17011,
        clicks: 219,
      },
    ]);
  });
});

describe('bundles and generic files', () => {
  it('detects a Storelens bundle and hands over the parsed JSON', async () => {
    const r = await readExport(fixture('storelens-bundle.json'));
    expect(r.format).toBe('storelens-bundle');
    expect((r.bundle as { version: number }).version).toBe(1);
  });

  it('offers a generic file for mapping, then reads it with the user’s mapping and date format', async () => {
    const first = await readExport(fixture('generic-orders-semicolon.csv'));
    expect(first.format).toBe('generic');
    expect(first.header).toEqual([
      'Order Date',
      'Order No',
      'Customer E-Mail',
      'Product',
      'SKU',
      'Qty',
      'Unit Price',
      'Order Total',
      'Currency',
    ]);
    expect(first.preview[0]).toEqual([
      '15/01/2024 10:23',
      'A-1001',
      'jan@example.nl',
      'Koffiemok',
      'MUG-01',
      '2',
      '12,50',
      '25,00',
      'EUR',
    ]);
    const mapping = {
      'order.id': 'Order No',
      'order.createdAt': 'Order Date',
      'order.email': 'Customer E-Mail',
      'order.total': 'Order Total',
      'order.currency': 'Currency',
      'line.sku': 'SKU',
      'line.title': 'Product',
      'line.quantity': 'Qty',
      'line.unitPrice': 'Unit Price',
    };
    const r = await readExport(fixture('generic-orders-semicolon.csv'), {
      mapping,
      dateFormat: 'DD/MM/YYYY',
      timezone: 'Europe/Amsterdam',
    });
    expect(r.orders!.map((o) => [o.id, o.total, o.currency])).toEqual([
      ['A-1001', 2500, 'EUR'],
      ['A-1002', 1250, 'EUR'],
    ]);
    expect(r.orders![0]!.createdAt).toBe(Date.UTC(2024, 0, 15, 9, 23));
    expect(r.lines!.map((l) => [l.orderId, l.sku, l.quantity, l.unitPrice])).toEqual([
      ['A-1001', 'MUG-01', 2, 1250],
      ['A-1001', 'TOWEL-02', 1, 795],
      ['A-1002', 'MUG-01', 1, 1250],
    ]);
    expect(r.errors).toEqual([
      {
        row: 5,
        column: 'Order Date',
        message:
          "'Order Date' is not a date (got '31/13/2024 09:00'). Check the file's date format (expected DD/MM/YYYY).",
      },
    ]);
    expect(r.ordersTable!.length).toBe(2);
  });

  it('can be forced to a format, and refuses a file that is not that format', async () => {
    await expect(
      readExport(fixture('shopify-products.csv'), { format: 'shopify-orders' }),
    ).rejects.toMatchObject({
      name: 'IngestError',
      code: 'wrong-format',
      message: expect.stringContaining('it looks like a Shopify products export'),
    });
  });
});

describe('encodings and line endings', () => {
  const original = new TextDecoder().decode(fixture('google-ads-campaigns.csv'));
  const utf16 = (s: string, littleEndian: boolean, bom: boolean) => {
    const out = new Uint8Array((s.length + (bom ? 1 : 0)) * 2);
    const view = new DataView(out.buffer);
    let at = 0;
    if (bom) {
      view.setUint16(0, 0xfeff, littleEndian);
      at = 2;
    }
    for (let i = 0; i < s.length; i++, at += 2) view.setUint16(at, s.charCodeAt(i), littleEndian);
    return out;
  };

  it.each([
    ['UTF-16BE with BOM', utf16(original, false, true), 'utf-16be'],
    ['UTF-16LE without BOM', utf16(original, true, false), 'utf-16le'],
    [
      'UTF-8 with BOM and CRLF',
      new TextEncoder().encode('\uFEFF' + original.replaceAll('\n', '\r\n')),
      'utf-8',
    ],
    ['old Mac CR line endings', new TextEncoder().encode(original.replaceAll('\n', '\r')), 'utf-8'],
  ])('%s reads the same spend rows', async (_label, bytes, encoding) => {
    const want = await readExport(fixture('google-ads-campaigns.csv'));
    const r = await readExport(bytes);
    expect(r.encoding).toBe(encoding);
    expect(r.spend).toEqual(want.spend);
    expect(r.errors).toEqual([]);
  });
});

describe('shipping label costs', () => {
  const real = (name: string) =>
    new Uint8Array(
      readFileSync(fileURLToPath(new URL(`../../fixtures/real/labels/${name}`, import.meta.url))),
    );

  it('reads a ShipStation-shaped shipments export: order number, cost, day, carrier, tracking', async () => {
    // Expected: tests/fixtures/real/labels/expected.py (python's csv module).
    const r = await readExport(real('shipstation-shipments.csv'), { reportingCurrency: 'USD' });
    expect(r.format).toBe('label-costs');
    expect(r.labels).toEqual([
      {
        orderNumber: 'P1',
        shippedOn: '2024-06-04',
        carrier: 'USPS',
        tracking: '9400100000000000000001',
        cost: 715,
        currency: 'USD',
      },
      {
        orderNumber: 'P2',
        shippedOn: '2024-06-11',
        carrier: 'DHL Express',
        tracking: '1234567890',
        cost: 1840,
        currency: 'USD',
      },
      {
        orderNumber: 'P2',
        shippedOn: '2024-06-12',
        carrier: 'USPS',
        tracking: 'LX000000002US',
        cost: 410,
        currency: 'USD',
      },
      {
        orderNumber: 'P9',
        shippedOn: '2024-06-21',
        carrier: 'USPS',
        tracking: '9400100000000000000009',
        cost: 500,
        currency: 'USD',
      },
    ]);
    expect(r.labelsTable!.length).toBe(4);
    // The row whose cost is not a number is rejected, named by row and column.
    expect(r.rejected).toBe(1);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ row: 6, column: 'Shipment Cost' });
    expect(r.errors[0]!.message).toContain("'Shipment Cost' is not an amount (got 'abc')");
  });

  it('reads another tool’s column names (Order ID, Cost) and refuses a file without a cost column', async () => {
    const r = await readExport(fixture('label-costs.csv'), { reportingCurrency: 'USD' });
    expect(r.format).toBe('label-costs');
    expect(r.labels!.map((l) => [l.orderNumber, l.cost])).toEqual([
      ['1001', 845],
      ['1002', 1120],
    ]);
    await expect(
      readExport(new TextEncoder().encode('Order Number,Carrier,Tracking Number\n#1,USPS,1\n'), {
        format: 'label-costs',
        reportingCurrency: 'USD',
      }),
    ).rejects.toThrow(/not a shipping label cost export: it has no 'Shipment Cost' column/);
  });
});
