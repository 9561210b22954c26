// Extension settings and per-site choices, in browser.storage.local through WXT's versioned items.
// Only extension pages and the background use these; the overlay asks the background, which
// checks that a page only touches its own site's entry.
import { storage } from '#imports';
import { mergeSitePrefs, type SitePrefs, type SitePrefsChange } from './site-prefs.ts';

export type { DockSide, PricePick, SitePrefs, SitePrefsChange } from './site-prefs.ts';

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
  const next = mergeSitePrefs(Object.hasOwn(all, origin) ? all[origin] : undefined, change);
  await sitePrefsItem.setValue({ ...all, [origin]: next });
  return next;
}
