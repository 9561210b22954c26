// A CSS selector for an element the user picked, robust enough to find the same element on the
// next visit: ids and stable attributes first, class names that look generated are skipped, and
// the path is anchored at the nearest ancestor with a stable id.

const STABLE_ATTRS = [
  'itemprop',
  'data-price',
  'data-product-price',
  'data-testid',
  'data-test',
  'data-qa',
  'name',
];

function looksGenerated(token: string): boolean {
  // Hashed CSS-module/emotion names and long digit runs change between builds or pages.
  return /\d{3,}|^(css|sc|jsx|emotion)-|[a-z0-9]{8,}_[a-z0-9]+|^[a-zA-Z]{1,3}[A-Z0-9][a-zA-Z0-9]{4,}$/.test(
    token,
  );
}

function escapeIdent(s: string): string {
  return typeof CSS !== 'undefined' && CSS.escape
    ? CSS.escape(s)
    : s.replace(/[^\w-]/g, (c) => `\\${c}`);
}

function unique(doc: Document, selector: string, el: Element): boolean {
  try {
    const found = doc.querySelectorAll(selector);
    return found.length === 1 && found[0] === el;
  } catch {
    return false;
  }
}

function stepFor(el: Element): string {
  const tag = el.localName;
  for (const attr of STABLE_ATTRS) {
    const v = el.getAttribute(attr);
    if (v !== null && v.length < 80 && !looksGenerated(v))
      return `${tag}[${attr}${v ? `="${v.replace(/["\\]/g, '\\$&')}"` : ''}]`;
  }
  const classes = [...el.classList].filter((c) => !looksGenerated(c)).slice(0, 3);
  let step = tag + classes.map((c) => `.${escapeIdent(c)}`).join('');
  const parent = el.parentElement;
  if (parent) {
    const same = [...parent.children].filter((c) => c.localName === tag);
    if (same.length > 1) step += `:nth-of-type(${same.indexOf(el) + 1})`;
  }
  return step;
}

/** Builds a selector that matches exactly `el` in its document. */
export function robustSelector(el: Element): string {
  const doc = el.ownerDocument;
  if (el.id && !looksGenerated(el.id)) {
    const s = `#${escapeIdent(el.id)}`;
    if (unique(doc, s, el)) return s;
  }
  const first = stepFor(el);
  if (unique(doc, first, el)) return first;
  const steps = [first];
  let node = el.parentElement;
  while (node && node !== doc.documentElement) {
    if (node.id && !looksGenerated(node.id)) {
      const s = `#${escapeIdent(node.id)} ${steps.join(' > ')}`;
      if (unique(doc, s, el)) return s;
    }
    steps.unshift(stepFor(node));
    const s = steps.join(' > ');
    if (unique(doc, s, el)) return s;
    node = node.parentElement;
  }
  return steps.join(' > ');
}
