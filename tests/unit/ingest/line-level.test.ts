import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readExport, suggestMapping } from '../../../core/ingest/index.ts';
import { timezoneCandidates } from '../../../core/ingest/dates.ts';

const dir = fileURLToPath(new URL('../../fixtures/real/uci/', import.meta.url));
const bytes = (name: string) => new Uint8Array(readFileSync(dir + name));
// Counted by tests/fixtures/real/uci/expected.py (python, not our code).
const expected = JSON.parse(readFileSync(dir + 'expected.json', 'utf8')) as Record<string, number>;

async function read(name: string, extra: Record<string, unknown> = {}) {
  const head = new TextDecoder().decode(bytes(name)).split('\n')[0]!;
  const header = head.includes(',') ? head.split(',') : head.trim().split(/\s{2,}/);
  const mapping = suggestMapping(header, 'order');
  return {
    mapping,
    r: await readExport(bytes(name), { mapping, reportingCurrency: 'GBP', ...extra }),
  };
}

describe('line-level order files (UCI Online Retail)', () => {
  it('auto-maps all 8 CamelCase columns', async () => {
    const { mapping } = await read('online-retail-slice.csv');
    expect(mapping).toEqual({
      'order.id': 'InvoiceNo',
      'order.createdAt': 'InvoiceDate',
      'order.customerId': 'CustomerID',
      'order.country': 'Country',
      'line.sku': 'StockCode',
      'line.title': 'Description',
      'line.quantity': 'Quantity',
      'line.unitPrice': 'UnitPrice',
    });
    expect(suggestMapping(['invoice_no', 'invoice_date', 'unit_price', 'customer_id'])).toEqual({
      'order.id': 'invoice_no',
      'order.createdAt': 'invoice_date',
      'line.unitPrice': 'unit_price',
      'order.customerId': 'customer_id',
    });
  });

  it('totals orders from their lines; credit notes are returns on their own date, not orders', async () => {
    const { r } = await read('online-retail-slice.csv');
    expect(r.rows).toBe(expected.rows);
    expect(r.rejected).toBe(expected.rejected);
    const orders = r.orders!.filter((o) => o.kind === 'order');
    const creditNotes = r.orders!.filter((o) => o.kind === 'return');
    // Kind follows the lines: an order has a positive line, a credit note none.
    for (const o of r.orders!)
      expect(r.lines!.some((l) => l.orderId === o.id && l.quantity > 0)).toBe(o.kind === 'order');
    expect(orders.length).toBe(expected.orders);
    expect(creditNotes.length).toBe(expected.creditNotes);
    expect(creditNotes.every((o) => o.total === 0 && o.refundedAt === o.createdAt)).toBe(true);
    expect(orders.reduce((a, o) => a + o.total, 0)).toBe(expected.grossMinor);
    expect(r.orders!.reduce((a, o) => a + o.refunded, 0)).toBe(expected.returnsMinor);
    expect(orders.filter((o) => o.customerKey === '').length).toBe(expected.guestOrders);
    expect(new Set(orders.map((o) => o.customerKey).filter((k) => k !== '')).size).toBe(
      expected.customers,
    );
    // Returned lines keep their product; quantity 0, the returned units in refundedQuantity.
    const c = r.lines!.filter((l) => l.orderId.startsWith('C'));
    expect(c.length).toBeGreaterThan(0);
    expect(c.every((l) => l.quantity === 0 && l.refundedQuantity > 0 && l.title !== '')).toBe(true);
  });

  it('reads a space-aligned text file with YYYYMMDD dates and blank cells', async () => {
    const { r } = await read('aligned-yyyymmdd.txt', { timezone: 'Europe/London' });
    expect(r.errors).toEqual([]);
    expect(r.header).toEqual([
      'InvoiceNo',
      'StockCode',
      'Description',
      'Quantity',
      'InvoiceDate',
      'UnitPrice',
      'CustomerID',
      'Country',
    ]);
    const byId = new Map(r.orders!.map((o) => [o.id, o]));
    expect(byId.get('536365')!.total).toBe(6 * 255 + 6 * 339);
    expect(byId.get('536366')!.customerKey).toBe('');
    expect(byId.get('536380')!.total).toBe(24 * 145);
    expect(byId.get('536380')!.refunded).toBe(2 * 145);
    expect(byId.get('C536379')!.total).toBe(0);
    expect(byId.get('C536379')!.refunded).toBe(2750);
    expect(new Date(byId.get('536380')!.createdAt).toISOString()).toBe('2010-12-02T00:00:00.000Z');
    expect(r.lines!.find((l) => l.title === 'WHITE METAL LANTERN')!.sku).toBe('71053');
  });
});

describe('store timezone from offsets', () => {
  it('offers Australia/Sydney and its neighbours for +10/+11 across the year', () => {
    const samples = [
      { ms: Date.UTC(2024, 0, 15), offset: 660 },
      { ms: Date.UTC(2024, 6, 15), offset: 600 },
    ];
    const zones = timezoneCandidates(samples);
    expect(zones[0]).toBe('Australia/Sydney');
    expect(zones).toContain('Australia/Melbourne');
    expect(zones).toContain('Australia/Hobart');
    expect(zones).not.toContain('Australia/Brisbane');
    expect(zones).not.toContain('UTC');
  });
});
