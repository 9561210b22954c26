// The page's own buy buttons (add to cart, checkout): the overlay docks away from them so it never
// sits on top of them for good. Selectors are alternatives, one per platform habit.

const BUY_SELECTORS = [
  'form[action*="/cart/add"] [type="submit"]', // Shopify themes
  'button[name="add"]', // Shopify Dawn
  '.single_add_to_cart_button', // WooCommerce
  'button[name="add-to-cart"]', // WooCommerce simple products
  '#product-addtocart-button', // Magento
  '[data-button-state="Add to Cart"]', // BigCommerce
  '.add-to-cart', // PrestaShop, Shopware and many custom themes
  '[id*="add-to-cart" i]',
  '[data-testid*="add-to-cart" i]',
  '[class*="checkout-button" i]',
].join(',');

const BUY_TEXT =
  /^(add to (cart|bag|basket)|buy( it)? now|checkout|check out|in den (warenkorb|einkaufswagen)|ajouter au panier|añadir al carrito|aggiungi al carrello|in winkelwagen)$/i;

export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Visible rectangles of the page's add-to-cart and checkout controls (outside `host`). */
export function buyButtonRects(doc: Document, host: Element | null): Rect[] {
  const found = new Set<Element>();
  try {
    for (const el of doc.querySelectorAll(BUY_SELECTORS)) found.add(el);
  } catch {
    // A selector the browser does not know (old engine): text matching still works.
  }
  const candidates = doc.querySelectorAll(
    'button, input[type="submit"], a[role="button"], [role="button"]',
  );
  for (let i = 0; i < candidates.length && i < 400; i++) {
    const el = candidates[i]!;
    const text = (el instanceof HTMLInputElement ? el.value : (el.textContent ?? ''))
      .replace(/\s+/g, ' ')
      .trim();
    if (text.length < 40 && BUY_TEXT.test(text)) found.add(el);
  }
  const rects: Rect[] = [];
  for (const el of found) {
    if (host?.contains(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.height > 0)
      rects.push({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });
  }
  return rects;
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/** The panel's rectangle when docked on `side`. */
export function dockedRect(
  side: 'left' | 'right',
  size: { width: number; height: number },
  viewportWidth: number,
  margin: number,
): Rect {
  const left = side === 'left' ? margin : viewportWidth - margin - size.width;
  return { left, top: margin, right: left + size.width, bottom: margin + size.height };
}

/**
 * Which side to dock on so the panel covers no buy button: the preferred side when it is free,
 * else the other; `collapse` when both sides would cover one.
 */
export function chooseDock(
  preferred: 'left' | 'right',
  size: { width: number; height: number },
  viewportWidth: number,
  buttons: readonly Rect[],
  margin = 16,
): { side: 'left' | 'right'; collapse: boolean } {
  const free = (side: 'left' | 'right') =>
    !buttons.some((b) => overlaps(dockedRect(side, size, viewportWidth, margin), b));
  if (free(preferred)) return { side: preferred, collapse: false };
  const other = preferred === 'left' ? 'right' : 'left';
  if (free(other)) return { side: other, collapse: false };
  return { side: preferred, collapse: true };
}
