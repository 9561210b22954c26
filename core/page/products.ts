// Merging what each source says into one record per product, keeping the source of every value
// and the places where sources contradict each other.
import type {
  Disagreement,
  ExtractedProduct,
  ExtractedVariant,
  Field,
  OtherCurrencyPrice,
  ValueSource,
} from './types.ts';
import { SOURCE_ORDER } from './types.ts';
import type { PageScan } from './scan.ts';
import { runSteps, type Steps } from './steps.ts';
import { scanPage, tagOf } from './scan.ts';
import type { RawProduct } from './raw.ts';
import { emptyMarkup } from './raw.ts';
import { fromJsonLd, fromMicrodata, fromOpenGraph, fromRdfa } from './structured.ts';
import { fromPlatformJson } from './platformData.ts';
import { fromVisibleText } from './visible.ts';
import { currenciesForSymbol, currencyFromHint } from './price.ts';
import { norm, variantParam } from './normalize.ts';
import type { PageExtras } from './types.ts';

export interface ExtractionDetails {
  products: ExtractedProduct[];
  /** JSON-LD blocks that could not be read, as sentences. */
  jsonLdErrors: string[];
  /** Currency the platform announced for the store, if any. */
  platformCurrency?: string;
  /** Return policy / shipping stated once for the whole store (Organization, OnlineStore). */
  storePolicies: { returnPolicy: boolean; shipping: boolean };
}

type Scalar = string | number;
const FIELDS = [
  'name',
  'brand',
  'description',
  'sku',
  'gtin',
  'mpn',
  'price',
  'wasPrice',
  'highPrice',
  'currency',
  'availability',
  'rating',
  'reviewCount',
  'image',
  'url',
] as const;
type FieldName = (typeof FIELDS)[number];
// Fields where two sources saying different things is worth telling the manager.
const COMPARED = new Set<FieldName>([
  'name',
  'sku',
  'gtin',
  'price',
  'wasPrice',
  'currency',
  'availability',
]);

function keysOf(r: RawProduct): string[] {
  const keys: string[] = [];
  if (r.sku) keys.push(`sku:${norm(r.sku)}`);
  if (r.gtin) keys.push(`gtin:${r.gtin.replace(/^0+/, '')}`);
  if (r.id) keys.push(`id:${r.id}`);
  for (const v of r.variants) {
    if (v.sku) keys.push(`sku:${norm(v.sku)}`);
    if (v.id) keys.push(`vid:${v.id}`);
  }
  if (r.name) keys.push(`name:${norm(r.name)}`);
  if (r.url) keys.push(`url:${r.url.split(/[?#]/)[0]}`);
  return keys;
}

function same(field: FieldName, a: Scalar, b: Scalar): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 0.005;
  const x = norm(String(a));
  const y = norm(String(b));
  if (field === 'name') return x === y || x.includes(y) || y.includes(x);
  if (field === 'gtin') return x.replace(/^0+/, '') === y.replace(/^0+/, '');
  // "Only 3 left" and "In stock" both mean the shopper can buy: not a contradiction.
  if (field === 'availability') return stockClass(String(a)) === stockClass(String(b));
  return x === y;
}

function stockClass(a: string): string {
  if (a === 'OutOfStock' || a === 'SoldOut' || a === 'Discontinued') return 'out';
  if (a === 'PreOrder' || a === 'PreSale' || a === 'BackOrder') return 'later';
  return a === 'Unknown' ? 'unknown' : 'in';
}

function selectVariant(variants: ExtractedVariant[], scan: PageScan): string | undefined {
  if (variants.length === 0) return undefined;
  const fromUrl = scan.base?.searchParams.get('variant') ?? undefined;
  const candidates: string[] = [];
  if (fromUrl) candidates.push(fromUrl);
  for (const input of scan.variantInputs) {
    const value =
      tagOf(input) === 'select'
        ? ((input.querySelector('option[selected]') ?? input.querySelector('option'))?.getAttribute(
            'value',
          ) ?? null)
        : input.getAttribute('value');
    if (value && value !== '0') candidates.push(value.trim());
  }
  for (const c of candidates) {
    const hit = variants.find(
      (v) => v.id === c || variantParam(v.url, scan.base) === c || v.sku === c,
    );
    if (hit?.id) return hit.id;
  }
  return undefined;
}

/**
 * Currencies the shopper may be looking at: the visible price's code, or the codes its symbol can
 * stand for, narrowed to Open Graph's when that is one of them. Undefined when nothing is shown.
 */
