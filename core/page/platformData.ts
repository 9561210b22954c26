// Product data the storefront platform itself embeds in the page (or serves as JSON), which is
// what its own templates render prices from: the most trusted source.
import type { ExtractedProduct, ExtractedVariant } from './types.ts';
import type { PageScan } from './scan.ts';
import type { Json } from './json.ts';
import { get, isObject, jsonAfter, list, num, safeParse, str } from './json.ts';
import type { RawProduct } from './raw.ts';
import { scriptsOf } from './raw.ts';
import { absoluteUrl, asCurrency, asGtin } from './normalize.ts';

function baseOf(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** Shopify prices: integers are minor units (`.js`, Liquid `| json`), strings are decimals (`.json`). */
function shopifyMoney(v: Json | undefined): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v / 100 : undefined;
  return num(v);
}

function shopifyProduct(
  p: Json,
  base: URL | null,
  currency: string | undefined,
): RawProduct | undefined {
  if (!isObject(p)) return undefined;
  const raw: RawProduct = { source: 'platform-json', variants: [] };
  const id = str(get(p, 'id'), 64);
  if (id) raw.id = id;
  raw.name = str(get(p, 'title'));
  raw.brand = str(get(p, 'vendor'));
  const handle = str(get(p, 'handle'), 300);
  const path = str(get(p, 'url'), 500) ?? (handle ? `/products/${handle}` : undefined);
  raw.url = absoluteUrl(path, base);
  const featured = get(p, 'featured_image') ?? get(p, 'image');
  raw.image = absoluteUrl(
    str(featured, 2000) ??
      str(get(featured, 'src'), 2000) ??
      str(list(get(p, 'images'))[0], 2000) ??
      str(get(list(get(p, 'images'))[0], 'src'), 2000),
    base,
  );
  if (currency) raw.currency = currency;
  for (const v of list(get(p, 'variants')).slice(0, 1000)) {
    if (!isObject(v)) continue;
    const variant: ExtractedVariant = { options: [], source: 'platform-json' };
    const vid = str(get(v, 'id'), 64);
    if (vid) variant.id = vid;
    const vname = str(get(v, 'public_title')) ?? str(get(v, 'title'));
    if (vname && vname !== 'Default Title') variant.name = vname;
    const sku = str(get(v, 'sku'), 200);
    if (sku) variant.sku = sku;
    const gtin = asGtin(str(get(v, 'barcode'), 64));
    if (gtin) variant.gtin = gtin;
    const price = shopifyMoney(get(v, 'price'));
    if (price !== undefined) variant.price = price;
    const was = shopifyMoney(get(v, 'compare_at_price'));
    if (was !== undefined && price !== undefined && was > price) variant.wasPrice = was;
    if (currency) variant.currency = currency;
    const available = get(v, 'available');
    if (typeof available === 'boolean') variant.availability = available ? 'InStock' : 'OutOfStock';
    for (const k of ['option1', 'option2', 'option3']) {
      const o = str(get(v, k));
      if (o && o !== 'Default Title') variant.options.push(o);
    }
    const vimg = get(v, 'featured_image');
    const img = absoluteUrl(str(get(vimg, 'src'), 2000) ?? str(vimg, 2000), base);
    if (img) variant.image = img;
    if (raw.url && vid) variant.url = `${raw.url.split('?')[0]}?variant=${encodeURIComponent(vid)}`;
    raw.variants.push(variant);
  }
  const first = raw.variants.find((v) => v.availability === 'InStock') ?? raw.variants[0];
  raw.price = first?.price ?? shopifyMoney(get(p, 'price'));
  raw.wasPrice = first ? first.wasPrice : shopifyMoney(get(p, 'compare_at_price'));
  raw.sku = first?.sku;
  raw.gtin = first?.gtin;
  const available = get(p, 'available');
  raw.availability =
    typeof available === 'boolean' ? (available ? 'InStock' : 'OutOfStock') : first?.availability;
  const prices = raw.variants.map((v) => v.price).filter((x): x is number => x !== undefined);
  if (prices.length > 1 && Math.max(...prices) !== Math.min(...prices))
    raw.highPrice = Math.max(...prices);
  if (raw.variants.length === 1 && !raw.variants[0]!.name) {
    // Shopify gives single-variant products one "Default Title" variant: it is the product itself.
    raw.selectedVariantId = raw.variants[0]!.id;
  }
  return raw;
}

