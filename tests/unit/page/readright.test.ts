// Reading real pages right (issue 15): hidden headings, struck-through prices, markup in another
// currency, price ranges, out-of-range values and variant names. Expected values are read off
// each snippet by hand.
import { describe, expect, it } from 'vitest';
import { analyzePage, extractProducts } from '../../../core/page/index.ts';
import { parse } from './helpers.ts';

const page = (head: string, body: string) =>
  parse(`<!doctype html><html lang="en"><head>${head}</head><body>${body}</body></html>`);
const ld = (o: object) => `<script type="application/ld+json">${JSON.stringify(o)}</script>`;

describe('hidden text is never a product name', () => {
  it('skips an <h1> hidden by a page style rule, one marked aria-hidden and one in a cookie dialog', () => {
    const doc = page(
      '<style>.sr-title{display:none}</style>',
      `<div id="onetrust-banner-sdk"><h1>We value your privacy</h1></div>
       <h1 class="sr-title">Old name</h1><h1 aria-hidden="true">Decorative</h1>
       <main><h1>Walnut Desk</h1><span class="price">$420.00</span></main>`,
    );
    expect(extractProducts(doc, 'https://shop.example/desk')[0]?.name?.value).toBe('Walnut Desk');
  });
  it('skips an <h1> hidden inline or with the hidden attribute', () => {
    const doc = page(
      '',
      '<h1 style="display:none">Hidden</h1><h1 hidden>Also hidden</h1><h1>Oak Shelf</h1><span class="price">$90</span>',
    );
    expect(extractProducts(doc, 'https://shop.example/shelf')[0]?.name?.value).toBe('Oak Shelf');
  });
});

describe('struck-through prices are was-prices', () => {
  it('a price struck through by a page CSS rule is the was-price', () => {
    const doc = page(
      '<style>.p-old { color: #999; text-decoration: line-through }</style>',
      '<h1>Kettle</h1><div class="product-price"><span class="p-old">$59.00</span> <span>$45.00</span></div>',
    );
    const [p] = extractProducts(doc, 'https://shop.example/kettle');
    expect(p?.price?.value).toBe(45);
    expect(p?.wasPrice?.value).toBe(59);
  });
  it('an inline line-through, the current price written first', () => {
    const doc = page(
      '',
      '<h1>Teapot</h1><div class="price">$30.00 <span style="text-decoration: line-through">$38.00</span></div>',
    );
    const [p] = extractProducts(doc, 'https://shop.example/teapot');
    expect(p?.price?.value).toBe(30);
    expect(p?.wasPrice?.value).toBe(38);
  });
  it('Shopify Dawn on sale: the <s> compare-at price is the was-price, the sale price current', () => {
    const doc = page(
      '',
      `<h1>Linen Shirt</h1><div class="price price--on-sale"><div class="price__container">
        <div class="price__sale"><span class="visually-hidden">Regular price</span>
        <span><s class="price-item price-item--regular">$89.00</s></span>
        <span class="visually-hidden">Sale price</span>
        <span class="price-item price-item--sale price-item--last">$79.00</span></div></div></div>`,
    );
    const [p] = extractProducts(doc, 'https://shop.example/shirt');
    expect(p?.price?.value).toBe(79);
    expect(p?.wasPrice?.value).toBe(89);
  });
});

describe('prices in another currency and price ranges', () => {
  it('JSON-LD €43.90 on a page showing $48.00 (and Open Graph $48.00): the price is $48.00, the euro price listed apart', () => {
    const doc = page(
      `<meta property="og:type" content="product"><meta property="product:price:amount" content="48.00"><meta property="product:price:currency" content="USD">${ld(
        {
          '@context': 'https://schema.org',
          '@type': 'Product',
          name: 'Field Jacket',
          offers: { '@type': 'Offer', price: '43.90', priceCurrency: 'EUR' },
        },
      )}`,
      '<h1>Field Jacket</h1><div class="price">$48.00</div>',
    );
    const a = analyzePage(doc, 'https://shop.example/jacket');
    const p = a.products[0]!;
    expect(p.price).toEqual({ value: 48, source: 'open-graph' });
    expect(p.currency?.value).toBe('USD');
    expect(p.otherCurrency).toEqual([{ source: 'json-ld', price: 43.9, currency: 'EUR' }]);
    expect(p.disagreements.filter((d) => d.field === 'price')).toEqual([]);
    // Google still compares the markup with the page: the merchant check says so.
    expect(a.merchant.find((f) => f.id === 'merchant-price-visible')?.status).toBe('fail');
  });
  it('an AggregateOffer 20–60 and a shown price of 35: no price disagreement', () => {
    const doc = page(
      ld({
        '@context': 'https://schema.org',
        '@type': 'Product',
        name: 'Rug',
        offers: {
          '@type': 'AggregateOffer',
          lowPrice: '20',
          highPrice: '60',
          priceCurrency: 'USD',
        },
      }),
      '<h1>Rug</h1><div class="price">$35.00</div>',
    );
    const [p] = extractProducts(doc, 'https://shop.example/rug');
    expect(p?.priceRange).toEqual({ low: 20, high: 60, source: 'json-ld' });
    expect(p?.disagreements).toEqual([]);
  });
  it('a shown price outside the range is still a disagreement', () => {
    const doc = page(
      ld({
        '@type': 'Product',
        name: 'Rug',
        offers: {
          '@type': 'AggregateOffer',
          lowPrice: '20',
          highPrice: '60',
          priceCurrency: 'USD',
        },
      }),
      '<h1>Rug</h1><div class="price">$75.00</div>',
    );
    const [p] = extractProducts(doc, 'https://shop.example/rug');
    expect(p?.disagreements.map((d) => d.field)).toContain('price');
  });
});

