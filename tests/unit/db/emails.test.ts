import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateDemoStore } from '../../../core/demo/index.ts';
import {
  STORE_DB_VERSION,
  clearEmails,
  deleteAllData,
  listImports,
  openStoreDb,
  readAll,
  readEmails,
  readTable,
  writeTables,
  type EmailRecord,
  type StoreDb,
} from '../../../core/db/index.ts';
import { asBuilt } from './tables.ts';

// ~300 orders, chunks of 100 rows so each column spans several chunks across the upgrade.
const demo = generateDemoStore({ seed: 5, orders: 300 });
const CHUNK = 100;
let n = 0;
const fresh = () => `storelens-emails-${++n}`;
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

const keys = demo.orders.columns.customerKey.dict.filter((k) => k !== '').slice(0, 3);
const emailsOf = (at: number): EmailRecord[] =>
  keys.map((k, i) => ({ customerKey: k, email: `customer${i}@example.com`, updatedAt: at }));

describe('core/db store: v2 → v3 (stored emails)', () => {
  it('opens a v2 database holding data and upgrades it to v3 without loss', async () => {
    const name = fresh();
    const v2 = await db(name, 2);
    expect(v2.version).toBe(2);
    expect([...v2.objectStoreNames]).not.toContain('emails');
    await writeTables(
      v2,
      { orders: demo.orders, lines: demo.lines, traffic: demo.traffic },
      {
        chunkRows: CHUNK,
        importRecord: {
          id: 'imp-v2',
          at: 1_700_000_000_000,
          source: 'shopify-orders',
          fileName: 'orders_export_1.csv',
          tables: { orders: demo.orders.length, lines: demo.lines.length },
        },
        replace: { products: demo.products, settings: demo.settings, targets: demo.targets },
      },
    );
    await v2.put('mappings', {
      id: 'generic:id|total',
      kind: 'generic',
      headerSignature: 'id|total',
      mapping: { 'order.id': 'id' },
      updatedAt: 1,
    });
    v2.close();

    const v3 = await db(name);
    expect(STORE_DB_VERSION).toBe(3);
    expect(v3.version).toBe(3);
    expect(asBuilt(await readTable(v3, 'orders'), 'orders')).toEqual(demo.orders);
    expect(asBuilt(await readTable(v3, 'lines'), 'lines')).toEqual(demo.lines);
    expect(asBuilt(await readTable(v3, 'traffic'), 'traffic')).toEqual(demo.traffic);
    const all = await readAll(v3);
    expect(all.products).toHaveLength(demo.products.length);
    expect(all.targets).toHaveLength(demo.targets.length);
    expect(all.settings).toEqual(demo.settings);
    expect((await listImports(v3)).map((r) => r.id)).toEqual(['imp-v2']);
    expect(await v3.count('mappings')).toBe(1);
    // The new store starts empty: an upgrade never invents personal data.
    expect(await v3.count('emails')).toBe(0);
  });

  it('upserts emails in the import transaction, keeps earlier ones, and reads them by key', async () => {
    const d = await db();
    await writeTables(d, { orders: demo.orders }, { emails: emailsOf(1) });
    // A later import with one customer's new address and nothing for the others.
    await writeTables(
      d,
      { orders: demo.orders },
      { emails: [{ customerKey: keys[0]!, email: 'new@example.com', updatedAt: 2 }] },
    );
    expect(await readEmails(d, [keys[0]!, 'unknown-key', keys[2]!])).toEqual([
      'new@example.com',
      '',
      'customer2@example.com',
    ]);
    await writeTables(d, {}, { deleteEmails: [keys[0]!] });
    expect(await readEmails(d, keys)).toEqual([
      '',
      'customer1@example.com',
      'customer2@example.com',
    ]);
  });

  it('reads the emails of a big segment (one read of the store) in the order of its keys', async () => {
    const d = await db();
    const many = Array.from({ length: 1200 }, (_, i) => ({
      customerKey: `key-${i}`,
      email: `buyer${i}@example.com`,
      updatedAt: 1,
    }));
    await writeTables(d, {}, { emails: many });
    const asked = Array.from({ length: 700 }, (_, i) => `key-${(i * 7) % 1300}`);
    expect(await readEmails(d, asked)).toEqual(
      asked.map((k) => (Number(k.slice(4)) < 1200 ? `buyer${k.slice(4)}@example.com` : '')),
    );
  });

  it('keeps neither the tables nor any email when the disk fills at the last email (all or nothing)', async () => {
    const d = await db();
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args
    ) {
      // Refused after every chunk and the first emails of the import were already issued.
      if ((args[0] as Partial<EmailRecord>).email === 'customer2@example.com') {
        throw new DOMException('Quota exceeded', 'QuotaExceededError');
      }
      return put.apply(this, args as Parameters<typeof put>);
    });
    await expect(
      writeTables(d, { orders: demo.orders }, { chunkRows: CHUNK, emails: emailsOf(1) }),
    ).rejects.toMatchObject({ name: 'QuotaError' });
    vi.restoreAllMocks();
    expect(await d.count('emails')).toBe(0);
    expect((await readTable(d, 'orders')).length).toBe(0);
  });

  it('clearEmails and deleteAllData remove every stored email', async () => {
    const d = await db();
    await writeTables(d, { orders: demo.orders }, { emails: emailsOf(1) });
    expect(await clearEmails(d)).toBe(3);
    expect(await d.count('emails')).toBe(0);
    expect((await readTable(d, 'orders')).length).toBe(demo.orders.length);

    await writeTables(d, {}, { emails: emailsOf(2) });
    await deleteAllData(d);
    expect(await d.count('emails')).toBe(0);
  });
});
