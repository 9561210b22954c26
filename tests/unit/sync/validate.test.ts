// Issue 14 point 9: every field of every bundle table is checked as strictly as a CSV row, and an
// invalid bundle is refused whole, naming table, row and field, with nothing stored (settings and
// salt included).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getSettings, openStoreDb, readTable } from '../../../core/db/index.ts';
import { ordersFromTable } from '../../../core/ingest/index.ts';
import { createAnalyticsApi } from '../../../core/worker/index.ts';
import {
  decodeBundle,
  encodeBundle,
  makeBundle,
  type Bundle,
  type JsonTable,
} from '../../../core/sync/index.ts';
import { settingsSchema } from '../../../core/schema/index.ts';

const dir = fileURLToPath(new URL('../../fixtures/exports/', import.meta.url));
const file = (name: string) => new File([readFileSync(dir + name)], name);

let n = 0;
function setup() {
  const name = `sync-validate-${++n}`;
  const api = createAnalyticsApi({ openDb: () => openStoreDb({ name }) });
  const stored = async () => {
    const db = await openStoreDb({ name });
    const settings = await getSettings(db);
    const orders = ordersFromTable(await readTable(db, 'orders'));
    const tracked = await db.getAll('trackedProducts');
    db.close();
    return { settings, orders: orders.map((o) => [o.number, o.currency, o.total]).sort(), tracked };
  };
  return { api, stored };
}

const tracked = {
  id: 'tp-1',
  url: 'https://rival.example/products/mug',
  domain: 'rival.example',
  platform: 'shopify',
  name: 'Stoneware mug',
  brand: 'Rival',
  sku: 'MUG-1',
  gtin: '',
  mpn: '',
  image: '',
  variantId: '',
  paused: false,
  createdAt: Date.UTC(2026, 9, 1),
  updatedAt: Date.UTC(2026, 9, 1),
  deleted: false,
};

/** A real export (shopify-orders.csv imported on a desk device) as a bundle object to tamper with. */
async function realBundle(): Promise<Bundle> {
  const desk = setup();
  await desk.api.importFiles([file('shopify-orders.csv')]);
  return decodeBundle(await desk.api.exportBundle('everything'));
}

/** A device holding the same real orders, and what it stores before the hostile bundle. */
async function device() {
  const d = setup();
  await d.api.importFiles([file('shopify-orders.csv')]);
  return { ...d, before: await d.stored() };
}

async function refused(b: Bundle, message: RegExp) {
  const d = await device();
  const bytes = await encodeBundle(b);
  await expect(d.api.previewBundle(bytes)).rejects.toMatchObject({
    name: 'BundleError',
    code: 'invalid',
    message: expect.stringMatching(message),
  });
  await expect(d.api.applyBundle(bytes)).rejects.toMatchObject({ code: 'invalid' });
  expect(await d.stored()).toEqual(d.before);
}

const orders = (b: Bundle) => b.entities.tables!.orders! as JsonTable;
const strCol = (t: JsonTable, c: string) => t.columns[c] as { dict: string[]; codes: number[] };
const numCol = (t: JsonTable, c: string) => t.columns[c] as (number | null)[];

