import { describe, expect, it } from 'vitest';
import {
  extractProducts,
  productsFromShopifyJson,
  productsFromWooStoreApi,
} from '../../../core/page/index.ts';
import type { ExtractedProduct } from '../../../core/page/index.ts';
import { loadPage, parse } from './helpers.ts';

function only(products: ExtractedProduct[]): ExtractedProduct {
  expect(products).toHaveLength(1);
  return products[0]!;
}

describe('Shopify product page (Dawn) with ?variant= selected', () => {
  const { doc } = loadPage('shopify-product.html');
  const url = 'https://northwind-outfitters.com/products/linen-overshirt?variant=44012345678903';
  const p = only(extractProducts(doc, url));

  it('shows the selected variant’s sale price, was-price and stock from the platform JSON', () => {
    expect(p.name).toEqual({ value: 'Linen Overshirt', source: 'platform-json' });
    expect(p.selectedVariantId).toBe('44012345678903');
    expect(p.price).toEqual({ value: 79, source: 'platform-json' });
    expect(p.wasPrice).toEqual({ value: 89, source: 'platform-json' });
    expect(p.currency).toEqual({ value: 'EUR', source: 'platform-json' });
    expect(p.sku?.value).toBe('LO-SAND-M');
    expect(p.gtin?.value).toBe('4006381333948');
    expect(p.availability?.value).toBe('InStock');
  });
  it('lists the variants with their own prices and stock', () => {
    expect(p.variants.map((v) => [v.id, v.price, v.availability])).toEqual([
      ['44012345678902', 89, 'InStock'],
      ['44012345678903', 79, 'InStock'],
      ['44012345678904', 89, 'OutOfStock'],
    ]);
    expect(p.variants[1]!.options).toEqual(['Sand', 'M']);
  });
  it('agrees with JSON-LD and the visible price block, ignoring the cart drawer and recommendations', () => {
    expect(p.sources).toEqual(['platform-json', 'json-ld', 'open-graph', 'visible-text']);
    expect(p.visible).toMatchObject({
      price: 79,
      wasPrice: 89,
      currency: 'EUR',
      availability: 'InStock',
    });
    expect(p.disagreements).toEqual([]);
  });
  it('follows a variant switch: another ?variant= gives that variant’s price', () => {
    const other = only(
      extractProducts(
        doc,
        'https://northwind-outfitters.com/products/linen-overshirt?variant=44012345678904',
      ),
    );
    expect(other.price?.value).toBe(89);
    expect(other.wasPrice).toBeUndefined();
    expect(other.availability?.value).toBe('OutOfStock');
    expect(other.sku?.value).toBe('LO-SAND-L');
    // The page still shows M's price and an Add to cart button: sources now contradict each other.
    const fields = other.disagreements.map((d) => d.field);
    expect(fields).toContain('price');
    expect(fields).toContain('availability');
  });
});

describe('WooCommerce variable product with a Yoast @graph', () => {
  const { doc } = loadPage('woocommerce-variable.html');
  const p = only(extractProducts(doc, 'https://fjordkind.de/produkt/bio-baumwoll-hoodie/'));

  it('reads the price range from the AggregateOffer and the visible "59,00 € – 69,00 €"', () => {
    expect(p.name?.value).toBe('Bio-Baumwoll Hoodie');
    expect(p.price).toEqual({ value: 59, source: 'json-ld' });
    expect(p.highPrice).toEqual({ value: 69, source: 'json-ld' });
    expect(p.currency?.value).toBe('EUR');
    expect(p.visible?.price).toBe(59);
  });
  it('resolves @id references in the graph (image)', () => {
    expect(p.image?.value).toBe('https://fjordkind.de/wp-content/uploads/2024/09/hoodie-moss.jpg');
  });
  it('takes variants from the variation form, with the regular price as was-price', () => {
    expect(
      p.variants.map((v) => [v.id, v.sku, v.price, v.wasPrice ?? null, v.availability]),
    ).toEqual([
      ['413', 'FK-HOOD-01-MOOS-M', 59, null, 'InStock'],
      ['414', 'FK-HOOD-01-MOOS-XL', 69, 79, 'InStock'],
      ['415', 'FK-HOOD-01-SAND-M', 59, null, 'OutOfStock'],
    ]);
    expect(p.variants[1]!.options).toEqual(['moos', 'xl']);
    expect(p.selectedVariantId).toBeUndefined();
  });
});

