// The overlay's analysis and exports on the same fixture storefronts the e2e tests use, served
// by the fixture server and parsed with linkedom.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
// @ts-expect-error plain .mjs test server
import { startStorefront } from '../../e2e/servers/storefront.mjs';
import {
  analyseDocument,
  analyseDocumentStaged,
  readPickedPrice,
} from '../../../extension/features/analysis.ts';
import { effectivePrice } from '../../../extension/features/analysis-shared.ts';
import { analysisCsv, analysisJson, exportFileName } from '../../../extension/features/export.ts';

let server: Server;
let base: string;

beforeAll(async () => {
  server = (await startStorefront(0)) as Server;
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

async function load(path: string) {
  const html = await (await fetch(base + path)).text();
  return parseHTML(html).document as unknown as Document;
}

describe('analyseDocument on the fixture storefronts', () => {
  it('reads the Shopify product, its variants and the selected one from ?variant=', async () => {
    const url = `${base}/products/trail-runner?variant=44003`;
    const result = analyseDocument(await load('/products/trail-runner?variant=44003'), url, {
      now: 1_790_000_000_000,
    });
    const [product] = result.analysis.products;
    expect(result.analysis.platform.platform).toBe('shopify');
    expect(product?.name?.value).toBe('Trail Runner GTX');
    expect(product?.variants.map((v) => v.price)).toEqual([129, 129, 139]);
    expect(product?.selectedVariantId).toBe('44003');
    expect(effectivePrice(product, undefined)).toMatchObject({ amount: 139, currency: 'USD' });
  });

  it('lets the picked element win over extraction, with the currency the user set', async () => {
    const doc = await load('/produkt/kaffeebecher/');
    const pick = { selector: 'p.price', currency: 'EUR', sample: '24,90 €', at: 1 };
    const result = analyseDocument(doc, `${base}/produkt/kaffeebecher/`, { pick });
    expect(result.picked).toMatchObject({ amount: 24.9, currency: 'EUR' });
    expect(effectivePrice(result.analysis.products[0], result.picked)).toEqual({
      amount: 24.9,
      currency: 'EUR',
      source: 'user-pick',
    });
  });

  it('the staged analysis the reader runs gives the same products, pick and audit', async () => {
    const url = `${base}/produkt/kaffeebecher/`;
    const pick = { selector: 'p.price', currency: 'EUR', sample: '24,90 €', at: 1 };
    const opts = { pick, now: 1_790_000_000_000 };
    const sync = analyseDocument(await load('/produkt/kaffeebecher/'), url, opts);
    const staged = await analyseDocumentStaged(await load('/produkt/kaffeebecher/'), url, opts);
    expect(staged.picked).toEqual(sync.picked);
    expect(staged.analysis.products).toEqual(sync.analysis.products);
    expect(staged.analysis.seo).toEqual(sync.analysis.seo);
    expect(staged.analysis.merchant).toEqual(sync.analysis.merchant);
    expect(staged.analysis.platform).toEqual(sync.analysis.platform);
    expect(staged.analysis.timings.tasks).toBeGreaterThanOrEqual(1);
  });

  it('says why a remembered pick no longer works', async () => {
    const doc = await load('/produkt/kaffeebecher/');
    expect(
      readPickedPrice(doc, { selector: '#gone', currency: 'EUR', sample: '', at: 1 }).problem,
    ).toMatch(/not on this page/);
    expect(
      readPickedPrice(doc, { selector: 'p.stock', currency: 'EUR', sample: '', at: 1 }).problem,
    ).toMatch(/No price/);
    expect(
      readPickedPrice(doc, { selector: '][', currency: 'EUR', sample: '', at: 1 }).problem,
    ).toMatch(/not on this page/);
  });

  it('reflects a price changed on the server', async () => {
    await fetch(`${base}/admin/price?product=kaffeebecher&price=19.5`, { method: 'POST' });
    try {
      const result = analyseDocument(
        await load('/produkt/kaffeebecher/'),
        `${base}/produkt/kaffeebecher/`,
        {},
      );
      expect(result.analysis.products[0]?.price?.value).toBe(19.5);
    } finally {
      await fetch(`${base}/admin/reset`, { method: 'POST' });
    }
  });
});

describe('exports', () => {
  it('writes a CSV row per product and per variant, with the selected variant marked', async () => {
    const url = `${base}/products/trail-runner?variant=44002`;
    const result = analyseDocument(await load('/products/trail-runner?variant=44002'), url, {
      now: Date.UTC(2026, 10, 27),
    });
    const lines = analysisCsv(result).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'url,platform,product,variant,selected,brand,sku,gtin,mpn,price,was_price,currency,availability,price_source,analysed_at',
    );
    expect(lines).toHaveLength(1 + 1 + 3);
    const selected = lines.filter((l) => l.includes(',yes,'));
    expect(selected).toHaveLength(1);
    expect(selected[0]).toContain('TR-GTX-09');
    expect(JSON.parse(analysisJson(result))).toMatchObject({
      tool: 'Storelens',
      analysedAt: '2026-11-27T00:00:00.000Z',
    });
    expect(exportFileName(url, result.at, 'csv')).toBe('storelens-127.0.0.1-2026-11-27.csv');
  });

  it('neutralises spreadsheet formulas that a hostile page puts in its product name', async () => {
    const doc = parseHTML(
      `<html><head><title>x</title><script type="application/ld+json">{"@type":"Product","name":"=HYPERLINK(\\"http://evil\\")","offers":{"@type":"Offer","price":"5.00","priceCurrency":"USD"}}</script></head><body></body></html>`,
    ).document as unknown as Document;
    const csv = analysisCsv(analyseDocument(doc, 'https://evil.example/p', {}));
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });
});

describe('fixture server controls', () => {
  it('makes a page fail with a status, or hang, and clears it again', async () => {
    await fetch(`${base}/admin/status?path=/produkt/kaffeebecher/&status=404`, { method: 'POST' });
    expect((await fetch(`${base}/produkt/kaffeebecher/`)).status).toBe(404);
    await fetch(`${base}/admin/status?path=/produkt/kaffeebecher/&status=hang`, { method: 'POST' });
    await expect(
      fetch(`${base}/produkt/kaffeebecher/`, { signal: AbortSignal.timeout(300) }),
    ).rejects.toThrow();
    await fetch(`${base}/admin/status?path=/produkt/kaffeebecher/&status=clear`, {
      method: 'POST',
    });
    expect((await fetch(`${base}/produkt/kaffeebecher/`)).status).toBe(200);
  });
});