describe('bundle fields are validated (issue 14.9)', () => {
  it('refuses an unknown timezone with its settings and salt left as they were', async () => {
    const b = await realBundle();
    b.entities.settings = settingsSchema.parse({ timezone: 'UTC', updatedAt: Date.now() });
    b.entities.settings.timezone = 'Mars/Olympus_Mons';
    await refused(b, /settings, field "timezone".*known IANA timezone.*Nothing was imported/);
  });

  it('refuses markup as an order currency, naming the orders table, row and field', async () => {
    const b = await realBundle();
    const cur = strCol(orders(b), 'currency');
    cur.dict.push('<img src=x onerror=alert(1)>');
    cur.codes[3] = cur.dict.length - 1;
    await refused(b, /orders table, row 4, field "currency": "<img src=x onerror=alert\(1\)>"/);
  });

  it('refuses a currency code that is not ISO 4217', async () => {
    const b = await realBundle();
    const cur = strCol(orders(b), 'currency');
    cur.dict.push('ZZZ');
    cur.codes[0] = cur.dict.length - 1;
    await refused(b, /orders table, row 1, field "currency": "ZZZ".*ISO 4217/);
  });

  it('refuses an order dated 9999-12-31 and one dated 1970', async () => {
    const b = await realBundle();
    numCol(orders(b), 'createdAt')[2] = Date.UTC(9999, 11, 31);
    await refused(b, /orders table, row 3, field "createdAt".*from 1990 up to two years from now/);
    const c = await realBundle();
    numCol(orders(c), 'createdAt')[0] = 0;
    await refused(c, /orders table, row 1, field "createdAt"/);
  });

  it('refuses an amount that is not a whole number of cents (1e308, 12.5)', async () => {
    const b = await realBundle();
    numCol(orders(b), 'total')[1] = 1e308;
    await refused(b, /orders table, row 2, field "total": 1e\+308/);
    const c = await realBundle();
    numCol(c.entities.tables!.lines!, 'unitPrice')[0] = 12.5;
    await refused(c, /lines table, row 1, field "unitPrice"/);
  });

  it('refuses a negative quantity in lines', async () => {
    const b = await realBundle();
    numCol(b.entities.tables!.lines!, 'quantity')[4] = -2;
    await refused(b, /lines table, row 5, field "quantity": -2.*whole number from 0/);
  });

  it('refuses traffic with an impossible day and spend with a huge count', async () => {
    const base = makeBundle('pwa', {
      tables: {
        traffic: {
          length: 1,
          columns: {
            date: { dict: ['2024-02-30'], codes: [0] },
            channel: { dict: ['Direct'], codes: [0] },
            sessions: [10],
            productViews: [5],
            addToCarts: [2],
            checkouts: [1],
            purchases: [1],
          },
        },
      },
    });
    await refused(base, /traffic table, row 1, field "date": "2024-02-30"/);
    const spend = makeBundle('pwa', {
      tables: {
        spend: {
          length: 1,
          columns: {
            date: { dict: ['2024-02-01'], codes: [0] },
            channel: { dict: ['Paid search'], codes: [0] },
            campaign: { dict: [''], codes: [0] },
            currency: { dict: ['USD'], codes: [0] },
            spend: [1200],
            impressions: [1e20],
            clicks: [3],
          },
        },
      },
    });
    await refused(spend, /spend table, row 1, field "impressions": 100000000000000000000/);
  });

  it('refuses javascript: links in tracked products (url and image) and own products', async () => {
    await refused(
      makeBundle('extension', { trackedProducts: [{ ...tracked, url: 'javascript:alert(1)' }] }),
      /trackedProducts table, row 1, field "url".*http/,
    );
    await refused(
      makeBundle('extension', {
        trackedProducts: [tracked, { ...tracked, id: 'tp-2', image: 'javascript:alert(1)' }],
      }),
      /trackedProducts table, row 2, field "image"/,
    );
    const b = await realBundle();
    b.entities.products = [
      {
        sku: 'TEE-BLK-M',
        productId: '',
        variantId: '',
        handle: '',
        title: 'Classic Tee',
        variantTitle: '',
        vendor: '',
        productType: '',
        currency: 'USD',
        price: 2400,
        compareAtPrice: null,
        cost: null,
        barcode: '',
        onHand: null,
        onOrder: 0,
        leadTimeDays: null,
        leadTimeSdDays: null,
        moq: null,
        url: 'javascript:alert(document.domain)',
        updatedAt: 1,
      },
    ];
    await refused(b, /products table, row 1, field "url"/);
  });

  it('refuses a price check dated before 1990', async () => {
    await refused(
      makeBundle('extension', {
        trackedProducts: [tracked],
        snapshots: [
          {
            productId: 'tp-1',
            at: Date.UTC(1980, 0, 1),
            price: 1200,
            wasPrice: null,
            currency: 'USD',
            availability: 'InStock',
            sources: {},
            error: null,
          },
        ],
      }),
      /snapshots table, row 1, field "at"/,
    );
  });

  it('still accepts the real export it started from', async () => {
    const b = await realBundle();
    const phone = setup();
    await phone.api.applyBundle(await encodeBundle(b));
    expect((await phone.stored()).orders).toHaveLength(6);
  });

  it('loads a bundle made before refund parts, kind and gift cards existed, with their defaults', async () => {
    const b = await realBundle();
    for (const c of ['refundedShipping', 'refundedTaxes', 'kind']) delete orders(b).columns[c];
    delete b.entities.tables!.lines!.columns.giftCard;
    const phone = setup();
    await phone.api.applyBundle(await encodeBundle(b));
    const db = await openStoreDb({ name: `sync-validate-${n}` });
    const stored = ordersFromTable(await readTable(db, 'orders'));
    const lines = await readTable(db, 'lines');
    db.close();
    expect(stored).toHaveLength(6);
    expect(stored.map((o) => [o.kind, o.refundedShipping, o.refundedTaxes])).toEqual(
      Array.from({ length: 6 }, () => ['order', null, null]),
    );
    expect(Array.from(lines.columns.giftCard)).toEqual(new Array(lines.length).fill(0));
  });

  it('refuses an order kind other than order/return and a gift-card flag other than 0/1', async () => {
    const b = await realBundle();
    const kind = strCol(orders(b), 'kind');
    kind.dict.push('refund');
    kind.codes[1] = kind.dict.length - 1;
    await refused(b, /orders table, row 2, field "kind": "refund".*"order" or "return"/);
    const c = await realBundle();
    numCol(c.entities.tables!.lines!, 'giftCard')[0] = 2;
    await refused(c, /lines table, row 1, field "giftCard": 2.*0 or 1/);
  });
});
