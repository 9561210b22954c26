import { describe, expect, it } from 'vitest';
import { extractProducts } from '../../../core/page/index.ts';
import { parse } from './helpers.ts';

const wrap = (head: string, body: string) =>
  `<!doctype html><html lang="en"><head>${head}</head><body><main>${body}</main></body></html>`;

// Expected values read off each page's HTML by hand.
describe('was-prices are never the current price', () => {
  it('a "Was: … Now: …" label: the Now price is current', () => {
    const doc = parse(wrap('', '<h1>Mug</h1><div class="price">Was: $34.99 Now: $29.99</div>'));
    const [p] = extractProducts(doc, 'https://shop.example/p');
    expect(p?.price?.value).toBe(29.99);
    expect(p?.wasPrice?.value).toBe(34.99);
    expect(p?.disagreements).toEqual([]);
  });
  it('WooCommerce sale markup: <ins> is current, <del> and "Original price was" the was-price', () => {
    const doc = parse(
      wrap(
        '<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Hoodie","offers":{"@type":"Offer","price":"29.99","priceCurrency":"USD"}}</script>',
        '<h1>Hoodie</h1><p class="price"><del aria-hidden="true"><span class="woocommerce-Price-amount amount"><bdi><span class="woocommerce-Price-currencySymbol">&#36;</span>34.99</bdi></span></del> <span class="screen-reader-text">Original price was: &#36;34.99.</span><ins aria-hidden="true"><span class="woocommerce-Price-amount amount"><bdi><span class="woocommerce-Price-currencySymbol">&#36;</span>29.99</bdi></span></ins><span class="screen-reader-text">Current price is: &#36;29.99.</span></p>',
      ),
    );
    const [p] = extractProducts(doc, 'https://shop.example/p');
    expect(p?.price?.value).toBe(29.99);
    expect(p?.wasPrice?.value).toBe(34.99);
    expect(p?.currency?.value).toBe('USD');
    expect(p?.disagreements).toEqual([]);
  });
  it('og:price:standard_amount 150, product:price:amount 120, JSON-LD 150, visible sale 120: the price is 120', () => {
    const doc = parse(
      wrap(
        '<meta property="og:type" content="product"><meta property="og:title" content="Lamp"><meta property="og:price:standard_amount" content="150"><meta property="product:price:amount" content="120"><meta property="product:price:currency" content="USD"><script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Lamp","offers":{"@type":"Offer","price":"150","priceCurrency":"USD"}}</script>',
        '<h1>Lamp</h1><div class="product-price"><span class="price-sale">$120.00</span> <span class="price-compare">$150.00</span></div>',
      ),
    );
    const [p] = extractProducts(doc, 'https://shop.example/p');
    expect(p?.price).toEqual({ value: 120, source: 'open-graph' });
    expect(p?.wasPrice?.value).toBe(150);
    // JSON-LD's regular price is still shown as disagreeing, so the manager can fix the markup.
    expect(p?.disagreements[0]?.values).toContainEqual({ source: 'json-ld', value: 150 });
  });
});
