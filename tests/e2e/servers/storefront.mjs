// Local fixture storefronts for the extension's end-to-end tests (plain node:http, 127.0.0.1).
//
// Pages (templates in tests/fixtures/sites/):
//   GET /products/trail-runner[?variant=ID][&picker=pills]  Shopify-like (Dawn) product page with variants
//   GET /products/trail-runner.js|.json       Shopify product JSON (the platform's own endpoint)
//   GET /produkt/kaffeebecher/                WooCommerce-like product page (German, EUR, 24,90 €)
//   GET /wp-json/wc/store/v1/products?slug=   WooCommerce Store API
//   GET /spa/, /spa/products/{aurora-lamp,boreal-chair}  pushState single-page storefront
//   GET /spa/api/products/HANDLE              its product API (answers after 300 ms)
//   GET /collections/trail-shoes              a grid of products with microdata
//   GET /hostile                              script payloads in title, meta, JSON-LD and text
//   GET /robots.txt, GET /health
// Test controls (competitor tracking changes prices and breaks pages at runtime):
//   POST /admin/price?product=HANDLE[&variant=ID]&price=DECIMAL   set a price
//   POST /admin/status?path=/x&status=404|500|hang                 make a path fail or never answer
//   POST /admin/reset                                              back to the initial catalog
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const sitesDir = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/sites');
const template = (name) => readFileSync(join(sitesDir, name), 'utf8');

function initialCatalog() {
  return {
    'trail-runner': {
      platform: 'shopify',
      id: 7301002,
      title: 'Trail Runner GTX',
      vendor: 'Northwind',
      description: 'Waterproof trail shoe with a grippy outsole for wet rock and mud.',
      variants: [
        {
          id: 44001,
          title: '8',
          sku: 'TR-GTX-08',
          barcode: '0012345678905',
          price: 129.0,
          compareAt: null,
          available: true,
        },
        {
          id: 44002,
          title: '9',
          sku: 'TR-GTX-09',
          barcode: '0012345678912',
          price: 129.0,
          compareAt: null,
          available: true,
        },
        {
          id: 44003,
          title: '10 Wide',
          sku: 'TR-GTX-10W',
          barcode: '0012345678929',
          price: 139.0,
          compareAt: null,
          available: true,
        },
      ],
    },
    'summit-boot': {
      platform: 'shopify',
      id: 7301003,
      title: 'Summit Winter Boot',
      vendor: 'Northwind',
      description: 'Insulated winter hiking boot rated to -25 °C.',
      variants: [
        {
          id: 44101,
          title: '9',
          sku: 'SWB-09',
          barcode: '0012345678936',
          price: 219.0,
          compareAt: 249.0,
          available: true,
        },
      ],
    },
    'ridge-racer': {
      platform: 'shopify',
      id: 7301004,
      title: 'Ridge Racer',
      vendor: 'Northwind',
      description: 'A 210 g racing flat for dry trails.',
      variants: [
        {
          id: 44201,
          title: '9',
          sku: 'RR-09',
          barcode: '0012345678943',
          price: 159.0,
          compareAt: null,
          available: false,
        },
      ],
    },
    kaffeebecher: {
      platform: 'woocommerce',
      id: 812,
      title: 'Kaffeebecher Steingut 350 ml',
      description: 'Handgedrehter Becher aus Steingut, spülmaschinenfest.',
      sku: 'KB-350-SG',
      price: 24.9,
    },
    'aurora-lamp': {
      platform: 'spa',
      name: 'Aurora lamp',
      sku: 'AUR-01',
      price: 89.0,
      description: 'A warm table lamp in spun brass.',
    },
    'boreal-chair': {
      platform: 'spa',
      name: 'Boreal chair',
      sku: 'BOR-02',
      price: 249.5,
      description: 'Solid oak lounge chair.',
    },
  };
}

let catalog = initialCatalog();
/** path → status code, or 'hang' to accept the request and never answer. */
let overrides = new Map();

const escapeHtml = (s) =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
// JSON inside <script>: "<" escaped so no value can close the element.
const scriptJson = (v) => JSON.stringify(v).replace(/</g, '\\u003c');

