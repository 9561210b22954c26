/**
 * Issue 14 points 5 and 6 through the import worker: a re-import whose copy of an order has a row
 * that cannot be read keeps the stored order as it was (no phantom, no lost lines), and a file
 * missing a required column stores nothing. Expected figures: the fixture's own values (#1001:
 * Total 111.47, three line rows), counted by tests/fixtures/exports/shopify-orders-count.py.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openStoreDb, readTable } from '../../../core/db/index.ts';
import { linesFromTable, ordersFromTable } from '../../../core/ingest/index.ts';
import { generateDemoStore } from '../../../core/demo/index.ts';
import { createAnalyticsApi } from '../../../core/worker/index.ts';

const dir = fileURLToPath(new URL('../../fixtures/exports/', import.meta.url));
const text = readFileSync(dir + 'shopify-orders.csv', 'utf8');

let n = 0;
function setup() {
  const name = `import-whole-orders-${++n}`;
  const api = createAnalyticsApi({
    openDb: () => openStoreDb({ name }),
    generateDemo: (o) => generateDemoStore({ ...o, orders: 300 }),
  });
  const stored = async () => {
    const db = await openStoreDb({ name });
    const orders = ordersFromTable(await readTable(db, 'orders'));
    const lines = linesFromTable(await readTable(db, 'lines'));
    db.close();
    return { orders, lines };
  };
  return { api, stored };
}

describe('importing a Shopify export with an order that cannot be read whole', () => {
  it('keeps the stored order and its lines, and shows no second order with total 0', async () => {
    const { api, stored } = setup();
    await api.importFiles([new File([text], 'orders_export_1.csv')]);
    const before = await stored();
    expect(before.orders).toHaveLength(6);
    expect(before.lines).toHaveLength(9);

    // The same export again, with an unquoted comma in #1001's first row.
    const broken = text.replace(
      ',0.00,Standard,2024-01-15 10:23:45 -0500,2,Classic Tee',
      ',0.00,Standard, tracked,2024-01-15 10:23:45 -0500,2,Classic Tee',
    );
    const result = await api.importFiles([new File([broken], 'orders_export_1.csv')]);
    expect(result.rejected).toBe(3);
    expect(result.errors.map((e) => e.row)).toEqual([2, 3, 4]);
    expect(result.notes.join('\n')).toContain(
      'orders_export_1.csv: 1 order already stored had a row rejected in this file (#1001); the stored version is kept unchanged',
    );

    const after = await stored();
    expect(after.orders).toHaveLength(6);
    const o1001 = after.orders.filter((o) => o.number === '#1001');
    expect(o1001.map((o) => [o.total, o.financialStatus])).toEqual([[11147, 'paid']]);
    expect(after.lines.filter((l) => l.orderId === o1001[0]!.id).map((l) => l.sku)).toEqual([
      'TEE-BLK-M',
      'TOTE-NAT',
      'SOCK-3PK',
    ]);
    expect(after.lines).toHaveLength(9);
  });

  it("refuses a file without 'Total', naming it, and stores nothing", async () => {
    const { api, stored } = setup();
    await api.importFiles([new File([text], 'orders_export_1.csv')]);
    const before = await stored();
    const header = text.slice(0, text.indexOf('\n'));
    // Renaming the header cell is enough to take the column away.
    const noTotal = text.replace(header, header.replace(',Total,', ',Grand total (edited),'));
    await expect(
      api.importFiles([new File([noTotal], 'orders_export_2.csv')]),
    ).rejects.toMatchObject({
      name: 'IngestError',
      code: 'missing-columns',
      message: expect.stringContaining(
        "orders_export_2.csv: This Shopify orders export has no 'Total' column",
      ),
    });
    expect(await stored()).toEqual(before);
  });
});