function shownCurrencies(ordered: RawProduct[]): string[] | undefined {
  const vis = ordered.find((r) => r.source === 'visible-text');
  if (!vis || vis.price === undefined) return undefined;
  const og = ordered.find((r) => r.source === 'open-graph')?.currency;
  if (vis.currency) return [vis.currency];
  if (!vis.currencySymbol) return undefined;
  const options = currenciesForSymbol(vis.currencySymbol);
  // A bare "$" is only trusted over the markup when another source gives a currency it can be.
  if (og && options.includes(og)) return [og];
  const confirmed = ordered.find(
    (r) => r.source !== 'visible-text' && r.currency && options.includes(r.currency),
  )?.currency;
  return confirmed ? [confirmed] : undefined;
}

/**
 * Variants that the markup knows only by SKU or id get the label the page's own variant picker
 * gives them (`<option value="123">Sand / M - €79,00</option>`), without the price part.
 */
function nameVariantsFromPage(variants: ExtractedVariant[], scan: PageScan): void {
  if (!variants.some((v) => !v.name && v.options.length === 0)) return;
  const labels = new Map<string, string>();
  for (const input of scan.variantInputs) {
    if (tagOf(input) !== 'select') continue;
    for (const o of Array.from(input.querySelectorAll('option')).slice(0, 500)) {
      const value = o.getAttribute('value')?.trim();
      const label = (o.textContent ?? '')
        .replace(/\s+/g, ' ')
        .replace(/\s+[-–—]\s+\D{0,4}\d[\d.,\s]*\D{0,4}$/, '')
        .trim();
      if (value && label) labels.set(value, label.slice(0, 120));
    }
  }
  for (const v of variants) {
    if (v.name || v.options.length > 0) continue;
    const key = v.id ?? '';
    const fromUrl = v.url ? variantParam(v.url, scan.base) : undefined;
    const label = labels.get(key) ?? (fromUrl ? labels.get(fromUrl) : undefined);
    if (label) v.name = label;
  }
}

