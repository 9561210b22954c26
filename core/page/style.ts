// How an element renders, as far as the page lets us know. In the browser the content script's
// document has a window: `checkVisibility()` and computed styles answer. A parsed document (tests,
// saved pages) has none, so inline styles and the simple rules of the page's own <style> blocks
// answer instead. Used to keep hidden text out of product names and struck-through prices out of
// the current price.
import type { PageScan } from './scan.ts';
import { tagOf } from './scan.ts';

const MAX_CSS = 400_000;
const MAX_RULES = 400;
const MAX_ANCESTORS = 14;
// Cookie and consent dialogs (OneTrust, Cookiebot, Didomi, Usercentrics, CookieYes, Complianz…).
const CONSENT =
  /cookie|consent|gdpr|onetrust|optanon|didomi|usercentrics|cookiebot|cky-|cmplz|qc-cmp|truste|iubenda|osano|termly/i;
// Visually hidden but read aloud: WordPress/WooCommerce, Bootstrap, Shopify themes.
const SCREEN_READER =
  /(?:^|\s)(?:screen-reader-text|sr-only|visually-hidden|visuallyhidden)(?:\s|$)/i;

interface Rules {
  hidden: string[];
  struck: string[];
}

export interface StyleReader {
  /** Not shown to the shopper: hidden by markup, inline or page CSS, or computed style. */
  hidden(el: Element): boolean;
  /** Hidden from everyone, or from assistive technology (aria-hidden), or a screen-reader-only label. */
  hiddenOrSilent(el: Element): boolean;
  /** Drawn struck through: <del>/<s>/<strike>, or text-decoration line-through. */
  struck(el: Element): boolean;
  /** Inside a cookie or consent banner/dialog. */
  inConsentDialog(el: Element): boolean;
  /** A screen-reader-only label (visually hidden). */
  screenReaderOnly(el: Element): boolean;
}

const cache = new WeakMap<PageScan, StyleReader>();

function pageRules(doc: Document): Rules {
  const rules: Rules = { hidden: [], struck: [] };
  let css = '';
  for (const s of Array.from(doc.querySelectorAll('style'))) {
    css += `${s.textContent ?? ''}\n`;
    if (css.length > MAX_CSS) break;
  }
  css = css.slice(0, MAX_CSS).replace(/\/\*[\s\S]*?\*\//g, '');
  const re = /([^{}]+)\{([^{}]*)\}/g;
  let m: RegExpExecArray | null;
  let n = 0;
  while ((m = re.exec(css)) && n < MAX_RULES * 20) {
    n++;
    const body = m[2]!;
    const hides =
      /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important)?\s*(?:;|$)/i.test(
        body,
      );
    const strikes = /text-decoration(?:-line)?\s*:[^;]*line-through/i.test(body);
    if (!hides && !strikes) continue;
    for (const raw of m[1]!.split(',')) {
      const sel = raw.trim();
      // Pseudo-classes (:hover, ::before, :not(.x)) describe other states or other boxes.
      if (!sel || sel.length > 200 || sel.startsWith('@') || sel.includes(':')) continue;
      if (hides && rules.hidden.length < MAX_RULES) rules.hidden.push(sel);
      if (strikes && rules.struck.length < MAX_RULES) rules.struck.push(sel);
    }
  }
  return rules;
}

function matchesAny(el: Element, selectors: string[]): boolean {
  for (const s of selectors) {
    try {
      if (el.matches(s)) return true;
    } catch {
      // A selector the engine cannot parse hides nothing.
    }
  }
  return false;
}

type Visible = Element & { checkVisibility?: (o?: Record<string, boolean>) => boolean };

/** The style reader of a scan (built once per scan). */
export function styleOf(scan: PageScan): StyleReader {
  let reader = cache.get(scan);
  if (reader) return reader;
  const doc = scan.doc;
  const view = doc.defaultView as (Window & typeof globalThis) | null;
  const computed =
    view && typeof view.getComputedStyle === 'function'
      ? (el: Element) => view.getComputedStyle(el)
      : undefined;
  let rules: Rules | undefined;
  const css = () => (rules ??= pageRules(doc));

  const inlineHidden = (n: Element) =>
    /display\s*:\s*none|visibility\s*:\s*hidden/i.test(n.getAttribute('style') ?? '');
  const inlineStruck = (n: Element) =>
    /text-decoration(?:-line)?\s*:[^;]*line-through/i.test(n.getAttribute('style') ?? '');

  const hidden = (el: Element): boolean => {
    const v = el as Visible;
    if (computed && typeof v.checkVisibility === 'function') {
      try {
        // Not opacity: themes fade titles and prices in from opacity 0 as the page loads.
        if (!v.checkVisibility({ visibilityProperty: true })) return true;
      } catch {
        // fall through to the markup checks
      }
    }
    let n: Element | null = el;
    for (let i = 0; n && i < MAX_ANCESTORS; i++, n = n.parentElement) {
      const tag = tagOf(n);
      if (tag === 'template' || tag === 'noscript' || n.hasAttribute('hidden')) return true;
      if (inlineHidden(n)) return true;
      if (!computed && css().hidden.length > 0 && matchesAny(n, css().hidden)) return true;
    }
    return false;
  };
  const screenReaderOnly = (el: Element): boolean => {
    let n: Element | null = el;
    for (let i = 0; n && i < 4; i++, n = n.parentElement)
      if (SCREEN_READER.test(n.getAttribute('class') ?? '')) return true;
    return false;
  };
  const hiddenOrSilent = (el: Element): boolean => {
    if (hidden(el) || screenReaderOnly(el)) return true;
    let n: Element | null = el;
    for (let i = 0; n && i < MAX_ANCESTORS; i++, n = n.parentElement)
      if (n.getAttribute('aria-hidden') === 'true') return true;
    return false;
  };
  const struck = (el: Element): boolean => {
    let n: Element | null = el;
    for (let i = 0; n && i < 3; i++, n = n.parentElement) {
      const tag = tagOf(n);
      if (tag === 'del' || tag === 's' || tag === 'strike') return true;
      if (inlineStruck(n)) return true;
      if (computed) {
        try {
          if (/line-through/.test(computed(n).textDecorationLine || computed(n).textDecoration))
            return true;
        } catch {
          // no computed style for this node
        }
      } else if (css().struck.length > 0 && matchesAny(n, css().struck)) return true;
    }
    return false;
  };
  const inConsentDialog = (el: Element): boolean => {
    let n: Element | null = el;
    for (let i = 0; n && i < MAX_ANCESTORS; i++, n = n.parentElement) {
      const words = `${n.getAttribute('id') ?? ''} ${n.getAttribute('class') ?? ''} ${n.getAttribute('aria-label') ?? ''}`;
      if (words.length < 400 && CONSENT.test(words)) return true;
    }
    return false;
  };
  reader = { hidden, hiddenOrSilent, struck, inConsentDialog, screenReaderOnly };
  cache.set(scan, reader);
  return reader;
}
