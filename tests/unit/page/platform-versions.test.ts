// Platform and tech versions where the page shows them, and the wider tech detection (issue 15).
// Expected values are read off each snippet by hand.
import { describe, expect, it } from 'vitest';
import { analyzePage, detectPlatform } from '../../../core/page/index.ts';
import { parse } from './helpers.ts';

describe('versions the page shows', () => {
  it('WordPress, WooCommerce and jQuery from generator tags and ?ver=, Cloudflare and PHP from the headers', () => {
    const doc = parse(`<html lang="en"><head>
      <meta name="generator" content="WordPress 6.4.2">
      <meta name="generator" content="WooCommerce 8.3.1">
      <script src="https://shop.example/wp-includes/js/jquery/jquery.min.js?ver=3.7.1"></script>
      <script src="https://shop.example/wp-includes/js/jquery/jquery-migrate.min.js?ver=3.4.1"></script>
      <link rel="stylesheet" href="https://shop.example/wp-content/themes/storefront/style.css?ver=4.5.3">
      </head><body class="woocommerce woocommerce-page single-product"><h1>Mug</h1></body></html>`);
    const r = detectPlatform(doc, 'https://shop.example/product/mug', {
      headers: { Server: 'cloudflare', 'X-Powered-By': 'PHP/8.1.27', 'CF-RAY': '8a1b2c3d4e5f-AMS' },
    });
    expect(r.platform).toBe('woocommerce');
    expect(r.version).toBe('8.3.1');
    expect(r.theme).toBe('storefront');
    const tech = Object.fromEntries(r.tech.map((t) => [t.name, t]));
    expect(tech['WordPress']?.version).toBe('6.4.2');
    expect(tech['WordPress']?.evidence[0]).toBe('meta generator "WordPress 6.4.2"');
    expect(tech['jQuery']?.version).toBe('3.7.1');
    expect(tech['PHP']?.version).toBe('8.1.27');
    expect(tech['PHP']?.evidence).toEqual(['x-powered-by: PHP/8.1.27 header']);
    expect(tech['Cloudflare']?.evidence).toEqual(['server: cloudflare header']);
    expect(tech['Cloudflare']?.category).toBe('infrastructure');
  });
  it('Shopify theme name and version from Shopify.theme ("Warehouse 1.9.1", and schema_version)', () => {
    const old = parse(`<html><head><script>var Shopify = Shopify || {};
      Shopify.shop = "warehouse-theme-metal.myshopify.com";
      Shopify.theme = {"name":"Warehouse 1.9.1","id":82177949747,"theme_store_id":null,"role":"main"};</script>
      <script src="https://cdn.shopify.com/s/files/1/0065/t/29/assets/theme.min.js"></script></head>
      <body><div id="shopify-section-header" class="shopify-section"></div></body></html>`);
    const a = detectPlatform(old, 'https://warehouse-theme-metal.myshopify.com/products/x');
    expect([a.platform, a.theme, a.themeVersion]).toEqual(['shopify', 'Warehouse', '1.9.1']);
    const dawn = parse(`<html><head><script>Shopify = {}; Shopify.shop = "example.myshopify.com";
      Shopify.theme = {"name":"Dawn","schema_name":"Dawn","schema_version":"15.0.0","theme_store_id":887,"role":"main"};</script>
      <script src="https://cdn.shopify.com/x.js"></script></head><body><div class="shopify-section"></div></body></html>`);
    const d = detectPlatform(dawn, 'https://example.com/products/x');
    expect([d.platform, d.theme, d.themeVersion]).toEqual(['shopify', 'Dawn', '15.0.0']);
  });
  it('no version is invented where the page shows none', () => {
    const doc = parse(
      '<html><head><meta name="generator" content="WordPress"><script src="/wp-includes/js/jquery/jquery.min.js"></script></head><body class="woocommerce"></body></html>',
    );
    const r = detectPlatform(doc, 'https://shop.example/');
    for (const t of r.tech) expect([t.name, t.version]).toEqual([t.name, undefined]);
  });
});

describe('wider tech detection, each with its evidence', () => {
  it('reviews, email/SMS, payments, chat, A/B testing and analytics tools', () => {
    const srcs = [
      'https://loox.io/widget/loox.js?shop=x.myshopify.com',
      'https://static.klaviyo.com/onsite/js/klaviyo.js?company_id=AbC',
      'https://cdn.attn.tv/shop/dtag.js',
      'https://js.driftt.com/include/1700000000/abc.js',
      'https://cdn.optimizely.com/js/12345.js',
      'https://cdn.segment.com/analytics.js/v1/KEY/analytics.min.js',
      'https://cdn1.affirm.com/js/v2/affirm.js',
    ];
    const doc = parse(
      `<html><head>${srcs.map((s) => `<script src="${s}"></script>`).join('')}</head><body><h1>Lamp</h1></body></html>`,
    );
    const a = analyzePage(doc, 'https://shop.example/lamp');
    const got = a.platform.tech.map((t) => [t.name, t.category]);
    expect(got).toEqual(
      expect.arrayContaining([
        ['Loox', 'reviews'],
        ['Klaviyo', 'marketing'],
        ['Attentive', 'email'],
        ['Drift', 'chat'],
        ['Optimizely', 'ab-testing'],
        ['Segment', 'analytics'],
        ['Affirm', 'payments'],
      ]),
    );
    expect(a.platform.tech.find((t) => t.name === 'Optimizely')?.evidence).toEqual([
      'loads https://cdn.optimizely.com/js/12345.js',
    ]);
  });
});