/** Merges the raw records of one product (already in trust order) into the public shape. */
function mergeGroup(group: RawProduct[], scan: PageScan): ExtractedProduct {
  const ordered = [...group].sort(
    (a, b) => SOURCE_ORDER.indexOf(a.source) - SOURCE_ORDER.indexOf(b.source),
  );
  const product: ExtractedProduct = { variants: [], sources: [], disagreements: [] };
  for (const r of ordered) if (!product.sources.includes(r.source)) product.sources.push(r.source);

  // Variants come from the most trusted source that lists them.
  const withVariants = ordered.find((r) => r.variants.length > 0);
  if (withVariants) product.variants = withVariants.variants;
  const selectedId =
    ordered.find((r) => r.selectedVariantId)?.selectedVariantId ??
    selectVariant(product.variants, scan);
  if (selectedId) product.selectedVariantId = selectedId;
  const selected = product.variants.find((v) => v.id === selectedId);

  const selectedIn = (r: RawProduct): ExtractedVariant | undefined =>
    selected
      ? r.variants.find(
          (v) =>
            v.id === selected.id ||
            (!!selected.sku && v.sku === selected.sku) ||
            (!!v.url && variantParam(v.url, scan.base) === selected.id),
        )
      : undefined;
  // The selected variant's values stand in for the product-level ones of the same source.
  const values = (r: RawProduct, f: FieldName): Scalar | undefined => {
    const sv = selectedIn(r);
    if (sv) {
      if (f === 'price' && sv.price !== undefined) return sv.price;
      if (f === 'wasPrice' && sv.price !== undefined) return sv.wasPrice;
      if (f === 'sku' && sv.sku) return sv.sku;
      if (f === 'gtin' && sv.gtin) return sv.gtin;
      if (f === 'availability' && sv.availability) return sv.availability;
      if (f === 'image' && sv.image) return sv.image;
      if (f === 'highPrice') return undefined;
    }
    const v = r[f as keyof RawProduct];
    return typeof v === 'string' || typeof v === 'number' ? v : undefined;
  };

  // The currency the shopper sees: the visible price's, narrowed by Open Graph when that fits.
  const otherCurrency: OtherCurrencyPrice[] = [];
  const shown = shownCurrencies(ordered);

  const target = product as unknown as Record<string, Field<Scalar> | undefined>;
  for (const f of FIELDS) {
    const seen: { source: ValueSource; value: Scalar; record: RawProduct }[] = [];
    for (const r of ordered) {
      const v = values(r, f);
      if (v === undefined || v === '') continue;
      if (!seen.some((s) => s.source === r.source))
        seen.push({ source: r.source, value: v, record: r });
    }
    // A was-price belongs to a price: keep only sources whose price is the one shown.
    if (f === 'wasPrice' && product.price) {
      const shown = product.price.value;
      for (let k = seen.length - 1; k >= 0; k--) {
        const own = values(seen[k]!.record, 'price');
        if (own === undefined || !same('price', own, shown)) seen.splice(k, 1);
      }
    }
    // A markup source that read the regular price of a product on sale: when the shopper sees a sale price
    // with that regular price struck through (or Open Graph gives it as its standard amount), the
    // sale price is the current one, taken from Open Graph when it agrees, else from the page text.
    // Platform JSON knows the selected variant, so it is never overruled by the page's price block.
    if (f === 'price' && seen.length > 1 && seen[0]!.source !== 'platform-json') {
      const vis = seen.find((s) => s.source === 'visible-text');
      const og = seen.find((s) => s.source === 'open-graph');
      const sale = vis ?? og;
      const regular = [vis?.record.wasPrice, og?.record.wasPrice].filter(
        (w): w is number => w !== undefined,
      );
      if (
        sale &&
        typeof sale.value === 'number' &&
        regular.some((w) => same('price', w, seen[0]!.value)) &&
        !same('price', sale.value, seen[0]!.value)
      ) {
        const chosen = og && same('price', og.value, sale.value) ? og : sale;
        seen.splice(seen.indexOf(chosen), 1);
        seen.unshift(chosen);
      }
    }
    // Markup in another currency than the one the shopper sees (JSON-LD €43.90 on a page that
    // shows $48.00): its amounts are listed apart, never chosen, never compared with the shown one.
    if (shown && (f === 'price' || f === 'wasPrice' || f === 'highPrice' || f === 'currency')) {
      for (let k = seen.length - 1; k >= 0; k--) {
        const s = seen[k]!;
        const c = s.record.currency;
        if (s.source === 'visible-text' || !c || shown.includes(c)) continue;
        if (f === 'price' && typeof s.value === 'number')
          otherCurrency.push({ source: s.source, price: s.value, currency: c });
        seen.splice(k, 1);
      }
    }
    const first = seen[0];
    if (!first) continue;
    target[f] = { value: first.value, source: first.source };
    if (!COMPARED.has(f)) continue;
    // With a variant selected, a product-level price (the default variant's) is not comparable.
    const comparable =
      selected &&
      (f === 'price' || f === 'wasPrice' || f === 'availability' || f === 'sku' || f === 'gtin')
        ? seen.filter((s) => s.source === 'visible-text' || !!selectedIn(s.record))
        : seen;
    const head = comparable[0];
    // A price range (AggregateOffer lowPrice..highPrice) agrees with any price inside it.
    const agrees = (s: (typeof comparable)[number]): boolean => {
      if (same(f, s.value, head!.value)) return true;
      const v = s.value;
      if (f !== 'price' || typeof v !== 'number') return false;
      const inRange = (r: RawProduct, v: number) => {
        const low = r.markup?.lowPrice ?? r.price;
        const high = r.markup?.highPrice ?? r.highPrice;
        return low !== undefined && high !== undefined && v >= low - 0.005 && v <= high + 0.005;
      };
      return (
        inRange(s.record, Number(head!.value)) ||
        inRange(head!.record, v) ||
        comparable.some((o) => inRange(o.record, v) && inRange(o.record, Number(head!.value)))
      );
    };
    if (head && comparable.some((s) => !agrees(s))) {
      product.disagreements.push({
        field: f,
        values: comparable.map((s) => ({ source: s.source, value: s.value })),
      });
    }
  }

  if (otherCurrency.length > 0) product.otherCurrency = otherCurrency;
  const rangeSource = ordered.find(
    (r) => r.markup?.lowPrice !== undefined && r.markup.highPrice !== undefined,
  );
  if (rangeSource && rangeSource.markup!.highPrice! > rangeSource.markup!.lowPrice!) {
    product.priceRange = {
      low: rangeSource.markup!.lowPrice!,
      high: rangeSource.markup!.highPrice!,
      source: rangeSource.source,
    };
  }
  const rejected = ordered.flatMap((r) => r.rejected ?? []);
  if (rejected.length > 0) product.rejected = rejected;
  nameVariantsFromPage(product.variants, scan);

  const visible = ordered.find((r) => r.source === 'visible-text');
  if (visible) {
    product.visible = {};
    if (visible.price !== undefined) product.visible.price = visible.price;
    if (visible.wasPrice !== undefined) product.visible.wasPrice = visible.wasPrice;
    if (visible.currency) product.visible.currency = visible.currency;
    if (visible.currencySymbol) product.visible.symbol = visible.currencySymbol;
    if (visible.availability) product.visible.availability = visible.availability;
    // "$" on a page whose markup says EUR is a disagreement even though "$" alone has no code.
    const markupCurrency = product.currency?.value;
    if (
      !visible.currency &&
      visible.currencySymbol &&
      markupCurrency &&
      product.currency?.source !== 'visible-text'
    ) {
      const options = currenciesForSymbol(visible.currencySymbol);
      if (options.length > 0 && !options.includes(String(markupCurrency))) {
        const d: Disagreement = {
          field: 'currency',
          values: [
            { source: product.currency!.source, value: markupCurrency },
            { source: 'visible-text', value: visible.currencySymbol },
          ],
        };
        product.disagreements.push(d);
      }
    }
  }

  const structured = ordered.filter((r) => r.markup);
  if (structured.length > 0) {
    const m = emptyMarkup();
    for (const r of structured) {
      const s = r.markup!;
      m.types.push(...s.types);
      m.availabilityRaw.push(...s.availabilityRaw);
      m.currencies.push(...s.currencies);
      m.prices.push(...s.prices);
      m.gtins.push(...s.gtins);
      m.skus.push(...s.skus);
      m.images.push(...s.images);
      m.names.push(...s.names);
      m.hasShippingDetails ||= s.hasShippingDetails;
      m.hasReturnPolicy ||= s.hasReturnPolicy;
      if (s.priceValidUntil && (!m.priceValidUntil || s.priceValidUntil < m.priceValidUntil))
        m.priceValidUntil = s.priceValidUntil;
      if (s.lowPrice !== undefined) m.lowPrice ??= s.lowPrice;
      if (s.highPrice !== undefined) m.highPrice ??= s.highPrice;
    }
    product.markup = m;
  }
  return product;
}

