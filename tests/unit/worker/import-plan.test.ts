/**
 * The import's pure plan step, without IndexedDB: stored tables + readings → new tables, counts,
 * undo snapshot and history record. Expected figures are counted by hand from
 * tests/fixtures/exports/shopify-orders.csv: 9 line rows, 6 orders (#1001 has 3 lines, #1004 2),
 * #1001's lines 2×24.00 + 1×18.00 + 2×15.00.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { linesFromTable, ordersFromTable, readExport } from '../../../core/ingest/index.ts';
import { emptyTable, lineColumns, orderColumns } from '../../../core/schema/columns.ts';
import { labelColumns, spendColumns, trafficColumns } from '../../../core/schema/columns.ts';
import {
  planImport,
  restoredTables,
  type PlanInput,
  type StoredTables,
} from '../../../core/worker/import/plan.ts';
import type { FileReading } from '../../../core/worker/import/read.ts';

const dir = fileURLToPath(new URL('../../fixtures/exports/', import.meta.url));
const text = (name: string) => readFileSync(dir + name, 'utf8');

async function reading(name: string, csv: string): Promise<FileReading> {
  const bytes = new TextEncoder().encode(csv);
  const r = await readExport(bytes, { fileName: name, salt: 'fixed', records: false });
  return { name, bytes: bytes.length, reading: r, index: 0, ranges: 1 };
}

const empty = (): StoredTables => ({
  orders: emptyTable(orderColumns),
  lines: emptyTable(lineColumns),
  traffic: emptyTable(trafficColumns),
  spend: emptyTable(spendColumns),
  labels: emptyTable(labelColumns),
  products: [],
});

function input(readings: FileReading[], before: StoredTables, stamp: number): PlanInput {
  return {
    readings,
    before,
    settings: null,
    replacedDemo: false,
    keepEmails: false,
    salt: 'fixed',
    readZone: 'UTC',
    opts: {},
    storedEmails: new Map(),
    id: `import-${stamp}`,
    stamp,
    totalBytes: readings.reduce((a, r) => a + r.bytes, 0),
  };
}

/** The lines of the order numbered `number` (ids are Shopify's, the number is what users see). */
const linesOf = (orders: StoredTables['orders'], t: StoredTables['lines'], number: string) =>
  linesFromTable(t)
    .filter((l) => l.orderId === ordersFromTable(orders).find((o) => o.number === number)!.id)
    .map((l) => `${l.sku}×${l.quantity}@${l.unitPrice}`)
    .sort();

describe('planImport (pure)', () => {
  it('a first import: every order and line is new, the record names the file, settings are created', async () => {
    const r = await reading('orders_export_1.csv', text('shopify-orders.csv'));
    const plan = planImport(input([r], empty(), 1000));
    expect(plan.counts.orders).toEqual({ incoming: 6, added: 6, updated: 0, total: 6 });
    expect(plan.counts.lines).toMatchObject({ incoming: 9, total: 9 });
    expect(plan.record).toMatchObject({
      id: 'import-1000',
      source: 'shopify-orders',
      fileName: 'orders_export_1.csv',
      tables: { orders: 6, lines: 9 },
      rejected: 0,
    });
    expect(plan.settingsCreated).toMatchObject({ salt: 'fixed', demo: false, currency: 'USD' });
    expect(linesOf(plan.tables.orders!, plan.tables.lines!, '#1001')).toEqual([
      'SOCK-3PK×2@1500',
      'TEE-BLK-M×2@2400',
      'TOTE-NAT×1@1800',
    ]);
    // Nothing was stored before: the snapshot holds no rows to put back.
    expect(plan.undo.orders!.prev.length).toBe(0);
  });

  it('the same file again updates all 6 orders, and its undo snapshot gives back the tables before', async () => {
    const r = await reading('orders_export_1.csv', text('shopify-orders.csv'));
    const first = planImport(input([r], empty(), 1000));
    const stored: StoredTables = {
      ...empty(),
      orders: first.tables.orders!,
      lines: first.tables.lines!,
    };
    const again = planImport(input([r], stored, 2000));
    expect(again.counts.orders).toEqual({ incoming: 6, added: 0, updated: 6, total: 6 });
    expect(again.undo.orders!.prev.length).toBe(6);
    expect(again.undo.orders!.prevLines.length).toBe(9);
    const back = restoredTables(again.undo, {
      orders: again.tables.orders!,
      lines: again.tables.lines!,
      traffic: emptyTable(trafficColumns),
      spend: emptyTable(spendColumns),
    });
    const byId = (o: { id: string }[]) => o.map((x) => x.id).sort();
    expect(byId(ordersFromTable(back.orders!))).toEqual(byId(ordersFromTable(stored.orders)));
    expect(linesOf(back.orders!, back.lines!, '#1001')).toEqual(
      linesOf(stored.orders, stored.lines, '#1001'),
    );
    expect(linesOf(back.orders!, back.lines!, '#1001')).toHaveLength(3);
  });
});