describe('values are range-checked', () => {
  it('a 7-of-5 rating and a negative review count are refused and reported', () => {
    const doc = page(
      ld({
        '@type': 'Product',
        name: 'Lamp',
        image: 'https://shop.example/l.jpg',
        aggregateRating: {
          '@type': 'AggregateRating',
          ratingValue: '7',
          bestRating: '5',
          reviewCount: '-3',
        },
        offers: { '@type': 'Offer', price: '20', priceCurrency: 'USD' },
      }),
      '<h1>Lamp</h1>',
    );
    const a = analyzePage(doc, 'https://shop.example/lamp');
    const p = a.products[0]!;
    expect(p.rating).toBeUndefined();
    expect(p.reviewCount).toBeUndefined();
    expect(p.rejected?.map((r) => [r.field, r.value])).toEqual([
      ['rating', '7'],
      ['reviewCount', '-3'],
    ]);
    expect(a.merchant.find((f) => f.id === 'merchant-values-range')?.status).toBe('fail');
  });
  it('a 9.2 of 10 rating is within range', () => {
    const doc = page(
      ld({
        '@type': 'Product',
        name: 'Lamp',
        aggregateRating: { ratingValue: 9.2, bestRating: 10, reviewCount: 14 },
        offers: { price: '20', priceCurrency: 'USD' },
      }),
      '<h1>Lamp</h1>',
    );
    const [p] = extractProducts(doc, 'https://shop.example/lamp');
    expect(p?.rating?.value).toBe(9.2);
    expect(p?.reviewCount?.value).toBe(14);
    expect(p?.rejected).toBeUndefined();
  });
  it('a price too large to be a number is no price', () => {
    const doc = page(
      ld({
        '@type': 'Product',
        name: 'Lamp',
        offers: { price: '9'.repeat(400), priceCurrency: 'USD' },
      }),
      '<h1>Lamp</h1>',
    );
    const [p] = extractProducts(doc, 'https://shop.example/lamp');
    expect(p?.price === undefined || Number.isFinite(p.price.value)).toBe(true);
  });
});

describe('variants are named by their option values', () => {
  it('JSON-LD offers known only by SKU take the label of the page’s variant picker', () => {
    const doc = page(
      ld({
        '@type': 'Product',
        name: 'Tee',
        offers: [
          {
            '@type': 'Offer',
            sku: 'TEE-BLK-S',
            price: '20',
            priceCurrency: 'USD',
            url: 'https://shop.example/tee?variant=11',
          },
          {
            '@type': 'Offer',
            sku: 'TEE-BLK-M',
            price: '22',
            priceCurrency: 'USD',
            url: 'https://shop.example/tee?variant=12',
          },
        ],
      }),
      '<h1>Tee</h1><form action="/cart/add"><select name="id"><option value="11" selected>Black / S - $20.00</option><option value="12">Black / M - $22.00</option></select></form>',
    );
    const [p] = extractProducts(doc, 'https://shop.example/tee');
    expect(p?.variants.map((v) => [v.sku, v.name])).toEqual([
      ['TEE-BLK-S', 'Black / S'],
      ['TEE-BLK-M', 'Black / M'],
    ]);
  });
  it('hasVariant products are named by color and size', () => {
    const doc = page(
      ld({
        '@type': 'ProductGroup',
        name: 'Hoodie',
        hasVariant: [
          {
            '@type': 'Product',
            name: 'Hoodie - Grey / L',
            sku: 'H-G-L',
            color: 'Grey',
            size: 'L',
            offers: { price: 50, priceCurrency: 'USD' },
          },
          {
            '@type': 'Product',
            name: 'Hoodie - Navy',
            sku: 'H-N',
            offers: { price: 50, priceCurrency: 'USD' },
          },
        ],
      }),
      '<h1>Hoodie</h1>',
    );
    const [p] = extractProducts(doc, 'https://shop.example/hoodie');
    expect(p?.variants.map((v) => v.name)).toEqual(['Grey / L', 'Navy']);
  });
});
