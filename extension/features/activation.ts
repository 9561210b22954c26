// Which tabs the user opened Storelens on, and at which origin: a content script may only talk to
// the background from such a tab (or from a site the user chose to have read by itself). The side
// panel marks a tab when it starts reading it; the background checks. Kept in session storage
// (which content scripts cannot read or write), so it survives the service worker stopping and
// ends with the browser session.
import { browser } from '#imports';
import { autoOpenSitesItem } from './settings.ts';

const key = (tabId: number) => `activated:${tabId}`;

/** Remembers that the user activated Storelens on this tab while it showed `origin`. */
export async function markActivated(tabId: number, origin: string): Promise<void> {
  await browser.storage.session?.set({ [key(tabId)]: origin });
}

/** Forgets a tab (closed, or its activation failed). */
export async function forgetTab(tabId: number): Promise<void> {
  await browser.storage.session?.remove(key(tabId));
}

async function activatedOrigin(tabId: number): Promise<string | null> {
  const stored = await browser.storage.session?.get(key(tabId));
  const origin = stored?.[key(tabId)];
  return typeof origin === 'string' ? origin : null;
}

/** True when a content script in this tab at this origin speaks for a page the user opened. */
export async function tabActivated(tabId: number, origin: string): Promise<boolean> {
  if ((await activatedOrigin(tabId)) === origin) return true;
  return (await autoOpenSitesItem.getValue()).includes(origin);
}
