// What the shopper actually sees: the price block near the title and the stock wording. Fragile by
// nature, so every selector-ish rule lives here, each with the reason it exists.
import type { Availability } from './types.ts';
import type { PageScan } from './scan.ts';
import { tagOf, textOf } from './scan.ts';
import type { RawProduct } from './raw.ts';
import { availabilityFromText } from './normalize.ts';
import { parsePriceDetails } from './price.ts';
import type { StyleReader } from './style.ts';
import { styleOf } from './style.ts';

// Prices in these regions belong to other products (cart drawer, recommendations) or to payment
// widgets ("4 × €12.50"). Matched anywhere in a class or id: these words are specific enough.
const FOREIGN_REGION =
  /related|recommend|upsell|up-sell|cross-?sell|cart-?drawer|mini-?cart|minicart|drawer|recently|you-may|also-?like|complementary|bundle|predictive|announcement|shipping-bar|free-shipping|installment|klarna|afterpay|unit-price|price-per|unit_price/i;
// Page chrome, matched as whole class tokens only: "product-header" is part of the product.
const FOREIGN_TOKEN =
  /^(?:header|site-header|page-header|main-header|header-main|footer|site-footer|page-footer|footer-main|nav|navbar|navigation|main-navigation|menu|mega-menu|search|site-search)$/i;
// Struck-through or "compare at" prices, as class tokens or token parts ("price--old", "was-price").
const WAS_CLASS =
  /(?:^|[\s_-])(?:compare|was|old|strike|striked|original|before|rrp|crossed|non-sale)(?:[\s_-]|$)|regular-price|price--regular|price-item--regular|(?<!with-|has-)list-price|compare-at|compare_at/i;
const MAX_CANDIDATES = 80;
const MAX_ANCESTORS = 14;

function isForeign(el: Element, ariaHiddenIsForeign = true): boolean {
  let n: Element | null = el;
  for (let i = 0; n && i < MAX_ANCESTORS; i++, n = n.parentElement) {
    const tag = tagOf(n);
    if (tag === 'template' || tag === 'noscript' || tag === 'aside') return true;
    // <header>/<footer>/<nav> are page chrome unless they sit inside the main content or an article.
    if (
      (tag === 'header' || tag === 'footer' || tag === 'nav') &&
      !n.closest('main, article, [role="main"]')
    ) {
      return true;
    }
    if (n.hasAttribute('hidden')) return true;
    if (ariaHiddenIsForeign && n.getAttribute('aria-hidden') === 'true') return true;
    const style = n.getAttribute('style');
    if (style && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style)) return true;
    const cls = `${n.getAttribute('class') ?? ''} ${n.getAttribute('id') ?? ''}`;
    if (cls.length < 400) {
      if (FOREIGN_REGION.test(cls)) return true;
      for (const token of cls.split(/\s+/)) if (token && FOREIGN_TOKEN.test(token)) return true;
    }
  }
  return false;
}

function wasClass(n: Element): boolean {
  const cls = n.getAttribute('class') ?? '';
  return (
    cls.length < 300 && WAS_CLASS.test(cls) && !/(?<!non-)sale|current|final|special/i.test(cls)
  );
}

function isWas(el: Element, style: StyleReader): boolean {
  if (style.struck(el)) return true;
  let n: Element | null = el;
  for (let i = 0; n && i < 3; i++, n = n.parentElement) if (wasClass(n)) return true;
  return false;
}

const MAX_WALK = 400;

/**
 * The text of a price block split as the shopper reads it: struck-through parts (<del>, <s>, CSS
 * line-through) are the was-price, and so are parts with a was-class ("regular-price",
 * "list-price") beside a current price; hidden parts and screen-reader labels ("Original price
 * was: …") are left out.
 */
