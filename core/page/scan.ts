// One walk over the document collects every element the analysers need, so a 5 MB page is
// traversed once instead of once per selector. The walk is capped: a hostile page with millions of
// nodes gets a partial (flagged) analysis rather than a frozen tab.

/** Most elements visited in one scan; beyond this the scan stops and says so. */
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

/** Walks the document once and returns the buckets every analyser reads. */
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
  // Explicit stack: hostile pages nest deeper than the JS call stack allows.
  const stack: { el: Element; md: number; rd: number; inBody: boolean; inSvg: boolean }[] = [
    { el: root, md: -1, rd: -1, inBody: false, inSvg: false },
  ];
  while (stack.length > 0) {
    const item = stack.pop()!;
    const { el } = item;
    let { md, rd, inBody } = item;
    if (++scan.elementCount > MAX_ELEMENTS) {
      scan.truncated = true;
      break;
    }
    const tag = tagOf(el);
    if (tag === 'body') inBody = true;
    const inSvg = item.inSvg || tag === 'svg';
    switch (tag) {
      case 'title':
        if (!inSvg) scan.title.push(el);
        break;
      case 'meta':
        scan.metas.push(el);
        break;
      case 'link':
        scan.links.push({ el, inBody });
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
        if (inBody) scan.nonTextInBody.push(el);
        break;
      case 'style':
      case 'noscript':
      case 'template':
        if (inBody) scan.nonTextInBody.push(el);
        break;
      default:
        break;
    }
    if (el.hasAttributes()) {
      const attrs = el.attributes;
      let isPrice = false;
      let isStock = false;
      let itemscope = false;
      let itemtype = '';
      let itemprop = '';
      let typeofAttr = '';
      let property = '';
      for (let i = 0; i < attrs.length; i++) {
        const a = attrs[i];
        if (!a) continue;
        const name = a.name;
        const value = a.value;
        if (name === 'class' || name === 'id') {
          if (!scan.hasShopifySection && value.includes('shopify-section'))
            scan.hasShopifySection = true;
          if (value.length < 300) {
            if (PRICE_WORD.test(value)) isPrice = true;
            if (STOCK_WORD.test(value)) isStock = true;
          }
        } else if (name === 'itemscope') itemscope = true;
        else if (name === 'itemtype') itemtype = value;
        else if (name === 'itemprop') itemprop = value;
        else if (name === 'typeof') typeofAttr = value;
        else if (name === 'property') property = value;
        else if (name === 'lang') scan.langElements++;
        else if (name === 'data-mage-init') scan.hasDataMageInit = true;
        else if (
          name === 'data-product_variations' ||
          name === 'data-product' ||
          name === 'data-price-amount' ||
          name === 'data-product-id'
        ) {
          scan.dataElements.push(el);
        } else if (name === 'data-price') isPrice = true;
        else if (
          name === 'name' &&
          (value === 'id' || value === 'variation_id') &&
          (tag === 'input' || tag === 'select')
        ) {
          scan.variantInputs.push(el);
        }
      }
      if (
        tag === 'button' &&
        /add|cart|buy|kauf|panier|carrito|köp|kjøp/i.test(
          el.getAttribute('name') ?? el.getAttribute('class') ?? '',
        )
      ) {
        isStock = true;
      }
      if (
        isPrice &&
        !inSvg &&
        tag !== 'script' &&
        tag !== 'style' &&
        tag !== 'meta' &&
        tag !== 'link'
      ) {
        scan.priceElements.push(el);
      }
      if (isStock && tag !== 'script' && tag !== 'style') scan.stockElements.push(el);
      if (itemprop && md >= 0) {
        for (const p of itemprop.split(/\s+/))
          if (p) scan.microdata[md]!.props.push({ name: p, el });
      }
      if (property && rd >= 0) {
        for (const p of property.split(/\s+/)) if (p) scan.rdfa[rd]!.props.push({ name: p, el });
      }
      if (itemscope) {
        scan.microdata.push({
          el,
          types: itemtype.split(/\s+/).filter(Boolean),
          parent: md,
          props: [],
        });
        md = scan.microdata.length - 1;
      }
      if (typeofAttr) {
        scan.rdfa.push({
          el,
          types: typeofAttr.split(/\s+/).filter(Boolean),
          parent: rd,
          props: [],
        });
        rd = scan.rdfa.length - 1;
      }
    }
    // Children pushed in reverse so they are visited in document order.
    const children: Element[] = [];
    for (let c = el.firstElementChild; c; c = c.nextElementSibling) children.push(c);
    for (let i = children.length - 1; i >= 0; i--) {
      stack.push({ el: children[i]!, md, rd, inBody, inSvg });
    }
  }
  return scan;
}