function fill(tpl, values) {
  return tpl.replace(/\{\{(\w+)\}\}/g, (_, key) => {
    if (!(key in values)) throw new Error(`fixture template needs a value for {{${key}}}`);
    return values[key];
  });
}

function shopifyProductJson(handle, p) {
  return {
    id: p.id,
    title: p.title,
    handle,
    vendor: p.vendor,
    type: 'Shoes',
    price: Math.round(Math.min(...p.variants.map((v) => v.price)) * 100),
    available: p.variants.some((v) => v.available),
    options: ['Size'],
    variants: p.variants.map((v) => ({
      id: v.id,
      title: v.title,
      option1: v.title,
      sku: v.sku,
      barcode: v.barcode,
      available: v.available,
      price: Math.round(v.price * 100),
      compare_at_price: v.compareAt == null ? null : Math.round(v.compareAt * 100),
    })),
  };
}

// Dawn's dropdown; `?picker=pills` gives radio "pills" like older swatch themes.
function dropdownPicker(p, selected) {
  const options = p.variants
    .map(
      (v) =>
        `<option value="${escapeHtml(v.title)}"${v === selected ? ' selected="selected"' : ''}>${escapeHtml(v.title)}</option>`,
    )
    .join('');
  return `<div class="product-form__input product-form__input--dropdown">
              <label class="form__label" for="Option-template--main-0">Size</label>
              <select id="Option-template--main-0" class="select__select" name="options[Size]" form="product-form-template--main">${options}</select>
            </div>`;
}

function pillsPicker(p, selected) {
  const pills = p.variants
    .map(
      (v, i) =>
        `<input type="radio" id="Size-${i}" name="Size" value="${escapeHtml(v.title)}"${v === selected ? ' checked' : ''} form="product-form-template--main"><label for="Size-${i}">${escapeHtml(v.title)}</label>`,
    )
    .join('');
  return `<fieldset class="js product-form__input product-form__input--pill"><legend class="form__label">Size</legend>${pills}</fieldset>`;
}

function shopifyPage(origin, handle, p, variantParam, picker) {
  const selected = p.variants.find((v) => String(v.id) === variantParam) ?? p.variants[0];
  const productJson = shopifyProductJson(handle, p);
  const jsonLd = {
    '@context': 'http://schema.org/',
    '@type': 'Product',
    name: p.title,
    url: `${origin}/products/${handle}`,
    image: [`${origin}/cdn/shop/products/${handle}.jpg`],
    description: p.description,
    sku: selected.sku,
    gtin13: selected.barcode,
    brand: { '@type': 'Brand', name: p.vendor },
    offers: p.variants.map((v) => ({
      '@type': 'Offer',
      sku: v.sku,
      gtin13: v.barcode,
      availability: v.available ? 'http://schema.org/InStock' : 'http://schema.org/OutOfStock',
      price: v.price.toFixed(2),
      priceCurrency: 'USD',
      url: `${origin}/products/${handle}?variant=${v.id}`,
    })),
  };
  return fill(template('shopify-product.html'), {
    origin,
    handle,
    title: escapeHtml(p.title),
    description: escapeHtml(p.description),
    priceDecimal: selected.price.toFixed(2),
    priceText: escapeHtml(`$${selected.price.toFixed(2)} USD`),
    saleClass: selected.compareAt ? ' price--on-sale' : '',
    variantId: String(selected.id),
    variantPicker: picker === 'pills' ? pillsPicker(p, selected) : dropdownPicker(p, selected),
    updatesUrl: picker === 'pills' ? 'false' : 'true',
    selectedVariantJson: scriptJson(productJson.variants.find((v) => v.id === selected.id)),
    analyticsMeta: scriptJson({
      product: { id: p.id, vendor: p.vendor, type: 'Shoes', variants: productJson.variants },
      page: { pageType: 'product', resourceType: 'product', resourceId: p.id },
    }),
    productJson: scriptJson(productJson),
    jsonLd: scriptJson(jsonLd),
  });
}