/** Groups raw records that describe the same product (by sku, gtin, ids, name or URL). */
function group(records: RawProduct[]): RawProduct[][] {
  const groups: { members: RawProduct[]; keys: Set<string> }[] = [];
  const perSource = new Map<ValueSource, number>();
  for (const r of records) perSource.set(r.source, (perSource.get(r.source) ?? 0) + 1);
  for (const r of records) {
    const keys = keysOf(r);
    let target = groups.find((g) => keys.some((k) => g.keys.has(k)));
    if (!target && groups.length > 0) {
      const pageLevel = r.source === 'open-graph' || r.source === 'visible-text';
      const onlyOfItsSource = perSource.get(r.source) === 1;
      const first = groups[0]!;
      // A page that describes one product in several syntaxes: join them even if names differ.
      const firstName = first.members.find((m) => m.name)?.name;
      const namesAgree = !r.name || !firstName || same('name', r.name, firstName);
      if (
        pageLevel ||
        (onlyOfItsSource &&
          namesAgree &&
          groups.length === 1 &&
          !first.members.some((m) => m.source === r.source))
      ) {
        target = first;
      }
    }
    if (!target) {
      target = { members: [], keys: new Set() };
      groups.push(target);
    }
    target.members.push(r);
    for (const k of keys) target.keys.add(k);
  }
  return groups.map((g) => g.members);
}

/** Products on the page with every field's source and disagreements, plus unreadable JSON-LD. */
export function extractProductsDetailed(
  scan: PageScan,
  extras: PageExtras = {},
): ExtractionDetails {
  return runSteps(extractProductsSteps(scan, extras));
}

/** extractProductsDetailed in steps: platform data, JSON-LD, other markup, visible text, merge. */
export function* extractProductsSteps(
  scan: PageScan,
  extras: PageExtras = {},
): Steps<ExtractionDetails> {
  const platform = fromPlatformJson(scan, extras.currencyHint);
  yield;
  const jsonLd = fromJsonLd(scan);
  yield;
  const micro = fromMicrodata(scan);
  const rdfa = fromRdfa(scan);
  const og = fromOpenGraph(scan);
  yield;
  const structured: RawProduct[] = [...platform.products, ...jsonLd.products, ...micro, ...rdfa];
  // The first hint that names a currency: the user's choice, the platform's store currency, the
  // markup's, then the page language and the domain.
  const hint = [
    extras.currencyHint,
    platform.currency,
    structured.find((r) => r.currency)?.currency,
    og?.currency,
    scan.htmlLang,
    scan.base?.hostname,
  ].find((h) => !!h && currencyFromHint(h) !== undefined);
  const records: RawProduct[] = [...structured];
  if (og) records.push(og);
  const distinctStructured = group(structured).length;
  // Visible text describes the page's one product; on a listing it would pin one card's price on all.
  if (distinctStructured <= 1) {
    const visible = fromVisibleText(scan, hint);
    if (visible && (records.length > 0 || visible.price !== undefined)) records.push(visible);
    yield;
  }
  const products = group(records)
    .map((g) => mergeGroup(g, scan))
    .filter((p) => p.name || p.price || p.variants.length > 0);
  const result: ExtractionDetails = {
    products,
    jsonLdErrors: jsonLd.errors,
    storePolicies: jsonLd.policies,
  };
  if (platform.currency) result.platformCurrency = platform.currency;
  return result;
}

/** Every product on the page, each field with its source, in trust order of sources. */
export function extractProducts(
  doc: Document,
  url: string,
  extras: PageExtras = {},
): ExtractedProduct[] {
  try {
    return extractProductsDetailed(scanPage(doc, url), extras).products;
  } catch {
    return [];
  }
}
