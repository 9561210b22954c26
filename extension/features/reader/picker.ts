// "Pick the price": the next click on the page chooses an element instead of doing what the page
// would do. The only thing Storelens ever shows inside the page: a highlight around the element
// under the pointer and a banner saying what to do, in a closed shadow root, with no analysis and
// none of the manager's data. Everything is undone when picking ends.

export interface PickerCallbacks {
  onPick: (el: Element) => void;
  onCancel: () => void;
}

const CSS = `
:host { all: initial !important; }
.box { position: fixed; z-index: 2147483646; pointer-events: none; border: 2px solid #2563eb;
  background: rgba(37, 99, 235, 0.12); border-radius: 3px; display: none; }
.banner { position: fixed; z-index: 2147483647; top: 12px; left: 50%; transform: translateX(-50%);
  display: flex; gap: 10px; align-items: center; padding: 8px 12px; border-radius: 8px;
  background: #14213d; color: #fff; font: 13px/1.4 system-ui, sans-serif;
  box-shadow: 0 6px 20px rgba(16, 24, 40, 0.3); }
button { all: initial; cursor: pointer; font: 13px/1.4 system-ui, sans-serif; color: #14213d;
  background: #fff; border-radius: 6px; padding: 3px 10px; }
button:focus-visible { outline: 2px solid #93c5fd; outline-offset: 2px; }
`;

// A currency sign or code next to a number: "$129.00", "129,00 €", "EUR 24.90", "£ 8".
const PRICE_LIKE =
  /(?:\p{Sc}|\b[A-Z]{3}\b)\s?\d[\d.,\s]*|\d[\d.,]*\s?(?:\p{Sc}|\b[A-Z]{3}\b|kr\b|zł)/u;
const MAX_CANDIDATES = 30;

/**
 * Elements that show a price on their own, innermost first in page order (at most 30): the
 * keyboard's way to pick, offered as a list in the panel.
 */
export function priceCandidates(doc: Document): Element[] {
  const out: Element[] = [];
  const walker = doc.createTreeWalker(doc.body ?? doc.documentElement, NodeFilter.SHOW_ELEMENT);
  for (let n = walker.nextNode(); n && out.length < MAX_CANDIDATES; n = walker.nextNode()) {
    const el = n as Element;
    if (/^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE|SVG|STORELENS-PICKER)$/i.test(el.tagName)) continue;
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (!text || text.length > 40 || !PRICE_LIKE.test(text)) continue;
    // Innermost: a child that says the same thing is the better target.
    if ([...el.children].some((c) => PRICE_LIKE.test(c.textContent ?? ''))) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    out.push(el);
  }
  return out;
}

export interface Picking {
  /** Ends picking and removes every trace. */
  stop(): void;
  /** Outlines an element (a keyboard candidate) and scrolls it into view; null hides it. */
  highlight(el: Element | null): void;
}

/** Starts pick mode in `doc`. */
export function startPicking(doc: Document, cb: PickerCallbacks): Picking {
  const controller = new AbortController();
  const { signal } = controller;
  const host = doc.createElement('storelens-picker');
  // Closed: page scripts get no handle on what is inside (and there is nothing of the manager's).
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = CSS;
  const box = doc.createElement('div');
  box.className = 'box';
  const banner = doc.createElement('div');
  banner.className = 'banner';
  banner.setAttribute('role', 'status');
  const text = doc.createElement('span');
  text.textContent = 'Storelens: click the price on the page, or choose it in the side panel.';
  const cancel = doc.createElement('button');
  cancel.type = 'button';
  cancel.textContent = 'Cancel (Esc)';
  banner.append(text, cancel);
  shadow.append(style, box, banner);
  doc.documentElement.append(host);

  const isOurs = (e: Event) => e.composedPath().includes(host);
  const block = (e: Event) => {
    if (isOurs(e)) return;
    e.preventDefault();
    e.stopImmediatePropagation();
  };
  const showBox = (r: DOMRect | null) => {
    if (!r) {
      box.style.setProperty('display', 'none');
      return;
    }
    box.style.setProperty('display', 'block');
    box.style.setProperty('left', `${r.left}px`);
    box.style.setProperty('top', `${r.top}px`);
    box.style.setProperty('width', `${r.width}px`);
    box.style.setProperty('height', `${r.height}px`);
  };
  cancel.addEventListener('click', () => cb.onCancel(), { signal });
  doc.addEventListener(
    'mouseover',
    (e) => {
      if (isOurs(e)) return showBox(null);
      const t = e.target;
      showBox(t instanceof Element ? t.getBoundingClientRect() : null);
    },
    { capture: true, signal },
  );
  for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'submit'] as const) {
    doc.addEventListener(type, block, { capture: true, signal });
  }
  doc.addEventListener(
    'click',
    (e) => {
      if (isOurs(e)) return;
      block(e);
      const t = e.target;
      if (t instanceof Element) cb.onPick(t);
    },
    { capture: true, signal },
  );
  doc.addEventListener(
    'keydown',
    (e) => {
      if (e.key === 'Escape') {
        block(e);
        cb.onCancel();
      }
    },
    { capture: true, signal },
  );
  return {
    stop: () => {
      controller.abort();
      host.remove();
    },
    highlight: (el) => {
      if (!el) return showBox(null);
      el.scrollIntoView({ block: 'center', inline: 'nearest' });
      showBox(el.getBoundingClientRect());
    },
  };
}