/** `ShopifyAnalytics.meta` (`var meta = {…}`): variant ids, prices in minor units, vendor. */
function shopifyMeta(
  meta: Json,
  base: URL | null,
  currency: string | undefined,
): RawProduct | undefined {
  const p = get(meta, 'product');
  if (!isObject(p)) return undefined;
  const raw: RawProduct = { source: 'platform-json', variants: [] };
  const id = str(get(p, 'id'), 64);
  if (id) raw.id = id;
  raw.brand = str(get(p, 'vendor'));
  if (currency) raw.currency = currency;
  for (const v of list(get(p, 'variants')).slice(0, 1000)) {
    const variant: ExtractedVariant = { options: [], source: 'platform-json' };
    const vid = str(get(v, 'id'), 64);
    if (vid) variant.id = vid;
    const pub = str(get(v, 'public_title'));
    if (pub) {
      variant.name = pub;
      variant.options.push(...pub.split(' / '));
    }
    const full = str(get(v, 'name'));
    if (full && !raw.name)
      raw.name = pub && full.endsWith(` - ${pub}`) ? full.slice(0, -pub.length - 3) : full;
    const sku = str(get(v, 'sku'), 200);
    if (sku) variant.sku = sku;
    const price = shopifyMoney(get(v, 'price'));
    if (price !== undefined) variant.price = price;
    if (currency) variant.currency = currency;
    if (base && vid)
      variant.url = `${base.origin}${base.pathname}?variant=${encodeURIComponent(vid)}`;
    raw.variants.push(variant);
  }
  raw.price = raw.variants[0]?.price;
  raw.sku = raw.variants[0]?.sku;
  return raw;
}

/** Turns a Shopify storefront response (`/products/x.js`, `/products/x.json`, `/products.json`) into products. */
export function productsFromShopifyJson(
  json: unknown,
  url: string,
  currency?: string,
): ExtractedProduct[] {
  const base = baseOf(url);
  const value = (typeof json === 'string' ? safeParse(json) : (json as Json)) ?? null;
  const cur = asCurrency(currency);
  const items = isObject(get(value, 'product'))
    ? [get(value, 'product')!]
    : Array.isArray(get(value, 'products'))
      ? list(get(value, 'products')).slice(0, 1000)
      : [value];
  return items
    .map((p) => shopifyProduct(p, base, cur))
    .filter((r): r is RawProduct => !!r && (!!r.name || r.variants.length > 0))
    .map((r) => single(r));
}

function wooMoney(prices: Json | undefined, key: string): number | undefined {
  const v = get(prices, key);
  const minorUnit = num(get(prices, 'currency_minor_unit')) ?? 2;
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : num(v);
  return n === undefined ? undefined : n / 10 ** minorUnit;
}

/** Turns a WooCommerce Store API response (`/wp-json/wc/store/v1/products[/id]`) into products. */
export function productsFromWooStoreApi(json: unknown, url: string): ExtractedProduct[] {
  try {
    return wooStoreProducts(json, url);
  } catch {
    return [];
  }
}

