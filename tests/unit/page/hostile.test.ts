import { describe, expect, it } from 'vitest';
import {
  analyzePage,
  auditSeo,
  detectPlatform,
  extractProducts,
} from '../../../core/page/index.ts';
import { makeLargeProductPage } from '../../fixtures/pages/large.ts';
import { loadPage, parse } from './helpers.ts';

describe('hostile page', () => {
  const { doc, html } = loadPage('hostile.html');
  const url = 'https://kettle.example/products/kettle';
  const a = analyzePage(doc, url, { rawHtml: html });

  it('keeps script payloads in names as inert plain strings', () => {
    const names = a.products.map((p) => p.name?.value);
    expect(names).toContain('</script><script>alert(document.cookie)</script> Deluxe Kettle');
    expect(names).toContain('<svg onload=alert(1)>');
    const kettle = a.products.find((p) => p.sku?.value === 'KET-01')!;
    expect(kettle.brand?.value).toBe('<b onmouseover=alert(1)>Kettle Co</b>');
    for (const p of a.products) {
      for (const field of [p.name, p.brand, p.sku, p.image]) {
        if (field) expect(typeof field.value).toBe('string');
      }
    }
    expect(a.seo.snippet.title).toBe("<script>alert('title')</script> Deluxe Kettle");
  });

  it('never pollutes prototypes', () => {
    const probe = {} as Record<string, unknown>;
    expect(probe['polluted']).toBeUndefined();
    expect(probe['pollutedViaConstructor']).toBeUndefined();
    expect(probe['isAdmin']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    const kettle = a.products.find((p) => p.sku?.value === 'KET-01')!;
    // "__proto__": {"price": "0"} in the offer must not replace the real price.
    expect(kettle.price?.value).toBe(19.99);
    expect(kettle.brand?.value).not.toBe('Evil Corp');
  });

  it('drops javascript: image URLs and reports the JSON-LD that cannot be read', () => {
    const kettle = a.products.find((p) => p.sku?.value === 'KET-01')!;
    expect(kettle.image).toBeUndefined();
    const parse = a.merchant.find((f) => f.id === 'structured-data-parse')!;
    expect(parse.status).toBe('fail');
    expect(parse.elements).toHaveLength(1);
    expect(parse.elements![0]).toMatch(/^JSON-LD block 2 is not valid JSON/);
  });

  it('repairs JSON-LD wrapped in HTML comments with raw newlines and a trailing comma', () => {
    // Block 3 (Organization) parses after repair, so only block 2 is reported.
    expect(a.merchant.find((f) => f.id === 'structured-data-parse')!.detail).toContain(
      '1 JSON-LD block failed',
    );
  });

  it('flags the javascript: link as not crawlable without throwing on the broken URL', () => {
    expect(a.seo.findings.find((f) => f.id === 'crawlable-anchors')!.status).toBe('fail');
  });
});

describe('broken and extreme input never throws', () => {
  it('survives deeply nested JSON-LD and markup', () => {
    const deepJson = '['.repeat(5000) + ']'.repeat(5000);
    const deepHtml = '<div>'.repeat(3000) + '<span class="price">€5</span>' + '</div>'.repeat(3000);
    const doc = parse(
      `<html><head><script type="application/ld+json">${deepJson}</script></head><body>${deepHtml}</body></html>`,
    );
    const a = analyzePage(doc, 'https://deep.example/p');
    expect(a.url).toBe('https://deep.example/p');
    expect(Array.isArray(a.products)).toBe(true);
  });
  it('handles an empty document, a bad URL and documents without head or body', () => {
    const empty = parse('');
    expect(() => analyzePage(empty, 'not a url')).not.toThrow();
    expect(extractProducts(empty, 'not a url')).toEqual([]);
    expect(detectPlatform(empty, '').platform).toBe('unknown');
    expect(auditSeo(parse('<p>text only'), 'https://x.example/').findings.length).toBeGreaterThan(
      5,
    );
  });
  it('returns an empty analysis, not an exception, for a document that throws on every access', () => {
    const exploding = new Proxy(
      {},
      {
        get() {
          throw new Error('detached document');
        },
      },
    ) as unknown as Document;
    const a = analyzePage(exploding, 'https://gone.example/p');
    expect(a.products).toEqual([]);
    expect(a.platform.platform).toBe('unknown');
    expect(a.seo.findings.map((f) => f.id)).toEqual(['analysis-error']);
    expect(() => auditSeo(exploding, 'https://gone.example/p')).not.toThrow();
  });
  it('analyses a 5 MB page completely, finding the product among thousands of other prices', () => {
    const html = makeLargeProductPage(5_000_000);
    expect(html.length).toBeGreaterThanOrEqual(5_000_000);
    const doc = parse(html);
    const a = analyzePage(doc, 'https://fieldhouse.example/products/merino-crew?variant=1001', {
      rawHtml: html,
    });
    expect(a.timings.truncated).toBe(false);
    expect(a.products).toHaveLength(1);
    const p = a.products[0]!;
    expect(p.name?.value).toBe('Merino Crew Sweater');
    expect(p.price?.value).toBe(120);
    expect(p.currency?.value).toBe('USD');
    expect(p.visible?.price).toBe(120);
    expect(p.disagreements).toEqual([]);
    expect(a.platform.platform).toBe('shopify');
    expect(a.platform.theme).toBe('Refresh');
    expect(a.seo.wordCount).toBeGreaterThan(100_000);
  });
});
