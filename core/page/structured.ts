// Structured data: JSON-LD, microdata and RDFa are all read into the same JSON shape and then
// through one schema.org reader, so the three cannot drift apart.
import type { ExtractedVariant, RejectedValue, ValueSource } from './types.ts';
import type { PageScan, Scope } from './scan.ts';
import { tagOf, textOf } from './scan.ts';
import type { Json, JsonObject } from './json.ts';
import { get, isObject, list, num, parseLenient, str } from './json.ts';
import type { RawProduct } from './raw.ts';
import { emptyMarkup, scriptsOf } from './raw.ts';
import { absoluteUrl, asCurrency, asGtin, toAvailability, variantParam } from './normalize.ts';
import { parseAmount } from './price.ts';

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 12;
const MAX_NODES = 5_000;
const PRODUCT_TYPES = new Set([
  'Product',
  'ProductGroup',
  'IndividualProduct',
  'ProductModel',
  'SomeProducts',
  'Vehicle',
  'Car',
]);
const GTIN_KEYS = ['gtin', 'gtin13', 'gtin12', 'gtin8', 'gtin14'];
const OPTION_KEYS = ['color', 'size', 'material', 'pattern', 'suggestedAge', 'suggestedGender'];

/** "https://schema.org/Product", "schema:Product", "Product" → "Product". */
function shortType(t: string): string {
  const s = t.trim();
  const cut = Math.max(s.lastIndexOf('/'), s.lastIndexOf('#'), s.lastIndexOf(':'));
  return cut >= 0 ? s.slice(cut + 1) : s;
}

function typesOf(obj: Json | undefined): string[] {
  return list(get(obj, '@type'))
    .map((t) => (typeof t === 'string' ? shortType(t) : ''))
    .filter(Boolean);
}

function firstStr(v: Json | undefined, max = 500): string | undefined {
  for (const item of list(v)) {
    const s = str(item, max);
    if (s) return s;
  }
  return undefined;
}

function nameOf(v: Json | undefined): string | undefined {
  for (const item of list(v)) {
    const s = str(item) ?? str(get(item, 'name'));
    if (s) return s;
  }
  return undefined;
}

function imageOf(
  v: Json | undefined,
  base: URL | null,
  resolve: (v: Json) => Json = (x) => x,
): string | undefined {
  for (const ref of list(v)) {
    const item = resolve(ref);
    const s = str(item, 2000) ?? str(get(item, 'url'), 2000) ?? str(get(item, 'contentUrl'), 2000);
    const abs = absoluteUrl(s, base);
    if (abs) return abs;
  }
  return undefined;
}