function wooStoreProducts(json: unknown, url: string): ExtractedProduct[] {
  const base = baseOf(url);
  const value = (typeof json === 'string' ? safeParse(json) : (json as Json)) ?? null;
  const items = Array.isArray(value) ? value.slice(0, 1000) : [value];
  const out: ExtractedProduct[] = [];
  for (const p of items) {
    if (!isObject(p)) continue;
    const raw: RawProduct = { source: 'platform-json', variants: [] };
    const id = str(get(p, 'id'), 64);
    if (id) raw.id = id;
    raw.name = str(get(p, 'name'));
    if (!raw.name && !id) continue;
    raw.sku = str(get(p, 'sku'), 200);
    raw.url = absoluteUrl(str(get(p, 'permalink'), 2000), base);
    const prices = get(p, 'prices');
    raw.currency = asCurrency(str(get(prices, 'currency_code')));
    raw.price = wooMoney(prices, 'price');
    const regular = wooMoney(prices, 'regular_price');
    if (regular !== undefined && raw.price !== undefined && regular > raw.price)
      raw.wasPrice = regular;
    const range = get(prices, 'price_range');
    if (isObject(range)) {
      const minorUnit = num(get(prices, 'currency_minor_unit')) ?? 2;
      const min = num(get(range, 'min_amount'));
      const max = num(get(range, 'max_amount'));
      if (min !== undefined) raw.price = min / 10 ** minorUnit;
      if (max !== undefined && max !== min) raw.highPrice = max / 10 ** minorUnit;
    }
    const inStock = get(p, 'is_in_stock');
    if (typeof inStock === 'boolean') raw.availability = inStock ? 'InStock' : 'OutOfStock';
    if (get(p, 'is_on_backorder') === true) raw.availability = 'BackOrder';
    raw.rating = num(get(p, 'average_rating'));
    raw.reviewCount = num(get(p, 'review_count'));
    const img = list(get(p, 'images'))[0];
    raw.image = absoluteUrl(str(get(img, 'src'), 2000), base);
    raw.brand = str(get(list(get(p, 'brands'))[0], 'name'));
    for (const v of list(get(p, 'variations')).slice(0, 1000)) {
      const variant: ExtractedVariant = { options: [], source: 'platform-json' };
      const vid = str(get(v, 'id'), 64);
      if (vid) variant.id = vid;
      for (const a of list(get(v, 'attributes'))) {
        const o = str(get(a, 'value'));
        if (o) variant.options.push(o);
      }
      if (variant.options.length) variant.name = variant.options.join(' / ');
      raw.variants.push(variant);
    }
    out.push(single(raw));
  }
  return out;
}

/** A raw record presented as a finished product (used for fetched platform JSON). */
function single(raw: RawProduct): ExtractedProduct {
  const p: ExtractedProduct = {
    variants: raw.variants,
    sources: ['platform-json'],
    disagreements: [],
  };
  const set = <K extends keyof ExtractedProduct>(key: K, value: unknown) => {
    if (value !== undefined && value !== '')
      (p as unknown as Record<string, unknown>)[key] = { value, source: 'platform-json' };
  };
  set('name', raw.name);
  set('brand', raw.brand);
  set('sku', raw.sku);
  set('gtin', raw.gtin);
  set('price', raw.price);
  set('wasPrice', raw.wasPrice);
  set('highPrice', raw.highPrice);
  set('currency', raw.currency);
  set('availability', raw.availability);
  set('rating', raw.rating);
  set('reviewCount', raw.reviewCount);
  set('image', raw.image);
  set('url', raw.url);
  if (raw.selectedVariantId) p.selectedVariantId = raw.selectedVariantId;
  return p;
}

const SHOPIFY_PRODUCT_JSON = /^product-?json/i;

/** Store currency and theme as announced in Shopify's inline bootstrap script. */
export function shopifyBootstrap(scan: PageScan): {
  currency?: string;
  theme?: string;
  themeId?: string;
  themeVersion?: string;
} {
  const out: { currency?: string; theme?: string; themeId?: string; themeVersion?: string } = {};
  for (const text of scriptsOf(scan).inline) {
    if (!text.includes('Shopify.')) continue;
    const cur = jsonAfter(text, /Shopify\.currency\s*=\s*/);
    const active = asCurrency(str(get(cur, 'active')));
    if (active) out.currency = active;
    const theme = jsonAfter(text, /Shopify\.theme\s*=\s*/);
    const name = str(get(theme, 'schema_name'), 100) ?? str(get(theme, 'name'), 100);
    if (name) out.theme = name;
    const themeId = str(get(theme, 'id'), 40);
    if (themeId) out.themeId = themeId;
    const themeVersion = str(get(theme, 'schema_version'), 20);
    if (themeVersion) out.themeVersion = themeVersion;
  }
  return out;
}

