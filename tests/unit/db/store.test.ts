import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDB } from 'idb';
import { generateDemoStore } from '../../../core/demo/index.ts';
import {
  appendToTable,
  assembleTable,
  DICT_CHUNK,
  planTableWrite,
} from '../../../core/db/columnar.ts';
import {
  STORE_DB_VERSION,
  deleteAllData,
  findMapping,
  getSettings,
  listImports,
  moveInlineDictionaries,
  openStoreDb,
  readAll,
  readTable,
  saveMapping,
  writeTables,
  type StoreDb,
} from '../../../core/db/index.ts';
import {
  selectRows,
  orderColumns,
  lineColumns,
  rowAt,
  tableFromRows,
  type LinesTable,
} from '../../../core/schema/columns.ts';
import { asBuilt } from './tables.ts';

// A small store: ~800 orders, ~1,550 lines. Chunks of 500 rows so every column spans several.
const demo = generateDemoStore({ seed: 11, orders: 800 });
const CHUNK = 500;
let n = 0;
const fresh = () => `storelens-test-${++n}`;
const open: StoreDb[] = [];
async function db(name = fresh(), version?: number) {
  const d = await openStoreDb({ name, ...(version !== undefined && { version }) });
  open.push(d);
  return d;
}
afterEach(() => {
  for (const d of open.splice(0)) d.close();
  vi.restoreAllMocks();
});

const importRecord = {
  id: 'imp-1',
  at: Date.UTC(2026, 10, 25, 12),
  source: 'demo',
  tables: { orders: demo.orders.length, lines: demo.lines.length },
};

