import { describe, expect, it } from 'vitest';
import { generateDemoStore } from '../../../core/demo/index.ts';
import {
  appendSnapshots,
  assembleTable,
  getExtSetting,
  openExtDb,
  planTableWrite,
  readSnapshots,
  replaceCatalog,
  replaceSnapshots,
  requestPersistence,
  setExtSetting,
  storageInfo,
  trackedOnDomain,
} from '../../../core/db/index.ts';
import {
  concatTables,
  selectRows,
  snapshotColumns,
  tableFromRows,
  lineColumns,
  orderColumns,
} from '../../../core/schema/columns.ts';

const demo = generateDemoStore({ seed: 5, orders: 200 });
const range = (a: number, b: number) => Int32Array.from({ length: b - a }, (_, i) => a + i);

describe('core/db ext: the extension background database', () => {
  it('appends re-check results across chunk boundaries, merging string dictionaries', async () => {
    const db = await openExtDb({ name: 'ext-append' });
    const snaps = demo.snapshots; // 5 products × 180 daily checks
    const parts = [
      selectRows(snapshotColumns, snaps, range(0, 300)),
      selectRows(snapshotColumns, snaps, range(300, 310)),
      selectRows(snapshotColumns, snaps, range(310, snaps.length)),
    ];
    // A later check sees a new availability value the earlier dictionaries did not have.
    const extra = tableFromRows(snapshotColumns, [
      {
        productId: 'tp-9',
        at: 1_800_000_000_000,
        price: 1999,
        wasPrice: null,
        currency: 'EUR',
        availability: 'PreOrder',
        error: '',
      },
    ]);
    for (const p of [...parts, extra]) await appendSnapshots(db, p, { chunkRows: 128 });
    const back = await readSnapshots(db);
    const want = concatTables(snapshotColumns, [...parts, extra]);
    expect(back.length).toBe(snaps.length + 1);
    for (let i = 0; i < back.length; i += 37) {
      for (const col of ['productId', 'currency', 'availability', 'error'] as const) {
        const b = back.columns[col];
        const w = want.columns[col];
        expect(b.dict[b.codes[i]!]).toBe(w.dict[w.codes[i]!]);
      }
      expect(back.columns.at[i]).toBe(want.columns.at[i]);
      expect(back.columns.price[i]).toEqual(want.columns.price[i]);
    }
    const last = back.length - 1;
    expect(back.columns.availability.dict[back.columns.availability.codes[last]!]).toBe('PreOrder');
    await replaceSnapshots(db, parts[0]!);
    expect((await readSnapshots(db)).length).toBe(300);
    db.close();
  });

  it('stores tracked products by domain, catalog and settings', async () => {
    const db = await openExtDb({ name: 'ext-records' });
    expect((await readSnapshots(db)).length).toBe(0);
    for (const t of demo.trackedProducts) await db.put('trackedProducts', t);
    const domain = demo.trackedProducts[0]!.domain;
    const onDomain = await trackedOnDomain(db, domain);
    expect(onDomain.length).toBe(demo.trackedProducts.filter((t) => t.domain === domain).length);
    await replaceCatalog(db, [
      {
        sku: 'A-1',
        title: 'Trail Tee',
        gtin: '2000000000015',
        mpn: '',
        brand: 'Northpeak',
        currency: 'USD',
        price: 2999,
        onHand: 4,
        daysOfCover: 9,
        updatedAt: 1,
      },
    ]);
    await replaceCatalog(db, [
      {
        sku: 'B-2',
        title: 'Hoodie',
        gtin: '',
        mpn: '',
        brand: '',
        currency: 'USD',
        price: 5999,
        onHand: null,
        daysOfCover: null,
        updatedAt: 2,
      },
    ]);
    expect((await db.getAll('catalog')).map((c) => c.sku)).toEqual(['B-2']);
    expect(await getExtSetting(db, 'overlayPosition', 'right')).toBe('right');
    await setExtSetting(db, 'overlayPosition', 'left');
    expect(await getExtSetting(db, 'overlayPosition', 'right')).toBe('left');
    db.close();
  });
});