function magento(scan: PageScan): RawProduct | undefined {
  let raw: RawProduct | undefined;
  for (const text of scriptsOf(scan).magentoInit) {
    const init = safeParse(text.trim());
    if (!isObject(init)) continue;
    for (const key of Object.keys(init)) {
      const block = init[key];
      const priceConfig = get(get(block, 'priceBox'), 'priceConfig');
      const prices = get(priceConfig, 'prices');
      const final = num(get(get(prices, 'finalPrice'), 'amount'));
      if (final !== undefined && !raw) {
        raw = { source: 'platform-json', variants: [], price: final };
        const old = num(get(get(prices, 'oldPrice'), 'amount'));
        if (old !== undefined && old > final) raw.wasPrice = old;
        const id = str(get(priceConfig, 'productId'), 64);
        if (id) raw.id = id;
      }
      const sp = get(get(block, 'configurable'), 'spConfig');
      if (isObject(sp) && raw) {
        const labels = new Map<string, string[]>();
        const attributes = get(sp, 'attributes');
        if (isObject(attributes)) {
          for (const attrKey of Object.keys(attributes)) {
            for (const opt of list(get(attributes[attrKey], 'options'))) {
              const label = str(get(opt, 'label'));
              for (const pid of list(get(opt, 'products'))) {
                const k = str(pid, 64);
                if (k && label) labels.set(k, [...(labels.get(k) ?? []), label]);
              }
            }
          }
        }
        const optionPrices = get(sp, 'optionPrices');
        if (isObject(optionPrices)) {
          for (const vid of Object.keys(optionPrices).slice(0, 1000)) {
            const op = optionPrices[vid];
            const v: ExtractedVariant = {
              id: vid,
              options: labels.get(vid) ?? [],
              source: 'platform-json',
            };
            const price = num(get(get(op, 'finalPrice'), 'amount'));
            if (price !== undefined) v.price = price;
            const old = num(get(get(op, 'oldPrice'), 'amount'));
            if (old !== undefined && price !== undefined && old > price) v.wasPrice = old;
            if (v.options.length) v.name = v.options.join(' / ');
            raw.variants.push(v);
          }
        }
      }
    }
  }
  return raw;
}

function bigcommerce(scan: PageScan): RawProduct | undefined {
  for (const text of scriptsOf(scan).inline) {
    if (!text.includes('BCData')) continue;
    const data = jsonAfter(text, /BCData\s*=\s*/);
    const attrs = get(data, 'product_attributes');
    if (!isObject(attrs)) continue;
    const raw: RawProduct = { source: 'platform-json', variants: [] };
    raw.sku = str(get(attrs, 'sku'), 200);
    raw.mpn = str(get(attrs, 'mpn'), 200);
    raw.gtin = asGtin(str(get(attrs, 'gtin'), 64) ?? str(get(attrs, 'upc'), 64));
    const price = get(attrs, 'price');
    const current = get(price, 'with_tax') ?? get(price, 'without_tax');
    raw.price = num(get(current, 'value'));
    raw.currency = asCurrency(str(get(current, 'currency')));
    const was =
      get(price, 'non_sale_price_with_tax') ??
      get(price, 'non_sale_price_without_tax') ??
      get(price, 'rrp_with_tax') ??
      get(price, 'rrp_without_tax');
    const wasValue = num(get(was, 'value'));
    if (wasValue !== undefined && raw.price !== undefined && wasValue > raw.price)
      raw.wasPrice = wasValue;
    const instock = get(attrs, 'instock');
    if (typeof instock === 'boolean') raw.availability = instock ? 'InStock' : 'OutOfStock';
    return raw;
  }
  return undefined;
}

function prestashop(scan: PageScan): { raw?: RawProduct; currency?: string } {
  let currency: string | undefined;
  for (const text of scriptsOf(scan).inline) {
    if (!text.includes('prestashop')) continue;
    const ps = jsonAfter(text, /var\s+prestashop\s*=\s*/);
    currency = asCurrency(str(get(get(ps, 'currency'), 'iso_code')));
    if (currency) break;
  }
  for (const el of scan.dataElements) {
    const attr = el.getAttribute('data-product');
    if (!attr || attr[0] !== '{') continue;
    const p = safeParse(attr);
    if (!isObject(p) || get(p, 'id_product') === undefined) continue;
    const raw: RawProduct = { source: 'platform-json', variants: [] };
    raw.id = str(get(p, 'id_product'), 64);
    raw.name = str(get(p, 'name'));
    raw.sku = str(get(p, 'reference'), 200);
    raw.gtin = asGtin(
      str(get(p, 'ean13'), 64) ?? str(get(p, 'upc'), 64) ?? str(get(p, 'gtin'), 64),
    );
    raw.mpn = str(get(p, 'mpn'), 200);
    raw.price = num(get(p, 'price_amount'));
    const regular = num(get(p, 'regular_price_amount'));
    if (regular !== undefined && raw.price !== undefined && regular > raw.price)
      raw.wasPrice = regular;
    const availability = str(get(p, 'availability'));
    raw.availability =
      availability === 'available'
        ? 'InStock'
        : availability === 'unavailable'
          ? 'OutOfStock'
          : availability === 'last_remaining_items'
            ? 'LimitedAvailability'
            : undefined;
    raw.image = absoluteUrl(str(get(get(get(p, 'cover'), 'large'), 'url'), 2000), scan.base);
    if (currency) raw.currency = currency;
    const attrId = str(get(p, 'id_product_attribute'), 64);
    if (attrId && attrId !== '0') raw.selectedVariantId = attrId;
    return { raw, currency };
  }
  return { currency };
}