function splitPriceText(el: Element, style: StyleReader): { now: string; was: string } {
  let now = '';
  let was = '';
  let classed = '';
  let visited = 0;
  const walk = (node: Node, mark: 'now' | 'was' | 'classed', depth: number): void => {
    if (++visited > MAX_WALK || depth > 12) return;
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === 3) {
        const t = child.textContent ?? '';
        if (mark === 'was') was += t;
        else if (mark === 'classed') classed += t;
        else now += t;
        continue;
      }
      if (child.nodeType !== 1) continue;
      const c = child as Element;
      const tag = tagOf(c);
      if (tag === 'script' || tag === 'style' || tag === 'template' || tag === 'noscript') continue;
      if (style.screenReaderOnly(c) || style.hidden(c)) continue;
      const struck = tag === 'del' || tag === 's' || tag === 'strike' || style.struck(c);
      const next =
        mark === 'was' || struck
          ? 'was'
          : mark === 'classed' || (wasClass(c) && !/with-/i.test(c.getAttribute('class') ?? ''))
            ? 'classed'
            : 'now';
      walk(c, next, depth + 1);
    }
  };
  walk(el, 'now', 0);
  const clean = (s: string) => s.replace(/\s+/g, ' ').trim().slice(0, 200);
  const hasPrice = (s: string) => /\d/.test(s);
  // A was-class part ("regular-price", "list-price", PrestaShop/Shopware) is the old price beside
  // a current one; alone it is the current price (Dawn's "price-item--regular" when not on sale).
  if (!hasPrice(now) && hasPrice(classed)) return { now: clean(classed), was: clean(was) };
  return { now: clean(now), was: clean(was) || clean(classed) };
}

export interface VisiblePrice {
  price?: number;
  wasPrice?: number;
  highPrice?: number;
  currency?: string;
  symbol?: string;
  text?: string;
}

/** The main visible price block: first priced element outside foreign regions, was-price kept apart. */
export function visiblePrice(scan: PageScan, hint: string | undefined): VisiblePrice {
  const result: VisiblePrice = {};
  const style = styleOf(scan);
  let checked = 0;
  for (const el of scan.priceElements) {
    if (++checked > MAX_CANDIDATES) break;
    const text = textOf(el, 200);
    if (!text || text.length > 160 || (!/\d/.test(text) && !/free|gratis|kostenlos/i.test(text)))
      continue;
    if (isForeign(el) || style.hidden(el) || style.screenReaderOnly(el)) continue;
    const parts = splitPriceText(el, style);
    if (isWas(el, style)) {
      if (result.wasPrice === undefined) {
        const d = parsePriceDetails(parts.now || parts.was || text, hint);
        if (d.now) result.wasPrice = d.now.amount;
      }
      continue;
    }
    if (!parts.now || !/\d|free|gratis|kostenlos/i.test(parts.now)) {
      // Only a struck-through price in this block: it is a was-price, the current one follows.
      if (parts.was && result.wasPrice === undefined) {
        const w = parsePriceDetails(parts.was, hint).now;
        if (w) result.wasPrice = w.amount;
      }
      continue;
    }
    const details = parsePriceDetails(parts.now, hint);
    const now = details.now;
    if (!now) continue;
    const struckDetails = parts.was ? parsePriceDetails(parts.was, hint) : undefined;
    const struckWas = struckDetails?.now;
    result.price = now.amount;
    if (now.max !== undefined) result.highPrice = now.max;
    if (now.currency) result.currency = now.currency;
    else if (struckWas?.currency) result.currency = struckWas.currency;
    const symbol = [...details.all, ...(struckDetails?.all ?? [])].find((m) => m.symbol)?.symbol;
    if (symbol) result.symbol = symbol;
    const was = struckWas && struckWas.amount > now.amount ? struckWas : details.was;
    if (was && was.amount > now.amount) result.wasPrice = was.amount;
    else if (result.wasPrice !== undefined && result.wasPrice <= now.amount) delete result.wasPrice;
    result.text = text;
    return result;
  }
  return result;
}

/**
 * Stock state as the shopper reads it. The add-to-cart button decides first: themes ship
 * "Sold out" badges and labels that CSS hides, but a disabled or "Sold out" button is what
 * stops the purchase. Stock labels decide when there is no button (e.g. WooCommerce out of stock).
 */
