// The one place that notices the page changed under the reader: SPA navigations (pushState and
// replaceState happen in the page's world, so the URL is polled cheaply and popstate/<title> are
// observed) and variant switches (change events on selects and radios, and `?variant=` in the URL).

export type ChangeReason = 'navigation' | 'variant';

export interface WatchOptions {
  /** Our own host element; changes inside it are not page changes. */
  ignore?: () => Element | null;
  pollMs?: number;
  debounceMs?: number;
  /** How long after a navigation DOM changes still count as the new page rendering. */
  settleMs?: number;
}

/** Calls `onChange` (debounced) whenever the page's URL or selected variant changes. */
export function watchPage(
  win: Window,
  signal: AbortSignal,
  onChange: (reason: ChangeReason) => void,
  opts: WatchOptions = {},
): void {
  const { pollMs = 400, debounceMs = 250, settleMs = 2500 } = opts;
  const doc = win.document;
  let lastUrl = win.location.href;
  let pending: ChangeReason | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // The page may still be rendering when the reader starts (an SPA fetching its product): the
  // first moments count as settling too.
  let settleUntil = Date.now() + settleMs;

  const schedule = (reason: ChangeReason) => {
    // A navigation outranks a variant change when both arrive together.
    pending = pending === 'navigation' ? 'navigation' : reason;
    clearTimeout(timer);
    timer = setTimeout(() => {
      const r = pending ?? reason;
      pending = null;
      if (!signal.aborted) onChange(r);
    }, debounceMs);
  };

  const checkUrl = () => {
    const now = win.location.href;
    if (now === lastUrl) return;
    const before = new URL(lastUrl);
    const after = new URL(now);
    lastUrl = now;
    const samePath = before.origin === after.origin && before.pathname === after.pathname;
    const variantOnly =
      samePath && before.searchParams.get('variant') !== after.searchParams.get('variant');
    if (!variantOnly) settleUntil = Date.now() + settleMs;
    schedule(variantOnly ? 'variant' : 'navigation');
  };

  const poll = setInterval(checkUrl, pollMs);
  win.addEventListener('popstate', checkUrl, { signal });
  win.addEventListener('hashchange', checkUrl, { signal });

  doc.addEventListener(
    'change',
    (event) => {
      // Duck-typed so the watcher works on any window (and in tests on a parsed DOM).
      const target = event.target as Element | null;
      if (!target || typeof target.localName !== 'string') return;
      if (opts.ignore?.()?.contains(target)) return;
      const type = (target as HTMLInputElement).type;
      const isOption =
        target.localName === 'select' ||
        (target.localName === 'input' && (type === 'radio' || type === 'checkbox'));
      if (isOption) schedule('variant');
    },
    { capture: true, signal },
  );

  // The page re-renders after a navigation, often after a fetch: while that settles, DOM changes
  // re-trigger the analysis; afterwards (carousels, timers) they are ignored.
  const Observer = (win as Window & typeof globalThis).MutationObserver;
  const observer = new Observer((records) => {
    checkUrl();
    if (Date.now() > settleUntil) return;
    const host = opts.ignore?.();
    if (records.some((r) => !host || !host.contains(r.target))) schedule('navigation');
  });
  observer.observe(doc.documentElement, { childList: true, subtree: true, characterData: true });

  signal.addEventListener('abort', () => {
    clearInterval(poll);
    clearTimeout(timer);
    observer.disconnect();
  });
}
