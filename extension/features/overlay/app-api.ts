// The contract between the small first-injected runner and the overlay app script, which the
// background injects next: core/page analysis, Preact and the components. Both scripts run in the
// extension's isolated world of the same frame, so the app hands its functions over on that
// world's globalThis; the page cannot see them.
import type { ExtractedProduct, ParsedPrice } from '../../../core/page/index.ts';
import type { OverlayAnalysis } from '../analysis-shared.ts';
import type { AnalyseOptions } from '../analysis.ts';
import type { OverlayActions, OverlayState } from './state.ts';

export interface OverlayApp {
  /** Analyses the document (never throws). */
  analyse(doc: Document, url: string, opts: AnalyseOptions): OverlayAnalysis;
  /** Products from a platform endpoint's response (Shopify product JSON, WooCommerce Store API). */
  fromPlatformData(
    platform: string,
    json: string,
    pageUrl: string,
    currency?: string,
  ): ExtractedProduct[];
  /** core/page's parsePrice, for the element the user just picked. */
  parsePrice(text: string, currencyHint?: string): ParsedPrice | null;
  /** Renders (or re-renders) the overlay for `state` into the shadow root's container. */
  render(
    shadow: ShadowRoot,
    container: HTMLElement,
    state: OverlayState,
    actions: OverlayActions,
  ): void;
  /** Unmounts the overlay from `container`. */
  unmount(container: HTMLElement): void;
}

export const OVERLAY_APP_KEY = '__storelensOverlayApp';
export const OVERLAY_APP_SCRIPT = '/overlay-app.js';

/** The app once its script has run in this world, else null. */
export function loadedOverlayApp(): OverlayApp | null {
  const app = (globalThis as Record<string, unknown>)[OVERLAY_APP_KEY];
  return app && typeof (app as OverlayApp).render === 'function' ? (app as OverlayApp) : null;
}