describe('Magento 2 (Luma) with microdata and x-magento-init', () => {
  const { doc } = loadPage('magento-product.html');
  const p = only(extractProducts(doc, 'https://luma-outlet.example/hero-hoodie.html'));
  it('reads name, price, currency, stock and SKU', () => {
    expect(p.name).toEqual({ value: 'Hero Hoodie', source: 'microdata' });
    expect(p.price).toEqual({ value: 54, source: 'platform-json' });
    expect(p.currency).toEqual({ value: 'USD', source: 'microdata' });
    expect(p.availability?.value).toBe('InStock');
    expect(p.sku?.value).toBe('MH07');
    expect(p.image?.value).toContain('mh07-gray_main_1.jpg');
  });
  it('builds variants from the configurable spConfig, with option labels', () => {
    expect(p.variants.map((v) => [v.id, v.price, v.name])).toEqual([
      ['146', 54, 'Gray / S'],
      ['147', 54, 'Gray / M'],
      ['148', 49, 'Black / M'],
    ]);
    expect(p.variants[2]!.wasPrice).toBe(59);
  });
});

describe('BigCommerce (Stencil) with BCData and a strikethrough price', () => {
  const { doc } = loadPage('bigcommerce-product.html');
  const p = only(extractProducts(doc, 'https://ridgeline-supply.com/trail-running-vest-12l/'));
  it('reads the sale and was price from BCData, confirmed by JSON-LD and the page', () => {
    expect(p.price).toEqual({ value: 119, source: 'platform-json' });
    expect(p.wasPrice).toEqual({ value: 139, source: 'platform-json' });
    expect(p.currency?.value).toBe('USD');
    expect(p.mpn?.value).toBe('RV12-2024');
    expect(p.brand?.value).toBe('Ridgeline');
    expect(p.visible).toMatchObject({ price: 119, wasPrice: 139, currency: 'USD' });
    expect(p.disagreements).toEqual([]);
  });
});

describe('PrestaShop 8 (classic theme, French)', () => {
  const { doc } = loadPage('prestashop-product.html');
  const p = only(
    extractProducts(doc, 'https://maison-du-the.example/cuisine/42-theiere-fonte-tetsubin.html'),
  );
  it('reads data-product, the store currency and the "last items" stock state', () => {
    expect(p.name?.value).toBe('Théière en fonte Tetsubin 0,8 L');
    expect(p.price).toEqual({ value: 54.9, source: 'platform-json' });
    expect(p.wasPrice?.value).toBe(61);
    expect(p.currency?.value).toBe('EUR');
    expect(p.gtin?.value).toBe('3760123456784');
    expect(p.availability?.value).toBe('LimitedAvailability');
    expect(p.visible).toMatchObject({
      price: 54.9,
      wasPrice: 61,
      availability: 'LimitedAvailability',
    });
    expect(p.disagreements).toEqual([]);
  });
});

describe('Shopware 6, German store with "1.234,56 €"', () => {
  const { doc } = loadPage('shopware-product.html');
  const p = only(
    extractProducts(
      doc,
      'https://www.kaffeewerk.example/Dualboiler-Espressomaschine-DB-58/SW10042',
    ),
  );
  it('reads the European-format price and the list price shown struck through', () => {
    expect(p.name?.value).toBe('Dualboiler Espressomaschine DB-58');
    expect(p.price).toEqual({ value: 1234.56, source: 'microdata' });
    expect(p.visible?.price).toBe(1234.56);
    expect(p.wasPrice).toEqual({ value: 1499, source: 'visible-text' });
    expect(p.currency?.value).toBe('EUR');
    expect(p.brand?.value).toBe('Kaffeewerk');
    expect(p.gtin?.value).toBe('4012345678901');
  });
});

