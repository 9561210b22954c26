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

/** Starts pick mode in `doc`; returns a function that stops it and removes every trace. */
export function startPicking(doc: Document, cb: PickerCallbacks): () => void {
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
  text.textContent = 'Storelens: click the price on the page.';
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
  return () => {
    controller.abort();
    host.remove();
  };
}
