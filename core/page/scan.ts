// One pass over the document collects every element the analysers need, so a 5 MB page is
// matched once instead of once per selector. Processing is capped: a hostile page with millions of
// matching nodes gets a partial (flagged) analysis rather than a frozen tab.

/** Most matched elements processed in one scan; beyond this the scan stops and says so. */
export const MAX_ELEMENTS = 250_000;

/** A scope opened by `itemscope` (microdata) or `typeof` (RDFa), with its own properties. */
export interface Scope {
  el: Element;
  types: string[];
  parent: number;
  props: { name: string; el: Element }[];
}

export interface PageScan {
  doc: Document;
  base: URL | null;
  htmlLang: string;
  langElements: number;
  title: Element[];
  metas: Element[];
  /** `<link>` elements with where they sit (Lighthouse ignores canonical/hreflang links in the body). */
  links: { el: Element; inBody: boolean }[];
  anchors: Element[];
  images: Element[];
  headings: Element[];
  scripts: Element[];
  microdata: Scope[];
  rdfa: Scope[];
  /** Elements whose class, id or data attribute says "price". */
  priceElements: Element[];
  /** Elements whose class or id speaks of stock or availability, and add-to-cart buttons. */
  stockElements: Element[];
  /** Elements carrying platform data in attributes (Woo variations, PrestaShop data-product, …). */
  dataElements: Element[];
  /** Form fields that hold the selected variant id (Shopify `name="id"`, Woo `variation_id`). */
  variantInputs: Element[];
  /** script/style/noscript/template inside the body: their text is not page copy. */
  nonTextInBody: Element[];
  /** Shopify section wrappers (`shopify-section` class or id) seen. */
  hasShopifySection: boolean;
  /** Magento `data-mage-init` attributes seen. */
  hasDataMageInit: boolean;
  elementCount: number;
  truncated: boolean;
}

const PRICE = 1;
const STOCK = 2;
const PRICE_WORD = /price|money|amount|preis|prix|precio|prezzo|pris|cena/i;
const STOCK_WORD =
  /stock|availab|sold-?out|soldout|lager|dispon|inventory|add-to-cart|addtocart|add_to_cart|product-form__submit|single_add_to_cart/i;

/** Lower-case tag name that works for HTML and for parsers that upper-case it. */
export function tagOf(el: Element): string {
  return (el.localName || el.tagName || '').toLowerCase();
}

/** Text of an element, whitespace collapsed, capped at `max` characters. */
export function textOf(el: Element | null | undefined, max = 500): string {
  if (!el) return '';
  const raw = el.textContent ?? '';
  const cut = raw.length > max * 4 ? raw.slice(0, max * 4) : raw;
  return cut.replace(/\s+/g, ' ').trim().slice(0, max);
}

/** Resolves `href` against the page URL; null when it cannot be resolved. */
export function resolveUrl(href: string, base: URL | null): URL | null {
  try {
    return base ? new URL(href, base) : new URL(href);
  } catch {
    return null;
  }
}

// Elements the analysers read, matched natively in one pass. Class and id words are tested in
// script over a second cheap list: substring attribute selectors are several times slower.
const TAGGED = [
  'title',
  'meta',
  'link',
  'a',
  'img',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'script',
  'style',
  'noscript',
  'template',
  '[lang]',
  '[itemscope]',
  '[itemprop]',
  '[typeof]',
  '[property]',
  '[data-product_variations]',
  '[data-product]',
  '[data-price-amount]',
  '[data-product-id]',
  '[data-mage-init]',
  'input[name=id]',
  'select[name=id]',
  'input[name=variation_id]',
].join(',');
const CLASSY = '[class],[id],[data-price],button';

// Attributes the tagged pass reads (names as the DOM reports them: lower case in HTML).
const SCANNED = new Set([
  'lang',
  'data-mage-init',
  'data-product_variations',
  'data-product',
  'data-price-amount',
  'data-product-id',
  'itemprop',
  'property',
  'itemscope',
  'typeof',
]);
const isScanned = (name: string) => SCANNED.has(name);

function classAndId(el: Element): string {
  const raw = (el as { className?: unknown }).className;
  const cls = typeof raw === 'string' ? raw : (el.getAttribute('class') ?? '');
  const id = (el as { id?: unknown }).id;
  return `${cls} ${typeof id === 'string' ? id : ''}`;
}

