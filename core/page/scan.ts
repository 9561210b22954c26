// One scan of the document collects every element the analysers need, so the analysers read
// lists instead of matching the page again. Processing is capped: a hostile page with millions of
// matching nodes gets a partial (flagged) analysis rather than a frozen tab.
import { runSteps, type Steps } from './steps.ts';

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

// Each bucket is matched with native selectors of its own. A single simple selector (`a`,
// `[itemprop]`) takes Chromium's fast path, ~0.1 ms on a 1 MB page; one long selector list
// (`title,meta,…,[itemprop],…`) is tested selector by selector on every element and took ~3 ms,
// plus a tag switch per match. Buckets made of several selectors are merged in document order.
// Class and id words are tested in script over one cheap list: substring attribute selectors
// (`[class*=price i]`, ×18) took longer than the whole script loop.
const CLASSY = '[class],[id],[data-price],button';
const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];
const NON_TEXT = ['script', 'style', 'noscript', 'template'];
const DATA_ATTRS = [
  '[data-product_variations]',
  '[data-product]',
  '[data-price-amount]',
  '[data-product-id]',
];
const VARIANT_INPUTS = [
  'input[name=id]',
  'select[name=id]',
  'input[name=variation_id]',
  'select[name=variation_id]',
];

// Attributes of a matched element that used to bring it into the one-list pass: a
// `select[name=variation_id]` counted as a variant input only when it carried one of them.
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

/** Two lists in document order, merged in document order (an element in both is kept once). */
function mergeTwo(a: Element[], b: Element[]): Element[] {
  if (!a.length) return b;
  if (!b.length) return a;
  const out: Element[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      out.push(x);
      i++;
      j++;
    } else if (x.compareDocumentPosition(y) & 4 /* y follows x */) {
      out.push(x);
      i++;
    } else {
      out.push(y);
      j++;
    }
  }
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

/** A scan in progress: matched lists, each capped at MAX_ELEMENTS, and whether any was cut. */
interface Collector {
  root: ParentNode;
  count: number;
  truncated: boolean;
}

function all(c: Collector, selector: string, from: ParentNode = c.root): Element[] {
  const list = from.querySelectorAll(selector);
  const n = list.length;
  if (n > MAX_ELEMENTS) c.truncated = true;
  const m = Math.min(n, MAX_ELEMENTS);
  const out = new Array<Element>(m);
  for (let i = 0; i < m; i++) out[i] = list[i]!;
  c.count += m;
  return out;
}

function count(c: Collector, selector: string): number {
  const n = c.root.querySelectorAll(selector).length;
  if (n > MAX_ELEMENTS) c.truncated = true;
  const m = Math.min(n, MAX_ELEMENTS);
  c.count += m;
  return m;
}

function allOf(c: Collector, selectors: string[], from: ParentNode = c.root): Element[] {
  let out: Element[] = [];
  for (const s of selectors) out = mergeTwo(out, all(c, s, from));
  return out;
}

/** Collects, in document order, the buckets every analyser reads (native selectors per bucket). */
export function scanPage(doc: Document, url: string): PageScan {
  return runSteps(scanSteps(doc, url));
}

