// The messages that cross between the extension's contexts, as one typed union so a handler can
// never receive a shape its sender did not mean. Page strings travel only as data fields.
import type { PageGlobals } from '../../core/page/types.ts';
import type { SitePrefsChange } from './site-prefs.ts';

/** What the popup shows for a tab the overlay has analysed. */
export interface PageSummary {
  url: string;
  title: string;
  platform: string;
  confidence: number;
  productName?: string;
  price?: number;
  currency?: string;
  priceSource?: string;
  seoScore?: number;
  analysedAt: number;
}

export type BackgroundMessage =
  /** Popup → background: open or toggle the overlay in a tab. */
  | { type: 'storelens:activate'; tabId: number }
  /** Overlay → background: read the page's globals in its main world. */
  | { type: 'storelens:probe-globals' }
  /** Overlay → background: the latest analysis summary of the sender's tab. */
  | { type: 'storelens:summary'; summary: PageSummary }
  /** Popup → background: the summary of a tab, if the overlay has analysed it. */
  | { type: 'storelens:get-summary'; tabId: number }
  /** Overlay runner → background: inject the overlay app (analysis and UI) into the sender's frame. */
  | { type: 'storelens:load-app' }
  /** Overlay → background: the remembered choices for the sender's site. */
  | { type: 'storelens:get-site-prefs' }
  /** Overlay → background: change the remembered choices for the sender's site. */
  | { type: 'storelens:update-site-prefs'; change: SitePrefsChange }
  /** Options/popup → background: re-register the auto-open content script after a change. */
  | { type: 'storelens:sync-auto-open' };

export type ActivateResult =
  { ok: true; action: 'injected' | 'toggled' } | { ok: false; error: string };

export type LoadAppResult = { ok: true } | { ok: false; error: string };

export type ContentMessage = { type: 'storelens:toggle' };

export type ToggleResult = { visible: boolean };

export type ProbeResult = { globals: PageGlobals | null; error?: string };

/** True when `m` looks like one of our messages (a type string with our prefix). */
export function isStorelensMessage(m: unknown): m is { type: string } {
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof (m as { type?: unknown }).type === 'string' &&
    (m as { type: string }).type.startsWith('storelens:')
  );
}