/** Collects, in document order, the buckets every analyser reads (one native selector pass). */
export function scanPage(doc: Document, url: string): PageScan {
  const base = resolveUrl(url, null);
  const root = doc.documentElement;
  const scan: PageScan = {
    doc,
    base,
    htmlLang: root?.getAttribute('lang')?.trim() ?? '',
    langElements: 0,
    title: [],
    metas: [],
    links: [],
    anchors: [],
    images: [],
    headings: [],
    scripts: [],
    microdata: [],
    rdfa: [],
    priceElements: [],
    stockElements: [],
    dataElements: [],
    variantInputs: [],
    nonTextInBody: [],
    hasShopifySection: false,
    hasDataMageInit: false,
    elementCount: 0,
    truncated: false,
  };
  if (!root) return scan;
  let tagged: ArrayLike<Element>;
  let classy: ArrayLike<Element>;
  try {
    tagged = doc.querySelectorAll(TAGGED);
    classy = doc.querySelectorAll(CLASSY);
  } catch {
    return scan;
  }
  const count = Math.min(tagged.length, MAX_ELEMENTS);
  const classyCount = Math.min(classy.length, MAX_ELEMENTS);
  scan.elementCount = count + classyCount;
  scan.truncated = tagged.length > MAX_ELEMENTS || classy.length > MAX_ELEMENTS;
  const body = doc.body;
  const microScopes = new Map<Element, number>();
  const rdfaScopes = new Map<Element, number>();
  const inBody = (el: Element) => !!body && body.contains(el);
  for (let i = 0; i < count; i++) {
    const el = tagged[i]!;
    const tag = tagOf(el);
    switch (tag) {
      case 'title':
        if (!el.closest('svg')) scan.title.push(el);
        break;
      case 'meta':
        scan.metas.push(el);
        break;
      case 'link':
        scan.links.push({ el, inBody: inBody(el) });
        break;
      case 'a':
        scan.anchors.push(el);
        break;
      case 'img':
        scan.images.push(el);
        break;
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6':
        scan.headings.push(el);
        break;
      case 'script':
        scan.scripts.push(el);
        if (inBody(el)) scan.nonTextInBody.push(el);
        break;
      case 'style':
      case 'noscript':
      case 'template':
        if (inBody(el)) scan.nonTextInBody.push(el);
        break;
      default:
        break;
    }
    if (!el.hasAttributes()) continue;
    // Most matched elements (links, images, headings) carry none of the attributes read below:
    // one call for their names instead of a dozen lookups.
    if (tag !== 'input' && tag !== 'select' && !el.getAttributeNames().some(isScanned)) continue;
    if (el.hasAttribute('lang')) scan.langElements++;
    if (el.hasAttribute('data-mage-init')) scan.hasDataMageInit = true;
    if (
      el.hasAttribute('data-product_variations') ||
      el.hasAttribute('data-product') ||
      el.hasAttribute('data-price-amount') ||
      el.hasAttribute('data-product-id')
    ) {
      scan.dataElements.push(el);
    }
    if (tag === 'input' || tag === 'select') {
      const nameAttr = el.getAttribute('name');
      if (nameAttr === 'id' || nameAttr === 'variation_id') scan.variantInputs.push(el);
    }
    const itemprop = el.getAttribute('itemprop');
    if (itemprop) {
      const owner = el.parentElement?.closest('[itemscope]');
      const idx = owner ? microScopes.get(owner) : undefined;
      if (idx !== undefined)
        for (const p of itemprop.split(/\s+/))
          if (p) scan.microdata[idx]!.props.push({ name: p, el });
    }
    const property = el.getAttribute('property');
    if (property) {
      const owner = el.parentElement?.closest('[typeof]');
      const idx = owner ? rdfaScopes.get(owner) : undefined;
      if (idx !== undefined)
        for (const p of property.split(/\s+/)) if (p) scan.rdfa[idx]!.props.push({ name: p, el });
    }
    if (el.hasAttribute('itemscope')) {
      const parent = el.parentElement?.closest('[itemscope]');
      const types = (el.getAttribute('itemtype') ?? '').split(/\s+/).filter(Boolean);
      scan.microdata.push({
        el,
        types,
        parent: parent ? (microScopes.get(parent) ?? -1) : -1,
        props: [],
      });
      microScopes.set(el, scan.microdata.length - 1);
    }
    const typeofAttr = el.getAttribute('typeof');
    if (typeofAttr) {
      const parent = el.parentElement?.closest('[typeof]');
      scan.rdfa.push({
        el,
        types: typeofAttr.split(/\s+/).filter(Boolean),
        parent: parent ? (rdfaScopes.get(parent) ?? -1) : -1,
        props: [],
      });
      rdfaScopes.set(el, scan.rdfa.length - 1);
    }
  }
  const wordKinds = new Map<string, number>();
  for (let i = 0; i < classyCount; i++) {
    const el = classy[i]!;
    const words = classAndId(el);
    if (!scan.hasShopifySection && words.includes('shopify-section')) scan.hasShopifySection = true;
    const tag = tagOf(el);
    if (
      tag === 'script' ||
      tag === 'style' ||
      tag === 'meta' ||
      tag === 'link' ||
      tag === 'template'
    )
      continue;
    // Pages repeat the same class lists thousands of times: each is tested once.
    let kind = 0;
    if (words.length < 400) {
      const known = wordKinds.get(words);
      if (known === undefined) {
        kind = (PRICE_WORD.test(words) ? PRICE : 0) | (STOCK_WORD.test(words) ? STOCK : 0);
        wordKinds.set(words, kind);
      } else kind = known;
    }
    if (kind & PRICE || el.hasAttribute('data-price')) {
      if (!el.closest('svg')) scan.priceElements.push(el);
    }
    const isCartButton =
      tag === 'button' &&
      /add|cart|buy|kauf|panier|carrito|köp|kjøp/i.test(el.getAttribute('name') ?? words);
    if (kind & STOCK || isCartButton) scan.stockElements.push(el);
  }
  return scan;
}