describe('core/db store: fact tables as column chunks', () => {
  it('round-trips every fact table and the records written with them', async () => {
    const d = await db();
    await writeTables(
      d,
      {
        orders: demo.orders,
        lines: demo.lines,
        traffic: demo.traffic,
        spend: demo.spend,
        snapshots: demo.snapshots,
      },
      {
        chunkRows: CHUNK,
        importRecord,
        replace: {
          products: demo.products,
          experiments: demo.experiments,
          targets: demo.targets,
          settings: demo.settings,
          trackedProducts: demo.trackedProducts,
        },
      },
    );
    expect(asBuilt(await readTable(d, 'orders'), 'orders')).toEqual(demo.orders);
    expect(asBuilt(await readTable(d, 'lines'), 'lines')).toEqual(demo.lines);
    const all = await readAll(d);
    expect(asBuilt(all.traffic, 'traffic')).toEqual(demo.traffic);
    expect(asBuilt(all.spend, 'spend')).toEqual(demo.spend);
    expect(asBuilt(all.snapshots, 'snapshots')).toEqual(demo.snapshots);
    expect(all.products).toHaveLength(demo.products.length);
    expect(all.products.find((p) => p.sku === demo.products[0]!.sku)).toEqual(demo.products[0]);
    expect(all.experiments.map((e) => e.id).sort()).toEqual(
      demo.experiments.map((e) => e.id).sort(),
    );
    expect(all.settings).toEqual(demo.settings);
    expect(all).not.toHaveProperty('lastImport'); // the history (and its undo rows) stays unread
    expect(await listImports(d)).toEqual([importRecord]);
    expect(all.dataAsOf).toBeGreaterThan(0);
    expect(await getSettings(d)).toEqual(demo.settings);
    // Whole-cent amounts are stored at half size; timestamps and NaN-holding columns stay f64.
    expect((await d.get('chunks', ['orders', 'total', 0]))!.data).toBeInstanceOf(Int32Array);
    expect((await d.get('chunks', ['orders', 'createdAt', 0]))!.data).toBeInstanceOf(Float64Array);
    expect((await d.get('chunks', ['orders', 'refundedAt', 0]))!.data).toBeInstanceOf(Float64Array);
    // Codes take the bytes their dictionary needs: 1 for a few channels, 2 for a few thousand
    // customers, 4 past 65,536 order ids; the tables above read back equal all the same.
    const codesOf = async (table: string, col: string) =>
      (await d.get('chunks', [table, col, 0]))!.data;
    expect(demo.orders.columns.channel.dict.length).toBeLessThanOrEqual(256);
    expect(await codesOf('orders', 'channel')).toBeInstanceOf(Uint8Array);
    const customers = demo.orders.columns.customerKey.dict.length;
    expect(await codesOf('orders', 'customerKey')).toBeInstanceOf(
      customers <= 256 ? Uint8Array : customers <= 65536 ? Uint16Array : Int32Array,
    );
    expect(customers).toBeGreaterThan(256);
    // Several chunks per column really were stored.
    const chunks = await d.getAllKeys(
      'chunks',
      IDBKeyRange.bound(['lines', 'quantity'], ['lines', 'quantity', []]),
    );
    expect(chunks.length).toBe(Math.ceil(demo.lines.length / CHUNK));
  });

  it('stores codes in 1, 2 or 4 bytes by dictionary size, and reads them back as they were', () => {
    const n = 70_000;
    const lines = tableFromRows(
      lineColumns,
      Array.from({ length: n }, (_, i) => ({
        orderId: `o${i}`,
        sku: `SKU-${i % 300}`,
        currency: i % 2 ? 'USD' : 'EUR',
        quantity: 1,
      })),
    );
    const w = planTableWrite('lines', lineColumns, lines, { chunkRows: CHUNK });
    const first = (col: string) => w.chunks.find((c) => c.column === col && c.index === 0)!.data;
    expect(first('orderId')).toBeInstanceOf(Int32Array);
    expect(first('sku')).toBeInstanceOf(Uint16Array);
    expect(first('currency')).toBeInstanceOf(Uint8Array);
    const back = assembleTable(lineColumns, w.meta, w.chunks);
    expect(asBuilt(back, 'lines')).toEqual(lines);
    // In memory too: the worker holds each code in the bytes its dictionary needs.
    expect(back.columns.orderId.codes).toBeInstanceOf(Int32Array);
    expect(back.columns.sku.codes).toBeInstanceOf(Uint16Array);
    expect(back.columns.currency.codes).toBeInstanceOf(Uint8Array);
  });

  it('packs large dictionaries (order ids, customer keys, any text) and reads them back exactly', async () => {
    const d = await db();
    const bigger = generateDemoStore({ seed: 12, orders: 1300 });
    const titles = [
      '',
      'Crème brûlée mug',
      'Tee 🙂 XL',
      'a\u0000b',
      '"quoted", comma',
      '長袖シャツ',
    ];
    const lines = tableFromRows(
      lineColumns,
      Array.from({ length: 1200 }, (_, i) => ({
        ...rowAt(lineColumns, bigger.lines, i),
        title: `${titles[i % titles.length]}#${i}`,
      })),
    );
    await writeTables(d, { orders: bigger.orders, lines }, { chunkRows: CHUNK });
    const meta = await d.get('tableMeta', 'orders');
    // 1,300 order ids: out of the meta record (the startup check reads it), in a record beside
    // the chunks; the two currencies stay inline.
    expect(meta!.columns.id).toEqual({ kind: 'str', dictChunk: 1300 });
    expect(meta!.columns.currency!.dict).toEqual(['USD', 'EUR']);
    const ids = await d.get('chunks', ['orders', 'id', DICT_CHUNK]);
    expect(ids!.data.length).toBe(1300);
    expect(ids!.text!.length).toBe(bigger.orders.columns.id.dict.join('').length);
    expect(asBuilt(await readTable(d, 'orders'), 'orders')).toEqual(bigger.orders);
    expect(asBuilt(await readTable(d, 'lines'), 'lines')).toEqual(lines);
    expect(asBuilt((await readAll(d)).lines, 'lines')).toEqual(lines);
  });

  it('reads a store written before dictionaries had records of their own, and moves them out once', async () => {
    const d = await db();
    const bigger = generateDemoStore({ seed: 12, orders: 1300 });
    await writeTables(d, { orders: bigger.orders }, { chunkRows: CHUNK });
    // The layout such a store has on disk: the order ids packed inside the meta record.
    const meta = (await d.get('tableMeta', 'orders'))!;
    const ids = (await d.get('chunks', ['orders', 'id', DICT_CHUNK]))!;
    await d.put('tableMeta', {
      ...meta,
      columns: {
        ...meta.columns,
        id: { kind: 'str', dictText: ids.text!, dictEnds: ids.data as Int32Array },
      },
    });
    await d.delete('chunks', ['orders', 'id', DICT_CHUNK]);
    const ordersIds = bigger.orders.columns.id.dict;
    const read = await readTable(d, 'orders');
    expect(read.columns.id.dict.length).toBe(1300);
    expect(read.columns.id.dict[0]).toBe(ordersIds[0]);
    expect(read.columns.id.dict[1299]).toBe(ordersIds[1299]);
    expect(asBuilt(read, 'orders')).toEqual(bigger.orders);
    expect(asBuilt((await readAll(d)).orders, 'orders')).toEqual(bigger.orders);

    expect(await moveInlineDictionaries(d)).toBe(1);
    const moved = (await d.get('tableMeta', 'orders'))!;
    expect(moved.columns.id).toEqual({ kind: 'str', dictChunk: 1300 });
    // Same length, write time and import: the startup entry written before stays valid.
    expect([moved.length, moved.writtenAt, moved.importId]).toEqual([
      meta.length,
      meta.writtenAt,
      meta.importId,
    ]);
    expect(asBuilt(await readTable(d, 'orders'), 'orders')).toEqual(bigger.orders);
    expect(await moveInlineDictionaries(d)).toBe(0);
  });

  it('appends to a table whose dictionary has its own record (and to one written before)', async () => {
    const d = await db();
    const bigger = generateDemoStore({ seed: 12, orders: 1300 });
    const other = generateDemoStore({ seed: 13, orders: 30 });
    await writeTables(d, { orders: bigger.orders }, { chunkRows: CHUNK });
    const more = selectRows(orderColumns, other.orders, Int32Array.from([0, 1]));
    const tx = d.transaction(['chunks', 'tableMeta'], 'readwrite');
    await appendToTable(
      tx.objectStore('chunks'),
      tx.objectStore('tableMeta'),
      'orders',
      orderColumns,
      more,
    );
    await tx.done;
    const read = await readTable(d, 'orders');
    expect(read.length).toBe(1302);
    expect(rowAt(orderColumns, read, 0)).toEqual(rowAt(orderColumns, bigger.orders, 0));
    expect(rowAt(orderColumns, read, 1299)).toEqual(rowAt(orderColumns, bigger.orders, 1299));
    expect(rowAt(orderColumns, read, 1300)).toEqual(rowAt(orderColumns, other.orders, 0));
    expect(rowAt(orderColumns, read, 1301)).toEqual(rowAt(orderColumns, other.orders, 1));
  });

  it('says which column is damaged when a dictionary record is missing', async () => {
    const d = await db();
    const bigger = generateDemoStore({ seed: 12, orders: 1300 });
    await writeTables(d, { orders: bigger.orders }, { chunkRows: CHUNK });
    await d.delete('chunks', ['orders', 'id', DICT_CHUNK]);
    await expect(readTable(d, 'orders')).rejects.toThrow(
      "Stored table 'orders' is incomplete (column 'id' has 0 of its 1300 dictionary values)",
    );
  });

  it('reads only the selected columns when asked (the worker skips what analytics never reads)', async () => {
    const d = await db();
    await writeTables(
      d,
      { orders: demo.orders, lines: demo.lines },
      { chunkRows: CHUNK, replace: { settings: demo.settings } },
    );
    const some = await readAll(d, { columns: { orders: ['id', 'total'], lines: ['quantity'] } });
    expect(Object.keys(some.orders.columns).sort()).toEqual(['id', 'total']);
    expect(Array.from(some.orders.columns.total)).toEqual(Array.from(demo.orders.columns.total));
    expect(asBuilt(some.orders, 'orders').columns.id).toEqual(demo.orders.columns.id);
    expect(Object.keys(some.lines.columns)).toEqual(['quantity']);
    expect(some.lines.length).toBe(demo.lines.length);
    expect(some.traffic.length).toBe(0);
    expect(some.settings).toEqual(demo.settings);
  });

  it('returns equal large dictionaries as one shared array (lines order ids = orders ids)', async () => {
    const d = await db();
    const bigger = generateDemoStore({ seed: 13, orders: 1300 });
    await writeTables(d, { orders: bigger.orders, lines: bigger.lines });
    const all = await readAll(d);
    expect(all.lines.columns.orderId.dict).toBe(all.orders.columns.id.dict);
    expect(all.orders.columns.number.dict).not.toBe(all.orders.columns.id.dict);
    expect(asBuilt(all.orders, 'orders')).toEqual(bigger.orders);
    expect(asBuilt(all.lines, 'lines')).toEqual(bigger.lines);
  });

  it('gives empty tables before any import', async () => {
    const d = await db();
    const all = await readAll(d);
    expect(all.orders.length).toBe(0);
    expect(all.orders.columns.total).toEqual(new Float64Array(0));
    expect(all.settings).toBeNull();
    expect(all.dataAsOf).toBeNull();
  });

  it('keeps fractional, negative-zero and out-of-int32 amounts exact', async () => {
    const d = await db();
    const odd = selectRows(orderColumns, demo.orders, [0, 1, 2, 3]);
    odd.columns.total.set([12.5, -0, 2 ** 31, -(2 ** 31)]);
    odd.columns.discounts.set([1, 2, 3, 4]);
    await writeTables(d, { orders: odd });
    const back = await readTable(d, 'orders');
    expect(Array.from(back.columns.total)).toEqual([12.5, -0, 2 ** 31, -(2 ** 31)]);
    expect(Object.is(back.columns.total[1], -0)).toBe(true);
    expect(back.columns.total).toBeInstanceOf(Float64Array);
    // Whole cents are held as Int32Array in memory too (half the worker's memory for them).
    expect(back.columns.discounts).toEqual(Int32Array.of(1, 2, 3, 4));
  });

  it('writes back a table as it was read (narrow codes, whole cents in Int32Array)', async () => {
    const d = await db();
    await writeTables(d, { orders: demo.orders }, { chunkRows: CHUNK });
    const read = await readTable(d, 'orders');
    expect(read.columns.total).toBeInstanceOf(Int32Array);
    expect(read.columns.channel.codes).toBeInstanceOf(Uint8Array);
    await writeTables(d, { lines: demo.lines }, { chunkRows: CHUNK });
    const lines = await readTable(d, 'lines');
    // Quantities and the gift-card flag fit a byte: so they are held.
    expect(lines.columns.quantity).toBeInstanceOf(Int8Array);
    expect(lines.columns.giftCard).toBeInstanceOf(Int8Array);
    await writeTables(d, { lines }, { chunkRows: CHUNK });
    expect(asBuilt(await readTable(d, 'lines'), 'lines')).toEqual(demo.lines);
    // A merge that adds nothing to a table, or an undo, writes the stored table itself.
    await writeTables(d, { orders: read }, { chunkRows: CHUNK });
    expect(asBuilt(await readTable(d, 'orders'), 'orders')).toEqual(demo.orders);
  });

  it('replaces a table: a smaller re-import leaves no rows of the old one behind', async () => {
    const d = await db();
    await writeTables(d, { orders: demo.orders }, { chunkRows: CHUNK });
    const fewer = selectRows(
      orderColumns,
      demo.orders,
      Int32Array.from({ length: 300 }, (_, i) => i * 2),
    );
    await writeTables(d, { orders: fewer }, { chunkRows: CHUNK });
    expect(asBuilt(await readTable(d, 'orders'), 'orders')).toEqual(fewer);
    const keys = await d.getAllKeys('chunks');
    expect(keys.every((k) => k[2] === 0)).toBe(true);
  });

  it('writes all or nothing: a malformed table fails before anything changes', async () => {
    const d = await db();
    await writeTables(d, { orders: demo.orders }, { chunkRows: CHUNK });
    const bad = {
      ...demo.lines,
      columns: { ...demo.lines.columns, quantity: new Float64Array(demo.lines.length) },
    };
    const other = selectRows(orderColumns, demo.orders, [0, 1, 2]);
    await expect(
      writeTables(d, { orders: other, lines: bad as unknown as LinesTable }),
    ).rejects.toMatchObject({
      name: 'TableShapeError',
      code: 'table-shape',
      message: expect.stringContaining("Table 'lines', column 'quantity' must be a Int32Array"),
    });
    expect(asBuilt(await readTable(d, 'orders'), 'orders')).toEqual(demo.orders);
  });

  it('turns a quota refusal into QuotaError and keeps the previous data intact', async () => {
    const d = await db();
    await writeTables(d, { orders: demo.orders }, { chunkRows: CHUNK });
    const put = IDBObjectStore.prototype.put;
    let calls = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args
    ) {
      // The refusal comes midway, after some chunks of the new write were already issued.
      if (++calls === 20) throw new DOMException('Quota exceeded', 'QuotaExceededError');
      return put.apply(this, args as Parameters<typeof put>);
    });
    const err = await writeTables(
      d,
      { orders: demo.orders, lines: demo.lines },
      { chunkRows: 100 },
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'QuotaError', code: 'quota-exceeded' });
    expect((err as { bytesNeeded: number }).bytesNeeded).toBeGreaterThan(100_000);
    expect((err as Error).message).toMatch(/storage quota is full/);
    vi.restoreAllMocks();
    expect(asBuilt(await readTable(d, 'orders'), 'orders')).toEqual(demo.orders);
    expect((await readTable(d, 'lines')).length).toBe(0);
  });

  it('deletes all data but keeps the database usable', async () => {
    const d = await db();
    await writeTables(
      d,
      { orders: demo.orders, lines: demo.lines },
      { importRecord, replace: { products: demo.products, settings: demo.settings } },
    );
    await deleteAllData(d);
    const all = await readAll(d);
    expect(all.orders.length + all.lines.length + all.products.length).toBe(0);
    expect(all.settings).toBeNull();
    expect(await listImports(d)).toEqual([]);
    await writeTables(d, { orders: demo.orders });
    expect((await readTable(d, 'orders')).length).toBe(demo.orders.length);
  });

  it('keeps import history newest first and finds saved column mappings by header layout', async () => {
    const d = await db();
    await writeTables(d, { orders: demo.orders }, { importRecord });
    await writeTables(
      d,
      { orders: demo.orders },
      {
        importRecord: {
          ...importRecord,
          id: 'imp-2',
          at: importRecord.at + 1000,
          fileName: 'orders_export.csv',
        },
      },
    );
    expect((await listImports(d)).map((r) => r.id)).toEqual(['imp-2', 'imp-1']);
    const mapping = {
      id: 'm1',
      kind: 'orders',
      headerSignature: 'name|email|created at|total',
      mapping: { total: 'Total' },
      updatedAt: 1,
    };
    await saveMapping(d, mapping);
    expect(await findMapping(d, 'orders', 'name|email|created at|total')).toEqual(mapping);
    expect(await findMapping(d, 'orders', 'id|total')).toBeUndefined();
  });
});

