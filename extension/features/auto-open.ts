// Sites the user opted into get the overlay content script registered at runtime, so no host
// permission or `matches` is baked into the manifest. Only origins whose optional host permission
// is still granted are registered (the user can revoke it in the browser's own settings).
import { browser } from '#imports';
import { originPattern } from './origins.ts';

const SCRIPT_ID = 'storelens-auto-open';
export const OVERLAY_SCRIPT = '/content-scripts/overlay.js';

/** Registers the overlay for every opted-in origin that still has its permission; returns them. */
export async function syncAutoOpen(origins: readonly string[]): Promise<string[]> {
  const granted: string[] = [];
  for (const origin of origins) {
    const pattern = originPattern(origin);
    if (await browser.permissions.contains({ origins: [pattern] })) granted.push(pattern);
  }
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
  if (existing.length > 0) await browser.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
  if (granted.length > 0) {
    await browser.scripting.registerContentScripts([
      {
        id: SCRIPT_ID,
        js: [OVERLAY_SCRIPT],
        matches: granted,
        runAt: 'document_idle',
        persistAcrossSessions: true,
      },
    ]);
  }
  return granted;
}
