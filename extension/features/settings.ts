// Extension settings and per-site choices, in browser.storage.local through WXT's versioned items.
// The overlay (content script) reads and writes its per-site choices directly: storage.local is
// the extension's own, unlike IndexedDB, which in a content script would belong to the page.
import { storage } from '#imports';

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

export const sitePrefsItem = storage.defineItem<Record<string, SitePrefs>>('local:sitePrefs', {
  fallback: {},
  version: 1,
});

/** Origins (e.g. "https://shop.example") where the overlay opens by itself. */
export const autoOpenSitesItem = storage.defineItem<string[]>('local:autoOpenSites', {
  fallback: [],
  version: 1,
});

export const DEFAULT_PWA_URL = 'http://127.0.0.1:4173';

export const pwaUrlItem = storage.defineItem<string>('local:pwaUrl', {
  fallback: DEFAULT_PWA_URL,
  version: 1,
});

/** Reads one site's choices. */
export async function getSitePrefs(origin: string): Promise<SitePrefs> {
  const all = await sitePrefsItem.getValue();
  return Object.hasOwn(all, origin) ? (all[origin] ?? {}) : {};
}

/** Merges a change into one site's choices. */
export async function updateSitePrefs(origin: string, change: SitePrefsChange): Promise<SitePrefs> {
  const all = await sitePrefsItem.getValue();
  const next = { ...(Object.hasOwn(all, origin) ? all[origin] : {}), ...change } as Record<
    string,
    unknown
  >;
  for (const k of Object.keys(next)) if (next[k] == null) delete next[k];
  await sitePrefsItem.setValue({ ...all, [origin]: next as SitePrefs });
  return next as SitePrefs;
}