describe('collection page with several products', () => {
  const { doc } = loadPage('collection-several-products.html');
  const products = extractProducts(doc, 'https://hollowpottery.co.uk/collections/mugs');
  it('returns every product of the ItemList with its own price and stock', () => {
    expect(
      products.map((p) => [
        p.name?.value,
        p.price?.value,
        p.currency?.value,
        p.availability?.value ?? null,
      ]),
    ).toEqual([
      ['Speckled Mug, Oat', 28, 'GBP', 'InStock'],
      ['Tall Mug, Slate', 32, 'GBP', 'OutOfStock'],
      ['Espresso Cup Set of 2', 36, 'GBP', null],
    ]);
    expect(products[2]!.highPrice?.value).toBe(42);
  });
  it('does not pin one card’s visible price on the listing', () => {
    expect(products.every((p) => !p.sources.includes('visible-text'))).toBe(true);
  });
});

describe('page without a currency in the markup', () => {
  const { doc } = loadPage('missing-currency.html');
  it('keeps the currency unknown instead of guessing from "$"', () => {
    const p = only(extractProducts(doc, 'https://grainandco.example/shop/walnut-desk-organizer'));
    expect(p.price?.value).toBe(45);
    expect(p.currency).toBeUndefined();
    expect(p.visible?.symbol).toBe('$');
  });
  it('resolves "$" from the page language or the domain when the markup says nothing', () => {
    const html = (lang: string) =>
      `<html lang="${lang}"><body><h1>Walnut Desk Organizer</h1><span class="product-price">$45.00</span></body></html>`;
    expect(
      only(extractProducts(parse(html('en-CA')), 'https://grainandco.example/p')).currency?.value,
    ).toBe('CAD');
    expect(
      only(extractProducts(parse(html('en')), 'https://grainandco.com.au/p')).currency?.value,
    ).toBe('AUD');
    expect(
      only(extractProducts(parse(html('en')), 'https://grainandco.example/p')).currency,
    ).toBeUndefined();
  });
  it('uses the currency the user set for the site', () => {
    const p = only(
      extractProducts(doc, 'https://grainandco.example/shop/walnut-desk-organizer', {
        currencyHint: 'CAD',
      }),
    );
    expect(p.currency).toEqual({ value: 'CAD', source: 'visible-text' });
  });
});

describe('disagreement between markup and the visible page', () => {
  it('flags a JSON-LD price that differs from the price shoppers see, and "$" next to EUR markup', () => {
    const doc = parse(`<html lang="en"><head><script type="application/ld+json">
      {"@context":"https://schema.org","@type":"Product","name":"Desk Lamp","offers":{"@type":"Offer","price":"49.00","priceCurrency":"EUR"}}
      </script></head><body><h1>Desk Lamp</h1><div class="product-price">$59.00</div></body></html>`);
    const p = only(extractProducts(doc, 'https://lamps.example/desk-lamp'));
    expect(p.price).toEqual({ value: 49, source: 'json-ld' });
    expect(p.disagreements).toContainEqual({
      field: 'price',
      values: [
        { source: 'json-ld', value: 49 },
        { source: 'visible-text', value: 59 },
      ],
    });
    expect(p.disagreements).toContainEqual({
      field: 'currency',
      values: [
        { source: 'json-ld', value: 'EUR' },
        { source: 'visible-text', value: '$' },
      ],
    });
  });
  it('reads ProductGroup.hasVariant and RDFa Lite', () => {
    const doc = parse(`<html><head><script type="application/ld+json">
      {"@context":"https://schema.org","@type":"ProductGroup","name":"Wool Socks","productGroupID":"WS","variesBy":"https://schema.org/size",
       "hasVariant":[{"@type":"Product","sku":"WS-S","size":"S","offers":{"@type":"Offer","price":12,"priceCurrency":"GBP","availability":"https://schema.org/InStock"}},
                     {"@type":"Product","sku":"WS-L","size":"L","offers":{"@type":"Offer","price":14,"priceCurrency":"GBP","availability":"https://schema.org/OutOfStock"}}]}
      </script></head><body>
      <div vocab="https://schema.org/" typeof="Product"><span property="name">Trail Socks</span>
        <div property="offers" typeof="Offer"><meta property="price" content="9.50"><meta property="priceCurrency" content="GBP"></div></div>
      </body></html>`);
    const products = extractProducts(doc, 'https://socks.example/wool');
    const group = products.find((p) => p.name?.value === 'Wool Socks')!;
    expect(group.variants.map((v) => [v.sku, v.price, v.options])).toEqual([
      ['WS-S', 12, ['S']],
      ['WS-L', 14, ['L']],
    ]);
    expect(group.price?.value).toBe(12);
    expect(group.highPrice?.value).toBe(14);
    const rdfa = products.find((p) => p.name?.value === 'Trail Socks')!;
    expect(rdfa.price).toEqual({ value: 9.5, source: 'rdfa' });
  });
});

