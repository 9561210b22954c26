/**
 * Issue 14 point 2: two tabs importing at once. Each tab has its own worker and API over the same
 * database; here two APIs over one fake-indexeddb database stand for them (in Node the writers
 * queue in-process, in a browser under the Web Lock; tests/e2e/pwa/two-tabs.spec.ts runs the
 * real thing). Expected figures are read by hand from the fixtures: shopify-orders.csv has orders
 * #1001–#1006, shopify-orders-newer.csv #1005–#1007, so both together are 7 orders.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openStoreDb, readTable } from '../../../core/db/index.ts';
import { ordersFromTable } from '../../../core/ingest/index.ts';
import { createAnalyticsApi } from '../../../core/worker/index.ts';
import type { ImportProgress } from '../../../core/worker/import/index.ts';

const dir = fileURLToPath(new URL('../../fixtures/exports/', import.meta.url));
const file = (name: string) => new File([readFileSync(dir + name)], name);

describe('two tabs importing at once', () => {
  it('the second waits for the first; both sets of orders are stored and both are in the history', async () => {
    const name = 'import-concurrent-1';
    const tabA = createAnalyticsApi({ openDb: () => openStoreDb({ name }) });
    const tabB = createAnalyticsApi({ openDb: () => openStoreDb({ name }) });
    const phasesB: ImportProgress['phase'][] = [];
    const [a, b] = await Promise.all([
      tabA.importFiles([file('shopify-orders.csv')]),
      tabB.importFiles([file('shopify-orders-newer.csv')], {}, (p) => phasesB.push(p.phase)),
    ]);
    expect(phasesB[0]).toBe('waiting');
    expect(a.tables.orders).toMatchObject({ incoming: 6, total: 6 });
    // B merged with what A had committed: 1 new order, 2 updated.
    expect(b.tables.orders).toEqual({ incoming: 3, added: 1, updated: 2, total: 7 });

    const db = await openStoreDb({ name });
    const orders = ordersFromTable(await readTable(db, 'orders'));
    db.close();
    expect(orders.map((o) => o.number).sort()).toEqual([
      '#1001',
      '#1002',
      '#1003',
      '#1004',
      '#1005',
      '#1006',
      '#1007',
    ]);
    const history = await tabB.importHistory();
    expect(history.map((h) => h.files[0]!.fileName)).toEqual([
      'shopify-orders-newer.csv',
      'shopify-orders.csv',
    ]);
    expect(history[0]!.undoable).toBe(true);
  });
});
