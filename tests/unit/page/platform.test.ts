import { afterEach, describe, expect, it } from 'vitest';
import { detectPlatform, pageGlobalsProbe } from '../../../core/page/index.ts';
import { loadPage, parse } from './helpers.ts';

const cases: [string, string, string, string | undefined][] = [
  [
    'shopify-product.html',
    'https://northwind-outfitters.com/products/linen-overshirt',
    'shopify',
    'Dawn',
  ],
  [
    'woocommerce-variable.html',
    'https://fjordkind.de/produkt/bio-baumwoll-hoodie/',
    'woocommerce',
    'storefront',
  ],
  [
    'magento-product.html',
    'https://luma-outlet.example/hero-hoodie.html',
    'magento',
    'Magento/luma',
  ],
  [
    'bigcommerce-product.html',
    'https://ridgeline-supply.com/trail-running-vest-12l/',
    'bigcommerce',
    undefined,
  ],
  [
    'prestashop-product.html',
    'https://maison-du-the.example/cuisine/42-theiere-fonte-tetsubin.html',
    'prestashop',
    'classic',
  ],
  [
    'shopware-product.html',
    'https://www.kaffeewerk.example/Dualboiler-Espressomaschine-DB-58/SW10042',
    'shopware',
    undefined,
  ],
];