describe('variant-first JSON-LD (Products with isVariantOf)', () => {
  it('folds the variants into one product group', () => {
    const doc =
      parse(`<html><head><script type="application/ld+json">{"@context":"https://schema.org","@graph":[
      {"@type":"ProductGroup","@id":"https://socks.example/wool#group","name":"Wool Socks","productGroupID":"WS","brand":{"@type":"Brand","name":"Knit & Co"}},
      {"@type":"Product","sku":"WS-S","size":"S","isVariantOf":{"@id":"https://socks.example/wool#group"},"offers":{"@type":"Offer","price":12,"priceCurrency":"GBP"}},
      {"@type":"Product","sku":"WS-L","size":"L","isVariantOf":{"@id":"https://socks.example/wool#group"},"offers":{"@type":"Offer","price":14,"priceCurrency":"GBP"}}
    ]}</script></head><body></body></html>`);
    const p = only(extractProducts(doc, 'https://socks.example/wool'));
    expect(p.name?.value).toBe('Wool Socks');
    expect(p.brand?.value).toBe('Knit & Co');
    expect(p.variants.map((v) => [v.sku, v.price])).toEqual([
      ['WS-S', 12],
      ['WS-L', 14],
    ]);
  });
});

describe('platform JSON fetched by the extension', () => {
  it('turns Shopify /products/handle.js (minor units) into products', () => {
    const json = {
      id: 8123456789012,
      title: 'Linen Overshirt',
      handle: 'linen-overshirt',
      vendor: 'Northwind',
      price: 7900,
      available: true,
      url: '/products/linen-overshirt',
      featured_image: '//northwind-outfitters.com/cdn/shop/files/linen-overshirt-sand-1.jpg',
      variants: [
        {
          id: 1,
          title: 'S',
          option1: 'S',
          sku: 'LO-S',
          price: 8900,
          compare_at_price: null,
          available: true,
          barcode: '4006381333931',
        },
        {
          id: 2,
          title: 'M',
          option1: 'M',
          sku: 'LO-M',
          price: 7900,
          compare_at_price: 8900,
          available: false,
          barcode: null,
        },
      ],
    };
    const [p] = productsFromShopifyJson(
      json,
      'https://northwind-outfitters.com/products/linen-overshirt.js',
      'EUR',
    );
    expect(p!.name?.value).toBe('Linen Overshirt');
    expect(p!.price).toEqual({ value: 89, source: 'platform-json' });
    expect(p!.currency?.value).toBe('EUR');
    expect(p!.variants.map((v) => [v.price, v.wasPrice ?? null, v.availability, v.url])).toEqual([
      [89, null, 'InStock', 'https://northwind-outfitters.com/products/linen-overshirt?variant=1'],
      [79, 89, 'OutOfStock', 'https://northwind-outfitters.com/products/linen-overshirt?variant=2'],
    ]);
    expect(p!.image?.value).toBe(
      'https://northwind-outfitters.com/cdn/shop/files/linen-overshirt-sand-1.jpg',
    );
  });
  it('reads Shopify /products.json (decimal strings) as a list', () => {
    const json = {
      products: [
        {
          id: 1,
          title: 'A',
          handle: 'a',
          vendor: 'V',
          variants: [
            {
              id: 11,
              title: 'Default Title',
              price: '19.90',
              compare_at_price: '24.90',
              sku: 'A-1',
            },
          ],
        },
      ],
    };
    const [p] = productsFromShopifyJson(JSON.stringify(json), 'https://shop.example/products.json');
    expect(p!.price?.value).toBe(19.9);
    expect(p!.wasPrice?.value).toBe(24.9);
    expect(p!.selectedVariantId).toBe('11');
  });
  it('turns the WooCommerce Store API response (minor units) into products', () => {
    const json = [
      {
        id: 412,
        name: 'Bio-Baumwoll Hoodie',
        permalink: 'https://fjordkind.de/produkt/bio-baumwoll-hoodie/',
        sku: 'FK-HOOD-01',
        prices: {
          price: '5900',
          regular_price: '6900',
          sale_price: '5900',
          price_range: { min_amount: '5900', max_amount: '6900' },
          currency_code: 'EUR',
          currency_minor_unit: 2,
        },
        average_rating: '4.50',
        review_count: 12,
        images: [{ src: 'https://fjordkind.de/wp-content/uploads/2024/09/hoodie-moss.jpg' }],
        is_in_stock: true,
        variations: [
          {
            id: 413,
            attributes: [
              { name: 'Farbe', value: 'moos' },
              { name: 'Größe', value: 'm' },
            ],
          },
        ],
      },
    ];
    const [p] = productsFromWooStoreApi(json, 'https://fjordkind.de/wp-json/wc/store/v1/products');
    expect(p!.price?.value).toBe(59);
    expect(p!.highPrice?.value).toBe(69);
    expect(p!.currency?.value).toBe('EUR');
    expect(p!.rating?.value).toBe(4.5);
    expect(p!.reviewCount?.value).toBe(12);
    expect(p!.variants[0]).toMatchObject({ id: '413', name: 'moos / m' });
  });
  it('returns nothing for responses that are not product JSON', () => {
    expect(
      productsFromShopifyJson('<html>Not found</html>', 'https://x.example/products/y.js'),
    ).toEqual([]);
    expect(
      productsFromWooStoreApi(
        { code: 'rest_no_route' },
        'https://x.example/wp-json/wc/store/v1/products',
      ),
    ).toEqual([]);
  });
});