function wooPage(origin, handle, p) {
  const url = `${origin}/produkt/${handle}/`;
  const jsonLd = {
    '@context': 'https://schema.org',
    '@graph': [
      {
        '@type': 'WebPage',
        '@id': url,
        url,
        name: `${p.title} – Kaffeehaus Keramik`,
        isPartOf: { '@id': `${origin}/#website` },
      },
      {
        '@type': 'WebSite',
        '@id': `${origin}/#website`,
        url: `${origin}/`,
        name: 'Kaffeehaus Keramik',
      },
      {
        '@type': 'Product',
        '@id': `${url}#product`,
        name: p.title,
        url,
        description: p.description,
        image: `${origin}/wp-content/uploads/2026/03/${handle}.jpg`,
        sku: p.sku,
        offers: [
          {
            '@type': 'Offer',
            price: p.price.toFixed(2),
            priceValidUntil: '2027-12-31',
            priceSpecification: {
              '@type': 'UnitPriceSpecification',
              price: p.price.toFixed(2),
              priceCurrency: 'EUR',
              valueAddedTaxIncluded: 'true',
            },
            priceCurrency: 'EUR',
            availability: 'http://schema.org/InStock',
            url,
            seller: { '@type': 'Organization', name: 'Kaffeehaus Keramik', url: origin },
          },
        ],
      },
    ],
  };
  return fill(template('woocommerce-product.html'), {
    origin,
    handle,
    id: String(p.id),
    title: escapeHtml(p.title),
    description: escapeHtml(p.description),
    sku: escapeHtml(p.sku),
    priceDecimal: p.price.toFixed(2),
    priceText: p.price.toFixed(2).replace('.', ','),
    jsonLd: scriptJson(jsonLd),
  });
}

// A collection page: one microdata Product per card, like themes that mark up their grids.
function collectionPage(origin) {
  const cards = Object.entries(catalog)
    .filter(([, p]) => p.platform === 'shopify')
    .map(([handle, p]) => {
      const name = p.title;
      const price = Math.min(...p.variants.map((v) => v.price));
      const currency = 'USD';
      return `<li class="card" itemscope itemtype="https://schema.org/Product">
          <a href="/products/${handle}" itemprop="url"><h2 itemprop="name">${escapeHtml(name)}</h2></a>
          <div itemprop="offers" itemscope itemtype="https://schema.org/Offer">
            <meta itemprop="priceCurrency" content="${currency}">
            <span class="price" itemprop="price" content="${price.toFixed(2)}">$${price.toFixed(2)}</span>
            <link itemprop="availability" href="https://schema.org/${p.variants.some((v) => v.available) ? 'InStock' : 'OutOfStock'}">
          </div>
        </li>`;
    })
    .join('\n        ');
  return fill(template('collection.html'), { origin, cards });
}

function spaPage(origin) {
  return fill(template('spa.html'), { origin });
}

function send(res, status, body, type = 'text/html; charset=utf-8', headers = {}) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
  res.end(body);
}

// Strict like a hardened store: no inline scripts or styles, no plugins, no framing.
const HOSTILE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; frame-ancestors 'none'";

function setPrice(params) {
  const p = catalog[params.get('product') ?? ''];
  const price = Number(params.get('price'));
  if (!p || !Number.isFinite(price)) return false;
  if (p.variants) {
    const vid = params.get('variant');
    for (const v of p.variants) if (!vid || String(v.id) === vid) v.price = price;
  } else p.price = price;
  return true;
}