function priceOf(v: Json | undefined): number | undefined {
  for (const item of list(v)) {
    const n = num(item);
    if (n !== undefined) return n;
    if (typeof item === 'string') {
      const p = parseAmount(item.replace(/[^\d.,'\s]/g, '').trim());
      if (p !== null) return p;
    }
  }
  return undefined;
}

/** Resolves `{ "@id": … }` references against the nodes of the same document. */
type Resolver = (v: Json) => Json;

interface OfferRead {
  name?: string;
  price?: number;
  wasPrice?: number;
  currency?: string;
  availability?: RawProduct['availability'];
  url?: string;
  sku?: string;
  gtin?: string;
  lowPrice?: number;
  highPrice?: number;
}

function readOffer(offer: Json, raw: RawProduct, resolve: Resolver, base: URL | null): OfferRead[] {
  const o = resolve(offer);
  if (!isObject(o)) return [];
  const types = typesOf(o);
  const markup = raw.markup!;
  markup.types.push(...(types.length ? types : ['Offer']));
  const read: OfferRead = {};
  read.name = str(get(o, 'name'), 200);
  read.price = priceOf(get(o, 'price'));
  read.currency = asCurrency(str(get(o, 'priceCurrency')));
  const availability = firstStr(get(o, 'availability'));
  if (availability) {
    markup.availabilityRaw.push(availability);
    read.availability = toAvailability(availability);
  }
  const until = firstStr(get(o, 'priceValidUntil'));
  if (until && (!markup.priceValidUntil || until < markup.priceValidUntil))
    markup.priceValidUntil = until;
  if (get(o, 'shippingDetails') !== undefined) markup.hasShippingDetails = true;
  if (get(o, 'hasMerchantReturnPolicy') !== undefined) markup.hasReturnPolicy = true;
  for (const specRef of list(get(o, 'priceSpecification'))) {
    const spec = resolve(specRef);
    const priceType = firstStr(get(spec, 'priceType')) ?? '';
    const specPrice = priceOf(get(spec, 'price'));
    const specCurrency = asCurrency(str(get(spec, 'priceCurrency')));
    if (/StrikethroughPrice|ListPrice|SRP|MSRP/i.test(priceType)) {
      if (specPrice !== undefined) read.wasPrice = specPrice;
    } else if (specPrice !== undefined && read.price === undefined) {
      // A UnitPriceSpecification with a reference quantity is a unit price, not the shelf price.
      if (get(spec, 'referenceQuantity') === undefined) read.price = specPrice;
    }
    if (specCurrency && !read.currency) read.currency = specCurrency;
  }
  read.url = absoluteUrl(str(get(o, 'url'), 2000), base);
  read.sku = str(get(o, 'sku'), 200);
  for (const k of GTIN_KEYS) {
    const g = str(get(o, k), 100);
    if (g) {
      markup.gtins.push({ key: k, value: g });
      read.gtin ??= asGtin(g);
    }
  }
  if (types.includes('AggregateOffer')) {
    read.lowPrice = priceOf(get(o, 'lowPrice'));
    read.highPrice = priceOf(get(o, 'highPrice'));
    if (read.lowPrice !== undefined) markup.lowPrice = read.lowPrice;
    if (read.highPrice !== undefined) markup.highPrice = read.highPrice;
    if (read.price === undefined) read.price = read.lowPrice;
    const nested = list(get(o, 'offers')).flatMap((n) => readOffer(n, raw, resolve, base));
    if (read.currency) markup.currencies.push(read.currency);
    if (read.price !== undefined) markup.prices.push(read.price);
    return [read, ...nested];
  }
  if (read.currency) markup.currencies.push(read.currency);
  if (read.price !== undefined) markup.prices.push(read.price);
  return [read];
}

/** What a variant's name adds to its product's ("Tablets 6 Treatment Pack" → "6 Treatment Pack"). */
function variantLabel(name: string, parent: string | undefined): string | undefined {
  if (!parent) return name;
  if (name === parent) return undefined;
  if (!name.toLowerCase().startsWith(parent.toLowerCase())) return name;
  return (
    name
      .slice(parent.length)
      .replace(/^[\s,:|/–—-]+/, '')
      .trim() || undefined
  );
}

function reject(raw: RawProduct, field: RejectedValue['field'], value: unknown, reason: string) {
  (raw.rejected ??= []).push({
    field,
    source: raw.source,
    value: String(value).slice(0, 40),
    reason,
  });
}

/**
 * Rating and review count, range-checked: a rating must lie within worstRating..bestRating
 * (schema.org defaults 1 and 5; 0 is accepted as the floor some widgets write), a count must be a
 * whole number ≥ 0. A value out of range is refused and reported, never shown as the rating.
 */
function readRating(rating: Json, raw: RawProduct): void {
  if (!isObject(rating)) return;
  const rawValue = get(rating, 'ratingValue');
  const value = num(rawValue) ?? priceOf(rawValue);
  const best = num(get(rating, 'bestRating')) ?? priceOf(get(rating, 'bestRating')) ?? 5;
  const worst = Math.min(0, num(get(rating, 'worstRating')) ?? 0);
  if (value !== undefined) {
    if (!Number.isFinite(value) || value < worst || value > best || best <= 0)
      reject(raw, 'rating', value, `outside ${worst}..${best}`);
    else raw.rating = value;
  }
  for (const key of ['reviewCount', 'ratingCount']) {
    const c = get(rating, key);
    if (c === undefined || c === null || c === '') continue;
    const n = num(c);
    if (n === undefined || n < 0 || !Number.isInteger(n)) {
      reject(
        raw,
        'reviewCount',
        typeof c === 'object' ? JSON.stringify(c) : c,
        'not a whole number ≥ 0',
      );
      continue;
    }
    raw.reviewCount ??= n;
  }
}

/** Reads one schema.org Product/ProductGroup object (from any of the three syntaxes). */
function readProduct(
  obj: JsonObject,
  source: ValueSource,
  resolve: Resolver,
  base: URL | null,
  depth: number,
): RawProduct {
  const raw: RawProduct = { source, variants: [], markup: emptyMarkup() };
  const markup = raw.markup!;
  raw.name = str(get(obj, 'name'));
  if (raw.name) markup.names.push(raw.name);
  raw.description = str(get(obj, 'description'), 5000);
  raw.brand = nameOf(resolve(get(obj, 'brand') ?? null)) ?? nameOf(get(obj, 'manufacturer'));
  raw.sku = str(get(obj, 'sku'), 200);
  if (raw.sku) markup.skus.push(raw.sku);
  raw.mpn = str(get(obj, 'mpn'), 200);
  for (const k of GTIN_KEYS) {
    const g = str(get(obj, k), 100);
    if (g) {
      markup.gtins.push({ key: k, value: g });
      raw.gtin ??= asGtin(g);
    }
  }
  raw.image = imageOf(get(obj, 'image'), base, resolve);
  if (raw.image) markup.images.push(raw.image);
  raw.url = absoluteUrl(str(get(obj, 'url'), 2000), base);
  const pid = str(get(obj, 'productID'), 200) ?? str(get(obj, 'productGroupID'), 200);
  if (pid) raw.id = pid;
  const rating = resolve(get(obj, 'aggregateRating') ?? null);
  readRating(rating, raw);
  if (get(obj, 'hasMerchantReturnPolicy') !== undefined) markup.hasReturnPolicy = true;

  const offers = list(get(obj, 'offers')).flatMap((o) => readOffer(o, raw, resolve, base));
  const main = offers.find((o) => o.price !== undefined) ?? offers[0];
  if (main) {
    raw.price = main.price;
    raw.wasPrice = main.wasPrice;
    raw.currency = main.currency ?? offers.find((o) => o.currency)?.currency;
    raw.availability = main.availability;
    if (main.highPrice !== undefined && main.highPrice !== main.price)
      raw.highPrice = main.highPrice;
    raw.sku ??= main.sku;
    raw.gtin ??= main.gtin;
  }
  // Several offers with their own URL or SKU are variants (Shopify themes write one per variant).
  const distinct = offers.filter((o) => !o.lowPrice && (o.url || o.sku));
  if (distinct.length > 1) {
    for (const o of distinct) {
      const v: ExtractedVariant = { options: [], source };
      const label = o.name ? variantLabel(o.name, raw.name) : undefined;
      if (label) v.name = label;
      const id = variantParam(o.url, base) ?? o.sku;
      if (id) v.id = id;
      if (o.sku) v.sku = o.sku;
      if (o.gtin) v.gtin = o.gtin;
      if (o.price !== undefined) v.price = o.price;
      if (o.wasPrice !== undefined) v.wasPrice = o.wasPrice;
      if (o.currency) v.currency = o.currency;
      if (o.availability) v.availability = o.availability;
      if (o.url) v.url = o.url;
      raw.variants.push(v);
    }
  }
  if (depth < 3) {
    for (const vref of list(get(obj, 'hasVariant')).slice(0, 500)) {
      const vobj = resolve(vref);
      if (!isObject(vobj)) continue;
      const vp = readProduct(vobj, source, resolve, base, depth + 1);
      mergeMarkup(markup, vp.markup!);
      const v: ExtractedVariant = { options: [], source };
      const id = variantParam(vp.url, base) ?? vp.sku ?? vp.id;
      if (id) v.id = id;
      // A variant is named by its option values ("Sand / M"), else by what its name adds to the
      // product's ("Linen Overshirt - Sand / M" → "Sand / M"); never by its SKU.
      const label = vp.name ? variantLabel(vp.name, raw.name) : undefined;
      if (label) v.name = label;
      if (vp.sku) v.sku = vp.sku;
      if (vp.gtin) v.gtin = vp.gtin;
      if (vp.price !== undefined) v.price = vp.price;
      if (vp.wasPrice !== undefined) v.wasPrice = vp.wasPrice;
      if (vp.currency) v.currency = vp.currency;
      if (vp.availability) v.availability = vp.availability;
      if (vp.image) v.image = vp.image;
      if (vp.url) v.url = vp.url;
      for (const k of OPTION_KEYS) {
        const o = nameOf(get(vobj, k));
        if (o) v.options.push(o);
      }
      if (v.options.length > 0) v.name = v.options.join(' / ');
      raw.variants.push(v);
      raw.brand ??= vp.brand;
      raw.image ??= vp.image;
    }
    if (raw.price === undefined) {
      const priced = raw.variants.filter((v) => v.price !== undefined);
      if (priced.length) {
        raw.price = Math.min(...priced.map((v) => v.price!));
        raw.currency ??= priced.find((v) => v.currency)?.currency;
        const high = Math.max(...priced.map((v) => v.price!));
        if (high !== raw.price) raw.highPrice = high;
      }
    }
  }
  return raw;
}

function mergeMarkup(
  into: RawProduct['markup'] & object,
  from: RawProduct['markup'] & object,
): void {
  into.types.push(...from.types);
  into.availabilityRaw.push(...from.availabilityRaw);
  into.currencies.push(...from.currencies);
  into.prices.push(...from.prices);
  into.gtins.push(...from.gtins);
  into.skus.push(...from.skus);
  into.images.push(...from.images);
  if (from.hasShippingDetails) into.hasShippingDetails = true;
  if (from.hasReturnPolicy) into.hasReturnPolicy = true;
  if (
    from.priceValidUntil &&
    (!into.priceValidUntil || from.priceValidUntil < into.priceValidUntil)
  ) {
    into.priceValidUntil = from.priceValidUntil;
  }
}

/** Finds product objects anywhere in a JSON tree (`@graph`, ItemList, mainEntity, arrays). */
/** Store-wide policies Google accepts on the Organization / OnlineStore instead of each Offer. */
export interface StorePolicies {
  returnPolicy: boolean;
  shipping: boolean;
}

const STORE_TYPES = new Set([
  'Organization',
  'OnlineStore',
  'OnlineBusiness',
  'Store',
  'LocalBusiness',
  'Corporation',
]);

function collectProducts(
  roots: Json[],
  source: ValueSource,
  base: URL | null,
  policies?: StorePolicies,
): RawProduct[] {
  const byId = new Map<string, JsonObject>();
  const products: JsonObject[] = [];
  let visited = 0;
  const walk = (node: Json, depth: number, insideProduct: boolean): void => {
    if (depth > MAX_DEPTH || ++visited > MAX_NODES) return;
    if (Array.isArray(node)) {
      for (const n of node) walk(n, depth + 1, insideProduct);
      return;
    }
    if (!isObject(node)) return;
    const id = str(get(node, '@id'), 2000);
    if (id && Object.keys(node).length > 1 && !byId.has(id)) byId.set(id, node);
    const types = typesOf(node);
    const isProduct = types.some((t) => PRODUCT_TYPES.has(t));
    if (isProduct && !insideProduct) products.push(node);
    if (policies && types.some((t) => STORE_TYPES.has(t))) {
      if (get(node, 'hasMerchantReturnPolicy') !== undefined) policies.returnPolicy = true;
      if (
        get(node, 'hasShippingService') !== undefined ||
        get(node, 'shippingDetails') !== undefined
      )
        policies.shipping = true;
    }
    // Products nested in a product (variants, offers' items, related items) are not listed on their own.
    for (const key of Object.keys(node)) {
      if (key !== '@context') walk(node[key]!, depth + 1, insideProduct || isProduct);
    }
  };
  for (const r of roots) walk(r, 0, false);
  const resolve: Resolver = (v) => {
    const ref = str(get(v, '@id'), 2000);
    if (ref && isObject(v) && Object.keys(v).length === 1) return byId.get(ref) ?? v;
    return v;
  };
  // Variant-first markup (each variant a Product with isVariantOf) is folded into one group.
  const groups = new Map<string, { group: JsonObject; members: JsonObject[] }>();
  const out: JsonObject[] = [];
  for (const p of products) {
    const parent = resolve(get(p, 'isVariantOf') ?? null);
    const key = isObject(parent)
      ? (str(get(parent, '@id'), 2000) ??
        str(get(parent, 'productGroupID'), 200) ??
        str(get(parent, 'name')))
      : undefined;
    if (!isObject(parent) || !key) {
      if (!out.includes(p)) out.push(p);
      continue;
    }
    let entry = groups.get(key);
    if (!entry) {
      entry = { group: parent, members: [] };
      groups.set(key, entry);
      // The group may already be listed on its own (a top-level node of the same @graph).
      if (!out.includes(parent)) out.push(parent);
    }
    entry.members.push(p);
  }
  return out.map((p) => {
    const entry = [...groups.values()].find((g) => g.group === p);
    if (!entry) return readProduct(p, source, resolve, base, 0);
    const merged = Object.create(null) as JsonObject;
    for (const k of Object.keys(entry.group)) merged[k] = entry.group[k]!;
    merged['hasVariant'] = entry.members;
    return readProduct(merged, source, resolve, base, 0);
  });
}

/** Products from every `<script type="application/ld+json">`, plus the blocks that could not be read. */
export function fromJsonLd(scan: PageScan): {
  products: RawProduct[];
  errors: string[];
  policies: StorePolicies;
} {
  const errors: string[] = [];
  const roots: Json[] = [];
  let total = 0;
  scriptsOf(scan).jsonLd.forEach((text, i) => {
    total += text.length;
    if (total > 8_000_000) {
      errors.push(`JSON-LD block ${i + 1} was skipped: the page carries more than 8 MB of JSON-LD`);
      return;
    }
    const parsed = parseLenient(text);
    if (parsed.error) errors.push(`JSON-LD block ${i + 1} ${parsed.error}`);
    else if (parsed.value !== undefined) roots.push(parsed.value);
  });
  const policies: StorePolicies = { returnPolicy: false, shipping: false };
  return { products: collectProducts(roots, 'json-ld', scan.base, policies), errors, policies };
}

function microdataValue(el: Element): string {
  const tag = tagOf(el);
  const attr = (n: string) => el.getAttribute(n) ?? '';
  switch (tag) {
    case 'meta':
      return attr('content');
    case 'img':
    case 'audio':
    case 'video':
    case 'source':
    case 'iframe':
    case 'embed':
    case 'track':
      return attr('src');
    case 'a':
    case 'area':
    case 'link':
      return attr('href');
    case 'object':
      return attr('data');
    case 'data':
    case 'meter':
      return attr('value');
    case 'time':
      return el.getAttribute('datetime') ?? textOf(el);
    default:
      return el.getAttribute('content') ?? textOf(el, 2000);
  }
}

function rdfaValue(el: Element): string {
  return (
    el.getAttribute('content') ??
    el.getAttribute('resource') ??
    el.getAttribute('href') ??
    el.getAttribute('src') ??
    textOf(el, 2000)
  );
}

/** Turns microdata or RDFa scopes into JSON objects shaped like JSON-LD. */
function scopesToJson(
  scopes: Scope[],
  valueOf: (el: Element) => string,
  stripPrefix: boolean,
): Json[] {
  const index = new Map<Element, number>();
  scopes.forEach((s, i) => index.set(s.el, i));
  const build = (i: number, depth: number): JsonObject => {
    const scope = scopes[i]!;
    const obj: JsonObject = Object.create(null) as JsonObject;
    obj['@type'] = scope.types.map(shortType);
    for (const { name, el } of scope.props) {
      const key = stripPrefix ? name.replace(/^(?:schema|sdo|s):/, '') : shortType(name);
      if (FORBIDDEN.has(key) || key.includes(':')) continue;
      const child = index.get(el);
      const value: Json =
        child !== undefined && child !== i && depth < MAX_DEPTH
          ? build(child, depth + 1)
          : valueOf(el);
      const prev = obj[key];
      obj[key] =
        prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
    }
    return obj;
  };
  // Scopes that are another scope's property value are reached through that property.
  const nested = new Set<Element>();
  for (const s of scopes) for (const p of s.props) if (index.has(p.el)) nested.add(p.el);
  const roots: Json[] = [];
  scopes.forEach((s, i) => {
    if (!nested.has(s.el)) roots.push(build(i, 0));
  });
  return roots;
}

/** Products described with microdata (`itemscope itemtype=…/Product`). */
export function fromMicrodata(scan: PageScan): RawProduct[] {
  if (scan.microdata.length === 0) return [];
  return collectProducts(
    scopesToJson(scan.microdata, microdataValue, false),
    'microdata',
    scan.base,
  );
}

/** Products described with RDFa Lite (`typeof="Product"`, `property=…`). */
export function fromRdfa(scan: PageScan): RawProduct[] {
  if (scan.rdfa.length === 0) return [];
  return collectProducts(scopesToJson(scan.rdfa, rdfaValue, true), 'rdfa', scan.base);
}

/** The page-level product described by Open Graph / Facebook catalog meta tags. */
export function fromOpenGraph(scan: PageScan): RawProduct | undefined {
  const og = new Map<string, string>();
  for (const m of scan.metas) {
    const key = (m.getAttribute('property') ?? m.getAttribute('name') ?? '').trim().toLowerCase();
    if (!/^(?:og|product):/.test(key) || og.has(key)) continue;
    og.set(key, (m.getAttribute('content') ?? '').trim().slice(0, 2000));
  }
  const amount =
    og.get('product:price:amount') ??
    og.get('og:price:amount') ??
    og.get('product:sale_price:amount');
  const isProduct = /product/i.test(og.get('og:type') ?? '') || amount !== undefined;
  if (!isProduct) return undefined;
  const raw: RawProduct = { source: 'open-graph', variants: [] };
  raw.name = str(og.get('og:title'));
  const price = amount !== undefined ? priceOf(amount) : undefined;
  if (price !== undefined) raw.price = price;
  raw.currency = asCurrency(og.get('product:price:currency') ?? og.get('og:price:currency'));
  const sale = og.get('product:sale_price:amount');
  const regular = og.get('product:original_price:amount');
  if (sale !== undefined && regular !== undefined) {
    raw.price = priceOf(sale);
    raw.wasPrice = priceOf(regular);
  }
  // Some shop themes write the regular price as og:price:standard_amount beside the sale price in
  // product:price:amount: the standard amount is the was-price, never the current one.
  const standard = og.get('og:price:standard_amount') ?? og.get('product:price:standard_amount');
  const standardPrice = standard !== undefined ? priceOf(standard) : undefined;
  if (standardPrice !== undefined && raw.price !== undefined && standardPrice > raw.price)
    raw.wasPrice ??= standardPrice;
  raw.availability = toAvailability(og.get('product:availability') ?? og.get('og:availability'));
  raw.brand = str(og.get('product:brand'));
  raw.sku = str(og.get('product:retailer_item_id'));
  raw.gtin = asGtin(og.get('product:ean') ?? og.get('product:upc') ?? og.get('product:gtin'));
  raw.image = absoluteUrl(og.get('og:image:secure_url') ?? og.get('og:image'), scan.base);
  raw.url = absoluteUrl(og.get('og:url'), scan.base);
  return raw;
}
