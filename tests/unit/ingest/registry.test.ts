/**
 * Issue 12 point 3 (formats): the import-format registry is the one home of a format. These tests
 * check that the registry, the reader modules, the fixtures and the docs (core/ingest/README.md)
 * agree, that the Import screen and the worker read it, and that a format added through the
 * registry's type alone is detected and read, with no other file touched.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  FORMAT_IDS,
  FORMAT_LIST,
  FORMATS,
  SPLITTABLE_FORMATS,
  readExport,
  str,
  type ImportFormat,
  type StockLevel,
} from '../../../core/ingest/index.ts';
import { processingOrder } from '../../../core/worker/import/plan.ts';
import { FORMAT_LABELS, PICKABLE_FORMATS } from '../../../pwa/src/import/labels.ts';
import { fixture } from './helpers.ts';

const ingest = fileURLToPath(new URL('../../../core/ingest/', import.meta.url));
const exportsDir = fileURLToPath(new URL('../../fixtures/exports/', import.meta.url));
const enc = (s: string) => new TextEncoder().encode(s);

describe('the import-format registry', () => {
  it('has one entry per id, under its own id, in detection order', () => {
    expect(Object.keys(FORMATS).sort()).toEqual([...FORMAT_IDS].sort());
    for (const [key, f] of Object.entries(FORMATS)) expect(f.id).toBe(key);
    expect(FORMAT_LIST.map((f) => f.id)).toEqual([...FORMAT_IDS]);
    expect(new Set(FORMAT_LIST.map((f) => f.label)).size).toBe(FORMAT_LIST.length);
  });

  it('is what core/ingest/README.md lists: id, label, what it reads, required columns, ranges', () => {
    const readme = readFileSync(ingest + 'README.md', 'utf8');
    const section = readme.slice(readme.indexOf('## Formats'), readme.indexOf('## Numbers'));
    const rows = section
      .split('\n')
      .filter((l) => l.startsWith('| `'))
      .map((l) =>
        l
          .split('|')
          .slice(1, -1)
          .map((c) => c.trim()),
      );
    expect(rows).toEqual(
      FORMAT_LIST.map((f) => [
        `\`${f.id}\``,
        f.label,
        f.gives,
        f.requiredColumns.map((c) => c.name).join(', ') || '—',
        f.ranges ? 'yes' : 'no',
      ]),
    );
  });

  it('uses every reader module in core/ingest/formats, and every reader it names is one', () => {
    const source = readFileSync(ingest + 'registry.ts', 'utf8');
    const modules = readdirSync(ingest + 'formats').filter((f) => f !== 'context.ts');
    for (const m of modules) expect(source, m).toContain(`from './formats/${m}'`);
    for (const f of FORMAT_LIST) {
      if (f.kind === 'csv') expect(typeof f.read, f.id).toBe('function');
      else expect(f.read, f.id).toBeNull();
    }
  });

  it('detects each header-detected format on a fixture export of it', async () => {
    const seen = new Map<string, string[]>();
    for (const name of readdirSync(exportsDir).filter((n) => /\.(csv|txt|json)$/.test(n))) {
      try {
        const r = await readExport(fixture(name), { reportingCurrency: 'USD' });
        seen.set(r.format, [...(seen.get(r.format) ?? []), name]);
      } catch {
        // The broken fixtures (a duplicate header, '|' columns) are refused whole.
      }
    }
    for (const f of FORMAT_LIST) if (f.detect) expect(seen.get(f.id), f.id).toBeDefined();
    expect(seen.get('storelens-bundle')).toEqual(['storelens-bundle.json']);
  });

  it('is what the Import screen offers and what the worker splits and orders by', () => {
    expect(FORMAT_LABELS).toEqual(Object.fromEntries(FORMAT_LIST.map((f) => [f.id, f.label])));
    expect(PICKABLE_FORMATS).toEqual(FORMAT_LIST.filter((f) => f.pickable).map((f) => f.id));
    expect(PICKABLE_FORMATS).not.toContain('storelens-bundle');
    expect(SPLITTABLE_FORMATS).toEqual(['shopify-orders']);
    // Products before stock levels before facts, as the registry says.
    expect(processingOrder('shopify-products')).toBeLessThan(processingOrder('shopify-inventory'));
    expect(processingOrder('shopify-inventory')).toBeLessThan(processingOrder('shopify-orders'));
  });
});

/** A format added through the registry's type only: a stocktake sheet (SKU, counted units). */
const stocktake: ImportFormat<'fixture-stocktake'> = {
  id: 'fixture-stocktake',
  label: 'Stocktake sheet',
  article: 'a stocktake sheet',
  source: 'the warehouse scanner → Export count',
  kind: 'csv',
  detect: { required: ['stocktake sku', 'counted'], typical: ['bin'] },
  requiredColumns: [
    { name: 'Stocktake SKU', why: 'counts could not be matched to products' },
    { name: 'Counted', why: 'there would be no stock to read' },
  ],
  read(ctx) {
    const sku = ctx.col('Stocktake SKU');
    const counted = ctx.col('Counted');
    const stock: StockLevel[] = [];
    return {
      want: ctx.wantOf([sku, counted]),
      row(f, row) {
        const n = ctx.count(f, counted, row, NaN);
        if (Number.isNaN(n)) {
          ctx.rejected++;
          return;
        }
        stock.push({ sku: str(f, sku), handle: '', title: '', onHand: n });
      },
      finish: () => ({ stock }),
    };
  },
  ranges: false,
  pickable: true,
  gives: 'stock counted per SKU',
  applyOrder: 1,
};
const withStocktake = [...FORMAT_LIST, stocktake];

describe('a format added through the registry type', () => {
  const sheet = 'Bin,Stocktake SKU,Counted\nA1,TEE-BLK-M,"1,204"\nA2,TOTE-NAT,7\nA3,SOCK-3PK,-2\n';

  it('is detected and read, with its rows validated by the shared parsers', async () => {
    const r = await readExport(enc(sheet), { formats: withStocktake });
    expect(r.format).toBe('fixture-stocktake');
    expect(r.confidence).toBe(1);
    expect(r.stock).toEqual([
      { sku: 'TEE-BLK-M', handle: '', title: '', onHand: 1204 },
      { sku: 'TOTE-NAT', handle: '', title: '', onHand: 7 },
    ]);
    expect(r.errors).toEqual([
      {
        row: 4,
        column: 'Counted',
        message: "'Counted' is negative (got '-2'). It must be 0 or more.",
      },
    ]);
  });

  it('gets the registry’s checks: a missing required column is named, a forced format is checked', async () => {
    await expect(
      readExport(enc('Stocktake SKU,Counted by\nTEE-BLK-M,Ann\n'), {
        formats: withStocktake,
        format: 'fixture-stocktake',
      }),
    ).rejects.toMatchObject({
      code: 'wrong-format',
      message: expect.stringContaining(
        "This file is not a stocktake sheet: it has no 'Counted' column",
      ),
    });
    // Without it in the list, the same file is just a CSV to map.
    expect((await readExport(enc(sheet))).format).toBe('generic');
  });

  it('leaves the other formats as they were', async () => {
    const r = await readExport(fixture('shopify-orders.csv'), { formats: withStocktake });
    expect(r.format).toBe('shopify-orders');
    expect(r.orders).toHaveLength(6);
  });
});
