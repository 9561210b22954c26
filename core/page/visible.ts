// What the shopper actually sees: the price block near the title and the stock wording. Fragile by
// nature, so every selector-ish rule lives here, each with the reason it exists.
import type { Availability } from './types.ts';
import type { PageScan } from './scan.ts';
import { tagOf, textOf } from './scan.ts';
import type { RawProduct } from './raw.ts';
import { availabilityFromText } from './normalize.ts';
import { parsePriceDetails } from './price.ts';

// Prices in these regions belong to other products (cart drawer, recommendations) or to payment
// widgets ("4 × €12.50"). Matched anywhere in a class or id: these words are specific enough.
const FOREIGN_REGION =
  /related|recommend|upsell|up-sell|cross-?sell|cart-?drawer|mini-?cart|minicart|drawer|recently|you-may|also-?like|complementary|bundle|predictive|announcement|shipping-bar|free-shipping|installment|klarna|afterpay|unit-price|price-per|unit_price/i;
// Page chrome, matched as whole class tokens only: "product-header" is part of the product.
const FOREIGN_TOKEN =
  /^(?:header|site-header|page-header|main-header|header-main|footer|site-footer|page-footer|footer-main|nav|navbar|navigation|main-navigation|menu|mega-menu|search|site-search)$/i;
// Struck-through or "compare at" prices, as class tokens or token parts ("price--old", "was-price").
const WAS_CLASS =
  /(?:^|[\s_-])(?:compare|was|old|strike|striked|original|before|rrp|crossed|non-sale)(?:[\s_-]|$)|regular-price|price--regular|price-item--regular|list-price|compare-at|compare_at/i;
const MAX_CANDIDATES = 80;
const MAX_ANCESTORS = 14;

function isForeign(el: Element): boolean {
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
    if (n.hasAttribute('hidden') || n.getAttribute('aria-hidden') === 'true') return true;
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

function isWas(el: Element): boolean {
  let n: Element | null = el;
  for (let i = 0; n && i < 3; i++, n = n.parentElement) {
    const tag = tagOf(n);
    if (tag === 'del' || tag === 's' || tag === 'strike') return true;
    const cls = n.getAttribute('class') ?? '';
    if (
      cls.length < 300 &&
      WAS_CLASS.test(cls) &&
      !/(?<!non-)sale|current|final|special/i.test(cls)
    )
      return true;
  }
  return false;
}

// A was-price inside the block: struck through by tag, or by a was-class ("regular-price",
// "list-price") as PrestaShop and Shopware write it. The text parser reads an unlabelled pair
// first-price-first, so the markup has to say which one is old.
function hasStruckChild(el: Element): Element | null {
  const struck = el.querySelector('del, s, strike');
  if (struck) return struck;
  const classed = el.querySelectorAll('[class]');
  for (let i = 0; i < classed.length && i < MAX_CANDIDATES; i++) {
    const cls = classed[i]!.getAttribute('class') ?? '';
    if (
      cls.length < 300 &&
      WAS_CLASS.test(cls) &&
      // "with-list-price" is the current price that has a list price beside it.
      !/(?<!non-)sale|current|final|special|with-/i.test(cls)
    )
      return classed[i]!;
  }
  return null;
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
  let checked = 0;
  for (const el of scan.priceElements) {
    if (++checked > MAX_CANDIDATES) break;
    const text = textOf(el, 200);
    if (!text || text.length > 160 || (!/\d/.test(text) && !/free|gratis|kostenlos/i.test(text)))
      continue;
    if (isForeign(el)) continue;
    const struck = hasStruckChild(el);
    if (isWas(el) && !struck) {
      if (result.wasPrice === undefined) {
        const d = parsePriceDetails(text, hint);
        if (d.now) result.wasPrice = d.now.amount;
      }
      continue;
    }
    let details = parsePriceDetails(text, hint);
    if (struck) {
      // The struck part is the old price; what remains is the current one.
      const wasText = textOf(struck, 120);
      const was = parsePriceDetails(wasText, hint).now;
      const rest = text.replace(wasText, ' ');
      const now = parsePriceDetails(rest, hint);
      if (now.now) details = { ...now, was: was ?? now.was };
    }
    const now = details.now;
    if (!now) continue;
    result.price = now.amount;
    if (now.max !== undefined) result.highPrice = now.max;
    if (now.currency) result.currency = now.currency;
    const symbol = details.all.find((m) => m.symbol)?.symbol;
    if (symbol) result.symbol = symbol;
    if (details.was && details.was.amount > now.amount) result.wasPrice = details.was.amount;
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

/** The product title as the page shows it (first `<h1>`). */
export function visibleTitle(scan: PageScan): string | undefined {
  const h1 = scan.headings.find((h) => tagOf(h) === 'h1');
  const t = textOf(h1, 300);
  return t || undefined;
}
