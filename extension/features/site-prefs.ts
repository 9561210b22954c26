// Per-site choices of the overlay (dock side, collapsed, the price element the user picked): the
// shapes and the pure rules for changing them, apart from storage so they can be tested alone.

/** A price element the user picked on a site, remembered for next time. */
export interface PricePick {
  selector: string;
  currency: string;
  /** Text of the element when it was picked, to show what was chosen. */
  sample: string;
  at: number;
}

export type DockSide = 'left' | 'right';

export interface SitePrefs {
  dock?: DockSide;
  collapsed?: boolean;
  pricePick?: PricePick;
}

/** A change to one site's choices; `pricePick: null` forgets the pick (undefined does not survive messaging). */
export type SitePrefsChange = Partial<Omit<SitePrefs, 'pricePick'>> & {
  pricePick?: PricePick | null;
};

/** Applies a change; null or undefined fields are removed (a forgotten pick leaves no trace). */
export function mergeSitePrefs(current: SitePrefs | undefined, change: SitePrefsChange): SitePrefs {
  const next = { ...current, ...change } as Record<string, unknown>;
  for (const k of Object.keys(next)) if (next[k] == null) delete next[k];
  return next as SitePrefs;
}

/** Keeps only well-formed fields of a change sent by a content script (which runs on hostile pages). */
export function cleanPrefsChange(change: unknown): SitePrefsChange {
  const out: SitePrefsChange = {};
  if (!change || typeof change !== 'object') return out;
  const c = change as Record<string, unknown>;
  if (c.dock === 'left' || c.dock === 'right') out.dock = c.dock;
  if (typeof c.collapsed === 'boolean') out.collapsed = c.collapsed;
  if ('pricePick' in c) {
    const p = c.pricePick as Record<string, unknown> | undefined | null;
    if (p == null) out.pricePick = null;
    else if (
      typeof p.selector === 'string' &&
      p.selector.length < 2000 &&
      typeof p.currency === 'string' &&
      /^[A-Z]{3}$/.test(p.currency)
    ) {
      out.pricePick = {
        selector: p.selector,
        currency: p.currency,
        sample: typeof p.sample === 'string' ? p.sample.slice(0, 200) : '',
        at: typeof p.at === 'number' ? p.at : Date.now(),
      };
    }
  }
  return out;
}
