// "Pick the price": the next click on the page chooses an element instead of doing what the page
// would do. Everything is undone when picking ends.

export interface PickerCallbacks {
  onHover: (rect: DOMRect | null) => void;
  onPick: (el: Element) => void;
  onCancel: () => void;
}

/** Starts pick mode; returns a function that stops it. Clicks inside `host` pass through. */
export function startPicking(doc: Document, host: Element, cb: PickerCallbacks): () => void {
  const controller = new AbortController();
  const { signal } = controller;
  const isOurs = (e: Event) => e.composedPath().includes(host);
  const block = (e: Event) => {
    if (isOurs(e)) return;
    e.preventDefault();
    e.stopImmediatePropagation();
  };
  doc.addEventListener(
    'mouseover',
    (e) => {
      if (isOurs(e)) return cb.onHover(null);
      const t = e.target;
      cb.onHover(t instanceof Element ? t.getBoundingClientRect() : null);
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
  return () => controller.abort();
}