/** scanPage in steps of about a millisecond on a 1 MB page (see steps.ts). */
export function* scanSteps(doc: Document, url: string): Steps<PageScan> {
  const base = resolveUrl(url, null);
  const root = doc.documentElement;
  const htmlLang = root?.getAttribute('lang')?.trim() ?? '';
  const scan = emptyScan(doc, base, htmlLang);
  if (!root) return scan;
  const c: Collector = { root: doc, count: 0, truncated: false };
  let classy: Element[];
  let dataPrice: Set<Element>;
  let buttons: Set<Element>;
  try {
    const body = doc.body;

    scan.title = all(c, 'title').filter((el) => !el.closest('svg'));
    scan.metas = all(c, 'meta');
    scan.links = all(c, 'link').map((el) => ({ el, inBody: !!body && body.contains(el) }));
    scan.anchors = all(c, 'a');
    scan.images = all(c, 'img');
    yield;
    scan.headings = allOf(c, HEADINGS);
    scan.scripts = all(c, 'script');
    scan.nonTextInBody = body ? allOf(c, NON_TEXT, body) : [];
    scan.langElements = count(c, '[lang]');
    scan.hasDataMageInit = doc.querySelector('[data-mage-init]') !== null;
    scan.dataElements = allOf(c, DATA_ATTRS);
    scan.variantInputs = allOf(c, VARIANT_INPUTS).filter(
      (el) =>
        tagOf(el) !== 'select' ||
        el.getAttribute('name') !== 'variation_id' ||
        el.getAttributeNames().some(isScanned),
    );
    yield;
    collectScopes(c, scan);
    yield;
    classy = all(c, CLASSY);
    dataPrice = new Set(all(c, '[data-price]'));
    buttons = new Set(all(c, 'button'));
  } catch {
    return emptyScan(doc, base, htmlLang);
  }
  scan.elementCount = c.count;
  scan.truncated = c.truncated;
  // Pages repeat the same class lists thousands of times: each is tested once, keyed by the
  // attribute's own string (a joined "class id" key was a new string to hash per element).
  const wordKinds = new Map<string, number>();
  const kindOf = (words: string): number => {
    let kind = wordKinds.get(words);
    if (kind === undefined) {
      kind = (PRICE_WORD.test(words) ? PRICE : 0) | (STOCK_WORD.test(words) ? STOCK : 0);
      wordKinds.set(words, kind);
    }
    return kind;
  };
  yield;
  for (let i = 0; i < classy.length; i++) {
    if (i % 4096 === 4095) yield;
    const el = classy[i]!;
    const rawClass = (el as { className?: unknown }).className;
    const cls = typeof rawClass === 'string' ? rawClass : (el.getAttribute('class') ?? '');
    const rawId = (el as { id?: unknown }).id;
    const id = typeof rawId === 'string' ? rawId : '';
    // No word spans the space between class and id, so each is tested alone.
    if (
      !scan.hasShopifySection &&
      (cls.includes('shopify-section') || id.includes('shopify-section'))
    )
      scan.hasShopifySection = true;
    // Class and id of 400 characters or more together are not read.
    const kind = cls.length + id.length < 399 ? (cls ? kindOf(cls) : 0) | (id ? kindOf(id) : 0) : 0;
    const priced = dataPrice.size > 0 && dataPrice.has(el);
    const button = buttons.size > 0 && buttons.has(el);
    if (kind === 0 && !priced && !button) continue;
    const tag = tagOf(el);
    if (
      tag === 'script' ||
      tag === 'style' ||
      tag === 'meta' ||
      tag === 'link' ||
      tag === 'template'
    )
      continue;
    if (kind & PRICE || priced) {
      if (!el.closest('svg')) scan.priceElements.push(el);
    }
    const isCartButton =
      button &&
      tag === 'button' &&
      /add|cart|buy|kauf|panier|carrito|köp|kjøp/i.test(el.getAttribute('name') ?? `${cls} ${id}`);
    if (kind & STOCK || isCartButton) scan.stockElements.push(el);
  }
  return scan;
}

function emptyScan(doc: Document, base: URL | null, htmlLang: string): PageScan {
  return {
    doc,
    base,
    htmlLang,
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
}

/** Microdata (`itemscope`/`itemprop`) and RDFa (`typeof`/`property`) scopes with their properties. */
function collectScopes(c: Collector, scan: PageScan): void {
  collectScopesOf(
    c,
    scan.microdata,
    'itemscope',
    'itemprop',
    (el) => el.getAttribute('itemtype') ?? '',
  );
  // An RDFa scope needs a `typeof` value; an empty `itemscope` still opens a microdata one.
  collectScopesOf(c, scan.rdfa, 'typeof', 'property', (el) => el.getAttribute('typeof') || null);
}

/**
 * Scopes opened by the `scope` attribute (types from `typesOf`; null: not a scope) and the
 * `prop` properties they own. A scope's parent scope and a property's owner are ancestors, so
 * they come earlier in document order: scopes are numbered first, then properties join them in
 * document order.
 */
function collectScopesOf(
  c: Collector,
  out: Scope[],
  scope: string,
  prop: string,
  typesOf: (el: Element) => string | null,
): void {
  const scopes = new Map<Element, number>();
  const owner = `[${scope}]`;
  for (const el of all(c, owner)) {
    const types = typesOf(el);
    if (types === null) continue;
    const parent = el.parentElement?.closest(owner);
    out.push({
      el,
      types: types.split(/\s+/).filter(Boolean),
      parent: parent ? (scopes.get(parent) ?? -1) : -1,
      props: [],
    });
    scopes.set(el, out.length - 1);
  }
  if (scopes.size === 0) return;
  for (const el of all(c, `[${prop}]`)) {
    const names = el.getAttribute(prop);
    if (!names) continue;
    const at = el.parentElement?.closest(owner);
    const idx = at ? scopes.get(at) : undefined;
    if (idx !== undefined)
      for (const name of names.split(/\s+/)) if (name) out[idx]!.props.push({ name, el });
  }
}
