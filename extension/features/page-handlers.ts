// The background's `storelens:` messages: what the page reader in a tab the user opened Storelens
// on may ask (its page's globals, the reader app, its own site's remembered choices), and the
// auto-open registration (extension pages).
import { browser } from '#imports';
import { pageGlobalsProbe } from '../../core/page/index.ts';
import type { PageGlobals } from '../../core/page/types.ts';
import { z } from '../../core/schema/common.ts';
import { syncAutoOpen } from './auto-open.ts';
import { handler, type LoadAppResult, type ProbeResult, type Verified } from './messages.ts';
import { READER_APP_SCRIPT } from './reader/app-api.ts';
import { autoOpenSitesItem, getSitePrefs, updateSitePrefs } from './settings.ts';
import { cleanPrefsChange, type SitePrefsChange } from './site-prefs.ts';

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

function pageGlobals(value: unknown): PageGlobals | null {
  if (!value || typeof value !== 'object') return null;
  // The probe's own return shape, copied across the isolated-world boundary by the browser.
  return value as PageGlobals;
}

async function probeGlobals(tabId: number, frameId: number): Promise<ProbeResult> {
  try {
    const [result] = await browser.scripting.executeScript({
      target: { tabId, frameIds: [frameId] },
      world: 'MAIN',
      func: pageGlobalsProbe,
    });
    return { globals: pageGlobals(result?.result) };
  } catch (err) {
    return { globals: null, error: errorText(err) };
  }
}

async function loadApp(tabId: number, frameId: number): Promise<LoadAppResult> {
  try {
    await browser.scripting.executeScript({
      target: { tabId, frameIds: [frameId] },
      files: [READER_APP_SCRIPT],
    });
    return { ok: true };
  } catch (err) {
    return { ok: false, error: errorText(err) };
  }
}

function tabOf(who: Verified): number {
  if (who.tabId === undefined) throw new Error('This message is only answered for a page.');
  return who.tabId;
}

export const pageHandlers = {
  /** Reader → background: read the page's globals in its main world. */
  'storelens:probe-globals': handler({
    from: ['tab'],
    run: (_, who) => probeGlobals(tabOf(who), who.frameId),
  }),
  /** Reader → background: inject the reader app (core/page analysis) into the sender's frame. */
  'storelens:load-app': handler({
    from: ['tab'],
    run: (_, who) => loadApp(tabOf(who), who.frameId),
  }),
  /** Reader → background: the remembered choices for the sender's site. */
  'storelens:get-site-prefs': handler({
    from: ['tab'],
    run: (_, who) => getSitePrefs(who.origin),
  }),
  /** Reader → background: change the remembered choices for the sender's site (and only it). */
  'storelens:update-site-prefs': handler({
    from: ['tab'],
    input: z.object({
      change: z.custom<SitePrefsChange>().transform((c) => cleanPrefsChange(c)),
    }),
    run: ({ change }, who) => updateSitePrefs(who.origin, change),
  }),
  /** Options/side panel → background: re-register the auto-open content script after a change. */
  'storelens:sync-auto-open': handler({
    from: ['extension'],
    run: async () => syncAutoOpen(await autoOpenSitesItem.getValue()),
  }),
};
