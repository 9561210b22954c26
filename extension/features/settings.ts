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
export async function updateSitePrefs(
  origin: string,
  change: Partial<SitePrefs>,
): Promise<SitePrefs> {
  const all = await sitePrefsItem.getValue();
  const next: SitePrefs = { ...(Object.hasOwn(all, origin) ? all[origin] : {}), ...change };
  for (const k of Object.keys(next) as (keyof SitePrefs)[])
    if (next[k] === undefined) delete next[k];
  await sitePrefsItem.setValue({ ...all, [origin]: next });
  return next;
}