export function visibleAvailability(scan: PageScan): Availability | undefined {
  let fromButton: Availability | undefined;
  let fromLabel: Availability | undefined;
  let checked = 0;
  for (const el of scan.stockElements) {
    if (++checked > MAX_CANDIDATES) break;
    if (isForeign(el)) continue;
    const tag = tagOf(el);
    const isButton =
      tag === 'button' || (tag === 'input' && /submit|button/i.test(el.getAttribute('type') ?? ''));
    const text = tag === 'input' ? (el.getAttribute('value') ?? '') : textOf(el, 200);
    if (isButton) {
      if (fromButton) continue;
      if (el.hasAttribute('disabled') || el.getAttribute('aria-disabled') === 'true')
        fromButton = 'OutOfStock';
      else fromButton = availabilityFromText(text);
      continue;
    }
    if (fromLabel || text.length > 200) continue;
    const a = availabilityFromText(text);
    if (a && (a !== 'InStock' || /stock|lager|voorraad|dispon|availab|lieferbar/i.test(text)))
      fromLabel = a;
  }
  if (fromButton === 'OutOfStock' || !fromLabel) return fromButton ?? fromLabel;
  // A label saying "last items" or "pre-order" is more precise than a working button.
  return fromLabel === 'OutOfStock' || fromLabel === 'InStock'
    ? (fromButton ?? fromLabel)
    : fromLabel;
}

/** The page's visible product: the `<h1>`, the main price block and the stock wording. */
export function fromVisibleText(scan: PageScan, hint: string | undefined): RawProduct | undefined {
  const raw: RawProduct = { source: 'visible-text', variants: [] };
  raw.name = visibleTitle(scan);
  const price = visiblePrice(scan, hint);
  if (price.price !== undefined) raw.price = price.price;
  if (price.wasPrice !== undefined) raw.wasPrice = price.wasPrice;
  if (price.highPrice !== undefined) raw.highPrice = price.highPrice;
  if (price.currency) raw.currency = price.currency;
  else if (price.symbol) raw.currencySymbol = price.symbol;
  raw.availability = visibleAvailability(scan);
  if (!raw.name && raw.price === undefined) return undefined;
  return raw;
}

const PRODUCT_TITLE =
  /(?:^|[\s_-])(?:product|productTitle|product_title|product-title|product__title|product-name|product_name|product-single__title|pdp-title)(?:[\s_-]|$)|itemprop=name|^#title\b/i;

/** Class, id and itemprop words of a heading and its first child (Amazon wraps the title in a span). */
function titleWords(h: Element): string {
  const child = h.firstElementChild;
  const words = (e: Element | null) =>
    e
      ? `${e.getAttribute('class') ?? ''} ${e.getAttribute('id') ?? ''}${e.getAttribute('itemprop') === 'name' ? ' itemprop=name' : ''}`
      : '';
  return `${h.getAttribute('id') === 'title' ? '#title ' : ''}${words(h)} ${words(child)}`.slice(
    0,
    400,
  );
}

/**
 * The product title as the page shows it: the first `<h1>` a shopper can see. Text hidden by CSS
 * or `hidden`, marked `aria-hidden`, read only by screen readers, or inside a cookie dialog is never
 * the product name.
 */
export function visibleTitle(scan: PageScan): string | undefined {
  const style = styleOf(scan);
  const shown = scan.headings.filter(
    (h) => tagOf(h) === 'h1' && !style.hiddenOrSilent(h) && !style.inConsentDialog(h),
  );
  // The heading the theme marks as the product title comes first (Amazon's h1#title, themes'
  // "product-title"/"product__title", itemprop="name"); a logo <h1> in the site header or one in a
  // cart drawer is the product's only when it is the one heading there is.
  const marked = shown.filter((h) => PRODUCT_TITLE.test(titleWords(h)));
  const own = shown.filter((h) => !isForeign(h, false));
  for (const h of [...marked, ...own, ...shown]) {
    const t = textOf(h, 300);
    if (t) return t;
  }
  return undefined;
}
