import { describe, expect, it } from 'vitest';
import {
  analyzePage,
  extractProducts,
  isValidGtin,
  merchantListingChecks,
} from '../../../core/page/index.ts';
import type { Finding } from '../../../core/page/index.ts';
import { loadPage, parse } from './helpers.ts';

const NOW = Date.parse('2026-11-27T00:00:00Z');

function status(findings: Finding[], id: string): Finding['status'] | undefined {
  return findings.find((f) => f.id === id)?.status;
}

describe('isValidGtin', () => {
  it.each([
    ['4006381333931', true],
    ['4006381333932', false],
    ['012345678905', true],
    ['00012345678905', true],
    ['96385074', true],
    ['96385075', false],
    ['40063813339', false],
    ['400638133393A', false],
    ['', false],
  ])('%s → %s', (gtin, ok) => {
    expect(isValidGtin(gtin)).toBe(ok);
  });
});

describe('merchant listing checks on the WooCommerce page (several problems)', () => {
  const { doc, html } = loadPage('woocommerce-variable.html');
  const a = analyzePage(doc, 'https://fjordkind.de/produkt/bio-baumwoll-hoodie/', {
    rawHtml: html,
    now: NOW,
  });
  it('fails AggregateOffer on a buyable page, an expired priceValidUntil, the GTIN check digit and a SKU with spaces', () => {
    expect(status(a.merchant, 'merchant-offer-type')).toBe('fail');
    expect(a.merchant.find((f) => f.id === 'merchant-price-valid-until')!.elements).toEqual([
      '"Bio-Baumwoll Hoodie": priceValidUntil 2025-12-31',
    ]);
    expect(a.merchant.find((f) => f.id === 'merchant-gtin')!.elements).toEqual([
      '"Bio-Baumwoll Hoodie": gtin13 4006381333932',
    ]);
    expect(status(a.merchant, 'merchant-sku')).toBe('fail');
  });
  it('passes what is right: price, ISO currency matching the "€" shown, image, markup in the served HTML', () => {
    expect(status(a.merchant, 'merchant-price')).toBe('pass');
    expect(status(a.merchant, 'merchant-currency')).toBe('pass');
    expect(status(a.merchant, 'merchant-currency-visible')).toBe('pass');
    expect(status(a.merchant, 'merchant-image')).toBe('pass');
    expect(status(a.merchant, 'merchant-in-html')).toBe('pass');
    expect(status(a.merchant, 'merchant-shipping')).toBe('warn');
    expect(status(a.merchant, 'merchant-returns')).toBe('warn');
  });
});

describe('merchant listing checks on the BigCommerce page (complete markup)', () => {
  it('passes every check', () => {
    const { doc, html } = loadPage('bigcommerce-product.html');
    const a = analyzePage(doc, 'https://ridgeline-supply.com/trail-running-vest-12l/', {
      rawHtml: html,
      now: NOW,
    });
    const notPassing = a.merchant.filter((f) => f.status !== 'pass');
    expect(notPassing).toEqual([]);
  });
  it('flags the price as expired once priceValidUntil has passed', () => {
    const { doc } = loadPage('bigcommerce-product.html');
    const products = extractProducts(doc, 'https://ridgeline-supply.com/trail-running-vest-12l/');
    const later = merchantListingChecks(products, doc, { now: Date.parse('2027-04-01T00:00:00Z') });
    expect(status(later, 'merchant-price-valid-until')).toBe('fail');
  });
});

describe('merchant listing checks against what the page shows', () => {
  it('fails a missing currency', () => {
    const { doc } = loadPage('missing-currency.html');
    const a = analyzePage(doc, 'https://grainandco.example/shop/walnut-desk-organizer', {
      now: NOW,
    });
    expect(status(a.merchant, 'merchant-currency')).toBe('fail');
    expect(status(a.merchant, 'merchant-in-html')).toBe('n/a');
  });
  it('fails markup that says InStock while the page says sold out, and a currency the page does not show', () => {
    const doc = parse(`<html lang="en-GB"><head><script type="application/ld+json">
      {"@context":"https://schema.org","@type":"Product","name":"Tall Mug","image":"https://m.example/mug.jpg",
       "offers":{"@type":"Offer","price":"0","priceCurrency":"USD","availability":"https://schema.org/InStock"}}</script></head>
      <body><h1>Tall Mug</h1><span class="price">£32.00</span><form action="/cart/add"><button name="add" disabled>Sold out</button></form></body></html>`);
    const a = analyzePage(doc, 'https://m.example/products/tall-mug', { now: NOW });
    expect(status(a.merchant, 'merchant-availability')).toBe('fail');
    expect(a.merchant.find((f) => f.id === 'merchant-availability')!.elements).toEqual([
      '"Tall Mug": markup InStock, page shows OutOfStock',
    ]);
    expect(status(a.merchant, 'merchant-currency-visible')).toBe('fail');
    expect(status(a.merchant, 'merchant-price')).toBe('fail');
    expect(status(a.merchant, 'merchant-price-visible')).toBe('fail');
  });
  it('fails markup that is only added by script (absent from the served HTML)', () => {
    const served = '<html><head><title>Lamp</title></head><body><div id="app"></div></body></html>';
    const rendered = parse(
      `<html><head><script type="application/ld+json">{"@type":"Product","name":"Lamp","image":"https://l.example/l.jpg","offers":{"@type":"Offer","price":"20","priceCurrency":"EUR"}}</script></head><body><h1>Lamp</h1></body></html>`,
    );
    const a = analyzePage(rendered, 'https://l.example/lamp', { rawHtml: served, now: NOW });
    expect(status(a.merchant, 'merchant-in-html')).toBe('fail');
  });
  it('accepts return policy and shipping stated once for the store (OnlineStore markup)', () => {
    const doc =
      parse(`<html><head><script type="application/ld+json">{"@context":"https://schema.org","@graph":[
      {"@type":"OnlineStore","@id":"#store","name":"Oak & Co","hasMerchantReturnPolicy":{"@type":"MerchantReturnPolicy","merchantReturnDays":30},
       "hasShippingService":{"@type":"ShippingService","name":"Standard"}},
      {"@type":"Product","name":"Oak Stool","image":"https://oak.example/stool.jpg","offers":{"@type":"Offer","price":"89.00","priceCurrency":"GBP"}}]}</script></head>
      <body><h1>Oak Stool</h1></body></html>`);
    const products = extractProducts(doc, 'https://oak.example/stool');
    const findings = merchantListingChecks(products, doc, { now: NOW });
    expect(status(findings, 'merchant-returns')).toBe('pass');
    expect(status(findings, 'merchant-shipping')).toBe('pass');
    expect(
      status(
        analyzePage(doc, 'https://oak.example/stool', { now: NOW }).merchant,
        'merchant-returns',
      ),
    ).toBe('pass');
  });
  it('says there is no Product markup on a page without any', () => {
    const a = analyzePage(
      parse('<html><body><h1>About us</h1></body></html>'),
      'https://x.example/about',
    );
    expect(a.merchant.map((f) => `${f.id}:${f.status}`)).toEqual(['merchant-markup:fail']);
  });
});
