// The background's `storelens:` messages: opening Storelens on a tab (extension pages), and what
// the overlay in a page the user opened it on may ask (its page's globals, the overlay app, its
// site's remembered choices, its analysis summary).
import { browser } from '#imports';
import { pageGlobalsProbe } from '../../core/page/index.ts';
import type { PageGlobals } from '../../core/page/types.ts';
import { z } from '../../core/schema/common.ts';
import { forgetTab, markActivated } from './activation.ts';
import { OVERLAY_SCRIPT, syncAutoOpen } from './auto-open.ts';
import {
  handler,
  webOrigin,
  type ActivateResult,
  type LoadAppResult,
  type PageSummary,
  type ProbeResult,
  type Verified,
} from './messages.ts';
import { OVERLAY_APP_SCRIPT } from './overlay/app-api.ts';
import { sendToTab } from './send.ts';
import { autoOpenSitesItem, getSitePrefs, updateSitePrefs } from './settings.ts';
import { cleanPrefsChange, type SitePrefsChange } from './site-prefs.ts';

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The origin of the document in a tab's top frame (we may script it: activeTab was granted). */
async function documentOrigin(tabId: number): Promise<string | null> {
  const [frame] = await browser.scripting.executeScript({
    target: { tabId },
    func: () => location.origin,
  });
  return typeof frame?.result === 'string' ? webOrigin(frame.result) : null;
}

/** Opens the overlay in a tab, or toggles it when it is already there. */
export async function activateTab(tabId: number): Promise<ActivateResult> {
  try {
    // A running overlay answers; a fresh injection would invalidate it (WXT stops older
    // instances of the same content script), so ask first.
    const reply = await sendToTab(tabId, 'storelens:toggle');
    if (typeof reply.visible === 'boolean') return { ok: true, action: 'toggled' };
  } catch {
    // No overlay in this tab yet.
  }
  try {
    const origin = await documentOrigin(tabId);
    if (!origin) throw new Error('not a web page');
    // Before the script runs: its first message must find the tab activated.
    await markActivated(tabId, origin);
    try {
      await browser.scripting.executeScript({ target: { tabId }, files: [OVERLAY_SCRIPT] });
    } catch (err) {
      await forgetTab(tabId);
      throw err;
    }
    return { ok: true, action: 'injected' };
  } catch (err) {
    return {
      ok: false,
      error: `Storelens cannot open on this page (${errorText(err)}). Browser pages and the web store are off limits; on a shop page, click the toolbar button or press the shortcut again.`,
    };
  }
}

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
      files: [OVERLAY_APP_SCRIPT],
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

// Summaries are kept in memory and in session storage so the popup still finds them after the
// service worker was stopped and restarted.
const summaries = new Map<number, PageSummary>();
const summaryKey = (tabId: number) => `summary:${tabId}`;
const clipped = (max: number) => z.string().transform((s) => s.slice(0, max));
const finite = z.number().finite();

const summarySchema = z.object({
  url: z.string().max(4000),
  title: clipped(300),
  platform: clipped(40),
  confidence: finite,
  productName: clipped(300).optional(),
  price: finite.optional(),
  currency: clipped(8).optional(),
  priceSource: clipped(80).optional(),
  seoScore: finite.optional(),
  analysedAt: finite,
}) satisfies z.ZodType<PageSummary>;

async function getSummary(tabId: number): Promise<PageSummary | null> {
  const cached = summaries.get(tabId);
  if (cached) return cached;
  const stored = await browser.storage.session?.get(summaryKey(tabId));
  const parsed = summarySchema.safeParse(stored?.[summaryKey(tabId)]);
  return parsed.success ? parsed.data : null;
}

/** Forgets a tab's summary (closed, or a new document). */
export async function forgetSummary(tabId: number): Promise<void> {
  summaries.delete(tabId);
  await browser.storage.session?.remove(summaryKey(tabId));
}

export const pageHandlers = {
  /** Popup → background: open or toggle the overlay in a tab. */
  'storelens:activate': handler({
    from: ['extension'],
    input: z.object({ tabId: z.number().int().nonnegative() }),
    run: ({ tabId }) => activateTab(tabId),
  }),
  /** Overlay → background: read the page's globals in its main world. */
  'storelens:probe-globals': handler({
    from: ['tab'],
    run: (_, who) => probeGlobals(tabOf(who), who.frameId),
  }),
  /** Overlay runner → background: inject the overlay app (analysis and UI) into the sender's frame. */
  'storelens:load-app': handler({
    from: ['tab'],
    run: (_, who) => loadApp(tabOf(who), who.frameId),
  }),
  /** Overlay → background: the remembered choices for the sender's site. */
  'storelens:get-site-prefs': handler({
    from: ['tab'],
    run: (_, who) => getSitePrefs(who.origin),
  }),
  /** Overlay → background: change the remembered choices for the sender's site (and only it). */
  'storelens:update-site-prefs': handler({
    from: ['tab'],
    input: z.object({
      change: z.custom<SitePrefsChange>().transform((c) => cleanPrefsChange(c)),
    }),
    run: ({ change }, who) => updateSitePrefs(who.origin, change),
  }),
  /** Overlay → background: the latest analysis summary of the sender's tab. */
  'storelens:summary': handler({
    from: ['tab'],
    input: z.object({ summary: summarySchema }),
    about: ({ summary }) => summary.url,
    run: async ({ summary }, who) => {
      const tabId = tabOf(who);
      summaries.set(tabId, summary);
      await browser.storage.session?.set({ [summaryKey(tabId)]: summary });
      return null;
    },
  }),
  /** Popup → background: the summary of a tab, if the overlay has analysed it. */
  'storelens:get-summary': handler({
    from: ['extension'],
    input: z.object({ tabId: z.number().int().nonnegative() }),
    run: ({ tabId }) => getSummary(tabId),
  }),
  /** Options/popup → background: re-register the auto-open content script after a change. */
  'storelens:sync-auto-open': handler({
    from: ['extension'],
    run: async () => syncAutoOpen(await autoOpenSitesItem.getValue()),
  }),
};