export function startStorefront(port, host = '127.0.0.1') {
  const hanging = new Set();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? `${host}:${port}`}`);
    const origin = url.origin;
    const path = url.pathname;

    if (req.method === 'POST' && path.startsWith('/admin/')) {
      if (path === '/admin/price')
        return setPrice(url.searchParams)
          ? send(res, 204, '')
          : send(
              res,
              400,
              'Unknown product or price: use ?product=HANDLE&price=12.34',
              'text/plain',
            );
      if (path === '/admin/status') {
        const target = url.searchParams.get('path');
        const status = url.searchParams.get('status');
        if (!target || !status)
          return send(res, 400, 'Use ?path=/x&status=404|hang|clear', 'text/plain');
        if (status === 'clear') overrides.delete(target);
        else overrides.set(target, status === 'hang' ? 'hang' : Number(status));
        return send(res, 204, '');
      }
      if (path === '/admin/reset') {
        catalog = initialCatalog();
        overrides = new Map();
        return send(res, 204, '');
      }
      return send(res, 404, 'Unknown admin action', 'text/plain');
    }

    const override = overrides.get(path);
    if (override === 'hang') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if (typeof override === 'number')
      return send(
        res,
        override,
        `<!doctype html><title>Error ${override}</title><h1>Error ${override}</h1>`,
      );

    if (path === '/health') return send(res, 200, 'ok', 'text/plain');
    if (path === '/robots.txt')
      return send(
        res,
        200,
        'User-agent: *\nDisallow: /cart\nDisallow: /admin\nSitemap: ' + origin + '/sitemap.xml\n',
        'text/plain',
      );
    if (path === '/' || path === '/index.html') {
      const links = ['/products/trail-runner', '/produkt/kaffeebecher/', '/spa/', '/hostile']
        .map((l) => `<li><a href="${l}">${l}</a></li>`)
        .join('');
      return send(
        res,
        200,
        `<!doctype html><html lang="en"><title>Fixture storefronts</title><ul>${links}</ul></html>`,
      );
    }

    if (path === '/collections/trail-shoes') return send(res, 200, collectionPage(origin));
    let m = path.match(/^\/products\/([\w-]+)(\.js|\.json)?$/);
    if (m && catalog[m[1]]?.platform === 'shopify') {
      const json = shopifyProductJson(m[1], catalog[m[1]]);
      if (m[2] === '.js')
        return send(res, 200, JSON.stringify(json), 'application/javascript; charset=utf-8');
      if (m[2] === '.json')
        return send(res, 200, JSON.stringify({ product: json }), 'application/json; charset=utf-8');
      return send(
        res,
        200,
        shopifyPage(
          origin,
          m[1],
          catalog[m[1]],
          url.searchParams.get('variant'),
          url.searchParams.get('picker'),
        ),
      );
    }
    m = path.match(/^\/produkt\/([\w-]+)\/?$/);
    if (m && catalog[m[1]]?.platform === 'woocommerce')
      return send(res, 200, wooPage(origin, m[1], catalog[m[1]]));
    if (path === '/wp-json/wc/store/v1/products') {
      const slug = url.searchParams.get('slug');
      const p = slug ? catalog[slug] : undefined;
      if (!p || p.platform !== 'woocommerce') return send(res, 200, '[]', 'application/json');
      const minor = String(Math.round(p.price * 100));
      return send(
        res,
        200,
        JSON.stringify([
          {
            id: p.id,
            name: p.title,
            slug,
            sku: p.sku,
            prices: {
              price: minor,
              regular_price: minor,
              sale_price: minor,
              currency_code: 'EUR',
              currency_minor_unit: 2,
              currency_symbol: '€',
            },
            is_in_stock: true,
          },
        ]),
        'application/json',
      );
    }
    if (path === '/spa' || path === '/spa/' || /^\/spa\/products\/[\w-]+$/.test(path))
      return send(res, 200, spaPage(origin));
    m = path.match(/^\/spa\/api\/products\/([\w-]+)$/);
    if (m) {
      const p = catalog[m[1]];
      if (!p || p.platform !== 'spa')
        return send(res, 404, '{"error":"not found"}', 'application/json');
      // Answers after a short delay, like a real API: the new page renders after the URL changed.
      const body = JSON.stringify({
        name: p.name,
        sku: p.sku,
        price: p.price,
        description: p.description,
      });
      setTimeout(() => send(res, 200, body, 'application/json'), 300);
      return;
    }
    if (path === '/hostile')
      return send(res, 200, template('hostile.html'), undefined, {
        'content-security-policy': HOSTILE_CSP,
      });
    if (path === '/hostile.css')
      return send(res, 200, template('hostile.css'), 'text/css; charset=utf-8');
    return send(res, 404, '<!doctype html><title>Not found</title><h1>Not found</h1>');
  });
  const close = server.close.bind(server);
  server.close = (cb) => {
    for (const res of hanging) res.destroy();
    return close(cb);
  };
  return new Promise((ok) => server.listen(port, host, () => ok(server)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.argv[2] ?? 4180);
  await startStorefront(port);
  console.log(`Fixture storefronts on http://127.0.0.1:${port}/`);
}