describe('detectPlatform on saved storefronts', () => {
  it.each(cases)('%s → %s', (file, url, platform, theme) => {
    const { doc } = loadPage(file);
    const r = detectPlatform(doc, url);
    expect(r.platform).toBe(platform);
    expect(r.confidence).toBeGreaterThan(0.8);
    expect(r.evidence.length).toBeGreaterThan(1);
    for (const e of r.evidence) {
      expect(typeof e.detail).toBe('string');
      expect(e.weight).toBeGreaterThan(0);
    }
    if (theme) expect(r.theme).toBe(theme);
  });

  it('reports the Shopify store currency and other tech with evidence', () => {
    const { doc } = loadPage('shopify-product.html');
    const r = detectPlatform(doc, 'https://northwind-outfitters.com/products/linen-overshirt');
    expect(r.currency).toBe('EUR');
    const names = r.tech.map((t) => `${t.category}:${t.name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'analytics:Google Analytics 4',
        'marketing:Klaviyo',
        'reviews:Judge.me',
        'payments:Shop Pay',
      ]),
    );
    const ga = r.tech.find((t) => t.name === 'Google Analytics 4')!;
    expect(ga.evidence[0]).toContain('googletagmanager.com/gtag/js?id=G-7KX2D9QZ1M');
  });

  it('is not fooled by Shop Pay’s Shopify CDN script on a WooCommerce store', () => {
    const doc = parse(`<html><head>
      <script src="https://cdn.shopify.com/shopifycloud/shop-js/modules/v2/loader.shop-pay-button.esm.js"></script>
      <link rel="stylesheet" href="https://shop.example/wp-content/plugins/woocommerce/assets/css/woocommerce.css">
      </head><body class="woocommerce"></body></html>`);
    const r = detectPlatform(doc, 'https://shop.example/');
    expect(r.platform).toBe('woocommerce');
    expect(r.candidates.find((c) => c.platform === 'shopify')!.score).toBeLessThan(0.1);
  });

  it('does not call a page Shopify from a Shop Pay script or copied theme classes alone', () => {
    const doc =
      parse(`<html><head><script src="https://cdn.shopify.com/shopifycloud/shop-js/client.js"></script></head>
      <body><div id="shopify-section-header" class="shopify-section"></div></body></html>`);
    const r = detectPlatform(doc, 'https://custom-store.example/');
    expect(r.platform).toBe('unknown');
  });

  it('uses response headers, cookies and main-world globals when given', () => {
    const doc = parse('<html><head></head><body></body></html>');
    expect(
      detectPlatform(doc, 'https://a.example/', { headers: { 'X-ShopId': '61234567890' } })
        .platform,
    ).toBe('shopify');
    expect(
      detectPlatform(doc, 'https://a.example/', {
        cookies: ['mage-cache-storage', 'form_key'],
        headers: { 'X-Magento-Tags': 'cat_p' },
      }).platform,
    ).toBe('magento');
    const wix = detectPlatform(doc, 'https://a.example/', { globals: { Wix: true } });
    expect(wix.platform).toBe('wix');
    expect(wix.evidence[0]!.detail).toBe('window.Wix');
    expect(detectPlatform(doc, 'https://a.example/', { cookies: ['dwsid'] }).platform).toBe(
      'salesforce-commerce-cloud',
    );
  });

  it('recognises Wix, Squarespace and Salesforce Commerce Cloud from their markup', () => {
    const wix = parse(
      '<html><head><meta name="generator" content="Wix.com Website Builder"></head><body></body></html>',
    );
    expect(detectPlatform(wix, 'https://w.example/').platform).toBe('wix');
    const sq = parse(
      '<html><head><script>Static.SQUARESPACE_CONTEXT = {"website":{"id":"5f"}};</script></head><body></body></html>',
    );
    expect(detectPlatform(sq, 'https://s.example/').platform).toBe('squarespace');
    const sfcc = parse(
      '<html><head><script src="/on/demandware.static/Sites-RefArch-Site/-/en_US/v1699999999/js/main.js"></script></head><body></body></html>',
    );
    expect(detectPlatform(sfcc, 'https://sf.example/').platform).toBe('salesforce-commerce-cloud');
  });

  it('does not read "mage" or "static" in ordinary asset paths as Magento', () => {
    const doc =
      parse(`<html><head><link rel="stylesheet" href="/assets/mage/theme.css"><script src="/static/frontend-app.js"></script></head>
      <body><img src="/images/mage/logo.png" alt="Mage Coffee"></body></html>`);
    expect(detectPlatform(doc, 'https://mage-coffee.example/').platform).toBe('unknown');
  });
  it('says unknown for a plain page', () => {
    const r = detectPlatform(
      parse('<html><body><h1>Hello</h1></body></html>'),
      'https://plain.example/',
    );
    expect(r.platform).toBe('unknown');
    expect(r.evidence).toEqual([]);
  });
});

describe('pageGlobalsProbe (runs serialised in the page’s main world)', () => {
  const g = globalThis as unknown as Record<string, unknown>;
  const added: string[] = [];
  function setGlobal(key: string, value: unknown) {
    g[key] = value;
    added.push(key);
  }
  afterEach(() => {
    for (const k of added.splice(0)) delete g[k];
  });

  it('is self-contained: its source runs on its own and returns plain values only', () => {
    setGlobal('Shopify', {
      shop: 'northwind-outfitters.myshopify.com',
      theme: { name: 'Dawn', id: 136892350711, schema_name: 'Dawn' },
      currency: { active: 'EUR', rate: '1.0' },
    });
    setGlobal('dataLayer', [{ event: 'gtm.js' }]);
    setGlobal('fbq', () => undefined);
    // Evaluated from its source text, as scripting.executeScript({ func }) does.
    const probe = new Function(`return (${pageGlobalsProbe.toString()})();`) as () => Record<
      string,
      unknown
    >;
    const out = probe();
    expect(out).toMatchObject({
      Shopify: true,
      'Shopify.shop': 'northwind-outfitters.myshopify.com',
      'Shopify.theme.name': 'Dawn',
      'Shopify.theme.id': 136892350711,
      'Shopify.currency.active': 'EUR',
      dataLayer: true,
      'dataLayer.length': 1,
      fbq: true,
    });
    for (const v of Object.values(out)) expect(['string', 'number', 'boolean']).toContain(typeof v);
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });

  it('never runs page getters and caps long strings', () => {
    let touched = false;
    const shopify = { theme: { name: 'x'.repeat(5000) } };
    Object.defineProperty(shopify, 'shop', {
      get() {
        touched = true;
        return 'evil';
      },
    });
    setGlobal('Shopify', shopify);
    const out = pageGlobalsProbe();
    expect(touched).toBe(false);
    expect(out['Shopify.shop']).toBeUndefined();
    expect((out['Shopify.theme.name'] as string).length).toBe(200);
  });
});
