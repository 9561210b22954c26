// Turning "analyse this site without a click" on and off from an extension page (side panel,
// options): the optional host permission is requested in the user's click; with it the side panel
// reads the site's pages as soon as they are in front.
import { browser } from '#imports';
import { originPattern } from './origins.ts';
import { send } from './send.ts';
import { autoOpenSitesItem } from './settings.ts';

/** Asks for the origin's permission and adds it to the auto-open sites; false if the user declined. */
export async function enableAutoOpen(origin: string): Promise<boolean> {
  // permissions.request must be the first await after the click, or the browser drops the gesture.
  const granted = await browser.permissions.request({ origins: [originPattern(origin)] });
  if (!granted) return false;
  const sites = await autoOpenSitesItem.getValue();
  if (!sites.includes(origin)) await autoOpenSitesItem.setValue([...sites, origin].sort());
  await send('storelens:sync-auto-open');
  return true;
}

/** Removes the origin from the auto-open sites and gives its permission back. */
export async function disableAutoOpen(origin: string): Promise<void> {
  const sites = await autoOpenSitesItem.getValue();
  await autoOpenSitesItem.setValue(sites.filter((s) => s !== origin));
  try {
    await browser.permissions.remove({ origins: [originPattern(origin)] });
  } catch {
    // Already gone (revoked in the browser's settings).
  }
  await send('storelens:sync-auto-open');
}
