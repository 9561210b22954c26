import { describe, expect, it } from 'vitest';
import { analyzePage } from '../../../core/page/index.ts';
import { scanPage } from '../../../core/page/scan.ts';
import { parse } from './helpers.ts';

// The scan matches each bucket with selectors of its own and merges them in document order.
describe('scanPage keeps document order across the selectors of a bucket', () => {
  const doc = parse(`<html lang="en"><head><title>Linen shirt</title></head><body>
    <h2>Free shipping</h2>
    <div class="product"><div><h1>Linen Shirt</h1></div><script>var a = 1;</script></div>
    <noscript>Enable JavaScript</noscript><h3>Reviews</h3><style>.x{}</style><h2>Related</h2>
    <div data-product='{"id":7}' data-product-id="7"></div><div data-price-amount="49"></div>
    </body></html>`);

  it('lists the heading outline as the page shows it, nested headings included', () => {
    const a = analyzePage(doc, 'https://shop.example/products/linen-shirt');
    expect(a.seo.headings).toEqual([
      { level: 2, text: 'Free shipping' },
      { level: 1, text: 'Linen Shirt' },
      { level: 3, text: 'Reviews' },
      { level: 2, text: 'Related' },
    ]);
  });

  it('keeps each element once and in order when it matches two selectors of a bucket', () => {
    const scan = scanPage(doc, 'https://shop.example/products/linen-shirt');
    expect(
      scan.dataElements.map((el) => el.getAttribute('data-price-amount') ?? 'product'),
    ).toEqual(['product', '49']);
    expect(scan.nonTextInBody.map((el) => el.localName)).toEqual(['script', 'noscript', 'style']);
  });
});
