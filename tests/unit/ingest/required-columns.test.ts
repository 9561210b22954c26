/**
 * Issue 14 point 6: each format declares the columns it cannot be read without; a file missing one
 * is refused with the column named, instead of reading every total as 0 or every amount in the
 * store currency. Files: the 79-column Shopify orders fixture with one column removed.
 */
import { describe, expect, it } from 'vitest';
import { FORMAT_LIST, readExport } from '../../../core/ingest/index.ts';
import { fixture } from './helpers.ts';

const text = new TextDecoder().decode(fixture('shopify-orders.csv'));

/** The fixture without the named columns (the fixture has no quoted commas in those columns). */
function without(...names: string[]): Uint8Array {
  // Split each physical line with a quote-aware regex: the fixture has quoted commas and line breaks.
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '""';
        i++;
      } else if (ch === '"') {
        quoted = false;
        field += ch;
      } else field += ch;
    } else if (ch === '"') {
      quoted = true;
      field += ch;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  const drop = new Set(names.map((n) => rows[0]!.indexOf(n)));
  expect(drop.has(-1)).toBe(false);
  return new TextEncoder().encode(
    rows.map((r) => r.filter((_, i) => !drop.has(i)).join(',')).join('\n') + '\n',
  );
}

describe('a Shopify orders export without a column it needs', () => {
  it('is read in full with all its columns (the fixture the cases below cut from)', async () => {
    const r = await readExport(without(), { reportingCurrency: 'USD' });
    expect(r.errors).toEqual([]);
    expect(r.orders!.map((o) => o.total)).toEqual([11147, 17444, 16222, 9118, 2613, 5594]);
  });

  it("without 'Total' is refused, naming the column, instead of every total reading 0", async () => {
    await expect(
      readExport(without('Total'), { fileName: 'orders_export_1.csv', reportingCurrency: 'USD' }),
    ).rejects.toMatchObject({
      name: 'IngestError',
      code: 'missing-columns',
      message:
        "This Shopify orders export has no 'Total' column: every order total would read as 0. Nothing was read. Export the file again with all its columns (Shopify admin → Orders → Export → All orders, CSV for Excel, Numbers or other) and import it, without removing columns in a spreadsheet.",
    });
  });

  it("without 'Currency' is refused even when a store currency is set, instead of using it silently", async () => {
    await expect(
      readExport(without('Currency'), { reportingCurrency: 'EUR' }),
    ).rejects.toMatchObject({
      code: 'missing-columns',
      message: expect.stringMatching(
        /^This Shopify orders export has no 'Currency' column: the amounts would be read in the store currency, which may not be the currency of the orders\./,
      ),
    });
  });

  it('names every missing column with what it would cost', async () => {
    await expect(readExport(without('Currency', 'Total'))).rejects.toMatchObject({
      code: 'missing-columns',
      message: expect.stringContaining(
        "has no 'Currency' and 'Total' columns: without 'Currency', the amounts would be read in the store currency, which may not be the currency of the orders; without 'Total', every order total would read as 0.",
      ),
    });
  });

  it("without 'Currency' is read once the user confirmed the file's currency", async () => {
    const r = await readExport(without('Currency'), {
      fileCurrency: 'CAD',
      reportingCurrency: 'USD',
    });
    expect(r.errors).toEqual([]);
    expect(r.orders!.map((o) => o.currency)).toEqual(['CAD', 'CAD', 'CAD', 'CAD', 'CAD', 'CAD']);
  });

  it('chosen by hand for a file that is another export, names the columns that are not there', async () => {
    await expect(
      readExport(fixture('shopify-products.csv'), { format: 'shopify-orders' }),
    ).rejects.toMatchObject({
      code: 'wrong-format',
      message: expect.stringMatching(
        /^This file is not a Shopify orders export: it has no 'Name', 'Created at', .*'Total' columns; it looks like a Shopify products export\./,
      ),
    });
  });
});

describe('required columns of every format', () => {
  it('are declared for every format read from a header, and its own fixture has them', () => {
    for (const f of FORMAT_LIST) {
      if (!f.detect) continue;
      expect(f.requiredColumns.length, f.id).toBeGreaterThan(0);
    }
  });
});
