/**
 * Product exports written by others (or in their exact shape): Shopify's 2024+ and classic
 * product CSVs, WooCommerce's own sample_products.csv and WooCommerce's translated headers.
 * Expected figures: tests/fixtures/real/products/expected.py (python's csv module).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readExport } from '../../../core/ingest/index.ts';
import { suggestMapping } from '../../../core/ingest/mapping.ts';

const dir = fileURLToPath(new URL('../../fixtures/real/products/', import.meta.url));
const real = (name: string) => new Uint8Array(readFileSync(dir + name));

describe("Shopify's 2024+ product CSV", () => {
  it('is recognised, variant rows take the first row’s name, stock is read, the image is no URL', async () => {
    const r = await readExport(real('shopify-products-2024.csv'), { reportingCurrency: 'USD' });
    expect(r.format).toBe('shopify-products');
    expect(r.confidence).toBeGreaterThan(0.9);
    expect(r.errors).toEqual([]);
    const p = new Map(r.products!.map((x) => [x.sku, x]));
    expect([...p.keys()]).toEqual([
      'MUG-SAND',
      'MUG-SLATE',
      'MUG-MOSS',
      'TOTE-OLV-M',
      'TOTE-OLV-L',
      'TOTE-TAN-M',
      'MAP-PDF',
    ]);
    expect(p.get('MUG-SLATE')).toMatchObject({
      title: 'Enamel Camp Mug',
      variantTitle: 'Slate',
      vendor: 'Northfield Goods',
      productType: 'Mug',
      handle: 'enamel-camp-mug',
      price: 1800,
      compareAtPrice: 2200,
      cost: 640,
      onHand: 3,
      barcode: '4006381333948',
      url: '',
    });
    expect(p.get('MUG-MOSS')).toMatchObject({ price: 1950, compareAtPrice: null, onHand: 0 });
    // No Type on the tote: the last level of its Product category.
    expect(p.get('TOTE-OLV-L')).toMatchObject({
      title: 'Waxed Canvas Tote',
      variantTitle: 'Olive / Large',
      productType: 'Tote Handbags',
      onHand: -2,
      price: 7200,
    });
    expect(p.get('MAP-PDF')).toMatchObject({ variantTitle: '', onHand: null, price: 900 });
    const stock = r.products!.reduce((a, x) => a + (x.onHand ?? 0), 0);
    expect(stock).toBe(27);
    expect(r.products!.every((x) => !x.url.includes('cdn.shopify.com'))).toBe(true);
    // The image-only row is accounted for.
    expect(r.skipped).toEqual([
      {
        row: 5,
        column: 'Price',
        message: expect.stringContaining("An image-only row of 'enamel-camp-mug'"),
      },
    ]);
  });

  it("builds the product URL from the handle when the shop's address is known", async () => {
    const r = await readExport(real('shopify-products-2024.csv'), {
      reportingCurrency: 'USD',
      storeUrl: 'https://northfield.example/some/page',
    });
    expect(r.products![0]!.url).toBe('https://northfield.example/products/enamel-camp-mug');
  });

  it('keeps reading the classic header', async () => {
    const r = await readExport(real('shopify-products-classic.csv'), { reportingCurrency: 'USD' });
    expect(r.format).toBe('shopify-products');
    expect(r.products!.map((x) => [x.sku, x.title, x.price, x.onHand])).toEqual([
      ['MUG-SAND', 'Enamel Camp Mug', 1800, 14],
      ['MUG-SLATE', 'Enamel Camp Mug', 1800, 3],
    ]);
    expect(r.skipped!.map((s) => s.row)).toEqual([4]);
  });

  it('a mapped generic file never takes the image column for the product URL', () => {
    const header = 'Title,URL handle,SKU,Price,Inventory quantity,Product image URL'.split(',');
    expect(suggestMapping(header, 'product')['product.url']).toBeUndefined();
  });
});

describe("WooCommerce's sample_products.csv", () => {
  it('stores every sellable row and says why each of the others is not stored', async () => {
    const r = await readExport(real('woocommerce-sample_products.csv'), {
      reportingCurrency: 'USD',
    });
    expect(r.format).toBe('woocommerce-products');
    expect(r.rows).toBe(25);
    expect(r.errors).toEqual([]);
    expect(r.rejected).toBe(0);
    expect(r.products).toHaveLength(22);
    expect(r.skipped!.map((s) => [s.row, s.column])).toEqual([
      [2, 'Type'],
      [3, 'Type'],
      [24, 'Type'],
    ]);
    expect(r.skipped![0]!.message).toBe(
      "'Type' is 'variable': 'V-Neck T-Shirt' is the parent of 3 variations in this file, each stored as a product of its own. The parent itself is not sold.",
    );
    expect(r.skipped![1]!.message).toContain("'Hoodie' is the parent of 4 variations");
    expect(r.skipped![2]!.message).toContain("'Type' is 'grouped': 'Logo Collection'");
    // rows + skipped account for the whole file
    expect(r.products!.length + r.skipped!.length + r.rejected).toBe(r.rows);
    const p = new Map(r.products!.map((x) => [x.sku, x]));
    expect(p.get('woo-hoodie-red')).toMatchObject({
      title: 'Hoodie',
      variantTitle: 'Red / No',
      productId: '45',
      variantId: '79',
      productType: 'Hoodies',
      price: 4200,
      compareAtPrice: 4500,
      onHand: null,
    });
    expect(p.get('woo-vneck-tee-blue')).toMatchObject({
      title: 'V-Neck T-Shirt',
      variantTitle: 'Blue',
      price: 1500,
      productType: 'Tshirts',
    });
    expect(p.get('woo-single')).toMatchObject({ price: 200, compareAtPrice: 300 });
    expect(p.get('wp-pennant')).toMatchObject({ price: 1105 });
    expect(r.products!.every((x) => x.onHand === null)).toBe(true);
  });
});

describe('WooCommerce exports with translated headers', () => {
  for (const [file, blue] of [
    ['woocommerce-pt_BR.csv', 'cam-basica-azul'],
    ['woocommerce-de_DE.csv', 'cam-basica-blau'],
  ] as const) {
    it(`${file} maps itself`, async () => {
      const r = await readExport(real(file), { reportingCurrency: 'BRL' });
      expect(r.format).toBe('woocommerce-products');
      expect(r.confidence).toBeGreaterThan(0.9);
      expect(r.errors).toEqual([]);
      expect(r.products).toHaveLength(4);
      expect(r.products!.reduce((a, x) => a + (x.onHand ?? 0), 0)).toBe(47);
      const p = new Map(r.products!.map((x) => [x.sku, x]));
      expect(p.get(blue)).toMatchObject({
        price: 4990,
        compareAtPrice: 5990,
        onHand: 12,
        productId: '101',
        variantId: '102',
      });
      expect(p.get('caneca-3')).toMatchObject({
        price: 3450,
        onHand: 30,
        barcode: '7891234567895',
      });
      expect(r.skipped!.map((s) => s.row)).toEqual([2, 7]);
    });
  }
});

describe('product shipping weights (for shipping cost by weight band)', () => {
  // Expected grams: tests/fixtures/real/products/weights.py (python's csv module) → weights.json.
  const expected = JSON.parse(readFileSync(dir + 'weights.json', 'utf8')) as Record<
    string,
    Record<string, number | null>
  >;
  for (const name of Object.keys(expected)) {
    it(`reads ${name}'s weights in grams (a variation without one takes its parent's)`, async () => {
      const r = await readExport(real(name), { reportingCurrency: 'USD' });
      expect(r.errors).toEqual([]);
      const got = Object.fromEntries(r.products!.map((p) => [p.sku, p.weight ?? null]));
      expect(Object.keys(got)).toEqual(Object.keys(expected[name]!));
      for (const [sku, grams] of Object.entries(expected[name]!)) {
        if (grams === null) expect(got[sku], sku).toBeNull();
        else expect(got[sku], sku).toBeCloseTo(grams, 6);
      }
    });
  }

  it('names the row and column of a weight that is not a number, and keeps the product', async () => {
    const csv = 'Handle,Title,Variant SKU,Variant Price,Variant Grams\nmug,Mug,M1,15.00,heavy\n';
    const r = await readExport(new TextEncoder().encode(csv), { reportingCurrency: 'USD' });
    expect(r.products!.map((p) => [p.sku, p.weight])).toEqual([['M1', null]]);
    expect(r.errors).toEqual([
      {
        row: 2,
        column: 'Variant Grams',
        message:
          "'Variant Grams' is not a weight (got 'heavy'): the product was stored without one, so its orders fall back to the shipping cost per country or per order. Write a number such as 0.5.",
      },
    ]);
  });
});
