/**
 * Issue 14 point 4: re-importing an export where one line row of an already-stored order is
 * rejected must not delete that order's stored lines. Expected figures are read by hand from
 * tests/fixtures/exports/shopify-orders.csv: order #1001 has 3 line rows (file rows 2–4:
 * TEE-BLK-M ×2 at 24.00, TOTE-NAT ×1 at 18.00, SOCK-3PK ×2 at 15.00), 6 orders, 9 line rows;
 * the TOTE-NAT row is file row 3.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openStoreDb, readTable } from '../../../core/db/index.ts';
import { linesFromTable, ordersFromTable } from '../../../core/ingest/index.ts';
import { createAnalyticsApi } from '../../../core/worker/index.ts';

const dir = fileURLToPath(new URL('../../fixtures/exports/', import.meta.url));
const csv = readFileSync(dir + 'shopify-orders.csv', 'utf8');
const TOTE =
  '#1001,ava.smith@example.com,,,,,,,,,,,,,,2024-01-15 10:23:45 -0500,1,Canvas Tote,18.00,';

let n = 0;
function setup() {
  const name = `import-rejected-${++n}`;
  const api = createAnalyticsApi({ openDb: () => openStoreDb({ name }) });
  return { api, open: () => openStoreDb({ name }) };
}

/** The stored lines of order #1001 as "SKU×qty@price-in-cents", sorted. */
async function linesOf1001(open: () => Promise<Awaited<ReturnType<typeof openStoreDb>>>) {
  const db = await open();
  const orders = ordersFromTable(await readTable(db, 'orders'));
  const lines = linesFromTable(await readTable(db, 'lines'));
  db.close();
  const id = orders.find((o) => o.number === '#1001')!.id;
  return {
    orders: orders.length,
    lines: lines.length,
    of1001: lines
      .filter((l) => l.orderId === id)
      .map((l) => `${l.sku}×${l.quantity}@${l.unitPrice}`)
      .sort(),
  };
}

const broken: [string, string, string][] = [
  [
    'a negative quantity',
    csv.replace(TOTE, TOTE.replace(',1,Canvas Tote,', ',-1,Canvas Tote,')),
    'Lineitem quantity',
  ],
  [
    'a formula in a number cell',
    csv.replace(TOTE, TOTE.replace('Canvas Tote,18.00,', 'Canvas Tote,=9*2,')),
    'Lineitem price',
  ],
  [
    'a truncated row',
    csv
      .split('\n')
      .map((l) => (l.startsWith(TOTE) ? TOTE.slice(0, -1) : l))
      .join('\n'),
    '',
  ],
];

describe('a re-import with a rejected line row of a stored order', () => {
  it.each(broken)(
    '%s: the stored order keeps all its lines, the rejection is reported',
    async (_what, text, column) => {
      const { api, open } = setup();
      await api.importFiles([new File([csv], 'orders_export_1.csv')]);
      const before = await linesOf1001(open);
      expect(before).toEqual({
        orders: 6,
        lines: 9,
        of1001: ['SOCK-3PK×2@1500', 'TEE-BLK-M×2@2400', 'TOTE-NAT×1@1800'],
      });

      const again = await api.importFiles([new File([text], 'orders_export_2.csv')]);
      // Issue 14 point 5: an order with a rejected row is left out of the reading whole (its
      // rows 2-4), the bad row named with its column, the others pointing to it.
      expect(again.rejected).toBe(3);
      expect(again.errors.map((e) => e.row)).toEqual([2, 3, 4]);
      expect(again.errors).toContainEqual(
        expect.objectContaining({
          fileName: 'orders_export_2.csv',
          row: 3,
          ...(column && { column }),
        }),
      );
      expect(again.notes.join('\n')).toContain(
        'orders_export_2.csv: 1 order already stored had a row rejected in this file (#1001); the stored version is kept unchanged',
      );
      // The other five orders were updated from the file; #1001 was left alone.
      expect(again.tables.orders).toEqual({ incoming: 5, added: 0, updated: 5, total: 6 });
      expect(await linesOf1001(open)).toEqual(before);
    },
  );
});