describe('core/db store: versioned upgrade', () => {
  it('opens a v1 database holding data and upgrades it to the current version without loss', async () => {
    const name = fresh();
    const v1 = await db(name, 1);
    expect(v1.version).toBe(1);
    expect([...v1.objectStoreNames]).not.toContain('imports');
    await writeTables(
      v1,
      { orders: demo.orders, lines: demo.lines },
      { chunkRows: CHUNK, replace: { products: demo.products, settings: demo.settings } },
    );
    // v1 kept import provenance on the table's meta record.
    const meta = await v1.get('tableMeta', 'orders');
    await v1.put('tableMeta', {
      ...meta!,
      source: { fileName: 'orders_export_1.csv', at: 1_700_000_000_000 },
    });
    v1.close();

    const v2 = await db(name);
    expect(v2.version).toBe(STORE_DB_VERSION);
    expect(asBuilt(await readTable(v2, 'orders'), 'orders')).toEqual(demo.orders);
    expect(asBuilt(await readTable(v2, 'lines'), 'lines')).toEqual(demo.lines);
    const all = await readAll(v2);
    expect(all.products).toHaveLength(demo.products.length);
    expect(all.settings).toEqual(demo.settings);
    expect(await listImports(v2)).toEqual([
      {
        id: 'v1-orders',
        at: 1_700_000_000_000,
        source: 'import',
        fileName: 'orders_export_1.csv',
        tables: { orders: demo.orders.length },
      },
    ]);
    const migrated = await v2.get('tableMeta', 'orders');
    expect(migrated).toMatchObject({ importId: 'v1-orders' });
    expect(migrated).not.toHaveProperty('source');
    expect(await v2.getAllFromIndex('matches', 'bySku', 'X')).toEqual([]);
  });

  it('closes an old connection when another tab upgrades, and tells the app', async () => {
    const name = fresh();
    let told = false;
    const old = await openStoreDb({ name, version: 1, onVersionChange: () => (told = true) });
    const next = await openDB(name, 3, { upgrade: (x) => void x.createObjectStore('later') });
    expect(told).toBe(true);
    next.close();
    old.close();
  });

  it('refuses to open at a version it has no schema for', async () => {
    await expect(openStoreDb({ name: fresh(), version: 9 })).rejects.toThrow(
      /No schema for storelens version 9/,
    );
  });
});
