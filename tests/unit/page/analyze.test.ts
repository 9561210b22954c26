import { describe, expect, it } from 'vitest';
import { analyzePage } from '../../../core/page/index.ts';
import { makeLargeProductPage } from '../../fixtures/pages/large.ts';
import { loadPage, parse } from './helpers.ts';

describe('analyzePage bundles products, platform, SEO and merchant checks', () => {
  it('gives the overlay everything for a Shopify product page in one JSON-safe object', () => {
    const { doc, html } = loadPage('shopify-product.html');
    const url = 'https://northwind-outfitters.com/products/linen-overshirt?variant=44012345678903';
    const a = analyzePage(doc, url, {
      rawHtml: html,
      status: 200,
      now: Date.parse('2026-11-27T00:00:00Z'),
    });
    expect(a.url).toBe(url);
    expect(a.products[0]!.price?.value).toBe(79);
    expect(a.platform.platform).toBe('shopify');
    expect(a.seo.findings.find((f) => f.id === 'canonical')!.status).toBe('pass');
    expect(a.merchant.find((f) => f.id === 'merchant-in-html')!.status).toBe('pass');
    expect(a.timings.ms).toBeGreaterThanOrEqual(0);
    // The overlay copies and stores the analysis: it must survive JSON round trips unchanged.
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });

  it('uses the platform’s store currency as the hint for ambiguous visible prices', () => {
    const doc = parse(`<html lang="en"><head><script>var Shopify = Shopify || {};
      Shopify.shop = "maple-goods.myshopify.com"; Shopify.currency = {"active":"CAD","rate":"1.0"};</script></head>
      <body><h1>Maple Syrup 500 ml</h1><div class="price">$18.50</div></body></html>`);
    const a = analyzePage(doc, 'https://maple-goods.example/products/syrup');
    expect(a.products[0]!.currency).toEqual({ value: 'CAD', source: 'visible-text' });
    expect(a.products[0]!.price?.value).toBe(18.5);
  });

  it('analyses a 1 MB product page correctly (the bench times the same page)', () => {
    const html = makeLargeProductPage(1_000_000);
    const a = analyzePage(parse(html), 'https://fieldhouse.example/products/merino-crew', {
      rawHtml: html,
    });
    expect(a.products).toHaveLength(1);
    expect(a.products[0]!.price).toEqual({ value: 120, source: 'json-ld' });
    expect(a.products[0]!.variants).toHaveLength(2);
    expect(a.products[0]!.selectedVariantId).toBe('1001');
    expect(a.seo.headings[0]).toEqual({ level: 1, text: 'Merino Crew Sweater' });
  });
});