function woocommerce(scan: PageScan): RawProduct | undefined {
  for (const el of scan.dataElements) {
    const attr = el.getAttribute('data-product_variations');
    if (!attr || attr[0] !== '[') continue;
    const variations = safeParse(attr);
    if (!Array.isArray(variations)) continue;
    const raw: RawProduct = { source: 'platform-json', variants: [] };
    const id = el.getAttribute('data-product_id');
    if (id) raw.id = id;
    for (const v of variations.slice(0, 1000)) {
      const variant: ExtractedVariant = { options: [], source: 'platform-json' };
      const vid = str(get(v, 'variation_id'), 64);
      if (vid) variant.id = vid;
      const attrs = get(v, 'attributes');
      if (isObject(attrs)) {
        for (const k of Object.keys(attrs)) {
          const o = str(attrs[k]);
          if (o) variant.options.push(o);
        }
      }
      if (variant.options.length) variant.name = variant.options.join(' / ');
      const sku = str(get(v, 'sku'), 200);
      if (sku) variant.sku = sku;
      const price = num(get(v, 'display_price'));
      if (price !== undefined) variant.price = price;
      const regular = num(get(v, 'display_regular_price'));
      if (regular !== undefined && price !== undefined && regular > price)
        variant.wasPrice = regular;
      const inStock = get(v, 'is_in_stock');
      if (typeof inStock === 'boolean') variant.availability = inStock ? 'InStock' : 'OutOfStock';
      const img = absoluteUrl(
        str(get(get(v, 'image'), 'src'), 2000) ?? str(get(get(v, 'image'), 'url'), 2000),
        scan.base,
      );
      if (img) variant.image = img;
      raw.variants.push(variant);
    }
    return raw;
  }
  return undefined;
}

/** Products from platform data embedded in the page: Shopify, WooCommerce, Magento, BigCommerce, PrestaShop. */
export function fromPlatformJson(
  scan: PageScan,
  extrasCurrency?: string,
): { products: RawProduct[]; currency?: string } {
  const products: RawProduct[] = [];
  const info = scriptsOf(scan);
  const boot = shopifyBootstrap(scan);
  const currency = boot.currency ?? asCurrency(extrasCurrency);
  const seen = new Set<string>();
  for (const s of info.json) {
    const isProductJson =
      SHOPIFY_PRODUCT_JSON.test(s.id) ||
      /\bdata-product-json\b/.test(s.attrs) ||
      s.id.startsWith('ProductJson');
    if (!isProductJson) continue;
    const p = shopifyProduct(safeParse(s.text.trim()) ?? null, scan.base, currency);
    if (p && !(p.id && seen.has(p.id))) {
      if (p.id) seen.add(p.id);
      products.push(p);
    }
  }
  if (products.length === 0) {
    for (const text of info.inline) {
      if (!text.includes('var meta')) continue;
      const p = shopifyMeta(jsonAfter(text, /var\s+meta\s*=\s*/) ?? null, scan.base, currency);
      if (p) {
        products.push(p);
        break;
      }
    }
  }
  const woo = woocommerce(scan);
  if (woo) products.push(woo);
  const mage = magento(scan);
  if (mage) products.push(mage);
  const bc = bigcommerce(scan);
  if (bc) products.push(bc);
  const ps = prestashop(scan);
  if (ps.raw) products.push(ps.raw);
  return { products, currency: currency ?? ps.currency ?? bc?.currency };
}