describe('core/db columnar: schema evolution', () => {
  it('reads a table written before a column existed, filling the new column as missing', () => {
    const { title: _t, ...older } = lineColumns;
    const rows = selectRows(lineColumns, demo.lines, range(0, 10));
    const w = planTableWrite('lines', older, rows, { chunkRows: 4 });
    const back = assembleTable(lineColumns, w.meta, w.chunks);
    expect(Array.from(back.columns.quantity)).toEqual(Array.from(rows.columns.quantity));
    expect(back.columns.title.dict[back.columns.title.codes[3]!]).toBe('');
  });

  it('reads orders and lines stored before refund parts, kind and gift cards: their defaults, not a failure', () => {
    const { refundedShipping: _s, refundedTaxes: _t, kind: _k, ...olderOrders } = orderColumns;
    const { giftCard: _g, ...olderLines } = lineColumns;
    const orders = selectRows(orderColumns, demo.orders, range(0, 6));
    const lines = selectRows(lineColumns, demo.lines, range(0, 6));
    const wo = planTableWrite('orders', olderOrders, orders, { chunkRows: 4 });
    const wl = planTableWrite('lines', olderLines, lines, { chunkRows: 4 });
    expect(Object.keys(wo.meta.columns)).not.toContain('kind');
    const o = assembleTable(orderColumns, wo.meta, wo.chunks);
    const l = assembleTable(lineColumns, wl.meta, wl.chunks);
    expect(o.length).toBe(6);
    // Every old order is an order (not a return), its refund split unknown (NaN).
    for (let i = 0; i < 6; i++) {
      expect(o.columns.kind.dict[o.columns.kind.codes[i]!]).toBe('order');
      expect(o.columns.refundedShipping[i]).toBeNaN();
      expect(o.columns.refundedTaxes[i]).toBeNaN();
      expect(l.columns.giftCard[i]).toBe(0);
    }
    expect(Array.from(o.columns.total)).toEqual(Array.from(orders.columns.total));
  });

  it('reports a damaged table (a chunk missing) with what to do', () => {
    const rows = selectRows(lineColumns, demo.lines, range(0, 10));
    const w = planTableWrite('lines', lineColumns, rows, { chunkRows: 4 });
    const missing = w.chunks.filter((c) => !(c.column === 'sku' && c.index === 1));
    expect(() => assembleTable(lineColumns, w.meta, missing)).toThrow(
      /column 'sku' has 6 of 10 rows.*import again/,
    );
  });
});

describe('core/db storage: usage, quota and persistence', () => {
  it('reports usage and quota, and asks for persistence once', async () => {
    let persisted = false;
    let asked = 0;
    const manager = {
      estimate: async () => ({ usage: 12_000_000, quota: 2_000_000_000 }),
      persisted: async () => persisted,
      persist: async () => {
        asked++;
        persisted = true;
        return true;
      },
    };
    expect(await storageInfo(manager)).toEqual({
      usage: 12_000_000,
      quota: 2_000_000_000,
      persisted: false,
    });
    expect(await requestPersistence(manager)).toBe(true);
    expect(await requestPersistence(manager)).toBe(true);
    expect(asked).toBe(1);
    expect((await storageInfo(manager)).persisted).toBe(true);
  });

  it('says "unknown" rather than failing where the browser has no storage manager', async () => {
    expect(await storageInfo(undefined)).toEqual({ usage: null, quota: null, persisted: false });
    expect(await requestPersistence(undefined)).toBe(false);
    expect(await storageInfo({ estimate: () => Promise.reject(new Error('denied')) })).toEqual({
      usage: null,
      quota: null,
      persisted: false,
    });
  });
});
