import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { catalogFromExport } from '../../../extension/features/tracking/catalog.ts';
import { observe } from '../../../extension/features/tracking/fetcher.ts';
import { parseRates } from '../../../extension/features/tracking/rates.ts';
import { productsFromShopifyJson } from '../../../core/page/index.ts';

const fixture = (name: string) =>
  readFile(new URL(`../../fixtures/exports/${name}`, import.meta.url));

describe('own catalog from a products export', () => {
  it('reads a Shopify products export into catalog items with GTIN, price and stock', async () => {
    const r = await catalogFromExport(
      new Uint8Array(await fixture('shopify-products.csv')),
      'products_export.csv',
    );
    const tee = r.items.find((i) => i.sku === 'TEE-BLK-M');
    expect(tee).toMatchObject({
      gtin: '0614141000012',
      brand: 'Northwind',
      price: 2400,
      onHand: 42,
    });
    expect(tee!.title).toMatch(/^Classic Tee – /);
    expect(new Set(r.items.map((i) => i.sku)).size).toBe(r.items.length);
  });

  it('reads a WooCommerce products export', async () => {
    const r = await catalogFromExport(
      new Uint8Array(await fixture('woocommerce-products.csv')),
      'wc-product-export.csv',
    );
    expect(r.items.find((i) => i.gtin === '4006381333931')).toMatchObject({ sku: 'HOOD-NVY-S' });
  });

  it('says what to export when the file holds no products', async () => {
    await expect(
      catalogFromExport(new Uint8Array(await fixture('shopify-orders.csv')), 'orders_export.csv'),
    ).rejects.toThrow(/orders_export\.csv has no products Storelens can read.*Products → Export/);
  });
});

describe('exchange rates typed in the options', () => {
  it('reads one rate per line and names the line it cannot read', () => {
    expect(parseRates('EUR 1.08\ngbp: 1,27\n\n')).toEqual({ rates: { EUR: 1.08, GBP: 1.27 } });
    expect(parseRates('EUR 1.08\nyen lots')).toEqual({
      error: 'Line 2 (“yen lots”) is not a rate. Write one per line, e.g. “EUR 1.08”.',
    });
  });
});

describe('reading a re-check', () => {
  const json = {
    id: 1,
    title: 'Trail Runner GTX',
    handle: 'trail-runner',
    variants: [
      {
        id: 44001,
        title: '8',
        sku: 'TR-8',
        price: 12900,
        compare_at_price: 14900,
        available: false,
      },
      { id: 44003, title: '10', sku: 'TR-10', price: 13900, available: true },
    ],
  };
  const products = productsFromShopifyJson(json, 'https://shop.example/products/trail-runner');

  it('takes the tracked variant’s price, was-price and stock in minor units', () => {
    expect(observe(products, { variantId: '44001', sku: '', gtin: '', url: '' }, 'USD')).toEqual({
      price: 12900,
      wasPrice: 14900,
      currency: 'USD',
      availability: 'OutOfStock',
    });
  });

  it('reports a variant the shop no longer lists instead of reading another one', () => {
    expect(
      observe(products, { variantId: '44002', sku: 'TR-9', gtin: '', url: '' }, 'USD'),
    ).toBeNull();
  });
});
