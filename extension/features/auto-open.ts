// Sites the user allowed: the side panel reads them as soon as they are in front, with the optional
// host permission the user granted, so nothing needs registering in advance. Earlier versions
// registered the in-page overlay on these sites; that registration is removed here.
import { browser } from '#imports';
import { originPattern } from './origins.ts';

const OLD_SCRIPT_ID = 'storelens-auto-open';

/** Removes the old overlay registration; returns the allowed origins' patterns still granted. */
export async function syncAutoOpen(origins: readonly string[]): Promise<string[]> {
  const granted: string[] = [];
  for (const origin of origins) {
    const pattern = originPattern(origin);
    if (await browser.permissions.contains({ origins: [pattern] })) granted.push(pattern);
  }
  const existing = await browser.scripting
    .getRegisteredContentScripts({ ids: [OLD_SCRIPT_ID] })
    .catch(() => []);
  if (existing.length > 0)
    await browser.scripting.unregisterContentScripts({ ids: [OLD_SCRIPT_ID] });
  return granted;
}