describe('visible price rules', () => {
  it('keeps prices inside a product header, skips the site header and payment widgets', () => {
    const doc = parse(`<html lang="en-GB"><body>
      <header class="site-header"><a class="cart-link">Basket <span class="cart-price">£120.00</span></a></header>
      <main><article class="product"><header class="product-header"><h1>Oak Stool</h1>
        <div class="product-price-holder"><span class="price">£89.00</span></div></header>
        <div class="klarna-placement">3 payments of <span class="price">£29.67</span></div>
      </article></main></body></html>`);
    const p = only(extractProducts(doc, 'https://oak.example/stool'));
    expect(p.price).toEqual({ value: 89, source: 'visible-text' });
    expect(p.currency?.value).toBe('GBP');
    expect(p.wasPrice).toBeUndefined();
  });
  it('reads a struck-through price as the was-price', () => {
    const doc = parse(`<html><body><h1>Oak Stool</h1>
      <p class="price"><del><span class="amount">£110.00</span></del> <ins><span class="amount">£89.00</span></ins></p></body></html>`);
    const p = only(extractProducts(doc, 'https://oak.example/stool'));
    expect(p.price?.value).toBe(89);
    expect(p.wasPrice?.value).toBe(110);
  });
  it('reads WooCommerce 8 sale prices with their screen-reader texts', () => {
    const doc =
      parse(`<html lang="en-US"><body class="woocommerce"><h1 class="product_title">Canvas Tote</h1>
      <p class="price"><del aria-hidden="true"><span class="woocommerce-Price-amount amount"><bdi><span class="woocommerce-Price-currencySymbol">&#36;</span>39.00</bdi></span></del> <span class="screen-reader-text">Original price was: &#36;39.00.</span><ins aria-hidden="true"><span class="woocommerce-Price-amount amount"><bdi><span class="woocommerce-Price-currencySymbol">&#36;</span>29.00</bdi></span></ins><span class="screen-reader-text">Current price is: &#36;29.00.</span></p>
      <p class="stock in-stock">7 in stock</p></body></html>`);
    const p = only(extractProducts(doc, 'https://totes.example/product/canvas-tote/'));
    expect([p.price?.value, p.wasPrice?.value, p.currency?.value, p.availability?.value]).toEqual([
      29,
      39,
      'USD',
      'InStock',
    ]);
  });
  it('reads a sold-out button as out of stock', () => {
    const doc = parse(`<html><body><h1>Oak Stool</h1><span class="price">£89.00</span>
      <form action="/cart/add"><button type="submit" name="add" class="product-form__submit" disabled>Sold out</button></form></body></html>`);
    expect(only(extractProducts(doc, 'https://oak.example/stool')).availability).toEqual({
      value: 'OutOfStock',
      source: 'visible-text',
    });
  });
});
