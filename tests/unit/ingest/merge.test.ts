import { describe, expect, it } from 'vitest';
import {
  mergeByKey,
  mergeKeys,
  mergeOrders,
  mergeTableByKey,
  readExport,
} from '../../../core/ingest/index.ts';
import {
  emptyTable,
  lineColumns,
  orderColumns,
  spendColumns,
  tableFromRows,
} from '../../../core/schema/columns.ts';
import type { LinesTable, OrdersTable } from '../../../core/schema/columns.ts';
import { fixture } from './helpers.ts';

const sum = (a: ArrayLike<number>) => Array.from(a).reduce((x, y) => x + y, 0);

function totals(orders: OrdersTable, lines: LinesTable) {
  return {
    orders: orders.length,
    lines: lines.length,
    total: sum(orders.columns.total),
    refunded: sum(orders.columns.refunded),
    units: sum(lines.columns.quantity),
  };
}

describe('re-importing exports', () => {
  it('importing the same export twice changes nothing', async () => {
    const r = await readExport(fixture('shopify-orders.csv'), { salt: 's', records: false });
    const incoming = { orders: r.ordersTable!, lines: r.linesTable! };
    const once = mergeOrders(emptyTable(orderColumns), emptyTable(lineColumns), incoming);
    const twice = mergeOrders(once.orders, once.lines, incoming);
    expect(totals(twice.orders, twice.lines)).toEqual(totals(once.orders, once.lines));
    expect(totals(once.orders, once.lines)).toEqual({
      orders: 6,
      lines: 9,
      total: 11147 + 17444 + 16222 + 9118 + 2613 + 5594,
      refunded: 8722 + 5594,
      units: 12,
    });
  });

  it('a newer, overlapping export updates refunds and status without double counting', async () => {
    const first = await readExport(fixture('shopify-orders.csv'), { salt: 's', records: false });
    const stored = mergeOrders(emptyTable(orderColumns), emptyTable(lineColumns), {
      orders: first.ordersTable!,
      lines: first.linesTable!,
    });
    // A week later: #1001 was fully refunded, and a new order #1007 came in.
    const header = new TextDecoder().decode(fixture('shopify-orders.csv')).split('\n')[0]!;
    const cols = header.split(',');
    const at = (name: string) => cols.indexOf(name);
    // Edit parsed cells (the preview keeps every column) and write them back as CSV.
    const rows = (
      await readExport(fixture('shopify-orders.csv'), { format: 'shopify-orders' })
    ).preview.slice(0, 3);
    rows[0]![at('Financial Status')] = 'refunded';
    rows[0]![at('Refunded Amount')] = '111.47';
    const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
    const extra = [...rows[2]!];
    extra[at('Name')] = '#1007';
    extra[at('Id')] = '5612345678907';
    extra[at('Financial Status')] = 'paid';
    extra[at('Currency')] = 'USD';
    extra[at('Total')] = '30.00';
    extra[at('Refunded Amount')] = '0.00';
    const newer = [
      header,
      ...rows.map((r) => r.map(quote).join(',')),
      extra.map(quote).join(','),
    ].join('\n');
    const second = await readExport(new TextEncoder().encode(newer), { salt: 's', records: false });
    expect(second.errors).toEqual([]);
    const merged = mergeOrders(stored.orders, stored.lines, {
      orders: second.ordersTable!,
      lines: second.linesTable!,
    });
    const before = totals(stored.orders, stored.lines);
    const after = totals(merged.orders, merged.lines);
    expect(after.orders).toBe(before.orders + 1);
    expect(after.lines).toBe(before.lines + 1);
    expect(after.refunded).toBe(before.refunded + 11147);
    expect(after.total).toBe(before.total + 3000);
    const ids = merged.orders.columns.id;
    const i1001 = Array.from(ids.codes).findIndex((c) => ids.dict[c] === '5612345678901');
    const fs = merged.orders.columns.financialStatus;
    expect(fs.dict[fs.codes[i1001]!]).toBe('refunded');
  });

  it('an order-level export over stored lines updates the orders and keeps their lines', async () => {
    const r = await readExport(fixture('shopify-orders.csv'), { salt: 's', records: false });
    const stored = mergeOrders(emptyTable(orderColumns), emptyTable(lineColumns), {
      orders: r.ordersTable!,
      lines: r.linesTable!,
    });
    // The same orders from an export with no lines (WooCommerce Analytics, a sales report), one
    // of them now refunded 10.00 more.
    const orders = {
      ...r.ordersTable!,
      columns: {
        ...r.ordersTable!.columns,
        refunded: Float64Array.from(r.ordersTable!.columns.refunded),
      },
    };
    orders.columns.refunded[0] = orders.columns.refunded[0]! + 1000;
    const merged = mergeOrders(stored.orders, stored.lines, {
      orders,
      lines: emptyTable(lineColumns),
    });
    expect(totals(merged.orders, merged.lines)).toEqual({
      ...totals(stored.orders, stored.lines),
      refunded: 8722 + 5594 + 1000,
    });
    expect(merged.lines.length).toBe(9);
  });

  it('merges products by SKU and spend by day, channel and campaign', () => {
    const a = [
      { sku: 'A', price: 1 },
      { sku: 'B', price: 2 },
    ];
    expect(
      mergeByKey(
        a,
        [
          { sku: 'B', price: 3 },
          { sku: 'C', price: 4 },
        ],
        mergeKeys.product,
      ),
    ).toEqual([
      { sku: 'A', price: 1 },
      { sku: 'B', price: 3 },
      { sku: 'C', price: 4 },
    ]);
    const row = (date: string, spend: number) => ({
      date,
      channel: 'Paid search',
      campaign: 'Brand',
      currency: 'USD',
      spend,
      impressions: 10,
      clicks: 1,
    });
    const existing = emptyTable(spendColumns);
    const one = mergeTableByKey(
      spendColumns,
      existing,
      tableOf([row('2024-01-01', 100), row('2024-01-02', 200)]),
      ['date', 'channel', 'campaign'],
    );
    const two = mergeTableByKey(
      spendColumns,
      one,
      tableOf([row('2024-01-02', 250), row('2024-01-03', 300)]),
      ['date', 'channel', 'campaign'],
    );
    expect(Array.from(two.columns.spend)).toEqual([100, 250, 300]);
  });
});

function tableOf(rows: Record<string, unknown>[]) {
  return tableFromRows(spendColumns, rows);
}
